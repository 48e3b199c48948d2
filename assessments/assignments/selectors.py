"""Reads about key areas handed to colleagues: who has which, how far they are, who may take one."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from assessments.models import Assessment, KeyAreaAssignment
from npsportal.models import Membership, User
from npsportal.roles import EDITING_ROLES, Role

State = KeyAreaAssignment.State
IN_PROGRESS = (Assessment.Status.DRAFT, Assessment.Status.RETURNED)
# The people a key area can go to: those who fill in the self-assessment, and contributors.
ASSIGNABLE_ROLES = (*EDITING_ROLES, Role.CONTRIBUTOR)
# Set as the history's change reason when an officer accepts a key area that was marked done.
ACCEPTED = "accepted"
TAG_COLOURS = {
    State.ASSIGNED: "grey",
    State.IN_PROGRESS: "light-blue",
    State.DONE: "blue",
    State.CHANGES_REQUESTED: "orange",
}


@dataclass(frozen=True)
class AssignmentRow:
    """An assignment as people read it: its state in words, its tag colour, whether overdue."""

    assignment: KeyAreaAssignment
    accepted: bool
    overdue: bool

    @property
    def state(self) -> str:
        return "Accepted" if self.accepted else self.assignment.get_state_display()

    @property
    def tag_colour(self) -> str:
        return "green" if self.accepted else TAG_COLOURS[self.assignment.state]


def _with_last_reason(assignments: QuerySet) -> QuerySet:
    latest = KeyAreaAssignment.history.filter(id=OuterRef("pk")).order_by("-history_id")
    return assignments.annotate(last_reason=Subquery(latest.values("history_change_reason")[:1]))


def as_rows(assignments, today=None) -> list[AssignmentRow]:
    """Assignments (annotated by `_with_last_reason`) as rows to show."""
    today = today or timezone.localdate()
    rows = []
    for found in assignments:
        accepted = found.state == State.DONE and found.last_reason == ACCEPTED
        overdue = found.state != State.DONE and found.due_on < today
        rows.append(AssignmentRow(found, accepted, overdue))
    return rows


def assignments_in(assessment) -> QuerySet[KeyAreaAssignment]:
    """The assessment's assignments with what a page shows of them."""
    found = assessment.assignments.select_related("assignee", "key_area__theme", "assigned_by")
    return _with_last_reason(found)


def assignments_by_key_area(assessment) -> dict[int, list[AssignmentRow]]:
    """Who has each key area of the assessment, for the task list."""
    by_key_area: dict[int, list[AssignmentRow]] = {}
    for row in as_rows(assignments_in(assessment)):
        by_key_area.setdefault(row.assignment.key_area_id, []).append(row)
    return by_key_area


def assignments_of(user) -> list[AssignmentRow]:
    """The key areas given to this person in self-assessments still being filled in."""
    found = KeyAreaAssignment.objects.filter(
        assignee=user,
        assessment__status__in=IN_PROGRESS,
        assessment__council__memberships__user=user,
    ).distinct()
    found = found.select_related("assessment__council", "assessment__round", "key_area")
    return as_rows(_with_last_reason(found).order_by("due_on", "pk"))


def visible_assignments(user) -> QuerySet[KeyAreaAssignment]:
    """Assignments this person may open: their own (while at the council) and, for officers and
    heads, every assignment of their councils' self-assessments. Others' are a 404."""
    editing = Membership.objects.filter(user=user, role__in=EDITING_ROLES).values("council")
    own = KeyAreaAssignment.objects.filter(
        assignee=user, assessment__council__memberships__user=user
    )
    theirs = KeyAreaAssignment.objects.filter(assessment__council__in=editing)
    found = KeyAreaAssignment.objects.filter(pk__in=(own | theirs).values("pk"))
    related = ("assessment__council", "assessment__round__framework", "key_area__theme", "assignee")
    return _with_last_reason(found.select_related(*related))


def assignable_people(council) -> QuerySet[User]:
    """Who a key area of the council's self-assessment can go to: its officers, heads and
    contributors, by name."""
    members = Membership.objects.filter(council=council, role__in=ASSIGNABLE_ROLES)
    return User.objects.filter(pk__in=members.values("user"), is_active=True).order_by(
        "full_name", "email"
    )


def has_assignment_in(user, assessment) -> bool:
    """Whether a key area of the assessment was given to this person (still at its council)."""
    return KeyAreaAssignment.objects.filter(
        assessment=assessment, assignee=user, assessment__council__memberships__user=user
    ).exists()
