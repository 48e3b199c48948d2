"""The council dashboard and the PDF report's figures: lines per key area, trend and peers.

A fixed number of queries whatever the number of councils: levels are summed and counted per
assessment and key area by the database (key_area_scores, peer_counts), never answer by answer.
"""

from dataclasses import dataclass

from assessments import action_plans, charts, peers
from assessments.key_area_scores import (
    KeyAreaScore,
    all_frameworks,
    assessed_key_areas,
    expected_by_framework,
    key_area_scores,
)
from assessments.models import Assessment, KeyArea
from assessments.peer_counts import peer_group_counts, without_own
from npsportal.models import Council


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
