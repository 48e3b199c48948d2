"""Who may do what with rounds and assessments. Every rule is one line."""

import rules

from assessments.selectors import SHARED_WITH_LGA
from npsportal.rules import (
    belongs_to_a_council,
    is_council_editor,
    is_council_lead,
    is_council_member,
    is_lga_staff,
)


@rules.predicate
def is_shared_with_lga(user, assessment):
    """The assessment has been submitted or approved (LGA staff never see drafts)."""
    return assessment is not None and assessment.status in SHARED_WITH_LGA


rules.add_perm("assessments.view_own_assessments", belongs_to_a_council | is_lga_staff)
rules.add_perm(
    "assessments.view_assessment", is_council_member | (is_lga_staff & is_shared_with_lga)
)
rules.add_perm("assessments.start_assessment", is_council_editor)
rules.add_perm("assessments.edit_assessment", is_council_editor)
rules.add_perm("assessments.sign_off_assessment", is_council_lead)

# Dashboards and reports (issue 6).
rules.add_perm("assessments.view_dashboard", belongs_to_a_council)
rules.add_perm(
    "assessments.download_report", is_council_member | (is_lga_staff & is_shared_with_lga)
)

# The matrix: download its spreadsheet, load a new version (issue 15).
rules.add_perm("assessments.manage_framework", is_lga_staff)

# Running a round: open it, follow participation, chase, extend, close (issue 15).
rules.add_perm("assessments.run_rounds", is_lga_staff)

# Every council's progress report for a round, laid out in the background (issue 15).
rules.add_perm("assessments.build_reports", is_lga_staff)
