from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.framework_io.data import FrameworkImportError
from assessments.mappings.io.services import import_mapping_file


class Command(BaseCommand):
    help = (
        "Loads a mapping's links from a spreadsheet (XLSX or CSV, one row per link, as "
        "export_mapping writes it), replacing that mapping's links whole. A file with any "
        "problem changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="An .xlsx workbook or a UTF-8 .csv file.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and report, saving nothing."
        )
        parser.add_argument(
            "--checked",
            action="store_true",
            help="The links have been checked: the mapping is no longer marked draft "
            "(without it, a draft mapping stays draft).",
        )

    def handle(self, *args, file, dry_run, checked, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            changes = import_mapping_file(
                content=content, dry_run=dry_run, checked=checked, details={"file": path.name}
            )
        except FrameworkImportError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            count = len(error.problems)
            raise CommandError(
                f"Nothing was changed: {count} problem{'s' if count != 1 else ''} in {path}."
            ) from None
        verb = "would be imported (dry run, nothing saved)" if dry_run else "imported"
        self.stdout.write(self.style.SUCCESS(f"{changes.pair} {verb} from {path}: {changes}."))
        for kind, links in [("+", changes.added), ("-", changes.removed), ("~", changes.changed)]:
            for link in links:
                self.stdout.write(f"  {kind} {link.source} {link.relation} {link.target}")
