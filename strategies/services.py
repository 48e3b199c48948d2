"""Changes to consultations and their responses."""

import hashlib
import json
import logging
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from npsportal import rate_limits
from npsportal.audit import record_event
from npsportal.formatting import LONDON
from npsportal.models import Council, normalise_email
from npsportal.outbox import queue_email
from npsportal.rules import is_council_member
from strategies import change_links, deadlines, selectors
from strategies.models import Consultation, ConsultationResponse, ResponseAnswer, ResponseDraft

logger = logging.getLogger(__name__)
# Letters and digits nobody confuses when reading a reference aloud (no 0/O, 1/I/L, U).
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
RATE_WINDOW = timedelta(hours=1)
# Generous enough for a council office behind one address; settings may change them.
RESPONSES_PER_IP_PER_HOUR = 20
RESPONSES_PER_USER_PER_HOUR = 5
# Anyone may type any address, so an address never refuses a response; it only stops receipts.
RECEIPTS_PER_EMAIL_PER_HOUR = 5
REMOVED_PREFIX = "Removed on "


class ResponseRefused(Exception):
    """A response that cannot be accepted; `reason` names which rule refused it."""

    reason = ""


class ConsultationNotOpen(ResponseRefused):
    reason = "not_open"


class RateLimited(ResponseRefused):
    reason = "rate_limited"


class DuplicateResponse(ResponseRefused):
    reason = "duplicate"


class PublicationRefused(Exception):
    """A response that may not be published: its respondent did not agree, or it is too early."""


def normalise_text(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def response_digest(*, consultation_id: int, email: str, answers: dict) -> str:
    """A fingerprint of one person's answers: equal for the same email and the same words,
    whatever the capitals and spacing."""
    payload = {
        "c": consultation_id,
        "e": normalise_text(email),
        "a": {
            str(k): normalise_text(v) for k, v in sorted(answers.items(), key=lambda i: str(i[0]))
        },
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def new_reference() -> str:
    """A random, readable reference such as NPS-7K3M-Q9TD (about 40 bits: not guessable)."""
    chars = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"NPS-{chars[:4]}-{chars[4:]}"


def limit_setting(name: str, default: int) -> int:
    return getattr(settings, f"STRATEGIES_{name}", default)


def apply_rate_limits(*, ip_address: str | None, user, email: str, now: datetime) -> bool:
    """Refuses a response when its internet address, or its signed-in sender, sent too many in
    the last hour; returns whether the email address may still be sent a receipt. Counting
    happens under locks held until the response is stored, so simultaneous ones cannot overshoot."""
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    rate_limits.hold(
        f"response:address:{ip_address}" if ip_address else None,
        f"response:user:{user_id}" if user_id else None,
        f"response:email:{email}",
    )
    counts = selectors.recent_response_counts(
        ip_address=ip_address, user_id=user_id, email=email, since=now - RATE_WINDOW
    )
    if counts["by_ip"] >= limit_setting("RESPONSES_PER_IP_PER_HOUR", RESPONSES_PER_IP_PER_HOUR):
        raise RateLimited
    if counts["by_user"] >= limit_setting(
        "RESPONSES_PER_USER_PER_HOUR", RESPONSES_PER_USER_PER_HOUR
    ):
        raise RateLimited
    return counts["receipts"] < limit_setting(
        "RECEIPTS_PER_EMAIL_PER_HOUR", RECEIPTS_PER_EMAIL_PER_HOUR
    )


def confirms_council(*, user, council_id) -> bool:
    """Whether the sender is signed in as a member of the council the response is for."""
    if not council_id or not getattr(user, "is_authenticated", False):
        return False
    return is_council_member(user, Council.objects.filter(pk=council_id).first())


@transaction.atomic
def submit_response(
    *,
    consultation: Consultation,
    details: dict,
    answers: dict,
    received_at: datetime,
    check_token: str = "",
    user=None,
    ip_address: str | None = None,
) -> ConsultationResponse:
    """Records a response if it is on time (see docs/decisions/0002), within the rate limits and
    not an exact duplicate, then emails a receipt unless the address has had its hourly share."""
    email = normalise_email(details["email"])
    digest = response_digest(consultation_id=consultation.pk, email=email, answers=answers)
    checked_at = deadlines.checked_at(check_token, consultation_id=consultation.pk, digest=digest)
    if consultation.is_draft or not deadlines.may_accept(
        opens_at=consultation.opens_at,
        closes_at=consultation.closes_at,
        received_at=received_at,
        checked_at=checked_at,
    ):
        raise ConsultationNotOpen
    receipt = apply_rate_limits(ip_address=ip_address, user=user, email=email, now=received_at)
    if consultation.responses.filter(digest=digest).exists():
        raise DuplicateResponse
    signed_in = getattr(user, "is_authenticated", False)
    for_council = details["respondent_type"] == ConsultationResponse.RespondentType.COUNCIL
    response = create_response_record(
        consultation=consultation,
        details={**details, "email": email},
        digest=digest,
        received_at=received_at,
        user=user if signed_in else None,
        ip_address=ip_address,
        flags={
            "receipt_queued": receipt,
            "council_confirmed": for_council
            and confirms_council(user=user, council_id=details.get("council")),
        },
    )
    questions = {str(q.pk): q for q in consultation.questions.all()}
    ResponseAnswer.objects.bulk_create(
        ResponseAnswer(response=response, question=q, text=str(answers.get(key, "")))
        for key, q in questions.items()
    )
    if receipt:
        send_receipt(response=response)
    return response


def create_response_record(*, consultation, details, digest, received_at, user, ip_address, flags):
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return ConsultationResponse.objects.create(
                    consultation=consultation,
                    reference=new_reference(),
                    name=details["name"],
                    email=details["email"],
                    respondent_type=details["respondent_type"],
                    council_id=details.get("council") or None,
                    organisation_name=details.get("organisation_name", ""),
                    publication=details["publication"],
                    user=user,
                    submitted_at=received_at,
                    ip_address=ip_address,
                    digest=digest,
                    **flags,
                )
        except IntegrityError as error:
            # Two identical responses racing: the unique constraint is the last word.
            if consultation.responses.filter(digest=digest).exists():
                raise DuplicateResponse from error
    raise IntegrityError("Could not find an unused reference after five tries.")


def send_receipt(*, response: ConsultationResponse, changed: bool = False) -> None:
    """Emails the respondent their reference, when it arrived and a link to change it until the
    close: never their answers or anything else they typed, as anyone may type anyone's address."""
    context = {
        "response": response,
        "consultation": response.consultation,
        "change_url": change_links.change_url(response),
        "changed": changed,
    }
    key = f"receipt:{response.reference}"
    if changed:
        key += f":changed:{response.changed_at.isoformat()}"
    # Recorded with the response, in its transaction: a mail server that is down delays the
    # receipt (the queue tries again) but never loses it or the response.
    queue_email(
        to=response.email,
        subject=f"Your response to {response.consultation.title}: {response.reference}",
        body=render_to_string("strategies/email/receipt.txt", context),
        key=key,
    )


def mark_response(
    *, response: ConsultationResponse, is_read: bool | None = None, is_flagged: bool | None = None
) -> ConsultationResponse:
    """Marks a response as read or unread, flagged or not."""
    if is_read is not None:
        response.is_read = is_read
    if is_flagged is not None:
        response.is_flagged = is_flagged
    response.save(update_fields=["is_read", "is_flagged"])
    return response


@transaction.atomic
def publish_outcome(*, consultation: Consultation, outcome: str, at: datetime) -> Consultation:
    """Publishes what people said and what the LGA did; only once the consultation has closed."""
    if at < consultation.closes_at:
        raise ValueError("The outcome of a consultation is published after it closes.")
    consultation.outcome = outcome
    consultation.outcome_published_at = consultation.outcome_published_at or at
    consultation.save(update_fields=["outcome", "outcome_published_at"])
    record_event(action="consultation.outcome_published", obj=consultation)
    return consultation


def record_export(*, consultation: Consultation, file_format: str, personal: bool) -> None:
    """Records that someone exported a consultation's responses, and whether with personal data."""
    record_event(
        action="consultation.exported",
        obj=consultation,
        details={"format": file_format, "personal_data": personal},
    )


def save_response_draft(*, consultation: Consultation, user, data: dict) -> ResponseDraft:
    """Keeps a signed-in respondent's answers so far, so they can come back before the close."""
    draft, _ = ResponseDraft.objects.update_or_create(
        consultation=consultation, user=user, defaults={"data": data}
    )
    return draft


def discard_response_draft(*, consultation: Consultation, user) -> None:
    """Deletes a signed-in respondent's draft once their response is sent."""
    ResponseDraft.objects.filter(consultation=consultation, user=user).delete()


def anonymisation_marker(at: datetime) -> str:
    """The text put in place of a respondent's name and email: "Removed on 21 November 2027"."""
    return f"{REMOVED_PREFIX}{at.astimezone(LONDON):%-d %B %Y}"


def responses_due_for_anonymising(*, at: datetime):
    """Responses still holding personal data whose consultation's outcome was published longer
    ago than the retention period."""
    cutoff = at - timedelta(days=settings.CONSULTATION_RETENTION_DAYS)
    return ConsultationResponse.objects.filter(
        consultation__outcome_published_at__lte=cutoff, anonymised_at__isnull=True
    )


@transaction.atomic
def anonymise_consultation_responses(*, at: datetime, dry_run: bool = False) -> int:
    """Removes respondents' names, emails, organisation names, addresses, accounts and drafts once
    the retention period after the outcome has passed; answers, respondent type, council and
    reference stay. Returns how many responses were (or, in a dry run, would be) anonymised."""
    due = responses_due_for_anonymising(at=at)
    count = due.count()
    if dry_run or not count:
        return count
    marker = anonymisation_marker(at)
    consultation_ids = set(due.values_list("consultation_id", flat=True))
    for response in due.only("pk", "reference").iterator(chunk_size=500):
        # The duplicate digest hashed the email: a new one from the random reference keeps the
        # unique constraint without letting anyone test whether an address responded.
        digest = hashlib.sha256(f"anonymised:{response.reference}".encode()).hexdigest()
        ConsultationResponse.objects.filter(pk=response.pk).update(
            name=marker,
            email=marker,
            organisation_name="",
            ip_address=None,
            user=None,
            digest=digest,
            anonymised_at=at,
        )
    ResponseDraft.objects.filter(consultation_id__in=consultation_ids).delete()
    record_event(
        action="consultation.responses_anonymised",
        details={"count": count, "consultations": sorted(consultation_ids)},
    )
    logger.info("Anonymised %s consultation responses", count)
    return count
