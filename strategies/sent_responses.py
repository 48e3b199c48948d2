"""Services on a response once sent: the respondent's changes until the close, responses staff
enter from post or email, and publishing one with personal data redacted."""

from datetime import datetime

from django.db import IntegrityError, transaction

from npsportal.audit import record_event
from npsportal.models import OutgoingEmail, normalise_email
from strategies.models import Consultation, ConsultationResponse, ResponseAnswer
from strategies.services import (
    RATE_WINDOW,
    ConsultationNotOpen,
    DuplicateResponse,
    PublicationRefused,
    create_response_record,
    limit_setting,
    normalise_text,
    response_digest,
    send_receipt,
)

# A respondent who changes a response many times in an hour gets no more receipts than this.
CHANGE_RECEIPTS_PER_HOUR = 5


def may_change(*, consultation: Consultation, at: datetime) -> bool:
    """A sent response may be changed while the consultation is open, never after the close
    (the grace period is for sending, not for changing)."""
    return not consultation.is_draft and consultation.opens_at <= at < consultation.closes_at


def answers_digest(*, response: ConsultationResponse, answers: dict) -> str:
    """The duplicate digest of a response's answers: by email, or by name for a postal one
    that gave none."""
    sender = response.email or f"name:{normalise_text(response.name)}"
    return response_digest(consultation_id=response.consultation_id, email=sender, answers=answers)


@transaction.atomic
def change_response(
    *, response: ConsultationResponse, answers: dict, publication: str, at: datetime
) -> bool:
    """Replaces a response's answers and publication choice before the close, keeping the
    earlier words in the answers' history, and emails a new receipt. Returns False when
    nothing changed; refuses a change that would equal another response of the same person."""
    response = ConsultationResponse.objects.select_for_update().get(pk=response.pk)
    if not may_change(consultation=response.consultation, at=at):
        raise ConsultationNotOpen
    digest = answers_digest(response=response, answers=answers)
    if digest == response.digest and publication == response.publication:
        return False
    if response.consultation.responses.filter(digest=digest).exclude(pk=response.pk).exists():
        raise DuplicateResponse
    _keep_first_versions(response)
    stored = {a.question_id: a for a in response.answers.all()}
    for question in response.consultation.questions.all():
        text = str(answers.get(str(question.pk), ""))
        answer = stored.get(question.pk) or ResponseAnswer(response=response, question=question)
        if answer.pk is None or answer.text != text:
            answer.text = text
            answer.save()  # one history record per changed answer
    response.digest, response.publication, response.changed_at = digest, publication, at
    try:
        with transaction.atomic():
            response.save(update_fields=["digest", "publication", "changed_at"])
    except IntegrityError as error:  # an identical change racing this one
        raise DuplicateResponse from error
    if _change_receipts_left(response, at=at):
        send_receipt(response=response, changed=True)
    return True


def _keep_first_versions(response: ConsultationResponse) -> None:
    """Records the words as first sent for answers that have no history yet (stored in bulk,
    which simple-history does not see), so the first change keeps them."""
    answers = response.answers.all()
    recorded = set(
        ResponseAnswer.history.filter(response_id=response.pk).values_list("id", flat=True)
    )
    first = [a for a in answers if a.pk not in recorded]
    if first:
        ResponseAnswer.history.bulk_history_create(first, default_date=response.submitted_at)


def _change_receipts_left(response: ConsultationResponse, *, at: datetime) -> bool:
    sent = OutgoingEmail.objects.filter(
        key__startswith=f"receipt:{response.reference}:changed:", created_at__gte=at - RATE_WINDOW
    ).count()
    return sent < limit_setting("CHANGE_RECEIPTS_PER_HOUR", CHANGE_RECEIPTS_PER_HOUR)


@transaction.atomic
def enter_response(
    *,
    consultation: Consultation,
    details: dict,
    answers: dict,
    channel: str,
    received_at: datetime,
    entered_by,
) -> ConsultationResponse:
    """Records a response received by post or email, typed in by LGA staff: marked with how it
    came and who entered it, and accepted after the close too (letters arrive late)."""
    if channel not in (ConsultationResponse.Channel.POST, ConsultationResponse.Channel.EMAIL):
        raise ValueError("Staff enter responses received by post or by email.")
    email = normalise_email(details.get("email") or "")
    probe = ConsultationResponse(consultation=consultation, email=email, name=details["name"])
    digest = answers_digest(response=probe, answers=answers)
    if consultation.responses.filter(digest=digest).exists():
        raise DuplicateResponse
    response = create_response_record(
        consultation=consultation,
        details={**details, "email": email},
        digest=digest,
        received_at=received_at,
        user=None,
        ip_address=None,
        flags={"channel": channel, "entered_by": entered_by},
    )
    ResponseAnswer.objects.bulk_create(
        ResponseAnswer(response=response, question=q, text=str(answers.get(str(q.pk), "")))
        for q in consultation.questions.all()
    )
    record_event(
        action="consultation_response.entered",
        obj=response,
        details={"channel": channel, "consultation": consultation.slug},
    )
    return response


AGREED = (ConsultationResponse.Publication.WITH_NAME, ConsultationResponse.Publication.ANONYMOUS)


def may_publish(*, response: ConsultationResponse, at: datetime) -> bool:
    """Only a response whose respondent agreed to publication, once the consultation has closed
    (until then the respondent may still change it)."""
    return response.publication in AGREED and at >= response.consultation.closes_at


@transaction.atomic
def publish_response(
    *, response: ConsultationResponse, texts: dict, reason: str, at: datetime, by
) -> ConsultationResponse:
    """Publishes a response with personal data redacted by staff, the reason recorded."""
    response = ConsultationResponse.objects.select_for_update().get(pk=response.pk)
    if not may_publish(response=response, at=at):
        raise PublicationRefused
    for answer in response.answers.all():
        answer.published_text = str(texts.get(str(answer.pk), answer.text))
        # .update, not .save: redaction is not a change by the respondent for the history.
        ResponseAnswer.objects.filter(pk=answer.pk).update(published_text=answer.published_text)
    response.redaction_reason = reason
    response.published_at, response.published_by = at, by
    response.save(update_fields=["redaction_reason", "published_at", "published_by"])
    record_event(action="consultation_response.published", obj=response, details={"reason": reason})
    return response


@transaction.atomic
def unpublish_response(*, response: ConsultationResponse) -> ConsultationResponse:
    """Takes a published response off the consultation page; the redacted words are kept."""
    response.published_at, response.published_by = None, None
    response.save(update_fields=["published_at", "published_by"])
    record_event(action="consultation_response.unpublished", obj=response)
    return response
