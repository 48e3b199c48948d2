"""What a django-simple-history record changed, in words people read."""

from dataclasses import dataclass

from npsportal.formatting import field_value


@dataclass(frozen=True)
class FieldChange:
    """One field of a change: its label, and its old and new values in words ("" when blank)."""

    label: str
    old: str
    new: str
    created: bool = False  # the record made the row: there was no old value


def record_changes(
    record, *, previous=None, hidden=frozenset(), names: dict | None = None
) -> list[FieldChange]:
    """The fields a record changed from its previous one or, on creation, every field given.
    Callers listing many records pass each one's `previous` (else it is read, a query each) and
    one `names` dict (see formatting.field_value)."""
    model = record.instance._meta
    previous = previous or (None if record.history_type == "+" else record.prev_record)
    if previous is None:
        kept = {f.name for f in record._meta.concrete_fields}  # the history's excluded fields aside
        fields = [
            f
            for f in model.concrete_fields
            if f.name in kept and f.name not in hidden and not f.primary_key
        ]
        given = [(f, getattr(record, f.attname)) for f in fields]
        return [
            FieldChange(_label(f), "", field_value(f, value, names), created=True)
            for f, value in given
            if value not in (None, "", False)
        ]
    delta = record.diff_against(previous, excluded_fields=set(hidden))
    changes = []
    for change in delta.changes:
        field = model.get_field(change.field)
        old, new = field_value(field, change.old, names), field_value(field, change.new, names)
        if old != new:
            changes.append(FieldChange(_label(field), old, new))
    return changes


def _label(field) -> str:
    return str(field.verbose_name)[:1].upper() + str(field.verbose_name)[1:]
