"""Councils with rated assessments in bulk, for the dashboards' and reports' tests."""

import datetime

from django.utils import timezone

from assessments.models import Answer, Assessment
from assessments.selectors import assessed_statements
from npsportal.models import Council
from tests.assessments.factories import AssessmentFactory, RoundFactory, small_framework
from tests.factories import CouncilFactory


def rounds(framework=None, count=2):
    """`count` rounds on one framework, oldest first, a year apart; the last one open."""
    framework = framework or small_framework(key_areas=3, statements=2)
    today = timezone.localdate()
    return [
        RoundFactory(
            name=f"{2026 - count + 1 + i}/{(27 - count + 1 + i) % 100:02d}",
            framework=framework,
            opens_on=today - datetime.timedelta(days=30 + 365 * (count - 1 - i)),
            closes_on=today + datetime.timedelta(days=60 - 365 * (count - 1 - i)),
        )
        for i in range(count)
    ]


def rated(council, round, level=3, target=None, status=Assessment.Status.APPROVED, **levels):
    """The council's assessment in the round with every statement rated (bulk-created).

    `levels` maps a key area's name (with spaces as underscores) to its level, overriding `level`.
    """
    extra = {"approved_at": timezone.now()} if status == Assessment.Status.APPROVED else {}
    assessment = AssessmentFactory(council=council, round=round, status=status, **extra)
    Answer.objects.bulk_create(
        Answer(
            assessment=assessment,
            statement=statement,
            current_level=levels.get(statement.key_area.name.replace(" ", "_"), level),
            target_level=target,
        )
        for statement in assessed_statements(round.framework)
    )
    return assessment


def peers(count, round, level=3, **council_fields):
    """`count` other councils (metropolitan districts in the North West) approved at `level`."""
    fields = {
        "kind": Council.Kind.METROPOLITAN_DISTRICT,
        "region": Council.Region.NORTH_WEST,
    } | council_fields
    return [rated(CouncilFactory(**fields), round, level) for _ in range(count)]
