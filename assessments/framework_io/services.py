"""Applying a framework to the database: everything or nothing, and never deleting a statement."""

from dataclasses import dataclass

from django.db import transaction

from assessments.framework_io.data import (
    FrameworkData,
    FrameworkImportError,
    KeyAreaData,
    Problem,
    StatementData,
    ThemeData,
)
from assessments.framework_io.spreadsheet import read_table
from assessments.framework_io.validation import framework_from_table
from assessments.models import Descriptor, Framework, KeyArea, Statement, Theme


@dataclass
class Changes:
    """What applying a framework did, counted in database rows."""

    created: int = 0
    updated: int = 0
    retired: int = 0

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.retired} retired"

    @property
    def any(self) -> bool:
        return bool(self.created or self.updated or self.retired)


def import_framework_file(*, content: bytes) -> tuple[Framework, Changes]:
    """Loads a framework from an XLSX or CSV file; a file with any problem changes nothing."""
    header, rows = read_table(content)
    return apply_framework(data=framework_from_table(header, rows))


@transaction.atomic
def apply_framework(*, data: FrameworkData) -> tuple[Framework, Changes]:
    """Creates or updates a framework; statements missing from the data are retired, not deleted."""
    changes, problems = Changes(), []
    framework = _apply_framework(data, changes, problems)
    kept = []
    for order, theme_data in enumerate(data.themes, start=1):
        kept += _apply_theme(framework, theme_data, order, changes, problems)
    if problems:
        # Raising inside the atomic block rolls back whatever was written before the problem.
        raise FrameworkImportError(problems)
    changes.retired = (
        Statement.objects.filter(key_area__theme__framework=framework, is_retired=False)
        .exclude(pk__in=kept)
        .update(is_retired=True)
    )
    return framework, changes


def _save(model, lookup: dict, values: dict, changes: Changes):
    """The object found by lookup, created or updated to the values; saves only real changes."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        changes.created += 1
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        changes.updated += 1
    return obj


def _apply_framework(data: FrameworkData, changes: Changes, problems: list) -> Framework | None:
    exists = Framework.objects.filter(slug=data.slug).exists()
    if not exists and data.year is None:
        problems.append(
            Problem(
                "Include the year in a new framework's name, for example NPS 2026",
                row=data.row,
                column="framework",
            )
        )
        return None
    values = {"name": data.name}
    values.update({"year": data.year} if data.year is not None else {})
    optional = {
        "title": data.title,
        "family": data.family,
        "description": data.description,
        "is_draft": data.is_draft,
    }
    values.update({name: value for name, value in optional.items() if value is not None})
    if data.is_current is not None:
        if data.is_current:
            # Only one framework may be current (a database constraint); make room first.
            Framework.objects.filter(is_current=True).exclude(slug=data.slug).update(
                is_current=False
            )
        values["is_current"] = data.is_current
    return _save(Framework, {"slug": data.slug}, values, changes)


def _apply_theme(framework, data: ThemeData, order: int, changes, problems) -> list[int]:
    if framework is None:
        return []
    values = {"name": data.name, "order": order}
    values.update({"kind": data.kind} if data.kind is not None else {})
    theme = _save(Theme, {"framework": framework, "key": data.key}, values, changes)
    kept = []
    for key_area_order, key_area_data in enumerate(data.key_areas, start=1):
        key_area = _apply_key_area(theme, key_area_data, key_area_order, changes)
        for statement_order, statement_data in enumerate(key_area_data.statements, start=1):
            statement = _apply_statement(key_area, statement_data, statement_order, changes)
            _apply_descriptors(statement, statement_data, changes, problems)
            kept.append(statement.pk)
    return kept


def _apply_key_area(theme, data: KeyAreaData, order: int, changes) -> KeyArea:
    values = {
        "name": data.name,
        "description": data.description,
        "what_it_is": data.what_it_is,
        "why_it_is_important": data.why_it_is_important,
        "is_draft_wording": data.is_draft_wording,
        "order": order,
    }
    return _save(KeyArea, {"theme": theme, "key": data.key}, values, changes)


def _apply_statement(key_area, data: StatementData, order: int, changes) -> Statement:
    values = {"text": data.text, "order": order, "is_retired": False}
    return _save(Statement, {"key_area": key_area, "code": data.code}, values, changes)


def _apply_descriptors(statement, data: StatementData, changes, problems) -> None:
    if not data.descriptors and statement.descriptors.exists():
        problems.append(
            Problem(
                f"{data.code} already has descriptors, which an import does not remove; enter "
                "all five levels, or leave the statement out to retire it",
                row=data.row,
                column="minimum",
            )
        )
    for level, text in data.descriptors.items():
        _save(Descriptor, {"statement": statement, "level": level}, {"text": text}, changes)
