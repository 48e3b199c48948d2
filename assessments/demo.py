"""Demo rounds and assessments: Stockport's approved 2025/26 and draft 2026/27, and levels for
every other demo council so that dashboards have something to show; a closed 2024/25 round on
NPS 2018, and Salford, which took part in it only and starts 2026/27 from those answers."""

import datetime
import random

from django.utils import timezone

from assessments.models import (
    Action,
    Answer,
    Assessment,
    Framework,
    KeyAreaAssignment,
    Round,
    RoundExtension,
    StatementView,
)
from assessments.regard.demo import regard_records_in_stockport
from assessments.selectors import assessed_statements
from npsportal.models import Council, Membership

S = Assessment.Status
# (council slug, base level last round, base level this round, status this round)
PROFILES = {
    "stockport": (2.6, 3.1, S.DRAFT),
    "trafford": (2.4, 2.8, S.DRAFT),
    "rochdale": (2.2, 2.9, S.SUBMITTED),
    "manchester": (3.4, 3.8, S.APPROVED),
    "bolton": (1.8, 2.3, S.APPROVED),
    "wigan": (2.9, 3.2, S.APPROVED),
    "leeds": (3.1, 3.6, S.APPROVED),
    "kent": (3.0, 3.3, S.SUBMITTED),
    "cambridge": (1.6, 2.0, S.APPROVED),
}


def create_demo_data(stdout=None) -> None:
    """Creates the demo rounds and assessments; safe to run again (existing ones are kept)."""
    framework = Framework.objects.filter(is_current=True).first()
    if framework is None or not assessed_statements(framework).exists():
        if stdout:
            stdout.write("  No current framework: run `manage.py load_reference_data` first.")
        return
    last, current = _rounds(framework)
    statements = list(assessed_statements(framework))
    created = 0
    for council in Council.objects.exclude(kind=Council.Kind.COMBINED_AUTHORITY):
        base_last, base_now, status_now = PROFILES.get(council.slug, _profile(council))
        if council.slug == ONLY_IN_2024_25:
            continue
        created += _assessment(council, last, statements, base_last, S.APPROVED)
        if status_now is not None:
            created += _assessment(council, current, statements, base_now, status_now)
    _more_time_for_trafford(current)
    _views_apart_in_stockport(current, statements)
    _key_areas_for_colleagues_in_stockport(current, statements)
    _things_to_check_in_stockport(current)
    _returns_partly_evidenced(current)
    created += _round_on_nps_2018(last)
    regard_records_in_stockport(current)
    if stdout:
        on_nps_2018 = Round.objects.filter(slug="2024-25").exists()
        earlier = "2024/25 (closed, on NPS 2018), " if on_nps_2018 else ""
        rounds = f"Rounds {earlier}{last} (closed) and {current} (open)"
        stdout.write(f"  {rounds}; {created} new assessments")


# 2024/25 was answered on NPS 2018: these councils took part whatever their luck of the draw, so
# their dashboards compare versions; about 60% of the others did too.
IN_2024_25 = {"stockport", "trafford", "rochdale", "manchester", "salford"}
# Took part in 2024/25 only, and has not started 2026/27: its officer starts it from its NPS 2018
# answers, carried across through the mapping.
ONLY_IN_2024_25 = "salford"


def _round_on_nps_2018(following: Round) -> int:
    """A closed 2024/25 round on NPS 2018 (once that framework is loaded), with approved
    assessments for about 60% of councils; the number of new assessments."""
    framework = Framework.objects.filter(name="NPS 2018").first()
    if framework is None or not assessed_statements(framework).exists():
        return 0
    round = _round_2024_25(framework, following)
    statements = list(assessed_statements(framework))
    created = 0
    for council in Council.objects.exclude(kind=Council.Kind.COMBINED_AUTHORITY):
        if not _took_part_in_2024_25(council):
            continue
        base = PROFILES.get(council.slug, _profile(council))[0] - 0.4
        created += _assessment(council, round, statements, max(1.2, base), S.APPROVED)
    _open_actions_in_salford(round)
    return created


def _round_2024_25(framework, following: Round) -> Round:
    closes = following.opens_on - datetime.timedelta(days=185)
    round, _ = Round.objects.update_or_create(
        slug="2024-25",
        defaults={
            "name": "2024/25",
            "framework": framework,
            "opens_on": closes - datetime.timedelta(days=150),
            "closes_on": closes,
            "closed_at": timezone.make_aware(
                datetime.datetime.combine(closes + datetime.timedelta(days=1), datetime.time(9))
            ),
        },
    )
    return round


def _took_part_in_2024_25(council) -> bool:
    rng = random.Random(f"2024-25{council.gss_code}")  # nosec B311 # demo figures
    return council.slug in IN_2024_25 or rng.random() < 0.6


def _open_actions_in_salford(round) -> None:
    """Salford's 2024/25 answers have improvement actions, some still open, to carry across."""
    assessment = Assessment.objects.filter(council__slug=ONLY_IN_2024_25, round=round).first()
    if assessment is None or Action.objects.filter(answer__assessment=assessment).exists():
        return
    _actions(assessment, random.Random("salford-actions"))  # nosec B311 # demo figures


def _more_time_for_trafford(round) -> None:
    """LGA staff gave Trafford three more weeks, so its officers see their own closing date."""
    trafford = Council.objects.filter(slug="trafford").first()
    if trafford:
        RoundExtension.objects.update_or_create(
            round=round,
            council=trafford,
            defaults={
                "closes_on": round.closes_on + datetime.timedelta(days=21),
                "reason": "Its new head of procurement started in January.",
            },
        )


# Three colleagues' views of a statement, three levels apart: (email, level, comment, evidence).
VIEWS_APART = [
    (
        "officer@stockport.example.org",
        2,
        "Some contracts are managed well, but there is no council-wide approach yet.",
        "Contract management toolkit (draft), March 2026.",
    ),
    (
        "lead@stockport.example.org",
        1,
        "Most contract managers have had no training, and nobody checks performance.",
        "",
    ),
    (
        "contributor@stockport.example.org",
        4,
        "Adult social care contracts have quarterly reviews with suppliers and published KPIs.",
        "Adult social care contract review minutes, 2026.",
    ),
]
# Until another account joins the demo, the deputy head gives the third view.
STAND_IN = "deputy@stockport.example.org"


def _views_apart_in_stockport(round, statements) -> None:
    """Stockport's draft has a key area, not yet agreed, whose views are three levels apart."""
    assessment = Assessment.objects.filter(council__slug="stockport", round=round).first()
    if assessment is None:
        return
    rated = set(assessment.answers.values_list("statement_id", flat=True))
    statement = next((s for s in statements if s.pk not in rated), None)
    if statement is None:
        return
    people = {m.user.email: m.user for m in assessment.council.memberships.select_related("user")}
    for email, level, comment, evidence in VIEWS_APART:
        person = people.get(email) or people.get(STAND_IN)
        if person is None:
            continue
        StatementView.objects.update_or_create(
            assessment=assessment,
            statement=statement,
            person=person,
            defaults={"level": level, "comment": comment, "evidence": evidence},
        )


def _key_areas_for_colleagues_in_stockport(round, statements) -> None:
    """Stockport's draft has key areas handed to colleagues: the contributor has two (one of
    them overdue), and an officer has marked theirs done for the head to review."""
    assessment = Assessment.objects.filter(council__slug="stockport", round=round).first()
    people = {m.user.email: m.user for m in Membership.objects.filter(council__slug="stockport")}
    if assessment is None or "contributor@stockport.example.org" not in people:
        return
    rated = set(assessment.answers.values_list("statement_id", flat=True))
    unrated = [s.key_area for s in statements if s.pk not in rated]
    key_areas = list(dict.fromkeys([*unrated, *(s.key_area for s in statements)]))[:3]
    today = timezone.localdate()
    plan = [
        ("contributor@stockport.example.org", 10, KeyAreaAssignment.State.IN_PROGRESS),
        ("contributor@stockport.example.org", -3, KeyAreaAssignment.State.ASSIGNED),
        ("officer@stockport.example.org", 5, KeyAreaAssignment.State.DONE),
    ]
    for key_area, (email, days, state) in zip(key_areas, plan, strict=False):
        KeyAreaAssignment.objects.get_or_create(
            assessment=assessment,
            key_area=key_area,
            assignee=people[email],
            defaults={
                "assigned_by": people.get("lead@stockport.example.org"),
                "due_on": today + datetime.timedelta(days=days),
                "state": state,
            },
        )


def _things_to_check_in_stockport(round) -> None:
    """Stockport's draft has things to look at before submitting: a Leader rating with no
    evidence, a target below its current level and an overdue action (once: kept if changed)."""
    assessment = Assessment.objects.filter(council__slug="stockport", round=round).first()
    what = "Publish the contract register on the council's website"
    if (
        assessment is None
        or Action.objects.filter(answer__assessment=assessment, what=what).exists()
    ):
        return
    answers = list(assessment.answers.filter(current_level__isnull=False)[:3])
    if len(answers) < 3:
        return
    leader, below, late = answers
    Answer.objects.filter(pk=leader.pk).update(current_level=4, evidence_text="")
    Answer.objects.filter(pk=below.pk).update(current_level=3, target_level=2)
    due = timezone.localdate() - datetime.timedelta(days=12)
    Action.objects.create(answer=late, what=what, owner="Category manager", due_on=due)


def _returns_partly_evidenced(round) -> None:
    """Submitted returns give evidence for some statements only, so LGA staff see the share vary."""
    for assessment in Assessment.objects.filter(round=round, status=S.SUBMITTED):
        answers = assessment.answers.order_by("statement__key_area__order", "statement__pk")
        if answers.filter(evidence_text="").exists():
            continue  # done before
        rng = random.Random(f"evidence{assessment.council.slug}")  # nosec B311 # demo figures
        every = rng.choice([2, 3, 4])
        unevidenced = [a.pk for i, a in enumerate(answers) if i % every == 0]
        Answer.objects.filter(pk__in=unevidenced).update(evidence_text="")


def _rounds(framework) -> tuple[Round, Round]:
    today = timezone.localdate()
    opens = min(datetime.date(2026, 10, 1), today - datetime.timedelta(days=30))
    closes = max(datetime.date(2027, 3, 31), today + datetime.timedelta(days=90))
    current, _ = Round.objects.update_or_create(
        slug="2026-27",
        defaults={
            "name": "2026/27",
            "framework": framework,
            "opens_on": opens,
            "closes_on": closes,
        },
    )
    last_closes = opens - datetime.timedelta(days=1)
    last, _ = Round.objects.update_or_create(
        slug="2025-26",
        defaults={
            "name": "2025/26",
            "framework": framework,
            "opens_on": last_closes - datetime.timedelta(days=180),
            "closes_on": last_closes,
            # LGA staff closed it the morning after its closing date.
            "closed_at": timezone.make_aware(
                datetime.datetime.combine(
                    last_closes + datetime.timedelta(days=1), datetime.time(9)
                )
            ),
        },
    )
    return last, current


def _profile(council) -> tuple[float, float, str | None]:
    """A steady made-up profile per council: most approved, some still to start."""
    rng = random.Random(council.gss_code)  # nosec B311 # made-up demo figures
    base = rng.uniform(1.5, 3.8)
    status = rng.choice([S.APPROVED, S.APPROVED, S.APPROVED, S.SUBMITTED, S.DRAFT, None])
    return base, min(4.5, base + rng.uniform(0, 0.7)), status


def _assessment(council, round, statements, base: float, status: str) -> int:
    if Assessment.objects.filter(council=council, round=round).exists():
        return 0
    people = {m.role: m.user for m in council.memberships.select_related("user")}
    officer, lead = people.get("officer"), people.get("lead")
    when = timezone.make_aware(datetime.datetime.combine(round.opens_on, datetime.time(10)))
    # Written directly rather than through services: these are past events, and the services
    # rightly refuse changes to closed rounds and send emails.
    assessment = Assessment.objects.create(
        council=council,
        round=round,
        status=status,
        created_by=officer,
        submitted_at=when + datetime.timedelta(days=40) if status != S.DRAFT else None,
        submitted_by=officer if status != S.DRAFT else None,
        approved_at=when + datetime.timedelta(days=50) if status == S.APPROVED else None,
        approved_by=lead if status == S.APPROVED else None,
    )
    rng = random.Random(f"{council.gss_code}{round.slug}")  # nosec B311 # demo figures
    rated = statements if status != S.DRAFT else statements[: len(statements) // 2]
    Answer.objects.bulk_create(
        [_answer(assessment, statement, base, rng, officer) for statement in rated]
    )
    if council.slug == "stockport":
        _actions(assessment, rng)
    return 1


def _answer(assessment, statement, base, rng, officer) -> Answer:
    level = max(1, min(5, round(base + rng.uniform(-1, 1))))
    return Answer(
        assessment=assessment,
        statement=statement,
        current_level=level,
        target_level=min(5, level + rng.choice([0, 1, 1, 2])),
        target_date=datetime.date(assessment.round.closes_on.year + 1, 3, 31),
        confidence=rng.choice(Answer.Confidence.values),
        evidence_text=f"{assessment.council} procurement board minutes and contract register.",
        version=1,
        updated_by=officer,
    )


def _actions(assessment, rng) -> None:
    owners = ["Head of procurement", "Category manager", "Social value lead"]
    for answer in assessment.answers.all()[:4]:
        Action.objects.create(
            answer=answer,
            what=f"Raise {answer.statement.key_area.name.lower()} to the target level",
            owner=rng.choice(owners),
            due_on=assessment.round.closes_on + datetime.timedelta(days=rng.randint(60, 300)),
            status=rng.choice(Action.Status.values),
        )
