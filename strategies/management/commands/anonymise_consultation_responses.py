"""Removes respondents' personal data once the retention period after the outcome has passed."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from strategies import services


class Command(BaseCommand):
    help = (
        "Removes names, emails, organisation names and addresses from consultation responses "
        "CONSULTATION_RETENTION_DAYS after the outcome is published. Run it daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count the responses due; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        count = services.anonymise_consultation_responses(at=timezone.now(), dry_run=dry_run)
        days = settings.CONSULTATION_RETENTION_DAYS
        verb = "would be anonymised (dry run)" if dry_run else "anonymised"
        self.stdout.write(f"{count} responses {verb}; retention {days} days after the outcome.")
