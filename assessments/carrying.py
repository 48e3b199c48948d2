"""Starting from the last self-assessment: its levels, evidence and open actions carried to the
new one, statement by statement within a framework, or through the mapping across versions."""

from django.core.files.base import ContentFile

from assessments import selectors
from assessments.mappings.projection import Basis, LinkedAnswer, implied_level
from assessments.mappings.selectors import links_between
from assessments.models import (
    ANSWER_FIELDS,
    EVIDENCE_LINKS_MAX_LENGTH,
    EVIDENCE_TEXT_MAX_LENGTH,
    Action,
    Answer,
    Assessment,
    Evidence,
)


def _statement_key(statement) -> tuple:
    return (statement.key_area.theme.key, statement.key_area.key, statement.code)


def carry_forward(previous: Assessment, assessment: Assessment, written: list) -> None:
    """Copies levels, evidence and open actions, each answer flagged for review."""
    if previous.round.framework_id != assessment.round.framework_id:
        _carry_across(previous, assessment, written)
        return
    statements = {
        _statement_key(s): s for s in selectors.assessed_statements(assessment.round.framework)
    }
    old_answers = previous.answers.select_related("statement__key_area__theme").prefetch_related(
        "evidence_files", "actions"
    )
    for old in old_answers:
        statement = statements.get(_statement_key(old.statement))
        if statement is None:
            continue
        values = {name: getattr(old, name) for name in ANSWER_FIELDS}
        answer = Answer.objects.create(
            assessment=assessment, statement=statement, needs_review=True, **values
        )
        for evidence in old.evidence_files.all():
            _copy_evidence(evidence, answer, written)
        _copy_open_actions(old, answer)


def _copy_open_actions(old: Answer, answer: Answer) -> None:
    for action in old.actions.all():
        if action.status == Action.Status.DONE:
            continue
        Action.objects.create(
            answer=answer,
            what=action.what,
            owner=action.owner,
            due_on=action.due_on,
            status=action.status,
            carried_forward=True,
        )


def _carry_across(previous: Assessment, assessment: Assessment, written: list) -> None:
    """Carries answers to another framework's statements through the mapping between the two,
    each old file and open action copied once; statements linked to no answer stay blank."""
    old_framework, framework = previous.round.framework, assessment.round.framework
    links = links_between(old_framework, framework)
    answers = previous.answers.select_related("statement__key_area")
    old_answers = {a.statement_id: a for a in answers.prefetch_related("evidence_files", "actions")}
    copied: set[int] = set()  # old answers whose files and actions went across already
    for statement in selectors.assessed_statements(framework):
        linked = [(old_answers.get(pk), relation) for pk, relation in links.get(statement.pk, [])]
        if not any(old for old, _ in linked):
            continue
        answer = _carried_answer(assessment, statement, linked, old_framework.scale)
        for old, _ in linked:
            if old is None or old.pk in copied:
                continue
            copied.add(old.pk)
            for evidence in old.evidence_files.all():
                _copy_evidence(evidence, answer, written)
            _copy_open_actions(old, answer)


def _carried_answer(assessment, statement, linked, scale) -> Answer:
    """The answer the linked old answers give a statement: each level by the one rule
    (`implied_level`), flagged where it rests on a partial link; their evidence joined."""
    implied = {
        name: implied_level(
            [LinkedAnswer(relation, getattr(old, name, None)) for old, relation in linked],
            source=scale,
            target=assessment.round.framework.scale,
        )
        for name in ("current_level", "target_level")
    }
    sources = [old for old, _ in linked if old is not None]
    return Answer.objects.create(
        assessment=assessment,
        statement=statement,
        current_level=implied["current_level"].level,
        target_level=implied["target_level"].level,
        # The lowest target is met once every old target is: by the latest of their dates.
        target_date=max((old.target_date for old in sources if old.target_date), default=None),
        evidence_text=_joined_evidence(sources),
        evidence_links=_joined_links(sources),
        needs_review=True,
        partly_carried=implied["current_level"].basis == Basis.PARTIAL,
    )


def _joined_evidence(sources: list[Answer]) -> str:
    """The old answers' evidence in words; from several, each under its key area's name."""
    given = [old for old in sources if old.evidence_text.strip()]
    if len(given) == 1:
        return given[0].evidence_text
    parts = [f"{old.statement.key_area.name}:\n{old.evidence_text.strip()}" for old in given]
    return "\n\n".join(parts)[:EVIDENCE_TEXT_MAX_LENGTH]


def _joined_links(sources: list[Answer]) -> str:
    """Every web address the old answers gave, once each, in their order."""
    links = dict.fromkeys(link for old in sources for link in old.links)
    return "\n".join(links)[:EVIDENCE_LINKS_MAX_LENGTH]


def _copy_evidence(evidence: Evidence, answer: Answer, written: list[Evidence]) -> None:
    try:
        with evidence.file.open("rb") as source:
            content = source.read()
    except FileNotFoundError:
        return
    copy = Evidence(
        answer=answer,
        original_name=evidence.original_name,
        content_type=evidence.content_type,
        size=evidence.size,
        carried_forward=True,
    )
    copy.file.save(evidence.original_name, ContentFile(content), save=False)
    written.append(copy)
    copy.save()
