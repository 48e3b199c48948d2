"""The activity of an assessment, read from django-simple-history's records, in words."""

from dataclasses import dataclass, field
from itertools import chain

from assessments.models import ANSWER_FIELDS, Action, Answer, Assessment, Evidence
from npsportal.formatting import field_value
from npsportal.history import FieldChange, record_changes

# Bookkeeping fields that say nothing a reader needs, the rows an entry's summary names, and
# the people who are its "who" (naming them again would cost a query an entry).
HIDDEN_FIELDS = {
    "uploaded_by",
    "created_by",
    "version",
    "updated_at",
    "updated_by",
    "created_at",
    "uploaded_at",
    "file",
    "size",
    "content_type",
    "needs_review",
    "partly_carried",
    "assessment",
    "answer",
    "statement",
    "council",
    "round",
}
LIMIT = 200
# What a change of an assessment's status means, as its entry's summary.
STATUS_SUMMARIES = {
    Assessment.Status.DRAFT: "Self-assessment reopened as a draft",
    Assessment.Status.SUBMITTED: "Self-assessment submitted for sign-off",
    Assessment.Status.APPROVED: "Self-assessment approved",
    Assessment.Status.RETURNED: "Self-assessment returned to the officers",
}


@dataclass
class Entry:
    """One change: when, who, what, and each field's old and new value in words."""

    when: object
    who: object
    summary: str
    changes: list[FieldChange] = field(default_factory=list)


def _summary(record, changes) -> str:
    verb = {"+": "added", "~": "changed", "-": "removed"}[record.history_type]
    if isinstance(record.instance, Assessment):
        if record.history_type == "+":
            return "Started the self-assessment"
        if any(c.label == "Status" for c in changes):
            return STATUS_SUMMARIES.get(record.status, "Self-assessment changed")
        return f"Self-assessment {verb}"
    if isinstance(record.instance, Answer):
        return f"Answer for “{record.statement.short_label}” {verb}"
    noun = "Evidence file" if isinstance(record.instance, Evidence) else "Improvement action"
    return f"{noun} “{record.instance}” {verb}"


def activity(assessment: Assessment) -> list[Entry]:
    """Every recorded change to the assessment, its answers, evidence and actions, newest first."""
    answers = Answer.history.filter(assessment_id=assessment.pk)
    answer_ids = set(answers.values_list("id", flat=True))
    records = list(
        chain(
            Assessment.history.filter(id=assessment.pk).select_related("history_user"),
            answers.select_related("history_user", "statement__key_area"),
            Evidence.history.filter(answer_id__in=answer_ids).select_related("history_user"),
            Action.history.filter(answer_id__in=answer_ids).select_related("history_user"),
        )
    )
    previous = _previous_records(sorted(records, key=lambda r: r.history_date))
    newest = sorted(records, key=lambda r: r.history_date, reverse=True)[:LIMIT]
    names: dict = {}
    entries = []
    for record in newest:
        changes = (
            []
            if record.history_type == "-"
            else record_changes(
                record, previous=previous.get(record), hidden=HIDDEN_FIELDS, names=names
            )
        )
        if record.history_type == "~" and not changes:
            continue  # only bookkeeping changed
        summary = _summary(record, changes)
        entries.append(Entry(record.history_date, record.history_user, summary, changes))
    return entries


def _previous_records(oldest_first: list) -> dict:
    """Each record's previous record of the same row, from records already read (oldest first),
    so that listing them asks the database nothing more."""
    last: dict = {}
    previous = {}
    for record in oldest_first:
        row = (type(record), record.id)
        if row in last and record.history_type != "+":
            previous[record] = last[row]
        last[row] = record
    return previous


def conflict_rows(change) -> list[tuple[str, str, str]]:
    """A conflict's differing answers as (question, saved, yours), each value in words."""
    names = {label: name for name, label in ANSWER_FIELDS.items()}
    rows = []
    for label, saved, yours in change.fields:
        field = Answer._meta.get_field(names[label])
        rows.append((label, field_value(field, saved), field_value(field, yours)))
    return rows
