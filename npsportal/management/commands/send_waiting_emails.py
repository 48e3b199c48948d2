"""Queues every email still waiting to send: after a queue was emptied by hand, or for a queue
that cannot wait between tries (the immediate backend)."""

from django.core.management.base import BaseCommand

from npsportal.outbox import send_again, waiting_emails


class Command(BaseCommand):
    help = "Queues every email that is still waiting to send (each is sent once whatever happens)."

    def handle(self, *args, **options):
        count = send_again(emails=waiting_emails())
        self.stdout.write(f"{count} waiting email(s) queued.")
