from django.core.management.base import BaseCommand, CommandError

from assessments.framework_io import spreadsheet
from assessments.framework_io.selectors import framework_rows
from assessments.models import Framework


class Command(BaseCommand):
    help = (
        "Writes a framework as a spreadsheet (one row per statement in use) that import_framework "
        "reads back: edit the text in Excel or LibreOffice, then import it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--framework", help="The framework's slug, such as nps-2022 (default: the current one)."
        )
        parser.add_argument(
            "--format",
            choices=["csv", "xlsx"],
            help="Default: from the output file's name, or csv.",
        )
        parser.add_argument(
            "-o", "--output", help="File to write (default: CSV to standard output)."
        )

    def handle(self, *args, framework, format, output, **options):
        chosen = self._framework(framework)
        rows = framework_rows(chosen)
        spreadsheet.export_rows(rows, output=output, format=format, stdout=self.stdout)
        if output:
            self.stdout.write(f"{chosen.name}: {len(rows)} statements written to {output}.")

    def _framework(self, slug: str | None) -> Framework:
        frameworks = Framework.objects.all()
        found = frameworks.filter(slug=slug) if slug else frameworks.filter(is_current=True)
        framework = found.first()
        if framework is None:
            known = ", ".join(frameworks.values_list("slug", flat=True)) or "none loaded yet"
            wanted = f"No framework '{slug}'" if slug else "No current framework"
            raise CommandError(f"{wanted}; frameworks: {known}.")
        return framework
