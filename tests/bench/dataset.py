"""The benchmark's synthetic national dataset: councils marked as synthetic, rounds, every statement
answered, a few actions each, all bulk-created."""

import datetime
import random

from django.utils import timezone

from assessments.models import (
    Action,
    Answer,
    Assessment,
    Descriptor,
    Framework,
    KeyArea,
    Level,
    Round,
    Statement,
)
from assessments.selectors import assessed_statements
from npsportal.models import Council

STATUSES = ["approved"] * 7 + ["submitted", "draft", "returned"]


def pad_statements(framework, total: int) -> None:
    """Adds synthetic statements (marked so) to the key areas in turn until `total` are asked."""
    have = assessed_statements(framework).count()
    key_areas = list(KeyArea.objects.filter(theme__framework=framework, theme__kind="theme"))
    added = Statement.objects.bulk_create(
        Statement(
            key_area=key_areas[n % len(key_areas)],
            code=f"SYN{n + 1}",
            text=f"Synthetic statement {n + 1}, for benchmarks only",
            order=100 + n,
        )
        for n in range(max(0, total - have))
    )
    Descriptor.objects.bulk_create(
        Descriptor(statement=s, level=level, text=f"Synthetic descriptor of {s.code} at {label}.")
        for s in added
        for level, label in Level.choices
    )


def build_dataset(councils: int, rounds: int, statements: int = 0, seed: int = 2026) -> dict:
    """Synthetic councils (marked so by name and an E99 code) with every statement answered."""
    rng = random.Random(seed)  # nosec B311 # synthetic benchmark data, repeatable by seed
    framework = Framework.objects.get(is_current=True)
    pad_statements(framework, statements)
    statements = list(assessed_statements(framework))
    kinds, regions = Council.Kind.values, Council.Region.values
    created = Council.objects.bulk_create(
        Council(
            name=f"Synthetic council {i:03d}",
            slug=f"synthetic-{i:03d}",
            gss_code=f"E99{i:06d}",
            kind=kinds[i % len(kinds)],
            region=regions[i % len(regions)],
        )
        for i in range(1, councils + 1)
    )
    today = timezone.localdate()
    round_objects = [
        Round.objects.create(
            name=f"{today.year - rounds + 1 + r}/{(today.year - rounds + 2 + r) % 100:02d}",
            slug=f"{today.year - rounds + 1 + r}-{(today.year - rounds + 2 + r) % 100:02d}",
            framework=framework,
            opens_on=today - datetime.timedelta(days=30 + 365 * (rounds - 1 - r)),
            closes_on=today + datetime.timedelta(days=60 - 365 * (rounds - 1 - r)),
        )
        for r in range(rounds)
    ]
    for number, round in enumerate(round_objects):
        latest = number == rounds - 1
        statuses = [rng.choice(STATUSES) if latest else "approved" for _ in created]
        assessments = Assessment.objects.bulk_create(
            Assessment(
                council=c,
                round=round,
                status=status,
                approved_at=timezone.now() if status == "approved" else None,
            )
            for c, status in zip(created, statuses, strict=True)
        )
        answer_rows(rng, assessments, statements, number)
    return {"councils": created, "rounds": round_objects, "statements": len(statements)}


def answer_rows(rng, assessments, statements, step) -> None:
    """Every statement answered, levels drifting up a little each round; a few actions each."""
    answers = Answer.objects.bulk_create(
        (
            Answer(
                assessment=a,
                statement=s,
                current_level=min(5, max(1, rng.randint(1, 3) + step * rng.randint(0, 1))),
                target_level=rng.randint(3, 5),
                evidence_text="=Synthetic evidence, marked as such." if s.order == 1 else "",
            )
            for a in assessments
            for s in statements
        ),
        batch_size=5000,
    )
    today = timezone.localdate()
    Action.objects.bulk_create(
        (
            Action(
                answer=answer,
                what="Synthetic action",
                owner=rng.choice(["Head of procurement", "Finance", "Legal"]),
                due_on=today + datetime.timedelta(days=rng.randint(-60, 200)),
                status=rng.choice(Action.Status.values),
            )
            for answer in answers[:: max(1, len(statements) // 3)]
        ),
        batch_size=5000,
    )
