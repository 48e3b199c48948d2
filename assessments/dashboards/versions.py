"""Fingerprints of what the cached dashboards show, read on every view in one or two queries.

The council dashboard and the national picture are cached whole under a fingerprint of the rows
they are drawn from (docs/decisions/0021): every process reads it from the database, so a change
made through any process shows at once through all. Each part below is a small queryset; they are
joined into a single SELECT of scalar subqueries, compiled once and then only executed. A part of
many rows comes back as one text (the rows' values joined), which the caller hashes.

PostgreSQL plans every statement it is sent, and planning, not the round trip, is most of what a
fingerprint costs there: so the parts take ids as literal values rather than subqueries, and the
small reference tables are read whole, one table each, with no join to plan.
"""

import functools

from django.db import connection
from django.db.models import Count, Max, QuerySet, Sum, Value

from assessments.models import (
    Action,
    Answer,
    Assessment,
    Descriptor,
    Framework,
    KeyArea,
    KeyAreaAssignment,
    MappingLink,
    RegardRecord,
    Round,
    Statement,
    StatementView,
    Theme,
)
from assessments.selectors import ANY_ASSESSMENT, fetch, for_assessment
from npsportal.models import Council

APPROVED = Assessment.Status.APPROVED


def dashboard_stamp(council_id: int) -> tuple:
    """Everything the council dashboard is drawn from, in two small queries: the council's
    assessments, then all the rest in one (see dashboard_sql)."""
    rows = fetch(assessments_sql(council_id))
    # As pick_assessments: the newest approved assessment shows, else the newest.
    approved = [row for row in rows if row[1] == APPROVED]
    shown = (approved or rows or [None])[0]
    frameworks = tuple(sorted({row[5] for row in approved}))
    ids = tuple(sorted(row[0] for row in rows))
    return rows, fetch(dashboard_sql(ids, shown and shown[4], frameworks))[0]


@functools.lru_cache(maxsize=1024)
def assessments_sql(council_id: int) -> tuple[str, tuple]:
    """The council's assessments, newest round first, as dashboard_stamp reads them."""
    rows = Assessment.objects.filter(council_id=council_id).order_by("-round__opens_on", "pk")
    fields = ("pk", "status", "updated_at", "approved_at", "round_id", "round__framework_id")
    return rows.values_list(*fields).query.sql_with_params()


@functools.lru_cache(maxsize=1024)
def dashboard_sql(
    assessment_ids: tuple[int, ...], shown_round: int | None, approved_frameworks: tuple[int, ...]
) -> tuple[str, tuple]:
    """The answers, actions and colleagues' views of the council's assessments; the rounds and
    frameworks; the approved assessments of the round shown (peer counts); councils' kinds and
    regions (peer groups); and the mappings between the frameworks of the council's approved
    assessments (comparisons across versions), when there are two or more."""
    parts = [*reference(), councils()]
    if assessment_ids:
        parts += work_of(assessment_ids)
    if shown_round is not None:
        parts.append(totals(approved_in(shown_round), at=Max("updated_at")))
    if len(approved_frameworks) > 1:
        parts.append(links(approved_frameworks, approved_frameworks))
    return one_row(*parts)


def picture_stamp(round: Round, before: Round | None) -> tuple:
    """Everything the national picture of a round compared with `before` is drawn from, in one
    query (see picture_sql)."""
    before_ids = (before.pk, before.framework_id) if before else (None, None)
    return fetch(picture_sql(round.pk, round.framework_id, *before_ids))[0]


@functools.lru_cache(maxsize=256)
def picture_sql(
    round_id: int, framework_id: int, before_id: int | None, before_framework_id: int | None
) -> tuple[str, tuple]:
    """Every assessment of the round (participation, approved levels), the earlier round's
    approved ones, councils' kinds and regions (filters), the rounds and frameworks, and the
    mapping between the two frameworks when they differ."""
    parts = [
        totals(Assessment.objects.filter(round_id=round_id), at=Max("updated_at")),
        councils(),
        *reference(),
    ]
    if before_id is not None:
        parts.append(totals(approved_in(before_id), at=Max("updated_at")))
        if before_framework_id != framework_id:
            frameworks = (framework_id, before_framework_id)
            parts.append(links(frameworks, frameworks))
    return one_row(*parts)


def task_list_stamp(assessment_id: int) -> tuple:
    """Everything an assessment's task list is drawn from, in one query (see task_list_sql)."""
    return fetch(for_assessment(task_list_sql(), assessment_id))[0]


@functools.lru_cache(maxsize=1)
def task_list_sql() -> tuple[str, tuple]:
    """The assessment's answers (their values: a bulk update moves no stamp), who has each key
    area (names included: a person's name has no stamp) and the history saying which were
    accepted, its NPPS records with who saved them; and the frameworks, themes, key areas and
    statements the task list and the NPPS priorities are drawn from, each table read whole.
    Compiled once for any assessment: run it with `for_assessment`."""
    answers = Answer.objects.filter(assessment_id=ANY_ASSESSMENT).order_by("pk")
    assignments = KeyAreaAssignment.objects.filter(assessment_id=ANY_ASSESSMENT).order_by("pk")
    history = KeyAreaAssignment.history.model.objects.filter(assessment_id=ANY_ASSESSMENT)
    records = RegardRecord.objects.filter(assessment_id=ANY_ASSESSMENT).order_by("pk")
    descriptors = Descriptor.objects.all()
    people = ("assignee_id", "assignee__full_name", "assignee__email")
    return one_row(
        joined(answers.values_list("pk", "statement_id", "current_level", "needs_review")),
        joined(assignments.values_list("pk", "key_area_id", "due_on", "state", *people)),
        totals(history, last=Max("history_id")),
        joined(
            records.values_list(
                "pk", "priority_id", "updated_at", "updated_by__full_name", "updated_by__email"
            )
        ),
        joined(Framework.objects.order_by("pk").values_list("pk", "family", "year")),
        joined(
            Theme.objects.order_by("pk").values_list(
                "pk", "name", "key", "kind", "order", "framework_id"
            )
        ),
        joined(
            KeyArea.objects.order_by("pk").values_list(
                "pk", "name", "order", "is_draft_wording", "theme_id"
            )
        ),
        joined(Statement.objects.order_by("pk").values_list("pk", "key_area_id", "is_retired")),
        totals(descriptors),
        joined(descriptors.filter(text="").order_by("pk").values_list("pk")),
    )


def approved_in(round) -> QuerySet[Assessment]:
    return Assessment.objects.filter(round_id=round, status=APPROVED)


def work_of(assessment_ids: tuple[int, ...]) -> list[tuple[str, tuple]]:
    """Answers, their actions (the history rows: an action has no stamp of its own) and
    colleagues' views of these assessments."""
    answers = Answer.objects.filter(assessment_id__in=assessment_ids)
    history = Action.history.model.objects.filter(answer_id__in=answers.values("pk"))
    views = StatementView.objects.filter(assessment_id__in=assessment_ids)
    return [
        totals(answers, at=Max("updated_at")),
        totals(history, last=Max("history_id")),
        totals(views, at=Max("updated_at")),
    ]


def reference() -> list[tuple[str, tuple]]:
    """What the dashboards show of every framework, table by table (each small, read whole: no
    join to plan): rounds, frameworks, themes and key areas (names, order), and which statements
    each key area expects (not retired, described at all five levels)."""
    descriptors = Descriptor.objects.all()
    return [
        joined(Round.objects.order_by("pk").values_list("pk", "name", "opens_on", "framework_id")),
        joined(Framework.objects.order_by("pk").values_list("pk", "name")),
        joined(Theme.objects.order_by("pk").values_list("pk", "name", "order", "framework_id")),
        joined(
            KeyArea.objects.order_by("pk").values_list("pk", "key", "name", "order", "theme_id")
        ),
        joined(Statement.objects.order_by("pk").values_list("pk", "key_area_id", "is_retired")),
        totals(descriptors),
        joined(descriptors.filter(text="").order_by("pk").values_list("pk")),
    ]


def councils() -> tuple[str, tuple]:
    """Councils' kinds and regions: peer groups and the national filters use them."""
    groups = Council.objects.values("kind", "region").annotate(n=Count("pk"), ids=Sum("pk"))
    return joined(groups.order_by("kind", "region").values_list("kind", "region", "n", "ids"))


def links(sources, targets) -> tuple[str, tuple]:
    """The links of every mapping from one of the sources to one of the targets (frameworks)."""
    found = MappingLink.objects.filter(mapping__source__in=sources, mapping__target__in=targets)
    return joined(
        found.order_by("pk").values_list(
            "pk", "source_id", "target_id", "relation", "mapping__is_draft"
        )
    )


def totals(rows: QuerySet, **aggregates) -> tuple[str, tuple]:
    """How many rows there are, the sum of their ids and any other aggregates, as one text: it
    changes whenever a row is added or removed, and with the aggregates' values."""
    aggregates = {"n": Count("pk"), "ids": Sum("pk"), **aggregates}
    # Grouped by a constant: one row of aggregates over every row, even none.
    grouped = rows.order_by().annotate(all_rows=Value(1)).values("all_rows")
    return joined(grouped.annotate(**aggregates).values_list(*aggregates))


def joined(rows: QuerySet) -> tuple[str, tuple]:
    """A scalar subquery giving the rows of a values_list as one text (columns joined by "|",
    rows by ","), or NULL when there are none."""
    sql, params = rows.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = [*rows.query.values_select, *rows.query.annotation_select]
    line = " || '|' || ".join(f"COALESCE(CAST(r.{quote(name)} AS TEXT), '')" for name in columns)
    aggregate = "STRING_AGG" if connection.vendor == "postgresql" else "GROUP_CONCAT"
    # Only quoted column names and the ORM's own compiled SQL; values stay parameters.
    return f"(SELECT {aggregate}({line}, ',') FROM ({sql}) r)", params  # nosec B608


def one_row(*parts: tuple[str, tuple]) -> tuple[str, tuple]:
    """The scalar subqueries as the columns of one row: a single round trip."""
    sql = "SELECT " + ", ".join(part for part, _ in parts)
    return sql, tuple(param for _, params in parts for param in params)
