"""Reads about the NPPS "have regard" record: the priorities, and what a council recorded."""

import functools
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery

from assessments.models import Framework, KeyArea, RegardRecord
from assessments.selectors import ANY_ASSESSMENT, converted, db_converters, fetch, for_assessment
from npsportal.models import User


@dataclass(frozen=True)
class RegardRow:
    """One priority and the council's record of it, if any."""

    priority: KeyArea
    record: RegardRecord | None

    @property
    def recorded(self) -> bool:
        return self.record is not None


@dataclass(frozen=True)
class RegardSummary:
    """The NPPS framework, and each of its priorities with the assessment's record."""

    framework: Framework | None
    rows: list[RegardRow]

    @property
    def recorded(self) -> int:
        return sum(row.recorded for row in self.rows)


def npps_framework() -> Framework | None:
    """The newest National Procurement Policy Statement: its key areas are the priorities."""
    newest = Framework.objects.filter(family=Framework.Family.NPPS)
    return newest.order_by("-year", "-pk").first()


def priorities(framework: Framework | None = None) -> QuerySet[KeyArea]:
    """The priorities of the newest NPPS (or the one given), in its order (none when no NPPS is
    loaded)."""
    framework = framework or npps_framework()
    if framework is None:
        return KeyArea.objects.none()
    return KeyArea.objects.filter(theme__framework=framework).select_related("theme")


def records_of(assessment) -> QuerySet[RegardRecord]:
    """The assessment's regard records, in the priorities' order, with who saved each."""
    return assessment.regard_records.select_related("priority", "updated_by")


def regard_summary(assessment) -> RegardSummary:
    """Each priority of the newest NPPS with the assessment's record of it; records of an older
    NPPS's priorities follow, so nothing recorded is ever hidden."""
    framework = npps_framework()
    records = {record.priority_id: record for record in records_of(assessment)}
    found = priorities(framework)
    rows = [RegardRow(priority, records.pop(priority.pk, None)) for priority in found]
    rows += [RegardRow(record.priority, record) for record in records.values()]
    return RegardSummary(framework=framework, rows=rows)


# What the task list shows of a record, read by `task_list_regard`.
RECORD_FIELDS = ("id", "how_considered", "departure", "updated_at", "updated_by_id")


def task_list_regard(assessment) -> RegardSummary:
    """`regard_summary` without its framework, for the task list: the same rows in one query
    compiled once (Django takes longer to compile the three of `regard_summary` than to run
    them)."""
    rows = []
    for key_area_id, name, *values, full_name, email in fetch(
        for_assessment(task_list_regard_sql(), assessment.pk)
    ):
        priority = KeyArea(pk=key_area_id, name=name)
        record = None
        if values[0] is not None:
            pk, how, departure, updated_at, by = converted(values, record_converters())
            record = RegardRecord(
                pk=pk,
                assessment=assessment,
                priority=priority,
                how_considered=how,
                departure=departure,
                updated_at=updated_at,
                updated_by_id=by,
            )
            if by is not None:
                record.updated_by = User(pk=by, full_name=full_name, email=email)
        rows.append(RegardRow(priority, record))
    return RegardSummary(framework=None, rows=rows)


@functools.lru_cache(maxsize=1)
def record_converters() -> list:
    """(field, converters) of each of the RECORD_FIELDS, for `converted`."""
    fields = [RegardRecord._meta.get_field(name) for name in RECORD_FIELDS]
    return [(field, db_converters(field)) for field in fields]


@functools.lru_cache(maxsize=1)
def task_list_regard_sql() -> tuple[str, tuple]:
    """The SQL of `task_list_regard`: the newest NPPS's priorities, then any other priority the
    assessment has a record of, each with that record's fields."""
    newest = Framework.objects.filter(family=Framework.Family.NPPS).order_by("-year", "-pk")
    record = RegardRecord.objects.filter(assessment_id=ANY_ASSESSMENT, priority=OuterRef("pk"))
    record = record.order_by()
    found = KeyArea.objects.annotate(
        current=Q(theme__framework=Subquery(newest.values("pk")[:1])),
        **{f"record_{name}": Subquery(record.values(name)) for name in RECORD_FIELDS},
        record_full_name=Subquery(record.values("updated_by__full_name")),
        record_email=Subquery(record.values("updated_by__email")),
    )
    columns = [f"record_{name}" for name in RECORD_FIELDS]
    found = (
        found.filter(Q(current=True) | Q(record_id__isnull=False))
        .order_by("-current", "theme__order", "order")
        .values_list("pk", "name", *columns, "record_full_name", "record_email")
    )
    return found.query.sql_with_params()
