"""Applying a mapping file: its links replace the mapping's whole, all or nothing."""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction

from assessments.framework_io.spreadsheet import read_table
from assessments.mappings.io.data import RELATION_CELLS, MappingData
from assessments.mappings.io.validation import mapping_from_table
from assessments.models import Mapping, MappingLink, Statement
from npsportal.audit import record_event
from npsportal.models import AuditEvent

IMPORTED = "mapping.imported"


class MappingChanged(Exception):
    """The mapping changed after its changes were checked, so the check no longer holds."""


@dataclass
class LinkChange:
    """One link added, removed or changed, in words: "SL1 Engaging councillors", "part of"."""

    source: str
    relation: str
    target: str
    how: str


@dataclass
class MappingChanges:
    """What applying a file changes in a mapping, and the mapping's state it was worked out on."""

    pair: str
    fingerprint: str
    added: list[LinkChange] = field(default_factory=list)
    removed: list[LinkChange] = field(default_factory=list)
    changed: list[LinkChange] = field(default_factory=list)
    checked: bool = False  # the file clears the mapping's Draft tag
    was_draft: bool = True

    @property
    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
        }

    @property
    def any(self) -> bool:
        return bool(self.checked or any(self.counts.values()))

    def __str__(self):
        added, removed, changed = self.counts.values()
        draft = "; no longer draft" if self.checked else ""
        links = "link" if added == 1 else "links"
        return f"{added} {links} added, {removed} removed, {changed} changed{draft}"


def import_mapping_file(*, content: bytes, **options) -> MappingChanges:
    """Loads a mapping from an XLSX or CSV file; a file with any problem changes nothing."""
    header, rows = read_table(content, sheet="Mapping")
    return apply_mapping(data=mapping_from_table(header, rows), **options)


@transaction.atomic
def apply_mapping(
    *,
    data: MappingData,
    user=None,
    dry_run: bool = False,
    checked: bool = False,
    expected: str | None = None,
    details: dict | None = None,
    audited: bool = True,
) -> MappingChanges:
    """Replaces the mapping's links with the data's, under a lock on the mapping; a dry run (or
    a mapping changed since `expected`, its fingerprint when checked) saves nothing."""
    mapping, _ = Mapping.objects.get_or_create(source_id=data.source_id, target_id=data.target_id)
    # The row lock makes a second apply (a double click, a colleague) wait for the first.
    mapping = Mapping.objects.select_for_update().get(pk=mapping.pk)
    before = _links(mapping)
    changes = MappingChanges(pair=data.pair, fingerprint=fingerprint(mapping, before))
    if expected is not None and expected != changes.fingerprint:
        raise MappingChanged
    after = {(link.source_id, link.target_id): (link.relation, link.note) for link in data.links}
    _compare(changes, before, after)
    changes.checked = checked and mapping.is_draft
    changes.was_draft = mapping.is_draft
    if dry_run:
        transaction.set_rollback(True)
        return changes
    _replace(mapping, before, after, changes)
    if audited:
        details = {**(details or {}), **changes.counts, "checked": changes.checked}
        record_event(action=IMPORTED, actor=user, obj=mapping, details=details)
    return changes


def _links(mapping) -> dict[tuple[int, int], tuple[str, str]]:
    rows = mapping.links.values_list("source_id", "target_id", "relation", "note")
    return {(source, target): (relation, note) for source, target, relation, note in rows}


def fingerprint(mapping: Mapping, links: dict) -> str:
    """A SHA-256 of the mapping's links and Draft tag: it differs as soon as either does."""
    state = [mapping.is_draft, sorted([*key, *value] for key, value in links.items())]
    return hashlib.sha256(json.dumps(state).encode()).hexdigest()


def _compare(changes: MappingChanges, before: dict, after: dict) -> None:
    names = _names({pk for key in [*before, *after] for pk in key})
    for key in after.keys() - before.keys():
        changes.added.append(_change(names, key, after[key], "Added"))
    for key in before.keys() - after.keys():
        changes.removed.append(_change(names, key, before[key], "Removed"))
    for key in after.keys() & before.keys():
        (old_relation, old_note), (relation, note) = before[key], after[key]
        if old_relation != relation:
            was = RELATION_CELLS[MappingLink.Relation(old_relation)]
            changes.changed.append(_change(names, key, after[key], f"Was '{was}'"))
        elif old_note != note:
            changes.changed.append(_change(names, key, after[key], "Note changed"))
    for kind in (changes.added, changes.removed, changes.changed):
        kind.sort(key=lambda change: (change.source, change.target))


def _change(names, key, value, how) -> LinkChange:
    relation = RELATION_CELLS[MappingLink.Relation(value[0])]
    source, target = key
    return LinkChange(source=names[source], relation=relation, target=names[target], how=how)


def _names(ids) -> dict[int, str]:
    statements = Statement.objects.filter(pk__in=ids).select_related("key_area")
    return {statement.pk: f"{statement.code} {statement.short_label}" for statement in statements}


def _replace(mapping, before: dict, after: dict, changes: MappingChanges) -> None:
    gone = [key for key in before if key not in after]
    for source, target in gone:
        mapping.links.filter(source_id=source, target_id=target).delete()
    for key in after.keys() & before.keys():
        if after[key] != before[key]:
            relation, note = after[key]
            mapping.links.filter(source_id=key[0], target_id=key[1]).update(
                relation=relation, note=note
            )
    MappingLink.objects.bulk_create(
        MappingLink(
            mapping=mapping, source_id=key[0], target_id=key[1], relation=value[0], note=value[1]
        )
        for key, value in after.items()
        if key not in before
    )
    if changes.any:
        mapping.is_draft = mapping.is_draft and not changes.checked
        mapping.save()  # updated_at: "last changed" on the mappings page


def applied_event(*, upload: str) -> AuditEvent | None:
    """The audit event of an upload's apply, if it has been applied."""
    return AuditEvent.objects.filter(action=IMPORTED, details__upload=upload).first()
