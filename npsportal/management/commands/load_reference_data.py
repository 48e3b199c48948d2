from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Loads every app's reference data (such as the NPS framework) from fixtures/; idempotent."
    )

    def handle(self, *args, **options):
        # Each app may provide <app>/reference.py with load_reference_data(stdout).
        with transaction.atomic():
            for config in apps.get_app_configs():
                if find_spec(f"{config.name}.reference") is None:
                    continue
                self.stdout.write(f"Reference data: {config.verbose_name}")
                import_module(f"{config.name}.reference").load_reference_data(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
