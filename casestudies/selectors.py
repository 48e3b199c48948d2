"""Reads of case studies: finding them, their facets, related ones, revisions and rate limits."""

import functools
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from assessments.models import KeyArea
from assessments.selectors import fetch
from casestudies.models import CaseStudy, CaseStudyKeyArea, Category, OutcomeFigure, Reply
from npsportal.history import FieldChange, record_changes
from npsportal.models import Council

SEARCH_CONFIG = "english"
# Replies a person, and an address, may post in an hour before getting HTTP 429.
REPLIES_PER_USER_PER_HOUR = 5
REPLIES_PER_IP_PER_HOUR = 20
MAX_SEARCH_WORDS = 10
# A public case study not checked for a year may be out of date.
REVIEW_AFTER = timedelta(days=365)
Status = CaseStudy.Status

# The lifecycle: draft → in review → published → archived; staff may send one back to draft.
# For each status, the statuses a case study may reach it from.
ALLOWED_FROM = {
    Status.IN_REVIEW: {Status.DRAFT},
    Status.PUBLISHED: {Status.DRAFT, Status.IN_REVIEW},
    Status.ARCHIVED: {Status.PUBLISHED},
    Status.DRAFT: {Status.IN_REVIEW, Status.ARCHIVED},
}


@dataclass(frozen=True)
class Filters:
    """What a visitor asked the library for: words, facet values and an order."""

    query: str = ""
    key_areas: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    sort: str = "relevance"

    @property
    def has_facets(self) -> bool:
        return any([self.key_areas, self.categories, self.regions, self.kinds])


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class LifecycleStep:
    """A lifecycle step staff may take: its name in URLs, its button, the status it leads to."""

    action: str
    label: str
    to: str
    button: str = ""  # the GOV.UK button's modifier: "secondary", "warning" or none


LIFECYCLE_STEPS = (
    LifecycleStep("submit", "Submit for review", Status.IN_REVIEW, "secondary"),
    LifecycleStep("publish", "Publish", Status.PUBLISHED),
    LifecycleStep("archive", "Archive", Status.ARCHIVED, "warning"),
    LifecycleStep("return-to-draft", "Return to draft", Status.DRAFT, "secondary"),
)


def library_version() -> tuple:
    """What moves whenever anything the library shows may change: how many case studies there are
    and the latest change to any (every save stamps it, the admin's included, with its tags,
    outcomes, links and documents). Public pages and the dashboard's recommendations are cached
    under it. One query, compiled once: it is read on every view of those pages."""
    return fetch(_library_version_sql())[0]


@functools.lru_cache(maxsize=1)
def _library_version_sql() -> tuple[str, tuple]:
    every = CaseStudy.objects.order_by().annotate(all_rows=Value(1)).values("all_rows")
    stamp = every.annotate(count=Count("pk"), changed=Max("updated_at"))
    return stamp.values_list("count", "changed").query.sql_with_params()


def lifecycle_steps_allowed(case_study: CaseStudy) -> list[LifecycleStep]:
    """The lifecycle steps the case study's status allows now, in the lifecycle's order."""
    return [step for step in LIFECYCLE_STEPS if case_study.status in ALLOWED_FROM[step.to]]


def listed_case_studies() -> QuerySet:
    """Case studies the library lists: published ones (archived ones are read only by link)."""
    return CaseStudy.objects.filter(status=CaseStudy.Status.PUBLISHED)


def due_for_review(queryset: QuerySet) -> QuerySet:
    """Public case studies never reviewed, or last reviewed over a year ago."""
    stale = Q(last_reviewed__isnull=True) | Q(last_reviewed__lt=timezone.localdate() - REVIEW_AFTER)
    return queryset.filter(
        stale, status__in=[CaseStudy.Status.PUBLISHED, CaseStudy.Status.ARCHIVED]
    )


def public_case_studies() -> QuerySet:
    """Case studies anyone may read: published and archived."""
    return CaseStudy.objects.filter(
        status__in=[CaseStudy.Status.PUBLISHED, CaseStudy.Status.ARCHIVED]
    )


def _search_postgresql(queryset: QuerySet, text: str) -> QuerySet:
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


def _search_fallback(queryset: QuerySet, text: str) -> QuerySet:
    # Every word somewhere in the title, summary or body; a title match ranks first.
    for word in text.split()[:MAX_SEARCH_WORDS]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(summary__icontains=word)
            | Q(background__icontains=word)
            | Q(what_they_did__icontains=word)
            | Q(what_they_learned__icontains=word)
        )
    return queryset.annotate(
        rank=Case(
            When(title__icontains=text, then=Value(3)),
            When(summary__icontains=text, then=Value(2)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )


def search(queryset: QuerySet, text: str) -> QuerySet:
    """Case studies matching the words, with a `rank`: PostgreSQL full-text search, or icontains."""
    text = text.strip()
    if not text:
        return queryset.annotate(rank=Value(0, output_field=IntegerField()))
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, text)
    return _search_fallback(queryset, text)


def _facet_filters(filters: Filters, *, skip: str = "") -> Q:
    """Each facet's values are alternatives; different facets all apply."""
    through = CaseStudy.councils.through.objects
    conditions = {
        "key_areas": Q(
            pk__in=CaseStudyKeyArea.objects.filter(key_area__key__in=filters.key_areas).values(
                "case_study_id"
            )
        ),
        "categories": Q(
            pk__in=CaseStudy.categories.through.objects.filter(
                category__key__in=filters.categories
            ).values("casestudy_id")
        ),
        "regions": Q(
            pk__in=through.filter(council__region__in=filters.regions).values("casestudy_id")
        ),
        "kinds": Q(pk__in=through.filter(council__kind__in=filters.kinds).values("casestudy_id")),
    }
    combined = Q()
    for name, condition in conditions.items():
        if name != skip and getattr(filters, name):
            combined &= condition
    return combined


def find_case_studies(filters: Filters) -> QuerySet:
    """Listed case studies matching the search and filters, in the order asked for."""
    queryset = search(listed_case_studies(), filters.query).filter(_facet_filters(filters))
    if filters.query.strip() and filters.sort == "relevance":
        queryset = queryset.order_by("-rank", "-published_at", "pk")
    else:
        queryset = queryset.order_by("-published_at", "pk")
    return queryset.prefetch_related("councils", "categories", "tags__key_area")


def _matching_ids(filters: Filters, skip: str) -> QuerySet:
    queryset = search(listed_case_studies(), filters.query).filter(
        _facet_filters(filters, skip=skip)
    )
    return queryset.order_by().values("pk")


def _options(rows, selected, labels=None) -> list[FacetOption]:
    counts = {row["value"]: row["n"] for row in rows}
    labels = labels or {row["value"]: row["label"] for row in rows}
    return [
        FacetOption(value, label, counts.get(value, 0), value in selected)
        for value, label in labels.items()
        if counts.get(value) or value in selected
    ]


def facet_counts(filters: Filters) -> dict[str, list[FacetOption]]:
    """For each facet, its values with how many case studies each would give (four queries)."""
    key_areas = (
        CaseStudyKeyArea.objects.filter(case_study__in=_matching_ids(filters, "key_areas"))
        .values(value=F("key_area__key"))
        .annotate(
            n=Count("case_study_id", distinct=True),
            label=Min("key_area__name"),
            theme_order=Min("key_area__theme__order"),
            order=Min("key_area__order"),
        )
        .order_by("theme_order", "order")
    )
    categories = (
        CaseStudy.categories.through.objects.filter(
            casestudy__in=_matching_ids(filters, "categories")
        )
        .values(value=F("category__key"))
        .annotate(n=Count("casestudy_id", distinct=True))
    )
    through = CaseStudy.councils.through.objects
    regions = (
        through.filter(casestudy__in=_matching_ids(filters, "regions"))
        .values(value=F("council__region"))
        .annotate(n=Count("casestudy_id", distinct=True))
    )
    kinds = (
        through.filter(casestudy__in=_matching_ids(filters, "kinds"))
        .values(value=F("council__kind"))
        .annotate(n=Count("casestudy_id", distinct=True))
    )
    return {
        # Named from the matrix, so a ticked key area that finds nothing stays in the panel.
        "key_areas": _options(key_areas, filters.key_areas, dict(key_area_choices())),
        "categories": _options(
            categories, filters.categories, dict(Category.objects.values_list("key", "name"))
        ),
        "regions": _options(regions, filters.regions, dict(Council.Region.choices)),
        "kinds": _options(kinds, filters.kinds, dict(Council.Kind.choices)),
    }


def outcome_totals(case_studies: QuerySet) -> list[dict]:
    """Outcome figures added up per measure across the given case studies."""
    rows = (
        OutcomeFigure.objects.filter(case_study__in=case_studies.order_by().values("pk"))
        .values("measure")
        .annotate(total=Sum("value"), case_studies=Count("case_study", distinct=True))
        .order_by("measure")
    )
    labels = dict(OutcomeFigure.Measure.choices)
    return [
        {**row, "label": labels[row["measure"]], "is_money": row["measure"].endswith("_gbp")}
        for row in rows
    ]


def related_case_studies(case_study: CaseStudy, limit: int = 3) -> list[CaseStudy]:
    """Other listed case studies sharing key areas with this one, most shared first."""
    keys = list(case_study.tags.values_list("key_area__key", flat=True))
    if not keys:
        return []
    return list(
        listed_case_studies()
        .exclude(pk=case_study.pk)
        .annotate(shared=Count("tags", filter=Q(tags__key_area__key__in=keys)))
        .filter(shared__gt=0)
        .order_by("-shared", "-published_at")[:limit]
    )


def key_area_choices() -> list[tuple[str, str]]:
    """Key areas of the NPS as (key, name), one per key across its versions, in matrix order.
    Case studies are tagged with the NPS's key areas; other frameworks are seen through mappings."""
    choices = {}
    for key, name in (
        KeyArea.objects.filter(theme__framework__family="nps")
        .order_by("-theme__framework__is_current", "theme__order", "order")
        .values_list("key", "name")
    ):
        choices.setdefault(key, name)
    return list(choices.items())


def reply_limit_reached(*, user, ip_address: str | None) -> bool:
    """Whether this person, or this address, has posted as many replies as an hour allows."""
    since = timezone.now() - timedelta(hours=1)
    recent = Reply.objects.filter(created_at__gte=since)
    if recent.filter(author=user).count() >= REPLIES_PER_USER_PER_HOUR:
        return True
    return bool(
        ip_address and recent.filter(ip_address=ip_address).count() >= REPLIES_PER_IP_PER_HOUR
    )


def visible_replies(case_study: CaseStudy, user) -> QuerySet:
    """Approved replies, and the viewer's own replies still awaiting moderation."""
    shown = Q(status=Reply.Status.APPROVED)
    if getattr(user, "is_authenticated", False):
        shown |= Q(author=user, status=Reply.Status.PENDING)
    return case_study.replies.filter(shown).select_related("author")


def pending_replies() -> QuerySet:
    """Replies awaiting moderation, oldest first."""
    return Reply.objects.filter(status=Reply.Status.PENDING).select_related("author", "case_study")


def revisions_of(case_study: CaseStudy) -> list[dict]:
    """Every saved version of a case study, newest first, with what each one set, in words."""
    records = list(case_study.history.select_related("history_user").order_by("-history_id"))
    revisions = []
    for record, previous in zip(records, [*records[1:], None], strict=True):
        changes = record_changes(record, previous=previous, hidden={"created_at", "updated_at"})
        tags = [
            FieldChange(tag["field"], tag["old"], tag["new"], created=previous is None)
            for tag in record.tag_changes
        ]
        revisions.append({"record": record, "changes": changes + tags})
    return revisions
