"""Checks before submitting: what an officer or head should look at, never what stops them.

Each warning names its statement in words (decision 0008) and links to where it is fixed. A
fixed number of queries reads everything, whatever the number of statements.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from assessments.models import Action, Answer, Evidence, Level
from assessments.statement_views.agreement import spread_words, views_apart
from npsportal.formatting import govuk_date

# Levels that claim to lead the sector: a claim this strong wants evidence behind it.
HIGH_LEVELS = (Level.LEADER, Level.INNOVATOR)


# Named as people say it; Python's own Warning (an exception) is never raised here.
@dataclass(frozen=True)
class Warning:
    """Something to look at before submitting or signing off, and where to look."""

    text: str  # a sentence in plain words, naming the statement
    about: str  # the statement (or its key area) by name
    fix_url: str  # where an officer changes it
    read_url: str  # where it shows among the answers, for the head (who changes nothing)


def warnings_for(assessment, *, key_areas=None) -> list[Warning]:
    """Everything worth a second look in the assessment, in the matrix's order.

    A page that has read every answer in full already (`selectors.key_area_answers` with
    details, as check your answers does) passes its `key_areas` rather than read them again.
    """
    answers = _answers_in(key_areas) if key_areas is not None else _answers_of(assessment)
    today = timezone.localdate()
    found = [
        (_order(answer.statement), warning)
        for answer in answers
        for warning in _answer_warnings(assessment, answer, today)
    ]
    found += _views_apart(assessment, {a.statement_id: a for a in answers})
    # sorted() keeps each statement's warnings in the order they were found.
    return [warning for _, warning in sorted(found, key=lambda pair: pair[0])]


def _answers_of(assessment) -> list[Answer]:
    return list(
        assessment.answers.filter(statement__is_retired=False)
        .select_related("statement__key_area__theme")
        .prefetch_related("evidence_files", "actions")
    )


def _answers_in(key_areas) -> list[Answer]:
    answers = []
    for found in key_areas:
        for statement in found.statements:
            answer = found.answers.get(statement.pk)
            if answer is not None:
                answer.statement = statement  # read already, with its key area and theme
                answers.append(answer)
    return answers


def _answer_warnings(assessment, answer, today: datetime.date) -> list[Warning]:
    name = answer.statement.short_label
    links = _links(assessment, answer.statement)
    found = []
    level, target = answer.current_level, answer.target_level
    if level in HIGH_LEVELS and not has_evidence(answer):
        found.append(
            Warning(f"{name} is rated {Level(level).label} but has no evidence", name, *links)
        )
    if level and target and target < level:
        text = (
            f"The target for {name} ({Level(target).label}) is below its current level "
            f"({Level(level).label})"
        )
        found.append(Warning(text, name, *links))
    if answer.partly_carried:
        found.append(Warning(_partly_carried_text(assessment, name), name, *links))
    if _evidence_is_old(assessment, answer):
        text = f"The evidence for {name} was given before this round: check it still holds"
        found.append(Warning(text, name, *links))
    for action in answer.actions.all():
        if action.due_on < today and action.status != Action.Status.DONE:
            found.append(_overdue(assessment, action, name, links[1]))
    return found


def _partly_carried_text(assessment, name: str) -> str:
    # Read once a page: the instance keeps the previous assessment, its round and framework.
    previous = assessment.prefilled_from
    where = f"{previous.round.framework} key areas" if previous else "key areas"
    return (
        f"The level for {name} was carried across from {where} that covered only part of it: "
        "check it and save it"
    )


def has_evidence(answer: Answer) -> bool:
    """The answer gives evidence: words, a link or a file."""
    return bool(answer.evidence_text.strip() or answer.links or answer.evidence_files.all())


def _evidence_is_old(assessment, answer: Answer) -> bool:
    """Evidence carried forward from the last assessment and not saved since, or a file uploaded
    before the round opened."""
    opened = assessment.round.opens_on
    files = answer.evidence_files.all()
    if answer.needs_review and (answer.evidence_text.strip() or answer.links or files):
        return True
    return any(timezone.localdate(f.uploaded_at) < opened for f in files)


def _overdue(assessment, action: Action, name: str, read_url: str) -> Warning:
    text = (
        f"The action “{action.what}” for {name} was due on {govuk_date(action.due_on)} "
        "and is not done"
    )
    fix_url = reverse("assessments:action_change", args=[assessment.pk, action.pk])
    return Warning(text, name, fix_url, read_url)


def _links(assessment, statement) -> tuple[str, str]:
    """Where the statement is answered, and where its answers show on check your answers."""
    edit = reverse("assessments:key_area", args=[assessment.pk, statement.key_area_id])
    read = reverse("assessments:check_answers", args=[assessment.pk])
    return f"{edit}#statement-{statement.pk}", f"{read}#summary-{statement.key_area_id}"


def _views_apart(assessment, answers: dict[int, Answer]) -> list[tuple[tuple, Warning]]:
    """Statements whose colleagues' views are two levels or more apart, agreed with no reason."""
    views = assessment.views.filter(statement__is_retired=False).select_related(
        "statement__key_area__theme"
    )
    levels, statements = defaultdict(list), {}
    for view in views.order_by():
        levels[view.statement_id].append(view.level)
        statements[view.statement_id] = view.statement
    found = []
    for pk, statement in statements.items():
        answer = answers.get(pk)
        if not views_apart(levels[pk]) or (answer and answer.agreed_reason.strip()):
            continue
        name = statement.short_label
        text = (
            f"Colleagues' views of {name} are far apart ({spread_words(levels[pk])}) "
            "and no reason is given for the level agreed"
        )
        found.append((_order(statement), Warning(text, name, *_links(assessment, statement))))
    return found


def _order(statement) -> tuple:
    """The statement's place in the matrix."""
    key_area = statement.key_area
    return (key_area.theme.order, key_area.order, statement.order, statement.pk)


@dataclass(frozen=True)
class EvidenceSummary:
    """How much of a return is evidenced, and the confidence the council recorded."""

    rated: int
    evidenced: int
    confidence: dict  # Answer.Confidence label -> statements; "Not given" for the rest

    @property
    def percent(self) -> int:
        return round(100 * self.evidenced / self.rated) if self.rated else 0


def evidence_summaries(assessment_ids) -> dict[int, EvidenceSummary]:
    """Each assessment's rated statements, how many have any evidence, and their confidence
    (one query, whatever the number of assessments)."""
    has_file = Exists(Evidence.objects.filter(answer=OuterRef("pk")))
    evidenced = ~Q(evidence_text="") | ~Q(evidence_links="") | Q(has_file)
    by_confidence = {
        f"confidence_{value}": Count("pk", filter=Q(confidence=value))
        for value in Answer.Confidence.values
    }
    rows = (
        Answer.objects.filter(
            assessment_id__in=assessment_ids,
            current_level__isnull=False,
            statement__is_retired=False,
        )
        .order_by()
        .values("assessment_id")
        .annotate(rated=Count("pk"), evidenced=Count("pk", filter=evidenced), **by_confidence)
    )
    return {row["assessment_id"]: _summary(row) for row in rows}


def _summary(row: dict) -> EvidenceSummary:
    # Highest confidence first: independently checked, supported by evidence, self-view.
    counts = {
        label: row[f"confidence_{value}"]
        for value, label in reversed(Answer.Confidence.choices)
        if row[f"confidence_{value}"]
    }
    given = sum(counts.values())
    if row["rated"] > given:
        counts["Not given"] = row["rated"] - given
    return EvidenceSummary(rated=row["rated"], evidenced=row["evidenced"], confidence=counts)
