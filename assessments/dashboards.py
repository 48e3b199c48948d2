"""Reads behind the council dashboard and the PDF report, aggregated in SQL (GROUP BY).

Each function runs a fixed number of queries whatever the number of councils: levels are summed
and counted per assessment and key area by the database, never answer by answer in Python.
"""

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet, Sum

from assessments import action_plans, charts, peers
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


@dataclass
class KeyAreaLine:
    """A key area's row on the dashboard: current and target, and the move since last round."""

    key_area: KeyArea
    current: int | None
    target: int | None
    trend: peers.Trend
    in_progress: int | None = None

    @property
    def current_name(self) -> str:
        return peers.level_name(self.current)

    @property
    def in_progress_name(self) -> str:
        return peers.level_name(self.in_progress)

    @property
    def target_name(self) -> str:
        return peers.level_name(self.target) if self.target else "No target set"

    # A table cell's figure and name in one ("3 Mature", "– Not assessed"): one template variable
    # in place of two and a filter, thirty times a dashboard.
    @property
    def current_words(self) -> str:
        return figure_and_name(self.current, self.current_name)

    @property
    def target_words(self) -> str:
        return figure_and_name(self.target, self.target_name)


def figure_and_name(level: int | None, name: str) -> str:
    """A level as a table shows it: the figure (a dash for none), then its name."""
    return f"{'–' if level is None else level} {name}"


def council_assessments(council: Council) -> list[Assessment]:
    """The council's assessments, newest round first."""
    assessments = list(
        Assessment.objects.filter(council=council)
        .select_related("round")
        .order_by("-round__opens_on")
    )
    for assessment in assessments:
        assessment.council = council  # known already: no join to read it again
    return assessments


def pick_assessments(assessments: list[Assessment]) -> tuple[Assessment | None, Assessment | None]:
    """The latest approved assessment, and a newer one still in progress (draft to submitted)."""
    approved = next((a for a in assessments if a.status == Assessment.Status.APPROVED), None)
    newer = assessments[: assessments.index(approved)] if approved else assessments
    return approved, (newer[0] if newer else None)


def previous_approved(assessments: list[Assessment], assessment: Assessment) -> Assessment | None:
    """The approved assessment of the round before this assessment's, if any."""
    older = assessments[assessments.index(assessment) + 1 :]
    return next((a for a in older if a.status == Assessment.Status.APPROVED), None)


def key_area_lines(
    key_areas: list[KeyArea], scores: dict, shown, previous, in_progress
) -> list[KeyAreaLine]:
    """One line per key area: the shown assessment's levels, last round's and the newer draft's."""
    now = scores.get(shown.pk, {}) if shown else {}
    before = by_key(scores.get(previous.pk, {})) if previous else {}
    draft = {s.key: s for s in scores.get(in_progress.pk, {}).values()} if in_progress else {}
    lines = []
    for key_area in key_areas:
        score, draft_score = now.get(key_area.pk), draft.get(key_area.key)
        current = score.current if score else None
        lines.append(
            KeyAreaLine(
                key_area,
                current,
                score.target if score else None,
                peers.trend(before.get(key_area.key), current),
                draft_score.current if draft_score else None,
            )
        )
    return lines


def by_key(scores: dict) -> dict[str, int | None]:
    """An assessment's levels by key-area key, so that rounds on other frameworks still match."""
    return {score.key: score.current for score in scores.values()}


def group_by_theme(lines: list[KeyAreaLine]) -> list[tuple[str, list[KeyAreaLine]]]:
    """Lines under their theme's name, in matrix order."""
    groups: dict[str, list[KeyAreaLine]] = {}
    for line in lines:
        groups.setdefault(line.key_area.theme.name, []).append(line)
    return list(groups.items())


@dataclass
class Completeness:
    """How much of an assessment is rated."""

    rated: int
    expected: int
    key_areas_complete: int
    key_areas: int

    @property
    def percent(self) -> int:
        return round(100 * self.rated / self.expected) if self.expected else 0


def completeness(scores: dict[int, KeyAreaScore], expected: dict[int, int]) -> Completeness:
    """Statements rated out of those asked, and key areas with every statement rated."""
    rated = sum(min(s.rated, expected.get(pk, 0)) for pk, s in scores.items())
    complete = sum(1 for pk, s in scores.items() if expected.get(pk) and s.rated == expected[pk])
    return Completeness(rated, sum(expected.values()), complete, len(expected))


@dataclass
class TrendTable:
    """Each key area's level in every approved round, oldest first, and the latest move."""

    rounds: list[str]
    rows: list[tuple[str, list[str], peers.Trend]]


def trend_table(key_areas: list[KeyArea], approved: list[Assessment], scores: dict) -> TrendTable:
    """Key areas matched across rounds by their stable key."""
    oldest_first = list(reversed(approved))
    levels = [by_key(scores.get(a.pk, {})) for a in oldest_first]
    rows = []
    for key_area in key_areas:
        series = [round_levels.get(key_area.key) for round_levels in levels]
        previous = series[-2] if len(series) > 1 else None
        moved = peers.trend(previous, series[-1] if series else None)
        rows.append((key_area.name, [peers.level_name(v) for v in series], moved))
    return TrendTable([a.round.name for a in oldest_first], rows)


@dataclass
class PeerLine:
    """A key area's level beside the spread of each peer group."""

    key_area: KeyArea
    own: int | None
    groups: list[peers.PeerGroup]

    @property
    def own_name(self) -> str:
        return peers.level_name(self.own)

    @property
    def own_words(self) -> str:
        return figure_and_name(self.own, self.own_name)


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


def councils_like_mine(
    assessment: Assessment,
    key_areas: list[KeyArea],
    own: dict[int, KeyAreaScore],
    expected: dict[int, int],
) -> tuple[list[PeerLine], list[tuple[str, int, str]]]:
    """Per key area, the council's level beside councils of its kind, its region and England."""
    council = assessment.council
    groups = {
        f"Same kind ({council.get_kind_display()})": {"kind": council.kind},
        f"Same region ({council.get_region_display()})": {"region": council.region},
        "All England": {},
    }
    # The council's own approved levels are in the round's counts; a draft's are not.
    is_counted = assessment.status == Assessment.Status.APPROVED
    counts = {
        label: without_own(group_counts, own if is_counted else {})
        for label, group_counts in peer_group_counts(assessment.round_id, expected, groups).items()
    }
    lines = [
        PeerLine(
            ka,
            own[ka.pk].current if ka.pk in own else None,
            [peers.peer_group(label, counts[label][ka.pk].elements()) for label in groups],
        )
        for ka in key_areas
    ]
    sizes = {label: max((c.total() for c in counts[label].values()), default=0) for label in groups}
    notes = [(label, n, peers.hidden_reason(n)) for label, n in sizes.items()]
    return lines, notes


@dataclass
class CouncilDashboard:
    """Everything the council dashboard and the PDF report show about one council."""

    council: Council
    shown: Assessment | None
    in_progress: Assessment | None
    themes: list[tuple[str, list[KeyAreaLine]]]
    radar: charts.Chart | None
    trend: TrendTable
    actions: action_plans.ActionPlan
    completeness: Completeness | None
    peer_lines: list[PeerLine]
    peer_notes: list[tuple[str, int, str]]

    @property
    def levels_by_key_area(self) -> dict[int, int]:
        return {x.key_area.pk: x.current for _, xs in self.themes for x in xs if x.current}


def radar_for(council: Council, assessment: Assessment, lines: list[KeyAreaLine]) -> charts.Chart:
    """The radar of one assessment's current against target levels."""
    title = f"{council.name}, {assessment.round.name} ({assessment.get_status_display().lower()})"
    return charts.radar_chart(
        [line.key_area.name for line in lines],
        [line.current for line in lines],
        [line.target for line in lines],
        title=f"{title}: current and target level by key area",
    )


def council_dashboard(council: Council, shown: Assessment | None = None) -> CouncilDashboard:
    """The council's dashboard: its latest approved assessment and any newer one in progress.

    Given `shown` (the PDF report), only that assessment and the approved ones before it count.
    """
    assessments = council_assessments(council)
    approved, in_progress = pick_assessments(assessments)
    if shown is not None:
        assessments, in_progress = assessments[assessments.index(shown) :], None
    shown = shown or approved or in_progress
    if shown is in_progress:
        in_progress = None  # nothing approved yet: the draft is the main column
    approved_all = [a for a in assessments if a.status == Assessment.Status.APPROVED]
    scored = {*approved_all, *filter(None, [shown, in_progress])}
    by_framework = expected_by_framework({a.round.framework_id for a in scored})
    scores = key_area_scores(scored, all_frameworks(by_framework))
    expected = by_framework[shown.round.framework_id] if shown else {}
    key_areas = assessed_key_areas(shown.round.framework_id, expected) if shown else []
    lines = key_area_lines(
        key_areas, scores, shown, shown and previous_approved(assessments, shown), in_progress
    )
    draft = in_progress or (shown if shown and shown.status != Assessment.Status.APPROVED else None)
    peer_lines, peer_notes = (
        councils_like_mine(shown, key_areas, scores[shown.pk], expected) if shown else ([], [])
    )
    return CouncilDashboard(
        council,
        shown,
        in_progress,
        group_by_theme(lines),
        radar_for(council, shown, lines) if shown else None,
        trend_table(key_areas, approved_all, scores),
        action_plans.action_plan(in_progress or shown),
        draft and completeness(scores[draft.pk], by_framework[draft.round.framework_id]),
        peer_lines,
        peer_notes,
    )
