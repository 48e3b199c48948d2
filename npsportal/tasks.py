"""Background tasks every app shares: sending the portal's emails."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from npsportal.models import OutgoingEmail

logger = logging.getLogger(__name__)


@task()
def send_email(email_id: int) -> None:
    """Sends one recorded email unless it was sent already; a failure is tried again later."""
    with transaction.atomic():
        # The row lock makes a second run of this task wait, then find the email sent.
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.sent_at or email.given_up_at:
            return
        email.attempts += 1
        try:
            send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
        except Exception as error:  # noqa: BLE001 - any failure of the mail server is retried
            _note_failure(email, error)
            return
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "sent_at", "last_error"])


def _note_failure(email: OutgoingEmail, error: Exception) -> None:
    email.last_error = f"{type(error).__name__}: {error}"[:500]
    delays = settings.EMAIL_RETRY_DELAYS
    if email.attempts > len(delays):
        email.given_up_at = timezone.now()
        logger.error("Gave up sending email %s after %s attempts", email.pk, email.attempts)
    email.save(update_fields=["attempts", "last_error", "given_up_at"])
    if email.given_up_at is None:
        retry_email_later(email, delay=delays[email.attempts - 1])


def retry_email_later(email: OutgoingEmail, *, delay: int) -> None:
    """Queues the email's next try after the delay (seconds), where the queue can wait."""
    if send_email.get_backend().supports_defer:
        run_after = timezone.now() + timedelta(seconds=delay)
        send_email.using(run_after=run_after).enqueue(email.pk)
    # A queue that runs tasks at once (tests, a demo without a worker) cannot wait: the email
    # stays waiting to send, and `manage.py send_waiting_emails` or the back office sends it.
