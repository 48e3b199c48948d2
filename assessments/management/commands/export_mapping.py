from django.core.management.base import BaseCommand, CommandError

from assessments.framework_io import spreadsheet
from assessments.mappings.io import writer
from assessments.mappings.io.writer import mapping_rows
from assessments.models import Mapping


class Command(BaseCommand):
    help = (
        "Writes a mapping as a spreadsheet (one row per link) that import_mapping reads back: "
        "edit the links in Excel or LibreOffice, then import it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", required=True, help='The source framework, e.g. "NPS 2022".'
        )
        parser.add_argument("--target", required=True, help="The target framework, e.g. CCIAF.")
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx"],
            help="Default: from the output file's name, or csv.",
        )
        parser.add_argument(
            "-o", "--output", help="File to write (default: CSV to standard output)."
        )

    def handle(self, *args, source, target, format, output, **options):
        mapping = self._mapping(source, target)
        rows = mapping_rows(mapping)
        spreadsheet.export_rows(
            rows, output=output, format=format, stdout=self.stdout, **writer.LAYOUT
        )
        if output:
            self.stdout.write(f"{mapping}: {len(rows)} links written to {output}.")

    def _mapping(self, source: str, target: str) -> Mapping:
        mappings = Mapping.objects.select_related("source", "target")
        mapping = mappings.filter(source__name__iexact=source, target__name__iexact=target).first()
        if mapping is None:
            known = "; ".join(str(m) for m in mappings) or "none loaded yet"
            raise CommandError(f"No mapping from {source} to {target}; mappings: {known}.")
        return mapping
