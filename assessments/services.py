"""Changes to assessments: each service changes everything or nothing."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments import emails, scoring, selectors
from assessments.carrying import carry_forward
from assessments.models import (
    ANSWER_FIELDS,
    Action,
    Answer,
    Assessment,
    Evidence,
    Statement,
)
from assessments.tasks import lay_out_report
from npsportal.audit import record_event


class AssessmentLocked(Exception):
    """The assessment cannot be changed; the message says why."""


class IncompleteAssessment(Exception):
    """Some key areas still have statements without a current level."""

    def __init__(self, key_areas):
        super().__init__("Every statement needs a current level before you submit")
        self.key_areas = key_areas


@dataclass
class Change:
    """A statement someone else saved after the person opened the page."""

    statement: Statement
    answer: Answer
    fields: list[tuple[str, object, object]]  # (label, saved value, this person's value)


class StaleAnswers(Exception):
    """Someone else saved the same key area first."""

    def __init__(self, changes: list[Change]):
        super().__init__("Someone else saved this key area while you were editing it")
        self.changes = changes


@dataclass
class StatementInput:
    """What a person entered for one statement of a key area."""

    statement: Statement
    seen_version: int
    values: dict
    upload: object = None  # an UploadedFile
    upload_type: str = ""
    new_action: dict | None = None


def check_editable(assessment: Assessment, day=None) -> None:
    """Raises AssessmentLocked unless the assessment is a draft (or returned) in an open round."""
    day = day or timezone.localdate()
    # Said first: once LGA staff close the round, that is the reason whatever the status.
    if assessment.round.closed_at:
        raise AssessmentLocked(closed_reason(assessment.round, assessment.council))
    if assessment.status == Assessment.Status.SUBMITTED:
        raise AssessmentLocked(
            "This self-assessment has been submitted for sign-off, so it cannot be changed. "
            "Ask your head of procurement to return it if something needs correcting."
        )
    if assessment.status == Assessment.Status.APPROVED:
        raise AssessmentLocked("This self-assessment has been approved, so it is locked.")
    if not selectors.round_is_open_for(assessment.round, assessment.council, day):
        raise AssessmentLocked(closed_reason(assessment.round, assessment.council))


def closed_reason(round, council) -> str:
    """Why the council can no longer change its assessment of the round, in words."""
    if round.closed_at:
        closed = timezone.localdate(round.closed_at)
        return (
            f"LGA staff closed the {round} round on {closed:%-d %B %Y}, "
            "so this self-assessment can no longer be changed."
        )
    if timezone.localdate() < round.opens_on:
        return f"The {round} round opens on {round.opens_on:%-d %B %Y}."
    closes_on = selectors.closes_on_for(round, council)
    return (
        f"The {round} round closed on {closes_on:%-d %B %Y}, "
        "so this self-assessment can no longer be changed."
    )


def _locked(assessment: Assessment) -> Assessment:
    # Row lock: two saves of one assessment run one after the other, so versions compare safely.
    locked = Assessment.objects.select_for_update(of=("self",)).select_related("round")
    return locked.get(pk=assessment.pk)


def start_assessment(*, council, round, user, prefill: bool = False) -> Assessment:
    """Starts the council's assessment for an open round, or gives the one already started."""
    with files_deleted_if_failed() as written:
        return _start_assessment(council, round, user, prefill, written)


@transaction.atomic
def _start_assessment(council, round, user, prefill: bool, written) -> Assessment:
    if not selectors.round_is_open_for(round, council):
        raise AssessmentLocked(closed_reason(round, council))
    previous = selectors.previous_assessment(council, round) if prefill else None
    try:
        # A savepoint: two people may press "Start" at once, and the insert that loses the race
        # (the unique constraint) must leave this transaction usable to read the winner's row.
        with transaction.atomic():
            assessment = Assessment.objects.create(
                council=council, round=round, created_by=user, prefilled_from=previous
            )
    except IntegrityError:
        # Started by someone else: its answers were carried forward by that start, not again.
        started = Assessment.objects.filter(council=council, round=round).first()
        if started is None:
            raise
        return started
    if previous:
        carry_forward(previous, assessment, written)
    return assessment


def stale_changes(current: dict[int, Answer], inputs: list[StatementInput]) -> list[Change]:
    """The statements saved by someone else since the person loaded the page (their answers as
    saved now, by statement id), and what differs."""
    changes = []
    for item in inputs:
        answer = current.get(item.statement.pk)
        if answer is None or answer.version == item.seen_version:
            continue
        differing = [
            (label, getattr(answer, name), item.values.get(name))
            for name, label in ANSWER_FIELDS.items()
            if (getattr(answer, name) or None) != (item.values.get(name) or None)
        ]
        changes.append(Change(statement=item.statement, answer=answer, fields=differing))
    return changes


@contextmanager
def files_deleted_if_failed() -> Iterator[list[Evidence]]:
    """A list for the evidence whose files a block writes: should the block fail (its transaction
    rolling back), those files are deleted, so that nothing is kept that no row points to."""
    written: list[Evidence] = []
    try:
        yield written
    except BaseException:
        for evidence in written:
            evidence.file.storage.delete(evidence.file.name)
        raise


def save_key_area(*, assessment: Assessment, inputs: list[StatementInput], user) -> None:
    """Saves a key area's answers, files and new actions, refusing a save over a stale copy."""
    with files_deleted_if_failed() as written:
        _save_key_area(assessment, inputs, user, written)


@transaction.atomic
def _save_key_area(assessment: Assessment, inputs: list[StatementInput], user, written) -> None:
    assessment = _locked(assessment)
    check_editable(assessment)
    # Read once, under the assessment's lock: what is compared is what is written over.
    existing = selectors.answers_for(assessment, [i.statement for i in inputs])
    changes = stale_changes(existing, inputs)
    if changes:
        raise StaleAnswers(changes)
    for item in inputs:
        answer = existing.get(item.statement.pk)
        if answer is None and not _has_content(item):
            continue  # nothing entered for a statement never answered: nothing to record
        answer = answer or Answer(assessment=assessment, statement=item.statement)
        for name in ANSWER_FIELDS:
            setattr(answer, name, item.values.get(name) or Answer.blank(name))
        answer.needs_review = answer.partly_carried = False
        answer.version += 1
        answer.updated_by = user
        answer.save()
        if item.upload:
            _add_evidence(answer, item.upload, item.upload_type, user, written)
        if item.new_action:
            Action.objects.create(answer=answer, **item.new_action)
    assessment.save(update_fields=["updated_at"])


def _has_content(item: StatementInput) -> bool:
    return bool(any(item.values.values()) or item.upload or item.new_action)


def _add_evidence(answer: Answer, upload, content_type: str, user, written: list) -> None:
    evidence = Evidence(
        answer=answer,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=user,
    )
    evidence.file.save(upload.name, upload, save=False)
    written.append(evidence)
    evidence.save()


@transaction.atomic
def remove_evidence(*, evidence: Evidence, user) -> None:
    """Removes an evidence file from a draft assessment (the file goes once the change commits)."""
    check_editable(_locked(evidence.answer.assessment))
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def change_action(*, action: Action, user, what: str, owner: str, due_on, status: str) -> Action:
    """Changes an improvement action of a draft assessment."""
    check_editable(_locked(action.answer.assessment))
    action.what, action.owner, action.due_on, action.status = what, owner, due_on, status
    action.save()
    return action


@transaction.atomic
def remove_action(*, action: Action, user) -> None:
    """Removes an improvement action from a draft assessment."""
    check_editable(_locked(action.answer.assessment))
    action.delete()


@transaction.atomic
def submit_assessment(*, assessment: Assessment, user) -> Assessment:
    """Submits a fully rated assessment for the lead's sign-off."""
    assessment = _locked(assessment)
    check_editable(assessment)
    incomplete = [
        found
        for found in selectors.key_area_answers(assessment)
        if found.status != scoring.Completion.COMPLETED
    ]
    if incomplete:
        raise IncompleteAssessment(incomplete)
    assessment.status = Assessment.Status.SUBMITTED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = user
    assessment.save()
    _record(assessment, "assessment.submitted", user)
    emails.assessment_submitted(assessment)
    return assessment


def _record(assessment: Assessment, action: str, user) -> None:
    # Inside the service's transaction: a change that rolls back leaves no event behind.
    details = {"council": assessment.council.slug, "round": assessment.round.slug}
    record_event(action=action, actor=user, obj=assessment, details=details)


def check_awaiting_sign_off(assessment: Assessment) -> None:
    """Raises AssessmentLocked unless the assessment awaits the lead's sign-off in a round that
    LGA staff have not closed."""
    if assessment.round.closed_at:
        raise AssessmentLocked(closed_reason(assessment.round, assessment.council))
    if assessment.status != Assessment.Status.SUBMITTED:
        raise AssessmentLocked(
            f"Only a submitted self-assessment can be signed off; this one is "
            f"{assessment.get_status_display().lower()}."
        )


@transaction.atomic
def approve_assessment(*, assessment: Assessment, user) -> Assessment:
    """The lead approves a submitted assessment, which locks it."""
    assessment = _locked(assessment)
    check_awaiting_sign_off(assessment)
    assessment.status = Assessment.Status.APPROVED
    assessment.approved_at = timezone.now()
    assessment.approved_by = user
    assessment.save()
    _record(assessment, "assessment.approved", user)
    emails.assessment_approved(assessment)
    # The approved report is laid out now, in the background, so downloads need no layout.
    lay_out_report.enqueue(assessment.pk)
    return assessment


@transaction.atomic
def return_assessment(*, assessment: Assessment, user, comment: str) -> Assessment:
    """The lead returns a submitted assessment to the officers with a comment."""
    assessment = _locked(assessment)
    check_awaiting_sign_off(assessment)
    assessment.status = Assessment.Status.RETURNED
    assessment.returned_at = timezone.now()
    assessment.return_comment = comment
    assessment.save()
    # The comment is the lead's free text about people's work: the log says only that it was sent.
    _record(assessment, "assessment.returned", user)
    emails.assessment_returned(assessment, user)
    return assessment
