"""Reads about the NPPS "have regard" record: the priorities, and what a council recorded."""

from dataclasses import dataclass

from django.db.models import QuerySet

from assessments.models import Framework, KeyArea, RegardRecord


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
