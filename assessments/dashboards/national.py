"""Reads behind the national picture for LGA staff, aggregated in SQL (GROUP BY).

Every function runs a fixed number of queries whatever the number of councils.
"""

import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When

from assessments.dashboards import across_versions, charts, peers
from assessments.dashboards.selectors import (
    PEER_CACHE_SECONDS,
    approved_in_round,
    approved_version,
    assessed_key_areas,
    expected_statements,
    fingerprint,
    peer_group_counts,
)
from assessments.dashboards.versions import picture_stamp
from assessments.mappings.selectors import are_mapped
from assessments.models import Answer, Assessment, KeyArea, Level, Round
from assessments.selectors import SHARED_WITH_LGA, fetch
from npsportal.models import Council


@dataclass(frozen=True)
class Filters:
    """The national picture's filters; empty strings mean every region or kind."""

    region: str = ""
    kind: str = ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        """Filters from GET parameters, ignoring values that are not real choices."""
        region = query.get("region", "")
        kind = query.get("kind", "")
        return cls(
            region=region if region in Council.Region.values else "",
            kind=kind if kind in Council.Kind.values else "",
        )

    def councils(self) -> Q:
        """The filter on councils, for querysets of Council."""
        q = Q()
        if self.region:
            q &= Q(region=self.region)
        if self.kind:
            q &= Q(kind=self.kind)
        return q

    def prefixed(self, prefix: str) -> Q:
        """The same filter reached through a relation, such as `assessment__council__`."""
        return Q(**{f"{prefix}{key}": value for key, value in self.councils().children})


def rounds() -> list[Round]:
    """Every round, newest first."""
    return list(Round.objects.select_related("framework").order_by("-opens_on"))


def round_list() -> list[Round]:
    """Every round, newest first, as the page's fingerprint and links need them (`framework_name`
    beside each): one small query compiled once, no model query to build on every view."""
    found = []
    for pk, slug, name, opens_on, framework_id, framework_name in fetch(round_list_sql()):
        round = Round(pk=pk, slug=slug, name=name, opens_on=opens_on, framework_id=framework_id)
        round.framework_name = framework_name
        found.append(round)
    return found


@functools.lru_cache(maxsize=1)
def round_list_sql() -> tuple[str, tuple]:
    fields = ("pk", "slug", "name", "opens_on", "framework_id", "framework__name")
    rows = Round.objects.order_by("-opens_on").values_list(*fields)
    return rows.query.sql_with_params()


def pick_round(all_rounds: list[Round], slug: str | None) -> Round | None:
    """The round named by its slug, or the newest."""
    return next((r for r in all_rounds if r.slug == slug), all_rounds[0] if all_rounds else None)


@dataclass(kw_only=True)
class Participation:
    """How many councils of a group started, submitted and had approved an assessment."""

    label: str
    councils: int
    started: int
    submitted: int
    approved: int


def participation(round: Round, filters: Filters, by: str) -> list[Participation]:
    """Participation in the round by council `kind` or `region`, counted in SQL."""
    in_round = Q(assessments__round=round)
    rows = (
        Council.objects.filter(filters.councils())
        .values(by)
        .annotate(
            councils=Count("pk", distinct=True),
            started=Count("assessments", filter=in_round),
            submitted=Count(
                "assessments", filter=in_round & Q(assessments__status__in=SHARED_WITH_LGA)
            ),
            approved=Count(
                "assessments", filter=in_round & Q(assessments__status=Assessment.Status.APPROVED)
            ),
        )
        .order_by(by)
    )
    labels = dict(Council._meta.get_field(by).choices)
    return [
        Participation(label=labels.get(row[by], row[by]), **{k: row[k] for k in COUNTS})
        for row in rows
    ]


COUNTS = ("councils", "started", "submitted", "approved")


def total(rows: list[Participation]) -> Participation:
    """The sum of participation rows."""
    sums = {k: sum(getattr(r, k) for r in rows) for k in COUNTS}
    return Participation(label="All councils", **sums)


def approved_levels(round: Round, filters: Filters) -> dict[int, Counter]:
    """How many approved councils are at each level, per key area: {key area id: {level: n}}.

    The same counts as the council dashboard's peer groups, from the same cache (decision 0004).
    """
    group = dict(filters.councils().children)
    expected = expected_statements([round.framework_id])
    return peer_group_counts(round.pk, expected, {"national": group})["national"]


@dataclass(kw_only=True)
class KeyAreaChange:
    """A key area's share of councils at Mature or above, last round and this."""

    key_area: KeyArea
    counts: Counter
    previous_share: int | None
    share: int | None
    trend: peers.Trend
    # Last round on another framework: whether the mapping reaches this key area, and only partly.
    comparable: bool = True
    partly: bool = False

    @property
    def level_counts(self) -> list[int]:
        return [self.counts.get(level, 0) for level in Level.values]


def share_mature(counts: Counter) -> int | None:
    """The percentage of councils at Mature or above, or None when there are none."""
    councils = sum(counts.values())
    if not councils:
        return None
    return round(100 * sum(n for level, n in counts.items() if level >= 3) / councils)


def share_trend(
    previous: int | None, current: int | None, *, earlier_round: str | None = None
) -> peers.Trend:
    """How the share at Mature or above moved, in an arrow and words; when there is nothing to
    compare, why (filters finding no approved council are not a missing round)."""
    if current is None:
        return peers.Trend("new", "–", "No approved councils to compare")
    if previous is None and earlier_round:
        return peers.Trend("new", "–", f"No approved councils in {earlier_round}")
    if previous is None:
        return peers.Trend("new", "–", "No earlier round to compare")
    if current == previous:
        return peers.Trend("same", "→", f"No change: {current}%")
    direction, arrow = ("up", "↑") if current > previous else ("down", "↓")
    words = f"{direction.capitalize()} {abs(current - previous)} points, {previous}% to {current}%"
    return peers.Trend(direction, arrow, words)


@dataclass(kw_only=True)
class NationalPicture:
    """Everything the national page and its PDF summary show for one round (nothing, no round)."""

    filters: Filters
    round: Round | None = None
    rounds: list[Round] = field(default_factory=list)
    by_kind: list[Participation] = field(default_factory=list)
    by_region: list[Participation] = field(default_factory=list)
    total: Participation | None = None
    changes: list[KeyAreaChange] = field(default_factory=list)
    distribution: charts.Chart | None = None
    # Last round on another framework, compared through the mapping: the sentence saying so.
    notes: list[across_versions.Note] = field(default_factory=list)
    compared: Round | None = None  # the earlier round the changes are measured from

    @property
    def earlier_rounds(self) -> list[Round]:
        """The rounds this one can be compared with, newest first."""
        return [r for r in self.rounds if self.round and r.opens_on < self.round.opens_on]

    @property
    def draft_mapping(self) -> bool:
        return any(note.is_draft for note in self.notes)


def compared_round(all_rounds: list[Round], round: Round, slug: str | None) -> Round | None:
    """The earlier round to compare with: named by its slug, else the one before."""
    older = [r for r in all_rounds if r.opens_on < round.opens_on]
    return next((r for r in older if r.slug == slug), older[0] if older else None)


def national_picture(
    round_slug: str | None, filters: Filters, compare_slug: str | None = None
) -> NationalPicture:
    """Participation, the level distribution and the change since an earlier round (the one
    before unless another is chosen, on any framework a mapping joins), for one round."""
    all_rounds = rounds()
    round = pick_round(all_rounds, round_slug)
    if round is None:
        return NationalPicture(filters=filters)
    by_kind = participation(round, filters, "kind")
    before_round = compared_round(all_rounds, round, compare_slug)
    earlier = earlier_levels(before_round, round, filters)
    changes = key_area_changes(round, before_round, filters, earlier)
    return NationalPicture(
        filters=filters,
        round=round,
        rounds=all_rounds,
        by_kind=by_kind,
        by_region=participation(round, filters, "region"),
        total=total(by_kind),
        changes=changes,
        distribution=charts.stacked_bars(
            [(change.key_area.name, change.counts) for change in changes],
            title=f"Approved councils at each level by key area, {round.name}",
        ),
        notes=earlier.notes([change.key_area for change in changes], before_round),
        compared=before_round,
    )


def picture_version(
    all_rounds: list[Round], round: Round, before_round: Round | None, filters: Filters
) -> str:
    """A fingerprint of everything the national picture shows for a round, its filters and the
    round compared with (of round_list), read in one query on every view (versions.picture_stamp;
    docs/decisions/0004)."""
    listed = [
        (r.pk, r.slug, r.name, r.opens_on, r.framework_id, r.framework_name) for r in all_rounds
    ]
    filtered = (round.pk, before_round and before_round.pk, filters.region, filters.kind)
    return fingerprint(listed, filtered, picture_stamp(round, before_round))


@dataclass(frozen=True, kw_only=True)
class EarlierLevels:
    """How many of last round's approved councils were at each level, per key area of this
    round's framework (by id); for a round on another framework, through the mapping."""

    counts: dict[int, Counter]
    projection: across_versions.Projection | None = None  # its levels left out: only the reach

    def earlier(self, key_area: KeyArea) -> across_versions.Earlier:
        """Whether the key area is comparable with last round, and only partly."""
        if self.projection is None:
            return across_versions.Earlier(level=None)
        if key_area.pk in self.projection.unmapped:
            return across_versions.NOT_COMPARABLE
        return across_versions.Earlier(level=None, partly=key_area.pk in self.projection.partly)

    def notes(self, key_areas: list[KeyArea], before_round: Round | None):
        if self.projection is None or before_round is None:
            return []
        return [self.projection.note(before_round.name, key_areas)]


def earlier_levels(before_round: Round | None, round: Round, filters: Filters) -> EarlierLevels:
    """Last round's approved councils at each level per key area of this round: matched by the
    key areas' stable keys on the same framework, through the mapping on another."""
    if before_round is None:
        return EarlierLevels(counts={})
    other = before_round.framework_id != round.framework_id
    if other and are_mapped(before_round.framework, round.framework):
        return projected_levels(before_round, round, filters)
    before = approved_levels(before_round, filters)
    now_by_key = {ka.key: ka.pk for ka in key_areas_of(round)}
    counts = {
        now_by_key[ka.key]: before.get(ka.pk, Counter())
        for ka in key_areas_of(before_round)
        if ka.key in now_by_key
    }
    return EarlierLevels(counts=counts)


def projected_levels(before_round: Round, round: Round, filters: Filters) -> EarlierLevels:
    """Each approved council of the earlier round projected onto this round's framework through
    the mapping (one joins them), then counted per key area and level.

    A fixed number of queries whatever the number of councils, and cached like the peer counts
    (decision 0004) under the earlier round's approved_version and the mapping's fingerprint.
    """
    source, target = before_round.framework, round.framework
    key = (
        f"cross-version:{before_round.pk}:{target.pk}:{filters.region}:{filters.kind}:"
        f"{approved_version(before_round.pk)}:{across_versions.mapping_version(source, target)}"
    )

    def count():
        approved = approved_in_round(before_round.pk).filter(filters.prefixed("council__"))
        levels = across_versions.statement_levels(approved.values_list("pk", flat=True))
        projection = across_versions.project(levels, source=source, target=target)
        if projection is None:  # the mapping was emptied since are_mapped looked
            return EarlierLevels(counts={})
        counts: dict[int, Counter] = defaultdict(Counter)
        for shown in projection.levels.values():
            for key_area, earlier in shown.items():
                if earlier.level is not None:
                    counts[key_area][earlier.level] += 1
        projection.levels = {}  # only the reach is kept (and cached)
        return EarlierLevels(counts=dict(counts), projection=projection)

    return cache.get_or_set(key, count, PEER_CACHE_SECONDS)


def key_area_changes(
    round: Round, before_round: Round | None, filters: Filters, earlier: EarlierLevels
) -> list[KeyAreaChange]:
    """Each key area's approved councils at each level, and its share at Mature or above in this
    round and the one before (`earlier`: key areas matched by key, or through the mapping)."""
    now = approved_levels(round, filters)
    changes = []
    for ka in assessed_key_areas(round.framework_id):
        counts, reach = now.get(ka.pk, Counter()), earlier.earlier(ka)
        share, previous_share = share_mature(counts), share_mature(earlier.counts.get(ka.pk, {}))
        trend = share_trend(previous_share, share, earlier_round=before_round and before_round.name)
        if not reach.comparable:
            source = before_round.framework.name
            trend = peers.Trend("new", "–", f"Not comparable: no counterpart in {source}")
        elif reach.partly and previous_share is not None:
            trend = peers.Trend(trend.direction, trend.arrow, f"{trend.words} (partly mapped)")
        changes.append(
            KeyAreaChange(
                key_area=ka,
                counts=counts,
                previous_share=previous_share,
                share=share,
                trend=trend,
                comparable=reach.comparable,
                partly=reach.partly,
            )
        )
    return changes


def key_areas_of(round: Round | None) -> list[KeyArea]:
    """The key areas a round asks about (none for no round)."""
    return assessed_key_areas(round.framework_id) if round else []


def dataset(round: Round, filters: Filters) -> QuerySet:
    """One row per council × statement of submitted and approved assessments, for export."""
    return (
        Answer.objects.filter(
            filters.prefixed("assessment__council__"),
            assessment__round=round,
            assessment__status__in=SHARED_WITH_LGA,
        )
        .order_by(
            "assessment__council__name",
            "statement__key_area__theme__order",
            "statement__key_area__order",
            "statement__order",
        )
        .values_list(*DATASET_FIELDS.values())
    )


def _label(field: str, choices) -> Case:
    """The label of a coded field, computed in SQL so the export stays a stream of rows."""
    whens = [When(**{field: value}, then=Value(label)) for value, label in choices]
    return Case(*whens, default=Value(""), output_field=CharField())


# Column heading: value. Codes appear only where people use them (GSS code, statement code).
DATASET_FIELDS = {
    "Round": F("assessment__round__name"),
    "Council": F("assessment__council__name"),
    "GSS code": F("assessment__council__gss_code"),
    "Kind of council": _label("assessment__council__kind", Council.Kind.choices),
    "Region": _label("assessment__council__region", Council.Region.choices),
    "Status": _label("assessment__status", Assessment.Status.choices),
    "Theme": F("statement__key_area__theme__name"),
    "Key area": F("statement__key_area__name"),
    "Statement code": F("statement__code"),
    "Statement": F("statement__text"),
    "Current level": F("current_level"),
    "Current level name": _label("current_level", Level.choices),
    "Target level": F("target_level"),
    "Target level name": _label("target_level", Level.choices),
    "Target date": F("target_date"),
    "Confidence": _label("confidence", Answer.Confidence.choices),
}
