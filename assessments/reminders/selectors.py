"""Reads behind reminders: what falls due on a day and for whom, and each person's weekly summary.

A milestone the daily job missed (it did not run that day) is caught on its next run while it
still applies: "due in 3 days" means due within the next 3 days and not yet reminded; once the
date has passed only the overdue reminder applies (decision 0014).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.urls import reverse

from assessments.models import Action, Assessment, KeyAreaAssignment, Reminder, Round
from assessments.rounds.selectors import CouncilState, councils_in
from assessments.selectors import round_is_open_for
from npsportal.models import Membership, User
from npsportal.roles import COUNCIL_ROLES, EDITING_ROLES, Role

ASSIGNMENT_SOON_DAYS = 3
ACTION_SOON_DAYS = 7
ROUND_SOON_DAYS = 14
ROUND_LAST_DAYS = 3
# The weekly summary lists the rounds closing within four weeks: further off is not news.
SUMMARY_ROUND_DAYS = 28

OPEN_ASSIGNMENT = (
    KeyAreaAssignment.State.ASSIGNED,
    KeyAreaAssignment.State.IN_PROGRESS,
    KeyAreaAssignment.State.CHANGES_REQUESTED,
)
STILL_WORKING = (Assessment.Status.DRAFT, Assessment.Status.RETURNED)
NOT_SUBMITTED = (CouncilState.NOT_STARTED, CouncilState.IN_PROGRESS)


@dataclass(frozen=True)
class Due:
    """A reminder falling due for one person; `key` names the thing and the milestone."""

    key: str
    person: User
    text: str
    link: str
    essential: bool


def day_text(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def days_text(today: datetime.date, due: datetime.date) -> str:
    """ "today", "tomorrow", "in 3 days" or "3 days ago"."""
    days = (due - today).days
    if days in (0, 1):
        return ["today", "tomorrow"][days]
    return f"in {days} days" if days > 0 else f"{-days} day{'s' if days < -1 else ''} ago"


def week_of(day: datetime.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def key_area_link(assessment_id: int, key_area_id: int) -> str:
    return reverse("assessments:key_area", kwargs={"pk": assessment_id, "key_area": key_area_id})


# Key areas handed to colleagues: to the colleague, due in 3 days and overdue.


def open_assignments() -> QuerySet[KeyAreaAssignment]:
    """Assignments still to do, in assessments still being worked on, held by active members."""
    return KeyAreaAssignment.objects.filter(
        state__in=OPEN_ASSIGNMENT,
        assessment__status__in=STILL_WORKING,
        assignee__is_active=True,
        assignee__memberships__council=F("assessment__council"),
    ).select_related("assessment__council", "assessment__round", "key_area", "assignee")


def assignment_text(assignment: KeyAreaAssignment, day: datetime.date) -> str:
    a = assignment.assessment
    what = f"{assignment.key_area.name}, your part of {a.council}'s {a.round} self-assessment,"
    due = f"{day_text(assignment.due_on)} ({days_text(day, assignment.due_on)})"
    return f"{what} {'was' if assignment.due_on < day else 'is'} due {due}."


def assignments_due(day: datetime.date) -> Iterator[Due]:
    """Each open assignment due within 3 days (not essential), or overdue (essential)."""
    soon = day + datetime.timedelta(days=ASSIGNMENT_SOON_DAYS)
    for assignment in open_assignments().filter(due_on__lte=soon):
        a = assignment.assessment
        if not round_is_open_for(a.round, a.council, day):
            continue  # nothing can be done about it any more
        overdue = assignment.due_on < day
        milestone = "assignment-overdue" if overdue else "assignment-due-in-3-days"
        yield Due(
            key=f"{milestone}:{assignment.pk}:{assignment.assignee_id}",
            person=assignment.assignee,
            text=assignment_text(assignment, day),
            link=reverse(
                "assessments:assignment", kwargs={"pk": a.pk, "assignment": assignment.pk}
            ),
            essential=overdue,
        )


# A round closing: 14 and 3 days before the council's own last day, to its officers and heads
# while it has not submitted.


@dataclass(frozen=True)
class Closing:
    """A round a council has not submitted, with its own last day (its extension counted)."""

    round: Round
    council: object
    closes_on: datetime.date

    @property
    def link(self) -> str:
        assessment_id = self.council.assessment_id
        if assessment_id is None:
            return reverse("home")  # the start page offers to start it
        return reverse("assessments:assessment_detail", kwargs={"pk": assessment_id})

    def text(self, day: datetime.date) -> str:
        return (
            f"{self.council.name} has not yet submitted its {self.round} self-assessment. "
            f"The last day to submit it for sign-off is {day_text(self.closes_on)} "
            f"({days_text(day, self.closes_on)})."
        )


def rounds_closing(
    day: datetime.date, within: int = ROUND_SOON_DAYS, councils=None
) -> Iterator[Closing]:
    """Each open round closing within `within` days for a council (of `councils`, None: any)
    that has not submitted it."""
    for round in Round.objects.filter(closed_at__isnull=True, opens_on__lte=day):
        found = councils_in(round).filter(state__in=NOT_SUBMITTED)
        if councils is not None:
            found = found.filter(pk__in=councils)
        for council in found:
            closes_on = max(round.closes_on, council.extended_until or round.closes_on)
            if (closes_on - day).days <= within and round_is_open_for(round, council, day):
                yield Closing(round, council, closes_on)


def closing_rounds_due(day: datetime.date) -> Iterator[Due]:
    """To each active officer and head of a council not submitted: 14 days and 3 days before."""
    closing = list(rounds_closing(day))
    people = defaultdict(list)
    councils = Membership.objects.filter(council__in=[c.council.pk for c in closing])
    for membership in councils.filter(role__in=EDITING_ROLES, user__is_active=True).select_related(
        "user"
    ):
        people[membership.council_id].append(membership.user)
    for found in closing:
        last = (found.closes_on - day).days <= ROUND_LAST_DAYS
        milestone = "round-closes-in-3-days" if last else "round-closes-in-14-days"
        # The last day is in the key: a council given more time is reminded of its new last day.
        thing = f"{found.round.pk}:{found.council.pk}:{found.closes_on.isoformat()}"
        for person in people[found.council.pk]:
            yield Due(
                key=f"{milestone}:{thing}:{person.pk}",
                person=person,
                text=found.text(day),
                link=found.link,
                essential=last,
            )


# Actions of a council's current action plan: to their owner when they have an account, else to
# the council's officers; due in 7 days and overdue.


def owner_matches(person: User, owner: str) -> bool:
    """Whether an action's owner (free text) names this person: their full name or their email,
    whatever the capitals and spaces around it."""
    wanted = " ".join(owner.split()).casefold()
    names = {" ".join(person.full_name.split()).casefold(), person.email.casefold()}
    return bool(wanted) and wanted in names


def current_actions() -> QuerySet[Action]:
    """Open actions of each council's newest assessment (older rounds' plans were carried
    forward into it, so reminding of them too would remind twice)."""
    newest = Assessment.objects.filter(council=OuterRef("answer__assessment__council"))
    newest = newest.order_by("-round__opens_on").values("pk")[:1]
    return (
        Action.objects.exclude(status=Action.Status.DONE)
        .filter(answer__assessment=Subquery(newest))
        .select_related("answer__assessment__council", "answer__statement__key_area")
    )


def members_by_council(council_ids) -> dict[int, list[Membership]]:
    """The active members (any council role) of these councils, by council."""
    found = defaultdict(list)
    memberships = Membership.objects.filter(
        council__in=council_ids, role__in=COUNCIL_ROLES, user__is_active=True
    )
    for membership in memberships.select_related("user").order_by("user__email"):
        found[membership.council_id].append(membership)
    return found


def action_people(action: Action, members: list[Membership]) -> list[User]:
    """Its owner when they have an account at the council, else its officers (else its heads)."""
    owners = [m.user for m in members if owner_matches(m.user, action.owner)]
    if owners:
        return owners
    officers = [m.user for m in members if m.role == Role.OFFICER]
    return officers or [m.user for m in members if m.role == Role.LEAD]


def action_text(action: Action, day: datetime.date) -> str:
    council = action.answer.assessment.council
    key_area = action.answer.statement.key_area
    due = f"{day_text(action.due_on)} ({days_text(day, action.due_on)})"
    return (
        f"The action “{action.what}” of {council}'s action plan ({key_area.name}, owner: "
        f"{action.owner}) {'was' if action.due_on < day else 'is'} due {due}."
    )


def actions_due(day: datetime.date) -> Iterator[Due]:
    """Each open action due within 7 days (not essential), or overdue (essential)."""
    soon = day + datetime.timedelta(days=ACTION_SOON_DAYS)
    actions = list(current_actions().filter(due_on__lte=soon))
    members = members_by_council({a.answer.assessment.council_id for a in actions})
    for action in actions:
        assessment = action.answer.assessment
        overdue = action.due_on < day
        milestone = "action-overdue" if overdue else "action-due-in-7-days"
        for person in action_people(action, members[assessment.council_id]):
            yield Due(
                key=f"{milestone}:{action.pk}:{person.pk}",
                person=person,
                text=action_text(action, day),
                link=key_area_link(assessment.pk, action.answer.statement.key_area_id),
                essential=overdue,
            )


# The weekly summary: one per person a week, to those who want every reminder and have
# something open.


@dataclass
class Summary:
    """What a person has open: key areas given to them, actions they own, rounds closing."""

    assignments: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)
    rounds: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.assignments or self.actions or self.rounds)


def weekly_summary(person: User, day: datetime.date) -> Summary:
    """The person's open key areas, the open actions they own and their councils' rounds
    closing within four weeks (those not submitted), as lines of text."""
    summary = Summary()
    for assignment in open_assignments().filter(assignee=person).order_by("due_on"):
        summary.assignments.append(assignment_text(assignment, day))
    memberships = list(person.memberships.filter(role__in=COUNCIL_ROLES))
    councils = {m.council_id for m in memberships}
    actions = current_actions().filter(answer__assessment__council__in=councils)
    summary.actions = [action_text(a, day) for a in actions if owner_matches(person, a.owner)]
    editing = {m.council_id for m in memberships if m.role in EDITING_ROLES}
    closing = rounds_closing(day, SUMMARY_ROUND_DAYS, editing)
    summary.rounds = [found.text(day) for found in closing]
    return summary


def people_for_summaries(day: datetime.date) -> QuerySet[User]:
    """Active council members who want every reminder and have no summary yet this week."""
    had_one = Reminder.objects.filter(key__startswith="digest:", key__endswith=f":{week_of(day)}")
    return (
        User.objects.filter(
            is_active=True,
            reminders=User.Reminders.ALL,
            memberships__role__in=COUNCIL_ROLES,
        )
        .exclude(reminders_due__in=had_one)
        .distinct()
    )


def summaries_due(day: datetime.date) -> Iterator[Due]:
    """A weekly summary for each person with something open: on Mondays, or on the first run of
    a week whose Monday the job missed."""
    week = week_of(day)
    already = Reminder.objects.filter(key__startswith="digest:", key__endswith=f":{week}")
    if day.weekday() != 0 and already.exists():
        return
    for person in people_for_summaries(day):
        if weekly_summary(person, day):
            yield Due(
                key=f"digest:{person.pk}:{week}",
                person=person,
                text="Your weekly summary",
                link=reverse("home"),
                essential=False,
            )


def reminders_due(day: datetime.date) -> Iterator[Due]:
    """Every reminder falling due on the day."""
    yield from assignments_due(day)
    yield from closing_rounds_due(day)
    yield from actions_due(day)
    yield from summaries_due(day)
