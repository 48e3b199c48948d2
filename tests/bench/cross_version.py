"""The national cross-version comparison at the benchmark's scale (issue 17): an earlier round on
another framework, approved by every synthetic council and joined to the current framework by a
mapping, so the national picture's "change between rounds" goes through the mapping."""

import datetime
import random

from django.utils import timezone

from assessments.models import (
    Answer,
    Assessment,
    Descriptor,
    Framework,
    KeyArea,
    Level,
    Mapping,
    MappingLink,
    Round,
    Statement,
    Theme,
)
from assessments.selectors import assessed_statements


def copy_framework(current: Framework) -> dict[int, Statement]:
    """A synthetic earlier version of the framework, statement for statement (marked so), and
    each copied statement by the current statement's id."""
    earlier = Framework.objects.create(
        name="Synthetic NPS 2018", slug="synthetic-nps-2018", year=2018
    )
    copies = {}
    for theme in Theme.objects.filter(framework=current).prefetch_related("key_areas"):
        theme_copy = Theme.objects.create(
            framework=earlier, key=theme.key, name=theme.name, kind=theme.kind, order=theme.order
        )
        for key_area in theme.key_areas.all():
            key_area_copy = KeyArea.objects.create(
                theme=theme_copy, key=key_area.key, name=key_area.name, order=key_area.order
            )
            for statement in assessed_statements(current).filter(key_area=key_area):
                copies[statement.pk] = Statement(
                    key_area=key_area_copy, code=statement.code, order=statement.order
                )
    Statement.objects.bulk_create(copies.values())
    Descriptor.objects.bulk_create(
        Descriptor(statement=s, level=level, text=f"Synthetic descriptor at {label}.")
        for s in copies.values()
        for level, label in Level.choices
    )
    return copies


def add_earlier_version(councils, latest: Round, seed: int = 2018) -> Round:
    """A round on a synthetic earlier version, just before `latest`, approved by every council;
    mapped "the same as" statement by statement, every third "part of", the last key area not."""
    rng = random.Random(seed)  # nosec B311 # synthetic benchmark data, repeatable by seed
    copies = copy_framework(latest.framework)
    earlier = Framework.objects.get(slug="synthetic-nps-2018")
    key_areas = dict(assessed_statements(latest.framework).values_list("pk", "key_area_id"))
    last_key_area = max(key_areas.values())
    mapping = Mapping.objects.create(source=earlier, target=latest.framework, is_draft=True)
    MappingLink.objects.bulk_create(
        MappingLink(
            mapping=mapping,
            source=copy,
            target_id=target_id,
            relation="part_of" if n % 3 == 2 else "same",
        )
        for n, (target_id, copy) in enumerate(copies.items())
        if key_areas[target_id] != last_key_area
    )
    round = Round.objects.create(
        name="Synthetic 2018",
        slug="synthetic-2018",
        framework=earlier,
        opens_on=latest.opens_on - datetime.timedelta(days=20),
        closes_on=latest.opens_on - datetime.timedelta(days=1),
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(council=c, round=round, status="approved", approved_at=timezone.now())
        for c in councils
    )
    Answer.objects.bulk_create(
        (
            Answer(assessment=a, statement=s, current_level=rng.randint(1, 4))
            for a in assessments
            for s in copies.values()
        ),
        batch_size=5000,
    )
    return round
