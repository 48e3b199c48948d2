"""The activity of an assessment, read from django-simple-history's records."""

from dataclasses import dataclass, field
from itertools import chain

from assessments.models import Action, Answer, Assessment, Evidence

# Bookkeeping fields that say nothing a reader needs.
HIDDEN_FIELDS = {"version", "updated_at", "updated_by", "created_at", "uploaded_at", "file", "size"}
LIMIT = 200


@dataclass
class Entry:
    """One change: when, who, what, and each field's old and new value."""

    when: object
    who: object
    summary: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _display(record, name: str, value) -> str:
    model_field = record.instance._meta.get_field(name)
    if value in (None, ""):
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.choices).get(value, value))
    return str(value)


def _changes(record) -> list[tuple[str, str, str]]:
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous, excluded_fields=HIDDEN_FIELDS)
    return [
        (
            str(record.instance._meta.get_field(c.field).verbose_name).capitalize(),
            _display(record, c.field, c.old),
            _display(record, c.field, c.new),
        )
        for c in delta.changes
    ]


def _summary(record) -> str:
    verb = {"+": "added", "~": "changed", "-": "removed"}[record.history_type]
    if isinstance(record.instance, Assessment):
        if record.history_type == "+":
            return "Started the self-assessment"
        return f"Self-assessment {verb}"
    if isinstance(record.instance, Answer):
        return f"Answer to {record.statement.code} {verb}"
    noun = "Evidence file" if isinstance(record.instance, Evidence) else "Improvement action"
    return f"{noun} “{record.instance}” {verb}"


def activity(assessment: Assessment) -> list[Entry]:
    """Every recorded change to the assessment, its answers, evidence and actions, newest first."""
    answers = Answer.history.filter(assessment_id=assessment.pk)
    answer_ids = set(answers.values_list("id", flat=True))
    records = chain(
        Assessment.history.filter(id=assessment.pk).select_related("history_user"),
        answers.select_related("history_user", "statement"),
        Evidence.history.filter(answer_id__in=answer_ids).select_related("history_user"),
        Action.history.filter(answer_id__in=answer_ids).select_related("history_user"),
    )
    newest = sorted(records, key=lambda r: r.history_date, reverse=True)[:LIMIT]
    entries = []
    for record in newest:
        changes = _changes(record) if record.history_type == "~" else []
        if record.history_type == "~" and not changes:
            continue  # only bookkeeping changed
        entries.append(Entry(record.history_date, record.history_user, _summary(record), changes))
    return entries
