"""Queues the day's reminders: run once a day by cron or a systemd timer (decision 0014).

Running it again the same day, or after a missed day, sends nothing twice: each reminder is
recorded once and each person gets at most one reminder email a day. A worker
(`manage.py db_worker`) does the work; under `make run` it prints the emails in the terminal.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from assessments.tasks import send_reminders


class Command(BaseCommand):
    help = "Queues the task that records and emails the reminders falling due today."

    def add_arguments(self, parser):
        parser.add_argument(
            "--day",
            help="The day to send for, as 2027-05-12 (default: today in Europe/London).",
        )

    def handle(self, *args, day=None, **options):
        try:
            when = datetime.date.fromisoformat(day) if day else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--day must be a date such as 2027-05-12, not {day!r}") from error
        send_reminders.enqueue(when.isoformat())
        if options["verbosity"]:
            self.stdout.write(f"Queued the reminders for {when:%-d %B %Y}.")
