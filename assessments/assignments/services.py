"""Handing key areas to colleagues: assign, start, mark done, accept, ask for changes, unassign."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.assignments import selectors
from assessments.models import Assessment, KeyArea, KeyAreaAssignment
from assessments.services import check_editable
from npsportal.audit import record_event
from npsportal.formatting import govuk_date
from npsportal.models import User
from npsportal.outbox import queue_email

State = KeyAreaAssignment.State


class AssignmentRefused(Exception):
    """An assignment the rules do not allow; `field` is the form field the message belongs at."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def check_assignment(*, assessment, key_area, assignee, due_on, today=None) -> None:
    """Raises AssignmentRefused unless the person may take the key area by that date."""
    today = today or timezone.localdate()
    if not selectors.assignable_people(assessment.council).filter(pk=assignee.pk).exists():
        raise AssignmentRefused(
            "assignee", f"Select someone at {assessment.council}: an officer, head or contributor"
        )
    if due_on < today:
        raise AssignmentRefused("due_on", "Due date must be today or in the future")
    if assessment.assignments.filter(key_area=key_area, assignee=assignee).exists():
        raise AssignmentRefused(
            "assignee",
            f"{assignee.get_full_name()} already has {key_area.name}: choose someone else",
        )


def _link(assignment: KeyAreaAssignment) -> str:
    path = reverse(
        "assessments:assignment",
        kwargs={"pk": assignment.assessment_id, "assignment": assignment.pk},
    )
    return f"{settings.SITE_URL}{path}"


@transaction.atomic
def assign_key_area(
    *,
    assessment: Assessment,
    key_area: KeyArea,
    assignee: User,
    due_on: datetime.date,
    by: User,
) -> KeyAreaAssignment:
    """Gives a key area of a self-assessment being filled in to someone at its council."""
    check_editable(assessment)
    check_assignment(assessment=assessment, key_area=key_area, assignee=assignee, due_on=due_on)
    assignment = KeyAreaAssignment.objects.create(
        assessment=assessment, key_area=key_area, assignee=assignee, assigned_by=by, due_on=due_on
    )
    details = {"key_area": key_area.key, "assignee": assignee.email, "due_on": str(due_on)}
    record_event(action="assessments.key_area_assigned", actor=by, obj=assessment, details=details)
    queue_email(
        to=assignee.email,
        subject=f"{key_area.name}: your part of {assessment.council}'s self-assessment",
        body=(
            f"{by.get_full_name()} has asked you to give your view on {key_area.name} in the "
            f"{assessment.round} self-assessment of {assessment.council}, by "
            f"{govuk_date(due_on)}.\n\n{_link(assignment)}"
        ),
        key=f"key-area-assigned:{assignment.pk}",
    )
    return assignment


def _locked(assignment: KeyAreaAssignment) -> KeyAreaAssignment:
    return KeyAreaAssignment.objects.select_for_update().get(pk=assignment.pk)


@transaction.atomic
def mark_started(assignment: KeyAreaAssignment) -> bool:
    """The assignee saved a view: an assigned (or sent back) key area is now in progress."""
    found = _locked(assignment)
    if found.state not in (State.ASSIGNED, State.CHANGES_REQUESTED):
        return False
    found.state = State.IN_PROGRESS
    found.save(update_fields=["state", "updated_at"])
    return True


def mark_started_for(*, assessment, key_area, person) -> bool:
    """Marks the person's assignment of this key area started, if they have one."""
    found = KeyAreaAssignment.objects.filter(
        assessment=assessment, key_area=key_area, assignee=person
    ).first()
    return bool(found) and mark_started(found)


def _change_state(assignment, state, *, by, action, reason=None, comment=None, only_from=None):
    found = _locked(assignment)
    check_editable(found.assessment)
    if only_from and found.state not in only_from:
        raise AssignmentRefused("state", "You can accept a key area once it is marked as done")
    found.state = state
    if comment is not None:
        found.comment = comment
    found._change_reason = reason
    found.save()
    details = {"key_area": found.key_area.key, "assignee": found.assignee.email}
    record_event(action=action, actor=by, obj=found.assessment, details=details)
    return found


@transaction.atomic
def mark_done(*, assignment: KeyAreaAssignment, by: User) -> KeyAreaAssignment:
    """The assignee says their part is done; the officer then accepts it or asks for changes."""
    return _change_state(
        assignment, State.DONE, by=by, action="assessments.assignment_done", reason="done"
    )


@transaction.atomic
def accept(*, assignment: KeyAreaAssignment, by: User) -> KeyAreaAssignment:
    """An officer or head accepts a key area marked done: it stays done, now accepted."""
    return _change_state(
        assignment,
        State.DONE,
        by=by,
        action="assessments.assignment_accepted",
        reason=selectors.ACCEPTED,
        comment="",
        only_from=(State.DONE,),
    )


@transaction.atomic
def request_changes(*, assignment: KeyAreaAssignment, comment: str, by: User) -> KeyAreaAssignment:
    """An officer or head sends a key area back to its assignee with what to change."""
    found = _change_state(
        assignment,
        State.CHANGES_REQUESTED,
        by=by,
        action="assessments.assignment_changes_requested",
        reason="changes requested",
        comment=comment,
    )
    asked = found.history.filter(state=State.CHANGES_REQUESTED).count()
    queue_email(
        to=found.assignee.email,
        subject=f"{found.key_area.name}: changes asked for",
        body=(
            f"{by.get_full_name()} has asked for changes to your part of the "
            f"{found.assessment.round} self-assessment of {found.assessment.council}:\n\n"
            f"{comment}\n\n{_link(found)}"
        ),
        key=f"key-area-changes:{found.pk}:{asked}",
    )
    return found


@transaction.atomic
def unassign(*, assignment: KeyAreaAssignment, by: User) -> None:
    """Takes a key area back from the person it was given to."""
    found = _locked(assignment)
    check_editable(found.assessment)
    details = {"key_area": found.key_area.key, "assignee": found.assignee.email}
    record_event(
        action="assessments.key_area_unassigned", actor=by, obj=found.assessment, details=details
    )
    found.delete()
