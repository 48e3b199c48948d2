"""The portal's roles: the one place their names are spelled."""

from django.db import models


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    LEAD = "lead", "Head of procurement"
    COUNCILLOR = "councillor", "Councillor"
    LGA_STAFF = "lga_staff", "LGA staff"


COUNCIL_ROLES = (Role.OFFICER, Role.LEAD, Role.COUNCILLOR)
# Roles that may change a council's self-assessment.
EDITING_ROLES = (Role.OFFICER, Role.LEAD)
