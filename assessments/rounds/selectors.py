"""Reads behind running a round: each round's state, every council's participation, who to chase.

Every function runs a fixed number of queries whatever the number of councils.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Case, Count, F, FilteredRelation, Q, QuerySet, Value, When
from django.utils import timezone

from assessments.models import Assessment, Round
from npsportal.models import Council, Membership, User
from npsportal.roles import EDITING_ROLES, Role

Status = Assessment.Status


class RoundState(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    OPEN = "open", "Open"
    PAST_CLOSING_DATE = "past_closing_date", "Closing date passed"
    CLOSED = "closed", "Closed"


STATE_COLOURS = {
    RoundState.UPCOMING: "blue",
    RoundState.OPEN: "green",
    RoundState.PAST_CLOSING_DATE: "yellow",
    RoundState.CLOSED: "grey",
}


def round_state(round: Round, day=None) -> RoundState:
    """Where the round stands: upcoming, open, past its closing date (not yet closed), closed."""
    day = day or timezone.localdate()
    if round.closed_at:
        return RoundState.CLOSED
    if day < round.opens_on:
        return RoundState.UPCOMING
    return RoundState.OPEN if day <= round.closes_on else RoundState.PAST_CLOSING_DATE


def state_tag(round: Round) -> dict[str, str]:
    """The round's state as a GOV.UK tag's text and colour."""
    state = round_state(round)
    return {"text": state.label, "colour": STATE_COLOURS[state]}


def rounds() -> list[Round]:
    """Every round, newest first, with its framework and the number of councils given more time."""
    found = Round.objects.select_related("framework", "closed_by")
    return list(found.annotate(extended=Count("extensions")).order_by("-opens_on"))


class CouncilState(models.TextChoices):
    """How far a council has gone in a round."""

    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    APPROVED = "approved", "Approved"


STATE_OF_STATUS = {
    Status.DRAFT: CouncilState.IN_PROGRESS,
    Status.RETURNED: CouncilState.IN_PROGRESS,
    Status.SUBMITTED: CouncilState.SUBMITTED,
    Status.APPROVED: CouncilState.APPROVED,
}
COUNCIL_STATE_COLOURS = {
    CouncilState.NOT_STARTED: "red",
    CouncilState.IN_PROGRESS: "light-blue",
    CouncilState.SUBMITTED: "blue",
    CouncilState.APPROVED: "green",
}


def council_state_tag(state: str) -> dict[str, str]:
    """A council's state in a round as a GOV.UK tag's text and colour."""
    return {"text": CouncilState(state).label, "colour": COUNCIL_STATE_COLOURS[state]}


def councils_in(round: Round) -> QuerySet[Council]:
    """Every council with its state in the round, its assessment and any extension (one query)."""
    state = Case(
        *(When(status=status, then=Value(found)) for status, found in STATE_OF_STATUS.items()),
        default=Value(CouncilState.NOT_STARTED),
        output_field=models.CharField(),
    )
    return (
        Council.objects.annotate(
            in_round=FilteredRelation("assessments", condition=Q(assessments__round=round)),
            extension=FilteredRelation(
                "round_extensions", condition=Q(round_extensions__round=round)
            ),
        )
        .annotate(
            status=F("in_round__status"),
            assessment_id=F("in_round__pk"),
            submitted_at=F("in_round__submitted_at"),
            approved_at=F("in_round__approved_at"),
            extended_until=F("extension__closes_on"),
            extension_reason=F("extension__reason"),
        )
        .annotate(state=state)
        .order_by("name")
    )


def filter_councils(
    councils: QuerySet[Council], *, state: str = "", region: str = "", kind: str = ""
) -> QuerySet[Council]:
    """The councils narrowed by state in the round, region and kind (empty: all)."""
    wanted = {"state": state, "region": region, "kind": kind}
    return councils.filter(**{name: value for name, value in wanted.items() if value})


@dataclass(frozen=True)
class GroupParticipation:
    """How many councils of a group are at each state, with their share of the group."""

    label: str
    councils: int
    counts: dict

    @property
    def cells(self) -> list[tuple[int, int]]:
        """(councils, percentage of the group) for each state, in order."""
        return [(n, percent(n, self.councils)) for n in self.counts.values()]


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def participation(round: Round, by: str) -> list[GroupParticipation]:
    """Each region's or kind's (`by`) councils at each state of the round, counted in SQL."""
    counts = {s.value: Count("pk", filter=Q(state=s.value)) for s in CouncilState}
    rows = councils_in(round).order_by().values(by).annotate(councils=Count("pk"), **counts)
    labels = dict(Council._meta.get_field(by).choices)
    found = [
        GroupParticipation(
            label=labels.get(row[by], row[by]),
            councils=row["councils"],
            counts={s.value: row[s.value] for s in CouncilState},
        )
        for row in rows
    ]
    return sorted(found, key=lambda group: group.label)


def total(groups: list[GroupParticipation]) -> GroupParticipation:
    """Every council: the sum of the groups."""
    counts = {s.value: sum(g.counts[s.value] for g in groups) for s in CouncilState}
    return GroupParticipation("All councils", sum(g.councils for g in groups), counts)


# Who LGA staff can chase, and the states of the councils each choice reaches.
CHASE_GROUPS = {
    "not_started": (CouncilState.NOT_STARTED,),
    "not_submitted": (CouncilState.NOT_STARTED, CouncilState.IN_PROGRESS),
}
# The council's people a chasing email goes to.
CHASED_ROLES = EDITING_ROLES


def councils_to_chase(round: Round, group: str) -> QuerySet[Council]:
    """The councils of the chosen group in the round."""
    return councils_in(round).filter(state__in=CHASE_GROUPS[group])


def people_of(councils: QuerySet[Council], roles) -> QuerySet[Membership]:
    """The memberships in these roles of active people at these councils."""
    return Membership.objects.filter(
        council__in=councils.values("pk"), role__in=roles, user__is_active=True
    )


def people_to_chase(round: Round, group: str) -> int:
    """How many people (each once) a chase of the group would email."""
    memberships = people_of(councils_to_chase(round, group), CHASED_ROLES)
    return User.objects.filter(memberships__in=memberships).distinct().count()


def heads_of(councils: QuerySet[Council]) -> QuerySet[Membership]:
    """The active heads of procurement of these councils."""
    return people_of(councils, [Role.LEAD])


def taking_part(round: Round) -> QuerySet[Council]:
    """The councils that started an assessment in the round."""
    return councils_in(round).exclude(state=CouncilState.NOT_STARTED)
