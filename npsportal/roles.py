"""The portal's roles: the one place their names are spelled."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    LEAD = "lead", "Head of procurement"
    COUNCILLOR = "councillor", "Councillor"
    CONTRIBUTOR = "contributor", "Contributor"
    LGA_STAFF = "lga_staff", "LGA staff"


COUNCIL_ROLES = (Role.OFFICER, Role.LEAD, Role.COUNCILLOR, Role.CONTRIBUTOR)
# Roles that see their council's self-assessments, dashboard and reports. A contributor (a
# colleague outside procurement) sees only the key areas given to them.
MEMBER_ROLES = (Role.OFFICER, Role.LEAD, Role.COUNCILLOR)
# Roles that may change a council's self-assessment.
EDITING_ROLES = (Role.OFFICER, Role.LEAD)
