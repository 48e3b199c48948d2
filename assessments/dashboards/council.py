"""The council dashboard and the PDF report's figures, panel by panel: levels per key area, radar,
trend, action plan, completeness and peers.

A fixed number of queries whatever the number of councils: levels are summed and counted per
assessment and key area by the database (dashboards.selectors), never answer by answer.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from assessments.dashboards import across_versions, charts, peers
from assessments.dashboards.action_plans import ActionPlan, action_plan
from assessments.dashboards.selectors import (
    KeyAreaScore,
    all_frameworks,
    assessed_key_areas,
    expected_by_framework,
    fingerprint,
    key_area_scores,
    peer_group_counts,
)
from assessments.dashboards.versions import dashboard_stamp
from assessments.models import Assessment, KeyArea
from assessments.statement_views.selectors import KeyAreaAgreement, agreement_by_key_area
from npsportal.models import Council

APPROVED = Assessment.Status.APPROVED


@dataclass(frozen=True, kw_only=True)
class Picked:
    """The assessments a dashboard shows, from the council's assessments newest round first."""

    assessments: list[Assessment]
    shown: Assessment | None  # the main column
    in_progress: Assessment | None  # a newer one beside it, still being filled in

    @property
    def approved(self) -> list[Assessment]:
        return [a for a in self.assessments if a.status == APPROVED]

    @property
    def previous(self) -> Assessment | None:
        """The approved assessment of the round before the shown one's, if any."""
        if self.shown is None:
            return None
        older = self.assessments[self.assessments.index(self.shown) + 1 :]
        return next((a for a in older if a.status == APPROVED), None)

    @property
    def draft(self) -> Assessment | None:
        """The assessment still being filled in, whose completeness the page shows."""
        if self.in_progress is not None:
            return self.in_progress
        if self.shown is not None and self.shown.status != APPROVED:
            return self.shown
        return None


def council_assessments(council: Council) -> list[Assessment]:
    """The council's assessments, newest round first."""
    assessments = list(
        Assessment.objects.filter(council=council)
        .select_related("round__framework")
        .order_by("-round__opens_on")
    )
    for assessment in assessments:
        assessment.council = council  # known already: no join to read it again
    return assessments


def pick_assessments(assessments: list[Assessment], shown: Assessment | None = None) -> Picked:
    """The latest approved assessment and a newer one in progress (draft to submitted); with
    nothing approved, the newest is shown alone. Given `shown` (the PDF report), only it and the
    rounds before it count."""
    if shown is not None:
        rest = assessments[assessments.index(shown) :]
        return Picked(assessments=rest, shown=shown, in_progress=None)
    approved = next((a for a in assessments if a.status == APPROVED), None)
    newer = assessments[: assessments.index(approved)] if approved else assessments
    newest = newer[0] if newer else None
    if approved is None:
        return Picked(assessments=assessments, shown=newest, in_progress=None)
    return Picked(assessments=assessments, shown=approved, in_progress=newest)


@dataclass(frozen=True, kw_only=True)
class Figures:
    """What every panel is drawn from: each picked assessment's level per key area."""

    scores: dict[int, dict[int, KeyAreaScore]]  # by assessment id, then key area id
    expected: dict[int, dict[int, int]]  # statements asked per key area id, by framework id
    key_areas: list[KeyArea]  # the shown assessment's, in matrix order
    # Approved assessments on another framework, on the shown one's key areas through a mapping.
    projected: dict[int, dict[int, across_versions.Earlier]] = field(default_factory=dict)
    notes: list[across_versions.Note] = field(default_factory=list)  # the sentence saying so

    def of(self, assessment: Assessment | None) -> dict[int, KeyAreaScore]:
        return self.scores.get(assessment.pk, {}) if assessment else {}

    def earlier(self, assessment: Assessment | None) -> dict[int, across_versions.Earlier]:
        """An assessment's levels on the shown assessment's key areas (by id): through the
        mapping when on another framework, else matched by the key areas' stable keys."""
        if assessment is None:
            return {}
        if assessment.pk in self.projected:
            return self.projected[assessment.pk]
        keyed = by_key(self.of(assessment))
        return {ka.pk: across_versions.Earlier(level=keyed.get(ka.key)) for ka in self.key_areas}

    def expected_of(self, assessment: Assessment) -> dict[int, int]:
        return self.expected[assessment.round.framework_id]


def read_figures(picked: Picked) -> Figures:
    """The levels of every assessment the panels show, in three queries whatever their number."""
    scored = {*picked.approved, *filter(None, [picked.shown, picked.in_progress])}
    by_framework = expected_by_framework({a.round.framework_id for a in scored})
    shown = picked.shown
    figures = Figures(
        scores=key_area_scores(scored, all_frameworks(by_framework)),
        expected=by_framework,
        key_areas=(
            assessed_key_areas(shown.round.framework_id, by_framework[shown.round.framework_id])
            if shown
            else []
        ),
    )
    if shown is not None:
        project_other_frameworks(picked.approved, shown, figures)
    return figures


def project_other_frameworks(approved: list[Assessment], shown: Assessment, figures) -> None:
    """Approved assessments on another framework than the shown one's, shown on its key areas
    through the mapping, with the sentence saying so (those no mapping reaches keep matching
    key areas by their stable keys)."""
    others = [a for a in approved if a.round.framework_id != shown.round.framework_id]
    if not others:
        return
    levels = across_versions.statement_levels([a.pk for a in others])
    for framework in {a.round.framework for a in others}:
        mine = [a for a in others if a.round.framework == framework]
        projection = across_versions.project(
            {a.pk: levels[a.pk] for a in mine}, source=framework, target=shown.round.framework
        )
        if projection is None:
            continue
        figures.projected.update(projection.levels)
        figures.notes.extend(projection.note(a.round.name, figures.key_areas) for a in mine)


def figure_and_name(level: int | None, name: str) -> str:
    """A level as a table shows it: the figure (a dash for none), then its name."""
    return f"{'–' if level is None else level} {name}"


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


def by_key(scores: dict[int, KeyAreaScore]) -> dict[str, int | None]:
    """An assessment's levels by key-area key, so that rounds on other frameworks still match."""
    return {score.key: score.current for score in scores.values()}


def key_area_lines(picked: Picked, figures: Figures) -> list[KeyAreaLine]:
    """One line per key area: the shown assessment's levels, last round's and the newer draft's."""
    now, before = figures.of(picked.shown), figures.earlier(picked.previous)
    source = picked.previous.round.framework.name if picked.previous else ""
    draft = {score.key: score for score in figures.of(picked.in_progress).values()}
    lines = []
    for key_area in figures.key_areas:
        score, draft_score = now.get(key_area.pk), draft.get(key_area.key)
        current = score.current if score else None
        lines.append(
            KeyAreaLine(
                key_area=key_area,
                current=current,
                target=score.target if score else None,
                trend=across_versions.move(before.get(key_area.pk), current, source=source),
                in_progress=draft_score.current if draft_score else None,
            )
        )
    return lines


def group_by_theme(lines: list[KeyAreaLine]) -> list[tuple[str, list[KeyAreaLine]]]:
    """Lines under their theme's name, in matrix order."""
    groups: dict[str, list[KeyAreaLine]] = {}
    for line in lines:
        groups.setdefault(line.key_area.theme.name, []).append(line)
    return list(groups.items())


def radar(assessment: Assessment | None, lines: list[KeyAreaLine]) -> charts.Chart | None:
    """The radar of the shown assessment's current against target levels."""
    if assessment is None:
        return None
    status = assessment.get_status_display().lower()
    title = f"{assessment.council.name}, {assessment.round.name} ({status})"
    return charts.radar_chart(
        [line.key_area.name for line in lines],
        [line.current for line in lines],
        [line.target for line in lines],
        title=f"{title}: current and target level by key area",
    )


@dataclass(kw_only=True)
class TrendTable:
    """Each key area's level in every approved round, oldest first, and the latest move."""

    rounds: list[str]
    rows: list[tuple[str, list[str], peers.Trend]]
    # Where a round on another framework is shown through a mapping, the sentence saying so.
    notes: list[across_versions.Note] = field(default_factory=list)

    @property
    def draft_mapping(self) -> bool:
        return any(note.is_draft for note in self.notes)


def trend_table(approved: list[Assessment], figures: Figures) -> TrendTable:
    """Key areas matched across rounds by their stable key, or through the mapping for rounds
    on another framework."""
    oldest_first = list(reversed(approved))
    levels = [figures.earlier(a) for a in oldest_first]
    source = oldest_first[-2].round.framework.name if len(oldest_first) > 1 else ""
    rows = []
    for key_area in figures.key_areas:
        series = [round_levels.get(key_area.pk) for round_levels in levels]
        previous = series[-2] if len(series) > 1 else None
        current = series[-1].level if series and series[-1] else None
        moved = across_versions.move(previous, current, source=source)
        rows.append((key_area.name, [across_versions.earlier_words(v) for v in series], moved))
    return TrendTable(
        rounds=[a.round.name for a in oldest_first], rows=rows, notes=list(figures.notes)
    )


@dataclass(kw_only=True)
class Completeness:
    """How much of an assessment is rated."""

    rated: int
    expected: int
    key_areas_complete: int
    key_areas: int

    @property
    def percent(self) -> int:
        return round(100 * self.rated / self.expected) if self.expected else 0


def completeness(assessment: Assessment | None, figures: Figures) -> Completeness | None:
    """Statements rated out of those asked, and key areas with every statement rated."""
    if assessment is None:
        return None
    scores, expected = figures.of(assessment), figures.expected_of(assessment)
    return Completeness(
        rated=sum(min(s.rated, expected.get(pk, 0)) for pk, s in scores.items()),
        expected=sum(expected.values()),
        key_areas_complete=sum(
            1 for pk, s in scores.items() if expected.get(pk) and s.rated == expected[pk]
        ),
        key_areas=len(expected),
    )


@dataclass(kw_only=True)
class PeerLine:
    """A key area's level beside the spread of each peer group."""

    key_area: KeyArea
    own: int | None
    groups: list[peers.PeerGroup]
    similar: peers.PeerGroup | None = None  # the group the chart and the sentence compare with

    @property
    def own_name(self) -> str:
        return peers.level_name(self.own)

    @property
    def standing(self) -> peers.Standing:
        return peers.standing(self.own, self.similar.spread if self.similar else None)

    @property
    def own_words(self) -> str:
        return figure_and_name(self.own, self.own_name)


@dataclass(kw_only=True)
class PeerComparison:
    """Per key area, the council's level beside its peer groups; each group's size, and why it is
    hidden when too small (label, councils, reason); the chart against the most similar group
    shown."""

    lines: list[PeerLine]
    notes: list[tuple[str, int, str]]
    similar: str = ""  # the label of the group the chart compares with ("" when none is shown)
    chart: charts.Chart | None = None


def peer_groups(council: Council) -> dict[str, dict]:
    """The council's peer groups by label, each a filter on councils ({} for all England)."""
    return {
        f"Same kind ({council.get_kind_display()})": {"kind": council.kind},
        f"Same region ({council.get_region_display()})": {"region": council.region},
        "All England": {},
    }


def councils_like_mine(assessment: Assessment | None, figures: Figures) -> PeerComparison:
    """Per key area, the council's level beside councils of its kind, its region and England."""
    if assessment is None:
        return PeerComparison(lines=[], notes=[])
    own, groups = figures.of(assessment), peer_groups(assessment.council)
    # The council's own approved levels are in the round's counts; a draft's are not.
    counted = own if assessment.status == APPROVED else {}
    found = peer_group_counts(assessment.round_id, figures.expected_of(assessment), groups)
    counts = {label: without_own(group_counts, counted) for label, group_counts in found.items()}
    lines = [
        PeerLine(
            key_area=ka,
            own=own[ka.pk].current if ka.pk in own else None,
            groups=[peers.peer_group(label, counts[label][ka.pk].elements()) for label in groups],
        )
        for ka in figures.key_areas
    ]
    sizes = {label: max((c.total() for c in counts[label].values()), default=0) for label in groups}
    notes = [(label, n, peers.hidden_reason(n)) for label, n in sizes.items()]
    return compare_with_similar(PeerComparison(lines=lines, notes=notes), assessment.council)


def compare_with_similar(comparison: PeerComparison, council: Council) -> PeerComparison:
    """The comparison with its chart against the most similar group shown: councils of the same
    kind, else of the same region, else all England."""
    shown = [i for i, (_, _, reason) in enumerate(comparison.notes) if not reason]
    if not shown:
        return comparison
    index = shown[0]
    for line in comparison.lines:
        line.similar = line.groups[index]
    rows = [
        charts.PeerRow(
            line.key_area.name,
            line.own,
            *(
                (line.similar.spread.lower_quartile, line.similar.spread.upper_quartile)
                if line.similar.spread
                else (None, None)
            ),
        )
        for line in comparison.lines
    ]
    comparison.similar = comparison.notes[index][0]
    comparison.chart = charts.peer_chart(
        rows,
        own_label=council.name,
        title=f"{council.name}’s level by key area beside similar councils: {comparison.similar}",
    )
    return comparison


def without_own(counts: dict[int, Counter], own: dict[int, KeyAreaScore]) -> dict[int, Counter]:
    """Peer counts less the council's own approved levels: its peers are the other councils."""
    peers_only: dict[int, Counter] = defaultdict(Counter)
    peers_only.update((key_area, Counter(levels)) for key_area, levels in counts.items())
    for key_area, score in own.items():
        if score.current is not None and peers_only.get(key_area, {}).get(score.current):
            peers_only[key_area][score.current] -= 1
    return peers_only


@dataclass(kw_only=True)
class CouncilDashboard:
    """Everything the council dashboard and the PDF report show about one council."""

    council: Council
    shown: Assessment | None
    in_progress: Assessment | None
    themes: list[tuple[str, list[KeyAreaLine]]]
    radar: charts.Chart | None
    trend: TrendTable
    actions: ActionPlan
    completeness: Completeness | None
    peers: PeerComparison
    # How far colleagues' views agreed, in the newest assessment (views are given on drafts).
    agreement: list[KeyAreaAgreement]

    @property
    def levels_by_key_area(self) -> dict[int, int]:
        return {x.key_area.pk: x.current for _, xs in self.themes for x in xs if x.current}


def council_dashboard(council: Council, shown: Assessment | None = None) -> CouncilDashboard:
    """The council's dashboard: its latest approved assessment and any newer one in progress.

    Given `shown` (the PDF report), only that assessment and the approved ones before it count.
    """
    picked = pick_assessments(council_assessments(council), shown)
    figures = read_figures(picked)
    lines = key_area_lines(picked, figures)
    return CouncilDashboard(
        council=council,
        shown=picked.shown,
        in_progress=picked.in_progress,
        themes=group_by_theme(lines),
        radar=radar(picked.shown, lines),
        trend=trend_table(picked.approved, figures),
        actions=action_plan(picked.in_progress or picked.shown),
        completeness=completeness(picked.draft, figures),
        peers=councils_like_mine(picked.shown, figures),
        agreement=agreement_by_key_area(picked.in_progress or picked.shown),
    )


def dashboard_version(council: Council) -> str:
    """A fingerprint of everything the council dashboard shows, read in one query on every view
    (versions.dashboard_stamp; docs/decisions/0021), with the council and today's date (actions
    fall overdue). Every member of the council sees the same dashboard, so they share it."""
    council_fields = (council.pk, council.name, council.kind, council.region)
    return fingerprint(council_fields, dashboard_stamp(council.pk), timezone.localdate())
