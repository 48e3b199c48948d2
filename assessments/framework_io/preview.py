"""What loading a framework file changes, in words: found by applying it and comparing the matrix
before and after, so that the preview (rolled back) and the apply (kept) share every rule."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction

from assessments.framework_io.data import FrameworkData, FrameworkImportError, Problem
from assessments.framework_io.services import Changes, apply_framework
from assessments.framework_io.spreadsheet import read_table
from assessments.framework_io.validation import framework_from_table
from assessments.models import Descriptor, Framework, KeyArea, Level, Statement, Theme
from npsportal.audit import record_event
from npsportal.models import AuditEvent

IMPORTED = "framework.imported"
RETIRED = "No longer asked; the answers already given to it are kept"
# Each kind of change: its heading, and what its "where" column names.
SECTIONS = {
    "statements_added": ("Statements added", "Key area"),
    "statements_changed": ("Statements changed", "Key area"),
    "statements_retired": ("Statements retired", "Key area"),
    "key_areas_added": ("Key areas added", "Theme"),
    "key_areas_changed": ("Key areas changed", "Theme"),
    "themes_added": ("Themes added", ""),
    "themes_changed": ("Themes changed", ""),
}

KEY_AREA_FIELDS = {
    "name": "Name",
    "description": "Description",
    "what_it_is": "What it is",
    "why_it_is_important": "Why it is important",
}


class MatrixChanged(Exception):
    """The framework changed after its changes were checked, so the check no longer holds."""


@dataclass
class Change:
    """One statement, key area or theme that changes: its name, where it sits, and how."""

    name: str
    where: str = ""
    how: list[str] = field(default_factory=list)


@dataclass
class Preview:
    """Everything a file changes in a framework, and the framework's state it was worked out on."""

    fingerprint: str
    framework: list[str] = field(default_factory=list)
    themes_added: list[Change] = field(default_factory=list)
    themes_changed: list[Change] = field(default_factory=list)
    key_areas_added: list[Change] = field(default_factory=list)
    key_areas_changed: list[Change] = field(default_factory=list)
    statements_added: list[Change] = field(default_factory=list)
    statements_changed: list[Change] = field(default_factory=list)
    statements_retired: list[Change] = field(default_factory=list)
    changes: Changes = field(default_factory=Changes)

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in SECTIONS}

    @property
    def sections(self) -> list[tuple[str, str, list[Change]]]:
        """(heading, what the "where" column names, changes) of each kind of change there is."""
        return [
            (heading, where, getattr(self, name))
            for name, (heading, where) in SECTIONS.items()
            if getattr(self, name)
        ]

    @property
    def any(self) -> bool:
        return bool(self.framework or any(self.counts.values()))


def count_lines(counts: dict) -> list[tuple[str, int]]:
    """Each kind of change with its count, in the order the preview lists them."""
    return [(heading, counts.get(name, 0)) for name, (heading, _) in SECTIONS.items()]


def framework_data_for(*, framework: Framework, content: bytes) -> FrameworkData:
    """The file's framework, which must be this one; raises FrameworkImportError otherwise."""
    header, rows = read_table(content)
    data = framework_from_table(header, rows)
    if data.slug != framework.slug:
        message = (
            f"The file is for the framework '{data.name}', not {framework.name}: upload a "
            f"spreadsheet of {framework.name}, such as the one you can download from this page"
        )
        raise FrameworkImportError([Problem(message, row=data.row, column="framework")])
    return data


@transaction.atomic
def preview_file(*, framework: Framework, content: bytes) -> Preview:
    """What loading the file would change in the framework; saves nothing."""
    preview = _apply_and_compare(framework, content, expected=None)
    transaction.set_rollback(True)
    return preview


@transaction.atomic
def apply_checked_file(
    *, framework: Framework, content: bytes, fingerprint: str, upload: str, file_name: str
) -> Preview | None:
    """Loads a checked file once, all or nothing; None if this upload was loaded already.

    Raises MatrixChanged if the framework is no longer as it was when the file was checked.
    """
    # Holding the framework's row makes a second apply (a double click, a colleague) wait for
    # the first to finish, then find the upload applied or the matrix changed.
    Framework.objects.select_for_update().filter(pk=framework.pk).first()
    if applied_event(framework=framework, upload=upload) is not None:
        return None
    preview = _apply_and_compare(framework, content, expected=fingerprint)
    # "rows": what import_framework prints, counted in database rows.
    details = {"upload": upload, "file": file_name, "rows": str(preview.changes), **preview.counts}
    record_event(action=IMPORTED, obj=framework, details=details)
    return preview


def applied_event(*, framework: Framework, upload: str) -> AuditEvent | None:
    """The audit event of an upload's apply, if it has been applied."""
    events = AuditEvent.objects.filter(action=IMPORTED, object_id=str(framework.pk))
    return events.filter(object_type=Framework._meta.label, details__upload=upload).first()


def _apply_and_compare(framework, content, expected: str | None) -> Preview:
    data = framework_data_for(framework=framework, content=content)
    before = framework_state(framework)
    fingerprint = state_fingerprint(before)
    if expected is not None and expected != fingerprint:
        raise MatrixChanged
    framework, changes = apply_framework(data=data)
    preview = compare(before, framework_state(framework), fingerprint=fingerprint)
    preview.changes = changes
    return preview


def framework_state(framework: Framework) -> dict:
    """The framework's themes, key areas, statements and descriptors as plain values by id."""
    themes = Theme.objects.filter(framework=framework)
    key_areas = KeyArea.objects.filter(theme__framework=framework)
    statements = Statement.objects.filter(key_area__theme__framework=framework)
    descriptors = Descriptor.objects.filter(statement__key_area__theme__framework=framework)
    state = {
        "framework": Framework.objects.filter(pk=framework.pk).values("name", "title").get(),
        "themes": _by_id(themes.values("id", "key", "name", "kind", "order")),
        "key_areas": _by_id(
            key_areas.values("id", "theme_id", "key", "order", "is_draft_wording", *KEY_AREA_FIELDS)
        ),
        "statements": _by_id(
            statements.values("id", "key_area_id", "code", "text", "order", "is_retired")
        ),
    }
    for statement in state["statements"].values():
        statement["descriptors"] = {}
    for descriptor in descriptors.values("statement_id", "level", "text"):
        level = str(descriptor["level"])
        state["statements"][str(descriptor["statement_id"])]["descriptors"][level] = descriptor[
            "text"
        ]
    return state


def _by_id(rows) -> dict[str, dict]:
    return {str(row.pop("id")): row for row in rows}


def state_fingerprint(state: dict) -> str:
    """A SHA-256 of the framework's state: it differs as soon as anything in it differs."""
    text = json.dumps(state, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def compare(before: dict, after: dict, *, fingerprint: str) -> Preview:
    """The changes from one state of a framework to another, in words."""
    preview = Preview(fingerprint=fingerprint)
    if before["framework"]["name"] != after["framework"]["name"]:
        preview.framework.append(
            f"Renamed from {before['framework']['name']} to {after['framework']['name']}"
        )
    _compare_themes(preview, before["themes"], after["themes"])
    _compare_key_areas(preview, before, after)
    _compare_statements(preview, before, after)
    return preview


def _compare_themes(preview, before: dict, after: dict) -> None:
    for pk, theme in after.items():
        old = before.get(pk)
        if old is None:
            kind = Theme.Kind(theme["kind"]).label.lower()
            preview.themes_added.append(Change(theme["name"], how=[f"New {kind}"]))
            continue
        how = []
        if old["name"] != theme["name"]:
            how.append(f"Renamed from {old['name']}")
        if old["kind"] != theme["kind"]:
            how.append(f"Becomes {Theme.Kind(theme['kind']).label.lower()}")
        if old["order"] != theme["order"]:
            how.append(f"Moves to position {theme['order']} in the matrix")
        if how:
            preview.themes_changed.append(Change(theme["name"], how=how))


def _compare_key_areas(preview, before: dict, after: dict) -> None:
    for pk, key_area in after["key_areas"].items():
        theme = after["themes"][str(key_area["theme_id"])]["name"]
        old = before["key_areas"].get(pk)
        if old is None:
            preview.key_areas_added.append(
                Change(key_area["name"], where=theme, how=["New key area"])
            )
            continue
        how = [
            f"{label} changed" if name != "name" else f"Renamed from {old['name']}"
            for name, label in KEY_AREA_FIELDS.items()
            if old[name] != key_area[name]
        ]
        if old["is_draft_wording"] != key_area["is_draft_wording"]:
            how.append(
                "Marked as draft wording"
                if key_area["is_draft_wording"]
                else "No longer marked as draft wording"
            )
        if old["order"] != key_area["order"]:
            how.append(f"Moves to position {key_area['order']} in its theme")
        if how:
            preview.key_areas_changed.append(Change(key_area["name"], where=theme, how=how))


def _compare_statements(preview, before: dict, after: dict) -> None:
    def where(state, statement):
        return state["key_areas"][str(statement["key_area_id"])]["name"]

    gone = {
        statement["code"]: where(before, statement)
        for pk, statement in after["statements"].items()
        if statement["is_retired"] and not before["statements"].get(pk, statement)["is_retired"]
    }
    added_codes = set()
    for pk, statement in after["statements"].items():
        old = before["statements"].get(pk)
        change = Change(statement["code"], where=where(after, statement))
        if statement["is_retired"]:
            if old is not None and not old["is_retired"]:
                change.how = [RETIRED]
                preview.statements_retired.append(change)
        elif old is None or old["is_retired"]:
            added_codes.add(statement["code"])
            change.how = _added_how(statement, old, gone.get(statement["code"]))
            preview.statements_added.append(change)
        else:
            change.how = _statement_how(old, statement)
            if change.how:
                preview.statements_changed.append(change)
    for change in preview.statements_retired:
        if change.name in added_codes:
            change.how = [f"Moves to another key area. {RETIRED}"]


def _added_how(statement: dict, old: dict | None, moved_from: str | None) -> list[str]:
    if moved_from:
        how = [f"Moves here from {moved_from}, as a new statement"]
    elif old is not None:
        how = ["Back in use (it was retired)"]
    else:
        how = ["New statement"]
    if not statement["descriptors"]:
        how.append("Not described at any level yet")
    return how


def _statement_how(old: dict, new: dict) -> list[str]:
    how = []
    if old["text"] != new["text"]:
        how.append("Statement text changed")
    if not old["descriptors"] and new["descriptors"]:
        how.append("Described at all five levels for the first time")
    else:
        how += [
            f"{Level(int(level)).label} descriptor changed"
            for level in sorted(new["descriptors"])
            if old["descriptors"].get(level) != new["descriptors"][level]
        ]
    if old["order"] != new["order"]:
        how.append(f"Moves to position {new['order']} in its key area")
    return how
