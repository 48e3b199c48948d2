"""Who may do what with rounds and assessments. Every rule is one line."""

import rules

from assessments.assignments import selectors as assignments
from assessments.selectors import SHARED_WITH_LGA
from npsportal.rules import (
    belongs_to_a_council,
    is_council_editor,
    is_council_lead,
    is_council_member,
    is_lga_staff,
)
from npsportal.selectors import roles_at


@rules.predicate
def is_shared_with_lga(user, assessment):
    """The assessment has been submitted or approved (LGA staff never see drafts)."""
    return assessment is not None and assessment.status in SHARED_WITH_LGA


@rules.predicate
def is_assigned_to(user, assignment):
    """The key area was given to this user, who still holds a role at the council."""
    return (
        assignment is not None
        and assignment.assignee_id == user.pk
        and bool(roles_at(user, assignment.assessment.council))
    )


@rules.predicate
def has_assignment_in(user, assessment):
    """A key area of the assessment was given to this user, still at the council."""
    return assessment is not None and assignments.has_assignment_in(user, assessment)


@rules.predicate
def is_assigned_to_key_area(user, target):
    """The target's key area (statement_views.selectors.KeyAreaOfAssessment) was given to this
    user, who still holds a role at the council."""
    return (
        target is not None
        and bool(roles_at(user, target.assessment.council))
        and target.assessment.assignments.filter(key_area=target.key_area, assignee=user).exists()
    )


@rules.predicate
def edits_its_assessment(user, assignment):
    """The user is an officer or the head at the council whose assessment it is part of."""
    return assignment is not None and is_council_editor(user, assignment.assessment)


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

# Key areas handed to colleagues (issue 16): officers and heads assign them and review the work;
# the person given one (a contributor sees nothing else of the assessment) marks it done.
rules.add_perm("assessments.assign_key_areas", is_council_editor)
rules.add_perm("assessments.view_assignment", is_assigned_to | edits_its_assessment)
rules.add_perm("assessments.mark_assignment_done", is_assigned_to)
rules.add_perm("assessments.review_assignment", edits_its_assessment)

# Several views, one agreed level (issue 16): officers, heads and the colleagues a key area is
# given to each give their own view of its statements.
rules.add_perm("assessments.give_view", is_council_editor | is_assigned_to_key_area)

# An assessment seen against another framework through a mapping, and its spreadsheet (issue 17):
# whoever sees the assessment (never a contributor; LGA staff once it is shared).
rules.add_perm(
    "assessments.view_projection", is_council_member | (is_lga_staff & is_shared_with_lga)
)

# The NPPS "have regard" record (issue 17): officers and heads record it while the assessment can
# change; whoever sees the assessment reads it.
rules.add_perm("assessments.view_regard", is_council_member | (is_lga_staff & is_shared_with_lga))
rules.add_perm("assessments.record_regard", is_council_editor)

# Mappings between frameworks (issue 17): download, upload and apply their spreadsheets.
rules.add_perm("assessments.manage_mappings", is_lga_staff)

# Open data (issue 19): LGA staff publish and withdraw a round's anonymised national dataset.
rules.add_perm("assessments.publish_open_data", is_lga_staff)
