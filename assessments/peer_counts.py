"""How many approved assessments of a round are at each level per key area, by peer group.

Counted by the database and cached under a fingerprint of the round's approved assessments
(docs/decisions/0004): every council of a group reads the same figures, never stale.
"""

import functools
from collections import Counter, defaultdict

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, QuerySet, Sum

from assessments.key_area_scores import KeyAreaScore
from assessments.models import Answer, Assessment
from assessments.selectors import fetch

# Peer counts are keyed by the round's approved_version, so this only bounds the memory they hold.
PEER_CACHE_SECONDS = 60 * 60


def level_counts(answers: QuerySet[Answer], expected: dict[int, int]) -> dict[int, Counter]:
    """How many assessments are at each level per key area, counted by the database.

    The inner GROUP BY sums each assessment's key area; the outer one counts assessments per
    key area and level (the rounded-down mean: integer division on both databases), so only a
    few dozen rows come back however many councils there are.
    """
    inner = (
        answers.filter(statement__key_area_id__in=list(expected), statement__is_retired=False)
        .values("assessment_id", "statement__key_area_id")
        .annotate(total=Sum("current_level"), rated=Count("current_level"))
        .values_list("statement__key_area_id", "total", "rated")
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    columns = '"statement__key_area_id", "total" / NULLIF("rated", 0), "rated", COUNT(*)'
    # Django compiled `sql` itself, its values left as parameters: nothing a user typed is in it.
    # (A bare nosec: bandit warns about `nosec B608` on f-strings, PyCQA/bandit#1204.)
    query = f"SELECT {columns} FROM ({sql}) AS per_assessment GROUP BY 1, 2, 3"  # nosec
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    counts: dict[int, Counter] = defaultdict(Counter)
    for key_area, level, rated, assessments in rows:
        if level is not None and rated == expected.get(key_area):
            counts[key_area][level] += assessments
    return counts


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
    """level_counts of each group's approved assessments in the round, by group label; a group is
    a filter on the council, such as {"kind": "unitary"} ({} for all England).

    Every council of a group reads the same figures, and they change only when an assessment is
    approved, so they are cached under the round's approved_version: a stale figure is never read,
    and scanning every approved answer (most of the dashboard's time) happens once per change.
    """
    fingerprint = hash(tuple(sorted(expected.items())))  # the framework's shape, stable for ints
    filters = "|".join(
        "-".join(f"{name}={value}" for name, value in sorted(council.items())) or "all"
        for council in groups.values()
    )
    key = f"peer-counts:{round_id}:{filters}:{fingerprint}:{approved_version(round_id)}"

    def count_groups():
        answers = Answer.objects.filter(assessment__in=approved_in_round(round_id))
        return {
            label: level_counts(
                answers.filter(**{f"assessment__council__{k}": v for k, v in council.items()}),
                expected,
            )
            for label, council in groups.items()
        }

    return cache.get_or_set(key, count_groups, PEER_CACHE_SECONDS)


def without_own(counts: dict[int, Counter], own: dict[int, KeyAreaScore]) -> dict[int, Counter]:
    """Peer counts less the council's own approved levels: its peers are the other councils."""
    peers_only: dict[int, Counter] = defaultdict(Counter)
    peers_only.update((key_area, Counter(levels)) for key_area, levels in counts.items())
    for key_area, score in own.items():
        if score.current is not None and peers_only.get(key_area, {}).get(score.current):
            peers_only[key_area][score.current] -= 1
    return peers_only
