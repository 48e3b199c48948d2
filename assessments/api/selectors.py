"""The API's reads, each composed from the pages' own selectors (one rule, not a second copy):
the matrix and mappings with their parts fetched in a fixed number of queries, an assessment's
progress as the task list and dashboard compute it, the national picture's export rows."""

from django.db.models import Count, F, Prefetch, QuerySet

from assessments.dashboards import national
from assessments.dashboards.council import Figures, completeness
from assessments.dashboards.selectors import (
    assessed_key_areas,
    expected_statements,
    key_area_scores,
)
from assessments.models import (
    Action,
    Answer,
    Assessment,
    Framework,
    KeyArea,
    Mapping,
    MappingLink,
    Statement,
    Theme,
)
from assessments.selectors import progress_by_theme


def frameworks() -> QuerySet[Framework]:
    """Every framework, current first, then newest."""
    return Framework.objects.order_by("-is_current", "-year", "name")


def framework_with_matrix() -> QuerySet[Framework]:
    """Frameworks with their themes, key areas, statements (retired ones too) and descriptors
    prefetched: five queries whatever the matrix's size."""
    statements = Statement.objects.prefetch_related("descriptors")
    return Framework.objects.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.order_by("order", "pk")),
        Prefetch("themes__key_areas", queryset=KeyArea.objects.order_by("order", "pk")),
        Prefetch("themes__key_areas__statements", queryset=statements.order_by("order", "pk")),
    )


def mappings() -> QuerySet[Mapping]:
    """Every mapping between two frameworks, with how many links it has."""
    return (
        Mapping.objects.select_related("source", "target")
        .annotate(link_count=Count("links"))
        .order_by("source__name", "target__name")
    )


def mapping_with_links() -> QuerySet[Mapping]:
    """Mappings with their links' statements (and those statements' key areas) prefetched."""
    links = MappingLink.objects.select_related("source__key_area", "target__key_area")
    return mappings().prefetch_related(Prefetch("links", queryset=links))


def assessment_with_answers(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """The assessments with their answers' statements and key areas, in matrix order."""
    answers = Answer.objects.select_related("statement__key_area")
    return assessments.select_related("round__framework").prefetch_related(
        Prefetch("answers", queryset=answers)
    )


def actions_of(assessment: Assessment) -> QuerySet[Action]:
    """The assessment's actions, soonest due first, with the statement each is for."""
    return (
        Action.objects.filter(answer__assessment=assessment)
        .select_related("answer__statement__key_area")
        .order_by("due_on", "pk")
    )


def progress(assessment: Assessment) -> dict:
    """Each key area's completion (the task list's rule) and current and target level (the
    dashboard's), with the completeness figures the dashboard shows: a fixed number of queries."""
    framework_id = assessment.round.framework_id
    expected = expected_statements([framework_id])
    scores = key_area_scores([assessment], expected)[assessment.pk]
    completion = {
        found.key_area_id: found.status
        for _, key_areas in progress_by_theme(assessment)
        for found in key_areas
    }
    figures = Figures(
        scores={assessment.pk: scores},
        expected={framework_id: expected},
        key_areas=assessed_key_areas(framework_id, expected),
    )
    rated = completeness(assessment, figures)
    scale = assessment.round.framework.scale
    return {
        "assessment": assessment.pk,
        "key_areas_completed": rated.key_areas_complete,
        "key_areas": rated.key_areas,
        "statements_rated": rated.rated,
        "statements_asked": rated.expected,
        "percent_rated": rated.percent,
        "by_key_area": [
            key_area_progress(key_area, scores.get(key_area.pk), completion, expected, scale)
            for key_area in figures.key_areas
        ],
    }


def key_area_progress(key_area, score, completion, expected, scale) -> dict:
    """One key area's line of the progress."""
    status = completion[key_area.pk]
    current, target = (score.current, score.target) if score else (None, None)
    return {
        "key": key_area.key,
        "name": key_area.name,
        "theme": key_area.theme.name,
        "theme_key": key_area.theme.key,
        "completion": status.name.lower(),
        "completion_label": status.value,
        "current_level": current,
        "current_level_name": scale.name(current),
        "target_level": target,
        "target_level_name": scale.name(target),
        "statements_rated": min(score.rated, expected[key_area.pk]) if score else 0,
        "statements_asked": expected[key_area.pk],
    }


# The national dataset: the CSV export's columns under machine keys ("Kind of council" is
# kind_of_council), then the codes behind its words, which the API's filters take.
DATASET_KEYS = [heading.lower().replace(" ", "_") for heading in national.DATASET_FIELDS]
DATASET_CODES = {
    "round_slug": F("assessment__round__slug"),
    "council_slug": F("assessment__council__slug"),
    "kind_of_council_code": F("assessment__council__kind"),
    "region_code": F("assessment__council__region"),
    "status_code": F("assessment__status"),
    "confidence_code": F("confidence"),
}


def dataset_rows(round, filters: national.Filters) -> QuerySet:
    """The national picture's export rows (national.dataset), with the codes beside the words,
    in a stable order so that pages never overlap."""
    rows = national.dataset(round, filters)
    # The export's columns are expressions, named by Django (rows._fields): kept, codes added.
    exported = rows._fields
    with_codes = rows.annotate(**DATASET_CODES).values_list(*exported, *DATASET_CODES)
    return with_codes.order_by(*rows.query.order_by, "pk")


def dataset_row(values: tuple) -> dict:
    """One row of dataset_rows as a dict under its machine keys."""
    return dict(zip([*DATASET_KEYS, *DATASET_CODES], values, strict=True))
