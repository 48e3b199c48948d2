"""Reminders: each recorded once when it falls due, and each person emailed at most once a day."""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from assessments.models import Reminder
from assessments.reminders import emails, selectors
from npsportal.models import User
from npsportal.outbox import queue_email

# A reminder that is not essential is emailed only while fresh: on the day it fell due, or the
# next day when a second run that day found it after the day's email had gone. Switching back to
# every reminder therefore brings no pile of stale ones.
FRESH_DAYS = 1


@transaction.atomic
def record_reminders(*, day: datetime.date) -> int:
    """Records each reminder falling due on the day, once whatever the job's runs."""
    recorded = 0
    for due in selectors.reminders_due(day):
        _, created = Reminder.objects.get_or_create(
            key=due.key,
            defaults={
                "person": due.person,
                "text": due.text[:300],
                "link": due.link,
                "essential": due.essential,
                "fell_due_on": day,
            },
        )
        recorded += created
    return recorded


def reminders_to_email(day: datetime.date) -> dict[User, list[Reminder]]:
    """Each active person's reminders not yet emailed: the essential ones always, the others
    while fresh and unless the person asked for essential ones only."""
    fresh = day - datetime.timedelta(days=FRESH_DAYS)
    wanted = Q(essential=True) | Q(person__reminders=User.Reminders.ALL, fell_due_on__gte=fresh)
    waiting = Reminder.objects.filter(wanted, emailed_at__isnull=True, person__is_active=True)
    by_person = defaultdict(list)
    for reminder in waiting.select_related("person").order_by("-essential", "fell_due_on", "pk"):
        by_person[reminder.person].append(reminder)
    return by_person


@transaction.atomic
def email_reminders(*, day: datetime.date) -> int:
    """Emails each person their reminders in one email a day at most; returns the emails queued."""
    queued = 0
    for person, reminders in reminders_to_email(day).items():
        digest = [r for r in reminders if r.key.startswith("digest:")]
        summary = (selectors.weekly_summary(person, day) if digest else None) or None
        others = [r for r in reminders if r not in digest]
        if others or summary:
            email = emails.reminder_email(person, others, summary)
            key = f"reminders:{person.pk}:{day.isoformat()}"
            # Already emailed today (a second run): these wait for tomorrow's email.
            if not queue_email(to=person.email, subject=email.subject, body=email.body, key=key):
                continue
            queued += 1
        mark_emailed(reminders)
    return queued


def mark_emailed(reminders: list[Reminder]) -> None:
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(emailed_at=timezone.now())


def send_reminders(*, day: datetime.date) -> int:
    """Records the reminders falling due on the day, then emails them; returns the emails."""
    record_reminders(day=day)
    return email_reminders(day=day)
