"""Every email the portal sends: recorded first, then sent by a background task, once."""

import uuid

from npsportal.models import OutgoingEmail, normalise_email
from npsportal.tasks import send_email


def queue_email(*, to: str, subject: str, body: str, key: str = "") -> bool:
    """Records an email and queues its sending; False if one with this key was queued before."""
    email, created = OutgoingEmail.objects.get_or_create(
        key=key or f"once:{uuid.uuid4().hex}",
        defaults={"to": normalise_email(to), "subject": subject[:250], "body": body},
    )
    if created:
        # Enqueued inside the caller's transaction: on the database queue the task's row commits
        # (or rolls back) with the email's, so a worker never sees one without the other.
        send_email.enqueue(email.pk)
    return created


def send_again(*, emails) -> int:
    """Queues emails that were given up (or are still waiting) for another round of tries."""
    unsent = list(emails.filter(sent_at__isnull=True).values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=unsent).update(given_up_at=None, attempts=0)
    for pk in unsent:
        send_email.enqueue(pk)
    return len(unsent)


def waiting_emails():
    """Emails not yet sent and not given up: the queue is still trying them."""
    return OutgoingEmail.objects.filter(sent_at__isnull=True, given_up_at__isnull=True)
