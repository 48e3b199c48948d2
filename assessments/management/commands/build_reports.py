"""Renders every council's PDF progress report for a round into a folder, in parallel.

With --queue the reports are laid out by the task queue's workers (`manage.py db_worker`, on any
machine), exactly as when LGA staff build them from the portal, and the command follows the
build's counts in the database: the same progress the staff page shows.
"""

import multiprocessing
import shutil
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from assessments.dashboards import report_builds, reports
from assessments.models import Assessment, ReportBuild, Round
from assessments.selectors import SHARED_WITH_LGA

BAR_WIDTH = 30
# With --queue: how often the build's counts are read, and how long nothing may move before the
# command asks whether a worker is running at all.
POLL_SECONDS = 1.0
QUIET_SECONDS = 30


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


def wait() -> None:
    """Pauses between two readings of a queued build's counts."""
    time.sleep(POLL_SECONDS)


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
        parser.add_argument(
            "--queue",
            action="store_true",
            help="Queue the build for the task workers (manage.py db_worker) and follow it; "
            "the zip of every report is copied to --output.",
        )

    def handle(self, *args, round, council, output, workers, queue=False, **options):
        found = Round.objects.filter(name=round).first()
        if found is None:
            raise CommandError(f"There is no round called {round}.")
        if queue:
            if council:
                raise CommandError("--council lays out one report here: leave out --queue.")
            return self.queue(found, output)
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

    def queue(self, round: Round, output: str) -> None:
        """Queues the round's build (or joins the one running) and shows its progress."""
        try:
            build = report_builds.start_report_build(round=round, user=None)
            self.stdout.write(
                f"Queued {build.total} reports of {round.name}; workers (manage.py db_worker) "
                f"lay them out. LGA staff see the same progress on Reports for {round.name}."
            )
        except report_builds.NothingToBuild as error:
            raise CommandError(f"No council has shared its self-assessment in {round}.") from error
        except report_builds.BuildAlreadyRunning:
            build = report_builds.running_build(round)
            self.stdout.write(f"Following the build of {round.name} already running.")
        progress = self.follow(build)
        self.finish_queued(build, progress, output)

    def follow(self, build: ReportBuild) -> report_builds.BuildProgress:
        """Prints a progress bar each time the build's counts move, until it finishes."""
        shown, quiet_since, warned = -1, time.monotonic(), False
        while True:
            progress = report_builds.progress_of(build)
            if progress.counted != shown:
                shown, quiet_since = progress.counted, time.monotonic()
                self.stdout.write(progress_bar(progress.counted, progress.total))
            if progress.finished:
                return progress
            if not warned and time.monotonic() - quiet_since > QUIET_SECONDS:
                warned = True
                self.stderr.write("Nothing laid out for 30 s: is a worker (db_worker) running?")
            wait()

    def finish_queued(self, build, progress, output: str) -> None:
        if build.archive:
            Path(output).mkdir(parents=True, exist_ok=True)
            target = Path(output) / report_builds.archive_name(build)
            with build.archive.open("rb") as source, target.open("wb") as copy:
                shutil.copyfileobj(source, copy)
            self.stdout.write(f"{progress.done} of {progress.total} reports zipped in {target}.")
        for failure in report_builds.failures_of(build):
            self.stderr.write(f"Failed: {failure.council}: {failure.reason}")
        if progress.failed:
            raise CommandError(f"{progress.failed} report(s) failed.")
