"""Each key area's current and target level per assessment, summed and counted by the database.

The level is scoring.key_area_level done in SQL: one GROUP BY per page, whatever the number of
councils, never answer by answer in Python.
"""

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from assessments.models import Answer, KeyArea, Statement
from assessments.selectors import fetch


def level_from_totals(total: int | None, rated: int, expected: int) -> int | None:
    """The key-area level from summed statement levels: scoring.key_area_level, done in SQL."""
    if not expected or rated != expected or total is None:
        return None
    return total // rated


def target_from_totals(total: int | None, targeted: int) -> int | None:
    """A key area's target: the rounded-down mean of the targets set, or None when none is."""
    return total // targeted if targeted and total is not None else None


def expected_by_framework(framework_ids) -> dict[int, dict[int, int]]:
    """How many statements each key area asks (not retired, described at all five levels), by
    framework and key area id, in one query."""
    framework_ids = tuple(sorted(framework_ids))
    counts: dict[int, Counter] = defaultdict(Counter)
    for framework_id, key_area_id in fetch(expected_sql(framework_ids)) if framework_ids else []:
        counts[framework_id][key_area_id] += 1
    return {framework_id: dict(counts[framework_id]) for framework_id in framework_ids}


@functools.lru_cache(maxsize=64)
def expected_sql(framework_ids: tuple[int, ...]) -> tuple[str, tuple]:
    """expected_by_framework's SQL, compiled once per set of frameworks (see selectors.fetch)."""
    rows = (
        Statement.objects.filter(key_area__theme__framework__in=framework_ids, is_retired=False)
        .annotate(described=Count("descriptors", filter=~Q(descriptors__text="")))
        .filter(described=5)
        .values_list("key_area__theme__framework_id", "key_area_id")
    )
    return rows.query.sql_with_params()


def all_frameworks(by_framework: dict[int, dict[int, int]]) -> dict[int, int]:
    """expected_by_framework's counts in one dict by key area id (key area ids are unique)."""
    return {pk: n for expected in by_framework.values() for pk, n in expected.items()}


def expected_statements(framework_ids) -> dict[int, int]:
    """How many statements each key area of these frameworks asks, by key area id."""
    return all_frameworks(expected_by_framework(framework_ids))


@dataclass
class KeyAreaScore:
    """One assessment's figures for one key area."""

    key: str
    current: int | None
    target: int | None
    rated: int
    expected: int


def key_area_scores(assessments, expected=None) -> dict[int, dict[int, KeyAreaScore]]:
    """Each assessment's current and target level per key area, by assessment and key area id."""
    assessments = list(assessments)
    if expected is None:
        expected = expected_statements({a.round.framework_id for a in assessments})
    scores: dict[int, dict[int, KeyAreaScore]] = {a.pk: {} for a in assessments}
    if not scores or not expected:
        return scores
    rows = fetch(scores_sql(tuple(sorted(scores)), tuple(sorted(expected))))
    for assessment, key_area, key, total, rated, target_total, targeted in rows:
        scores[assessment][key_area] = KeyAreaScore(
            key,
            level_from_totals(total, rated, expected[key_area]),
            target_from_totals(target_total, targeted),
            rated,
            expected[key_area],
        )
    return scores


@functools.lru_cache(maxsize=1024)
def scores_sql(assessment_ids: tuple[int, ...], key_area_ids: tuple[int, ...]) -> tuple[str, tuple]:
    """key_area_scores' SQL (levels summed and counted per assessment and key area), compiled once
    per council's set of assessments (see selectors.fetch)."""
    rows = (
        Answer.objects.filter(assessment__in=assessment_ids)
        .filter(statement__key_area_id__in=key_area_ids, statement__is_retired=False)
        .values("assessment_id", "statement__key_area_id", "statement__key_area__key")
        .annotate(
            total=Sum("current_level"),
            rated=Count("current_level"),
            target_total=Sum("target_level"),
            targeted=Count("target_level"),
        )
        .order_by()
    )
    return rows.query.sql_with_params()


def assessed_key_areas(framework_id, expected=None) -> list[KeyArea]:
    """The key areas councils rate in a framework (`expected`: that framework's counts), in matrix
    order, with their theme."""
    if expected is None:
        expected = expected_statements([framework_id])
    # The expected counts' key areas are the framework's own: no join to check it again.
    return list(
        KeyArea.objects.filter(pk__in=list(expected))
        .select_related("theme")
        .order_by("theme__order", "order", "pk")
    )
