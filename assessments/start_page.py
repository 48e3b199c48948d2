"""What the start page shows of self-assessments (decision 0007): for each of the person's
councils their round's self-assessment (officers, heads of procurement) or their dashboard and
report (councillors); for LGA staff the round's participation and what waits."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse

from assessments import scoring, selectors
from assessments.assignments import selectors as assignments
from assessments.models import Assessment, Round
from npsportal.models import Council
from npsportal.roles import Role
from npsportal.selectors import councils_of, memberships_of
from npsportal.start_page import Panel, Waiting

Status = Assessment.Status
IN_PROGRESS = (Status.DRAFT, Status.RETURNED)


def start_page(user) -> list:
    """The panels and waiting lines of self-assessments for this person's start page."""
    round = current_round()
    found: list = []
    for council in councils_of(user):
        if user.has_perm("assessments.start_assessment", council):
            found.append(self_assessment_panel(user, council, round))
        elif user.has_perm("assessments.view_dashboard"):
            found.append(councillor_panel(council, round))
    found += contributor_panels(user)
    if round and user.has_perm("npsportal.view_national_picture"):
        found += lga_staff_items(round)
    return found


def contributor_panels(user) -> list[Panel]:
    """For each council where the person contributes: the key areas given to them, by due date."""
    contributing = [m.council for m in memberships_of(user) if m.role == Role.CONTRIBUTOR]
    if not contributing:
        return []
    rows = assignments.assignments_of(user)
    return [
        Panel(
            "assessments/start/_assignments.html",
            {"rows": [r for r in rows if r.assignment.assessment.council_id == council.pk]},
            council,
        )
        for council in contributing
    ]


def current_round() -> Round | None:
    """The open round that opened last, else the round that opened last, else None."""
    rounds = Round.objects.order_by("-opens_on")
    return selectors.open_rounds().order_by("-opens_on").first() or rounds.first()


def _assessment_in(council: Council, round: Round | None) -> Assessment | None:
    if round is None:
        return None
    found = Assessment.objects.filter(council=council, round=round)
    return found.select_related("round", "council", "submitted_by").first()


def self_assessment_panel(user, council: Council, round: Round | None) -> Panel:
    """The council's self-assessment of the round: start it, or its progress and what is next."""
    assessment = _assessment_in(council, round)
    is_open = bool(round and selectors.round_is_open_for(round, council))
    context = {
        "round": round,
        "assessment": assessment,
        "next": _next_step(is_open, assessment),
        "is_open": is_open,
        "closes_on": round and selectors.closes_on_for(round, council),
    }
    if assessment:
        statuses = [
            found.status
            for _, key_areas in selectors.progress_by_theme(assessment)
            for found in key_areas
        ]
        context |= {"completed": scoring.count_completed(statuses), "total": len(statuses)}
    return Panel("assessments/start/_self_assessment.html", context, council)


def _next_step(is_open: bool, assessment: Assessment | None) -> str:
    """What the panel offers: "start", "continue", "read" (it awaits sign-off), "see" or "none"."""
    if assessment is None:
        return "start" if is_open else "none"
    if assessment.status == Status.SUBMITTED:
        return "read"
    return "continue" if is_open and assessment.status in IN_PROGRESS else "see"


def councillor_panel(council: Council, round: Round | None) -> Panel:
    """Where a councillor follows the council: its dashboard and the latest approved report."""
    context = {
        "assessment": _assessment_in(council, round),
        "approved": selectors.latest_approved_assessment(council),
        "dashboard": f"{reverse('assessments:dashboard')}?council={council.slug}",
    }
    return Panel("assessments/start/_councillor.html", context, council)


@dataclass(frozen=True)
class Participation:
    """How far the councils have gone in a round."""

    not_started: int
    in_progress: int
    submitted: int
    approved: int


def participation(round: Round) -> Participation:
    """Every council's progress in the round, counted in one query (and the councils in one)."""
    counts = Assessment.objects.filter(round=round).aggregate(
        in_progress=Count("pk", filter=Q(status__in=IN_PROGRESS)),
        submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
        approved=Count("pk", filter=Q(status=Status.APPROVED)),
    )
    return Participation(not_started=Council.objects.count() - sum(counts.values()), **counts)


def lga_staff_items(round: Round) -> list:
    """The round's participation, and the self-assessments waiting for their council's sign-off."""
    figures = participation(round)
    panel = Panel(
        "assessments/start/_participation.html", {"round": round, "participation": figures}
    )
    waiting = Waiting(
        figures.submitted,
        "self-assessment submitted for sign-off",
        "self-assessments submitted for sign-off",
        reverse("assessments:assessment_list"),
    )
    return [panel, waiting]
