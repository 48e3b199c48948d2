from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.mappings.io.writer import mapping_rows, write_csv, write_xlsx
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
        format = format or ("xlsx" if output and output.lower().endswith(".xlsx") else "csv")
        rows = mapping_rows(mapping)
        if format == "xlsx":
            if not output:
                raise CommandError("An XLSX workbook needs a file: add -o FILE.xlsx.")
            with Path(output).open("wb") as stream:
                write_xlsx(rows, stream)
        elif output:
            # The byte-order mark lets Excel recognise UTF-8.
            with Path(output).open("w", encoding="utf-8-sig", newline="") as stream:
                write_csv(rows, stream)
        else:
            write_csv(rows, self.stdout)
        if output:
            self.stdout.write(f"{mapping}: {len(rows)} links written to {output}.")

    def _mapping(self, source: str, target: str) -> Mapping:
        mappings = Mapping.objects.select_related("source", "target")
        mapping = mappings.filter(source__name__iexact=source, target__name__iexact=target).first()
        if mapping is None:
            known = "; ".join(str(m) for m in mappings) or "none loaded yet"
            raise CommandError(f"No mapping from {source} to {target}; mappings: {known}.")
        return mapping
