"""Renders every council's PDF progress report for a round into a folder, in parallel."""

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from assessments.dashboards import reports
from assessments.models import Assessment, Round
from assessments.selectors import SHARED_WITH_LGA

BAR_WIDTH = 30


def render_one(assessment_id: int, output: str) -> str:
    """Renders one assessment's report to the folder and returns the file name."""
    assessment = Assessment.objects.select_related("council", "round__framework").get(
        pk=assessment_id
    )
    name = reports.report_filename(assessment.council.slug, assessment.round.name)
    pdf = reports.render_pdf(
        "reports/assessment.html", reports.assessment_report_context(assessment)
    )
    (Path(output) / name).write_bytes(pdf)
    return name


def progress_bar(done: int, total: int) -> str:
    """A plain-text progress bar: [#####-----]  5/10."""
    filled = BAR_WIDTH * done // total if total else BAR_WIDTH
    return f"[{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {done:>{len(str(total))}}/{total}"


class Command(BaseCommand):
    help = "Renders the PDF progress report of every submitted or approved assessment in a round."

    def add_arguments(self, parser):
        parser.add_argument("--round", required=True, help="The round's name, such as 2026/27.")
        parser.add_argument("--council", help="Only this council (its slug).")
        parser.add_argument("--output", default="reports", help="Folder for the PDFs.")
        parser.add_argument("--workers", type=int, default=2, help="Worker processes.")

    def handle(self, *args, round, council, output, workers, **options):
        found = Round.objects.filter(name=round).first()
        if found is None:
            raise CommandError(f"There is no round called {round}.")
        assessments = Assessment.objects.filter(round=found, status__in=SHARED_WITH_LGA)
        if council:
            assessments = assessments.filter(council__slug=council)
        jobs = dict(assessments.order_by("council__name").values_list("pk", "council__slug"))
        Path(output).mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        failures = self.run(jobs, output, workers)
        seconds = time.monotonic() - started
        self.stdout.write(
            f"{len(jobs) - len(failures)} of {len(jobs)} reports written to {output} "
            f"in {seconds:.1f} s."
        )
        if failures:
            for slug, error in failures:
                self.stderr.write(f"Failed: {slug}: {error}")
            raise CommandError(f"{len(failures)} report(s) failed.")

    def run(self, jobs: dict[int, str], output: str, workers: int) -> list[tuple[str, str]]:
        """Renders the jobs, in this process or in worker processes, noting failures."""
        failures = []
        if workers <= 1:
            for done, (pk, slug) in enumerate(jobs.items(), start=1):
                failures += self.attempt(lambda pk=pk: render_one(pk, output), slug)
                self.stdout.write(f"{progress_bar(done, len(jobs))} {slug}")
            return failures
        # Forked workers must not share the parent's database connection: each opens its own.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = {pool.submit(render_one, pk, output): slug for pk, slug in jobs.items()}
            for done, future in enumerate(as_completed(futures), start=1):
                failures += self.attempt(future.result, futures[future])
                self.stdout.write(f"{progress_bar(done, len(jobs))} {futures[future]}")
        return failures

    def attempt(self, render, slug: str) -> list[tuple[str, str]]:
        """Runs one render; a failure is reported and the run carries on."""
        try:
            render()
        except Exception as error:  # noqa: BLE001 - one council's failure must not stop the rest
            return [(slug, f"{type(error).__name__}: {error}")]
        return []
