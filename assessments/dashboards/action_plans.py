"""The action plan on the dashboard and in the report: one assessment's actions, overdue first,
and their counts."""

import datetime
from dataclasses import dataclass, field, replace

from django.utils import timezone

from assessments.models import Action, Assessment

DUE_SOON_DAYS = 30
STATUS_COLOURS = {
    Action.Status.NOT_STARTED: "grey",
    Action.Status.IN_PROGRESS: "light-blue",
    Action.Status.DONE: "green",
}


@dataclass(frozen=True)
class PlannedAction:
    """An action as the dashboard and the report list it."""

    what: str
    owner: str
    due_on: datetime.date
    status: str
    key_area: str
    overdue: bool = False  # open and past its due date

    @property
    def status_label(self) -> str:
        return Action.Status(self.status).label

    @property
    def status_colour(self) -> str:
        """The GOV.UK tag colour of its status: grey not started, blue in progress, green done."""
        return STATUS_COLOURS[self.status]


@dataclass
class ActionPlan:
    """The action plan in figures, and the actions that need attention."""

    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    done: int = 0
    needing_attention: list[PlannedAction] = field(default_factory=list)
    actions: list[PlannedAction] = field(default_factory=list)  # overdue first, done last

    @property
    def open_actions(self) -> list[PlannedAction]:
        return [a for a in self.actions if a.status != Action.Status.DONE]

    @property
    def done_actions(self) -> list[PlannedAction]:
        return [a for a in self.actions if a.status == Action.Status.DONE]


def action_plan(assessment: Assessment | None, today: datetime.date | None = None) -> ActionPlan:
    """The assessment's actions in plan order, with counts of open, due soon, overdue and done."""
    if assessment is None:
        return ActionPlan()
    # One assessment's plan is tens of rows: one plain read tallied in Python is a fifth of the
    # work of the two aggregate queries it replaced (counts by owner, the joined list).
    rows = (
        Action.objects.filter(answer__assessment_id=assessment.pk)
        .values_list("what", "owner", "due_on", "status", "answer__statement__key_area__name")
        .order_by("due_on", "pk")
    )
    return tally_actions([PlannedAction(*row) for row in rows], today or timezone.localdate())


def tally_actions(actions: list[PlannedAction], today: datetime.date) -> ActionPlan:
    """Open, due within DUE_SOON_DAYS, overdue and done; the first ten open actions due by then,
    in the order given (soonest first); and every action in plan order."""
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    still_open = [a for a in actions if a.status != Action.Status.DONE]
    return ActionPlan(
        open=len(still_open),
        due_soon=sum(today <= a.due_on <= soon for a in still_open),
        overdue=sum(a.due_on < today for a in still_open),
        done=len(actions) - len(still_open),
        needing_attention=[a for a in still_open if a.due_on <= soon][:10],
        actions=in_plan_order(actions, today),
    )


def in_plan_order(actions: list[PlannedAction], today: datetime.date) -> list[PlannedAction]:
    """Overdue actions first, then the other open ones, then done ones; each part in the order
    given (soonest due first)."""
    marked = [
        replace(a, overdue=a.status != Action.Status.DONE and a.due_on < today) for a in actions
    ]
    return sorted(marked, key=lambda a: (not a.overdue, a.status == Action.Status.DONE))
