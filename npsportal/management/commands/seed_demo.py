from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Creates the demo world (councils, demo accounts, each app's demo data). DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create demo accounts with DEBUG off (they share a password)."
            )
        # Each app may provide <app>/demo.py with create_demo_data(stdout), run in INSTALLED_APPS
        # order, so npsportal imports no app.
        with transaction.atomic():
            for config in apps.get_app_configs():
                if find_spec(f"{config.name}.demo") is None:
                    continue
                self.stdout.write(f"Demo data: {config.verbose_name}")
                import_module(f"{config.name}.demo").create_demo_data(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo world ready."))
