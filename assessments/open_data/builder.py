"""A round's open dataset: approved councils at each level of each key area, by kind of council
and region, every group of fewer than five left blank by the dashboards' own rule.

Aggregated by the database: a fixed number of queries whatever the number of councils.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Sum

from assessments.dashboards import peers
from assessments.dashboards.exports import safe_row
from assessments.dashboards.selectors import (
    approved_in_round,
    assessed_key_areas,
    expected_statements,
    level_from_totals,
)
from assessments.models import Answer, Level, Round
from npsportal.models import Council

# Column name: (Frictionless type, title, description). The order is the CSV's.
FIELDS = {
    "round": ("string", "Round", "The assessment round, such as 2025/26."),
    "framework": ("string", "Framework", "The maturity matrix the round used."),
    "theme": ("string", "Theme", "The theme of the matrix the key area belongs to."),
    "key_area": ("string", "Key area", "The key area of the matrix, by name."),
    "key_area_key": (
        "string",
        "Key area identifier",
        "A stable identifier of the key area, kept when its name changes.",
    ),
    "council_kind": ("string", "Kind of council", "County council, London borough and so on."),
    "region": ("string", "Region", "The English region of the councils in the group."),
    "level": ("integer", "Level", "The maturity level, from 1 (Minimum) to 5 (Innovator)."),
    "level_name": ("string", "Level name", "The maturity level's name."),
    "councils": (
        "integer",
        "Councils at this level",
        "Number of councils of the group whose approved self-assessment puts the key area at "
        "this level. Blank when the group is suppressed.",
    ),
    "councils_in_group": (
        "integer",
        "Councils in the group",
        "Number of councils of this kind in this region with an approved self-assessment rating "
        "every statement of the key area. Blank when the group is suppressed.",
    ),
    "share_of_group_percent": (
        "number",
        "Share of the group (%)",
        "Councils at this level as a percentage of the councils in the group, to one decimal "
        "place. Blank when the group is suppressed.",
    ),
    "suppressed": (
        "boolean",
        "Suppressed",
        f"true when fewer than {peers.MIN_PEER_GROUP} councils are in the group: its figures are "
        "left blank so that no council can be identified.",
    ),
}
HEADER = list(FIELDS)
LEVELS = [(level, label) for level, label in Level.choices]


@dataclass(kw_only=True)
class Dataset:
    """The rows of a round's open dataset, and how many of them are suppressed."""

    round: Round
    rows: list[list]
    groups: int  # key area × kind × region
    empty_groups: int  # suppressed: no council of the group has an approved assessment
    small_groups: int  # suppressed: one to four councils

    header = HEADER
    FIGURES = 3  # the suppressed cells of each suppressed row

    @property
    def suppressed_groups(self) -> int:
        return self.empty_groups + self.small_groups

    @property
    def suppressed_rows(self) -> int:
        return self.suppressed_groups * len(LEVELS)

    @property
    def suppressed_cells(self) -> int:
        return self.suppressed_rows * self.FIGURES


def groups_of_councils() -> list[tuple[str, str]]:
    """Every (kind, region) pair some council has, in the order of the choices."""
    found = set(Council.objects.values_list("kind", "region").distinct().order_by())
    return [(k, r) for k in Council.Kind.values for r in Council.Region.values if (k, r) in found]


def group_levels(round: Round, expected: dict[int, int]) -> dict[tuple, Counter]:
    """Approved councils at each level, by (kind, region, key area id), counted in SQL: the inner
    GROUP BY sums each assessment's key area, the outer counts assessments per summed total."""
    inner = (
        Answer.objects.filter(
            assessment__in=approved_in_round(round.pk),
            statement__key_area_id__in=list(expected),
            statement__is_retired=False,
        )
        .values("assessment_id", "statement__key_area_id")
        .annotate(total=Sum("current_level"), rated=Count("current_level"))
        .values_list(
            "assessment__council__kind",
            "assessment__council__region",
            "statement__key_area_id",
            "total",
            "rated",
        )
        .order_by()
    )
    sql, params = inner.query.sql_with_params()
    # Django compiled `sql` itself, every value a parameter: nothing a user typed is in it.
    query = f"SELECT *, COUNT(*) FROM ({sql}) AS per_assessment GROUP BY 1, 2, 3, 4, 5"  # nosec
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        rows = cursor.fetchall()
    counts: dict[tuple, Counter] = defaultdict(Counter)
    for kind, region, key_area, total, rated, assessments in rows:
        level = level_from_totals(total, rated, expected.get(key_area, 0))
        if level is not None:  # the same rule as the dashboards: every statement rated
            counts[kind, region, key_area][level] += assessments
    return counts


def build_dataset(round: Round) -> Dataset:
    """The round's rows: key area × kind × region × level, groups under five suppressed."""
    expected = expected_statements([round.framework_id])
    counts = group_levels(round, expected)
    groups = groups_of_councils()
    kinds, regions = dict(Council.Kind.choices), dict(Council.Region.choices)
    rows, sizes = [], Counter()
    for key_area in assessed_key_areas(round.framework_id, expected):
        for kind, region in groups:
            found = counts.get((kind, region, key_area.pk), Counter())
            size = found.total()
            hidden = bool(peers.hidden_reason(size))  # the dashboards' rule, never a second one
            sizes["shown" if not hidden else "small" if size else "empty"] += 1
            first = [
                round.name,
                round.framework.name,
                key_area.theme.name,
                key_area.name,
                key_area.key,
                kinds[kind],
                regions[region],
            ]
            for level, name in LEVELS:
                figures = ["", "", ""] if hidden else _figures(found[level], size)
                rows.append(safe_row([*first, level, name, *figures, _bool(hidden)]))
    return Dataset(
        round=round,
        rows=rows,
        groups=sizes.total(),
        empty_groups=sizes["empty"],
        small_groups=sizes["small"],
    )


def _figures(councils: int, size: int) -> list:
    return [councils, size, round(100 * councils / size, 1)]


def _bool(value: bool) -> str:
    return "true" if value else "false"
