from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments.framework_io.data import FrameworkImportError
from assessments.framework_io.services import import_framework_file


class Command(BaseCommand):
    help = (
        "Loads a framework's text from a spreadsheet (XLSX or CSV, one row per statement, as "
        "export_framework writes it). A file with any problem changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An .xlsx workbook or a UTF-8 .csv file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report, saving nothing."
        )

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            with transaction.atomic():
                framework, changes = import_framework_file(content=content)
                if dry_run:
                    transaction.set_rollback(True)
        except FrameworkImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = len(error.problems)
            raise CommandError(
                f"Nothing was changed: {count} problem{'s' if count != 1 else ''} in {path}."
            ) from None
        verb = "would be imported (dry run, nothing saved)" if dry_run else "imported"
        self.stdout.write(self.style.SUCCESS(f"{framework.name} {verb} from {path}: {changes}."))
