"""Progress reports laid out ahead of time by background tasks, one at a time or a whole round.

A laid-out report is kept as a file (LaidOutReport), so a download needs no layout while the
assessment is unchanged. LGA staff build every council's report for a round (ReportBuild): one
task per report, counted with F() updates so that workers on any number of machines count
right, and the last one to finish zips the PDFs, exactly once.
"""

import logging
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import timedelta

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from assessments.dashboards import reports
from assessments.models import Assessment, LaidOutReport, ReportBuild, ReportFailure, Round
from assessments.selectors import SHARED_WITH_LGA
from npsportal.audit import record_event

logger = logging.getLogger(__name__)

# A build not finished after this long has lost its workers (a machine went away mid-build):
# LGA staff may start another rather than wait for it for ever.
GIVEN_UP_AFTER = timedelta(hours=1)


class BuildAlreadyRunning(Exception):
    """Every council's report for the round is being laid out already."""


class NothingToBuild(Exception):
    """No council has shared an assessment in the round yet."""


def store_report(*, assessment_id: int, build: ReportBuild | None = None) -> LaidOutReport:
    """Lays out an assessment's report and keeps it, replacing any earlier one.

    Laying it out also fills the report cache (reports.html_to_pdf), so the next download of the
    same report, by anyone, is not laid out again."""
    # The moment before reading: a change that lands during layout makes the file stale.
    started = timezone.now()
    assessment = Assessment.objects.select_related("council", "round__framework").get(
        pk=assessment_id
    )
    pdf = reports.render_pdf(
        "reports/assessment.html", reports.assessment_report_context(assessment)
    )
    name = reports.report_filename(assessment.council.slug, assessment.round.name)
    field = LaidOutReport._meta.get_field("file")
    stored = field.storage.save(field.generate_filename(None, name), ContentFile(pdf))
    try:
        return _keep(assessment, stored, started, build)
    except BaseException:
        field.storage.delete(stored)
        raise


@transaction.atomic
def _keep(assessment, stored: str, started, build) -> LaidOutReport:
    storage = LaidOutReport._meta.get_field("file").storage
    earlier = LaidOutReport.objects.select_for_update().filter(assessment=assessment).first()
    if earlier is not None and earlier.laid_out_at > started:
        # A layout that began later already finished: it shows newer data, so it stays.
        storage.delete(stored)
        return earlier
    report, _ = LaidOutReport.objects.update_or_create(
        assessment=assessment, defaults={"file": stored, "laid_out_at": started, "build": build}
    )
    if earlier is not None and earlier.file.name and earlier.file.name != stored:
        old = earlier.file.name
        transaction.on_commit(lambda: storage.delete(old))
    return report


def running_build(round: Round) -> ReportBuild | None:
    """The round's build still laying out reports, unless its workers were lost."""
    return (
        ReportBuild.objects.filter(
            round=round,
            finished_at__isnull=True,
            requested_at__gte=timezone.now() - GIVEN_UP_AFTER,
        )
        .order_by("-requested_at", "-pk")
        .first()
    )


@transaction.atomic
def start_report_build(*, round: Round, user) -> ReportBuild:
    """Queues the layout of every shared assessment's report in the round, one task each."""
    # Imported when called: the tasks module and this one each use the other.
    from assessments.tasks import build_one_report

    Round.objects.select_for_update().get(pk=round.pk)  # one start at a time per round
    if running_build(round) is not None:
        raise BuildAlreadyRunning
    ids = list(
        Assessment.objects.filter(round=round, status__in=SHARED_WITH_LGA)
        .order_by("council__name")
        .values_list("pk", flat=True)
    )
    if not ids:
        raise NothingToBuild
    build = ReportBuild.objects.create(round=round, requested_by=user, total=len(ids))
    record_event(action="report_build.requested", actor=user, obj=build, details=_about(build))
    # Enqueued inside the transaction: on the database queue the tasks commit with the build.
    for pk in ids:
        build_one_report.enqueue(build.pk, pk)
    return build


def build_one_report(*, build_id: int, assessment_id: int) -> None:
    """Lays out one report of a build, counts it done or failed, and finishes the build last."""
    build = ReportBuild.objects.select_related("round").get(pk=build_id)
    if _counted_already(build, assessment_id):
        return  # the task ran before (a worker stopped after counting): count it once
    try:
        _lay_out_for_build(build, assessment_id)
        outcome = "done"
    except Exception as error:  # noqa: BLE001 - one council's failure must not stop the rest
        logger.exception("Report of assessment %s failed in build %s", assessment_id, build_id)
        _record_failure(build, assessment_id, error)
        outcome = "failed"
    # F(): the database adds one, so simultaneous workers never lose each other's counts.
    ReportBuild.objects.filter(pk=build_id).update(**{outcome: F(outcome) + 1})
    finish_build(build_id=build_id)


def _lay_out_for_build(build: ReportBuild, assessment_id: int) -> None:
    status = Assessment.objects.filter(pk=assessment_id).values_list("status", flat=True).first()
    if status not in SHARED_WITH_LGA:
        raise NotShared("Returned to the council for changes before its report was laid out.")
    store_report(assessment_id=assessment_id, build=build)


class NotShared(Exception):
    """The assessment went back to the council (or away) after the build was requested."""


def _counted_already(build: ReportBuild, assessment_id: int) -> bool:
    laid_out = LaidOutReport.objects.filter(assessment_id=assessment_id, build=build).exists()
    return laid_out or build.failures.filter(assessment_id=assessment_id).exists()


def _record_failure(build: ReportBuild, assessment_id: int, error: Exception) -> None:
    reason = str(error) if isinstance(error, NotShared) else type(error).__name__
    ReportFailure.objects.get_or_create(
        build=build, assessment_id=assessment_id, defaults={"reason": reason[:200]}
    )


def _about(build: ReportBuild) -> dict:
    return {"round": build.round.slug, "total": build.total}


def finish_build(*, build_id: int) -> bool:
    """Zips the build's reports once every one is counted; True for the one call that did it."""
    with transaction.atomic():
        # The conditional UPDATE is the claim: when two workers count the last reports together,
        # the database lets exactly one of them set finished_at (the other updates no row).
        claimed = ReportBuild.objects.filter(
            pk=build_id,
            finished_at__isnull=True,
            total__lte=F("done") + F("failed"),
        ).update(finished_at=timezone.now())
        if claimed:
            _zip_reports(ReportBuild.objects.select_related("round").get(pk=build_id))
    return bool(claimed)


def _zip_reports(build: ReportBuild) -> None:
    try:
        with tempfile.TemporaryFile() as handle:
            names = _write_zip(build, handle)
            handle.seek(0)
            build.archive.save(archive_name(build), File(handle), save=False)
        build.save(update_fields=["archive"])
        logger.info("Build %s finished: %s reports zipped", build.pk, names)
    except Exception:  # noqa: BLE001 - the reports stay downloadable one by one
        logger.exception("The zip of build %s could not be made", build.pk)


def _write_zip(build: ReportBuild, handle) -> int:
    laid_out = LaidOutReport.objects.filter(build=build).select_related("assessment__council")
    count = 0
    # PDFs are compressed already: stored as they are, the zip is made at disk speed.
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_STORED) as archive:
        for report in laid_out.order_by("assessment__council__name"):
            name = reports.report_filename(report.assessment.council.slug, build.round.name)
            with report.file.open("rb") as pdf:
                archive.writestr(name, pdf.read())
            count += 1
    return count


def archive_name(build: ReportBuild) -> str:
    """The zip's file name, such as nps-2026-27-reports.zip."""
    return f"nps-{slugify(build.round.name.replace('/', '-'))}-reports.zip"


@dataclass(frozen=True, kw_only=True)
class BuildProgress:
    """How far a build has come, as the staff page, its script and the command line show it."""

    total: int
    done: int
    failed: int
    finished: bool

    @property
    def counted(self) -> int:
        return self.done + self.failed

    @property
    def words(self) -> str:
        laid_out = f"{self.done} of {self.total} reports laid out"
        return f"{laid_out}; {self.failed} could not be" if self.failed else laid_out

    def as_json(self) -> dict:
        return {
            "total": self.total,
            "done": self.done,
            "failed": self.failed,
            "counted": self.counted,
            "finished": self.finished,
            "words": self.words,
        }


def progress_of(build: ReportBuild) -> BuildProgress:
    """The build's counts as they stand in the database now."""
    build.refresh_from_db(fields=["total", "done", "failed", "finished_at", "archive"])
    return BuildProgress(
        total=build.total,
        done=build.done,
        failed=build.failed,
        finished=build.finished_at is not None,
    )


@dataclass(frozen=True, kw_only=True)
class Failure:
    council: str
    reason: str


def failures_of(build: ReportBuild) -> list[Failure]:
    """The councils whose report this build could not lay out, and why, by council."""
    found = build.failures.select_related("assessment__council")
    return [Failure(council=f.assessment.council.name, reason=_reason(f.reason)) for f in found]


def _reason(error: str) -> str:
    if error.endswith("."):
        return error  # already written for people
    return "It could not be laid out. Download it from the list below, or build them all again."
