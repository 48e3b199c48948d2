"""Reads about colleagues' views of statements: whose, how far apart, and who may see them."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Min, Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from assessments.models import Assessment, Descriptor, KeyArea, Statement, StatementView
from assessments.selectors import assessed_statements
from assessments.statement_views.agreement import spread_words, views_apart
from npsportal.selectors import memberships_of


@dataclass(frozen=True)
class KeyAreaOfAssessment:
    """A key area of one assessment: what the "give your view" rule is asked about."""

    assessment: Assessment
    key_area: KeyArea

    @property
    def council(self):
        return self.assessment.council


def assessment_of_a_council_of(user, pk: int) -> Assessment:
    """The assessment if it belongs to a council where the user holds any role (a contributor's
    too), else a 404: another council's assessment is invisible."""
    councils = {m.council_id for m in memberships_of(user) if m.council_id}
    found = Assessment.objects.filter(council_id__in=councils).select_related(
        "council", "round__framework"
    )
    return get_object_or_404(found, pk=pk)


def key_area_statements(assessment: Assessment, key_area_pk: int) -> tuple[KeyArea, list]:
    """The key area of the assessment's matrix and its assessed statements, descriptors read."""
    statements = list(
        assessed_statements(assessment.round.framework_id)
        .filter(key_area_id=key_area_pk)
        .prefetch_related(Prefetch("descriptors", queryset=Descriptor.objects.order_by("level")))
    )
    if not statements:
        raise Http404("This key area has nothing to rate")
    return statements[0].key_area, statements


def views_of(assessment: Assessment, statements: list[Statement]) -> QuerySet[StatementView]:
    """Everyone's views of these statements, with who gave them, oldest first."""
    return (
        StatementView.objects.filter(assessment=assessment, statement__in=statements)
        .select_related("person")
        .order_by("statement_id", "created_at", "pk")
    )


@dataclass
class Spread:
    """The views of one statement: everyone's, and how far apart their levels are."""

    views: list[StatementView] = field(default_factory=list)

    @property
    def levels(self) -> list[int]:
        return [view.level for view in self.views]

    @property
    def words(self) -> str:
        return spread_words(self.levels)

    @property
    def apart(self) -> bool:
        return views_apart(self.levels)

    def of(self, person) -> StatementView | None:
        return next((view for view in self.views if view.person_id == person.pk), None)

    def others(self, person) -> list[StatementView]:
        return [view for view in self.views if view.person_id != person.pk]


def spreads(assessment: Assessment, statements: list[Statement]) -> dict[int, Spread]:
    """Each statement's spread of views, by statement id (an empty spread where none)."""
    found: dict[int, Spread] = defaultdict(Spread)
    for view in views_of(assessment, statements):
        found[view.statement_id].views.append(view)
    return {statement.pk: found[statement.pk] for statement in statements}


@dataclass
class KeyAreaAgreement:
    """How far views agreed on a key area's statements."""

    name: str
    with_views: int = 0
    agreed: int = 0  # every view within one level of the others
    apart: int = 0  # two levels or more apart

    @property
    def agreed_words(self) -> str:
        return f"{self.agreed} of {self.with_views}"

    @property
    def apart_words(self) -> str:
        return f"{self.apart} of {self.with_views}"


KEY_AREA = "statement__key_area"


def agreement_by_key_area(assessment: Assessment | None) -> list[KeyAreaAgreement]:
    """The key areas with views, in matrix order, each with how many of its statements have
    views and how many of those agreed or are apart: one query, levels compared in SQL's
    minimum and maximum per statement."""
    if assessment is None:
        return []
    per_statement = (
        StatementView.objects.filter(assessment=assessment)
        .values(f"{KEY_AREA}_id", f"{KEY_AREA}__name", "statement_id")
        .annotate(lowest=Min("level"), highest=Max("level"))
        .order_by(f"{KEY_AREA}__theme__order", f"{KEY_AREA}__order", f"{KEY_AREA}_id")
    )
    found: dict[int, KeyAreaAgreement] = {}
    for row in per_statement:
        tally = found.setdefault(row[f"{KEY_AREA}_id"], KeyAreaAgreement(row[f"{KEY_AREA}__name"]))
        tally.with_views += 1
        if views_apart([row["lowest"], row["highest"]]):
            tally.apart += 1
        else:
            tally.agreed += 1
    return list(found.values())
