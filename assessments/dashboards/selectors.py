"""The dashboards' reads, aggregated by the database: each key area's level per assessment, and
how many approved assessments of a round are at each level, by peer group.

A key area's level is scoring.key_area_level done in SQL: one GROUP BY per page, whatever the
number of councils, never answer by answer in Python. Peer counts are cached under a fingerprint
of the round's approved assessments (docs/decisions/0004): every council of a group reads the
same figures, never stale.
"""

import functools
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet, Sum

from assessments.models import Answer, Assessment, KeyArea, Statement
from assessments.selectors import fetch
from npsportal.models import Council

# Peer counts are keyed by the round's approved_version, so this only bounds the memory they hold.
PEER_CACHE_SECONDS = 60 * 60


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


@dataclass(kw_only=True)
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
            key=key,
            current=level_from_totals(total, rated, expected[key_area]),
            target=target_from_totals(target_total, targeted),
            rated=rated,
            expected=expected[key_area],
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


# The council fields that peer groups and the national picture's filters are made of.
GROUP_FIELDS = ("kind", "region")
GroupCounts = dict[tuple[str, str], dict[int, Counter]]  # (kind, region): {key area: {level: n}}


def level_counts_by_group(answers: QuerySet[Answer], expected: dict[int, int]) -> GroupCounts:
    """How many assessments are at each level per key area, for each kind and region of council
    at once, counted by the database in one scan of the answers.

    The inner GROUP BY sums each assessment's key area; the outer one counts assessments per
    key area, level, kind and region (the rounded-down mean: integer division on both
    databases), so a few hundred rows come back however many councils there are.
    """
    council = [f"assessment__council__{field}" for field in GROUP_FIELDS]
    inner = (
        answers.filter(statement__key_area_id__in=list(expected), statement__is_retired=False)
        .values("assessment_id", "statement__key_area_id", *council)
        .annotate(total=Sum("current_level"), rated=Count("current_level"))
        .values_list("statement__key_area_id", "total", "rated", *council)
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    columns = '"statement__key_area_id", "total" / NULLIF("rated", 0), "rated", '
    columns += ", ".join(f'"{name}"' for name in council) + ", COUNT(*)"
    # Django compiled `sql` itself, its values left as parameters: nothing a user typed is in it.
    # (A bare nosec: bandit warns about `nosec B608` on f-strings, PyCQA/bandit#1204.)
    query = f"SELECT {columns} FROM ({sql}) AS per_assessment GROUP BY 1, 2, 3, 4, 5"  # nosec
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    counts: GroupCounts = {}
    for key_area, level, rated, kind, region, assessments in rows:
        if level is not None and rated == expected.get(key_area):
            group = counts.setdefault((kind, region), {})
            group.setdefault(key_area, Counter())[level] += assessments
    return counts


def counts_in(counts: GroupCounts, council: dict) -> dict[int, Counter]:
    """The level counts of the councils matching a filter on GROUP_FIELDS ({} for all)."""
    if unknown := set(council) - set(GROUP_FIELDS):
        raise ValueError(f"peer groups are by {', '.join(GROUP_FIELDS)}, not {unknown}")
    found: dict[int, Counter] = defaultdict(Counter)
    for cell, by_key_area in counts.items():
        if all(
            council.get(field, value) == value
            for field, value in zip(GROUP_FIELDS, cell, strict=True)
        ):
            for key_area, levels in by_key_area.items():
                found[key_area].update(levels)
    return found


def approved_in_round(round_id: int):
    """Approved assessments of a round."""
    return Assessment.objects.filter(round_id=round_id, status=Assessment.Status.APPROVED)


def approved_version(round_id: int) -> str:
    """A fingerprint that changes whenever an approved assessment of the round is added, changed
    or withdrawn (approved answers are locked, so the assessment row is what moves)."""
    rows = fetch(approved_version_sql(round_id))  # one row, or none when nothing is approved
    count, ids, at = rows[0] if rows else (0, None, None)
    # SQLite gives the time as text, PostgreSQL as a datetime: either way, no space in a cache key.
    return f"{count}-{ids}-{at}".replace(" ", "T")


@functools.lru_cache(maxsize=64)
def approved_version_sql(round_id: int) -> tuple[str, tuple]:
    """approved_version's SQL, compiled once per round (see selectors.fetch)."""
    found = approved_in_round(round_id).values("round_id").order_by()
    found = found.annotate(n=Count("pk"), ids=Sum("pk"), at=Max("updated_at"))
    return found.values_list("n", "ids", "at").query.sql_with_params()


def peer_group_counts(
    round_id: int, expected: dict[int, int], groups: dict[str, dict]
) -> dict[str, dict[int, Counter]]:
    """The level counts of each group's approved assessments in the round, by group label; a
    group is a filter on the council's kind and region, such as {"kind": "unitary"} ({} for all
    England).

    Every council reads the same figures, and they change only when an assessment is approved,
    so the round's counts for every kind and region are read in one scan and cached under the
    round's approved_version: a stale figure is never read, and scanning every approved answer
    (most of the dashboard's time) happens once per change, for all of a round's dashboards,
    reports and national filters.
    """
    shape = hash(tuple(sorted(expected.items())))  # the framework's shape, stable for ints
    # A council moving region or kind moves it between groups: councils_version sees that.
    versions = f"{approved_version(round_id)}:{councils_version()}"
    answers = Answer.objects.filter(assessment__in=approved_in_round(round_id))
    counts = cache.get_or_set(
        f"peer-counts:{round_id}:{shape}:{versions}",
        lambda: level_counts_by_group(answers, expected),
        PEER_CACHE_SECONDS,
    )
    return {label: counts_in(counts, council) for label, council in groups.items()}


def fingerprint(*parts) -> str:
    """A short digest of the values a cached page was drawn from."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def councils_version() -> str:
    """A fingerprint of councils' kinds and regions: peer groups and national filters use them."""
    return fingerprint(fetch(councils_version_sql()))


@functools.lru_cache(maxsize=1)
def councils_version_sql() -> tuple[str, tuple]:
    rows = Council.objects.values("kind", "region").annotate(n=Count("pk"), ids=Sum("pk"))
    return (
        rows.values_list("kind", "region", "n", "ids")
        .order_by("kind", "region")
        .query.sql_with_params()
    )
