"""Reports laid out in the background: after an approval, and every council's for a round."""

import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from assessments.dashboards import report_builds, reports
from assessments.models import Assessment, LaidOutReport, ReportBuild
from tests.assessments.factories_dashboard import rated, rounds
from tests.assessments.test_reports import pdf_text
from tests.factories import CouncilFactory


@pytest.fixture
def round_with_reports(world):
    """A round where Stockport and Rochdale approved, Trafford submitted and Bury is drafting."""
    this = rounds(count=1)[0]
    rated(world.own, this)
    rated(world.other, this, status=Assessment.Status.SUBMITTED)
    rated(CouncilFactory(name="Rochdale", slug="rochdale"), this)
    rated(CouncilFactory(name="Bury", slug="bury"), this, status=Assessment.Status.DRAFT)
    return this


def reports_url(round):
    return reverse("assessments:round_reports", args=[round.slug])


def test_approving_an_assessment_lays_out_its_report_and_keeps_it(world, client_as, tmp_path):
    this = rounds(count=1)[0]
    assessment = rated(world.own, this, status=Assessment.Status.SUBMITTED)
    client_as(world.users["lead"]).post(
        reverse("assessments:sign_off", args=[assessment.pk]), {"decision": "approve"}
    )
    stored = LaidOutReport.objects.get(assessment=assessment)
    text = pdf_text(stored.file.read(), tmp_path)
    assert f"Stockport: NPS progress report {this.name}" in " ".join(text.split())
    assert stored.build is None


def test_a_later_layout_replaces_the_earlier_file(world, django_capture_on_commit_callbacks):
    assessment = rated(world.own, rounds(count=1)[0])
    first = report_builds.store_report(assessment_id=assessment.pk)
    first_name = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        second = report_builds.store_report(assessment_id=assessment.pk)
    assert LaidOutReport.objects.filter(assessment=assessment).count() == 1
    assert second.file.name != first_name
    assert not second.file.storage.exists(first_name)


def count_layouts(monkeypatch) -> list:
    layouts = []
    real = reports.HTML.write_pdf

    def counted(self, *args, **kwargs):
        layouts.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(reports.HTML, "write_pdf", counted)
    return layouts


def download(client, assessment):
    return client.get(reverse("assessments:assessment_report", args=[assessment.pk]))


def test_after_an_approval_the_download_needs_no_new_layout(world, client_as, monkeypatch):
    assessment = rated(world.own, rounds(count=1)[0], status=Assessment.Status.SUBMITTED)
    layouts = count_layouts(monkeypatch)
    client_as(world.users["lead"]).post(
        reverse("assessments:sign_off", args=[assessment.pk]), {"decision": "approve"}
    )
    assert layouts == [1]  # the background task's
    response = download(client_as(world.users["councillor"]), assessment)
    assert response.content == LaidOutReport.objects.get(assessment=assessment).file.read()
    assert response["Content-Type"] == "application/pdf"
    assert (
        f'filename="stockport-nps-{assessment.round.slug}.pdf"' in (response["Content-Disposition"])
    )
    assert layouts == [1]


def test_a_report_whose_figures_changed_since_its_layout_is_laid_out_again(
    world, client_as, monkeypatch
):
    # The report shows the day it is produced and every peer's approval: a layout kept from
    # before is never served once what it would show has changed.
    assessment = rated(world.own, rounds(count=1)[0])
    report_builds.store_report(assessment_id=assessment.pk)
    layouts = count_layouts(monkeypatch)
    rated(CouncilFactory(name="Rochdale", slug="rochdale"), assessment.round)
    response = download(client_as(world.users["councillor"]), assessment)
    assert response.content.startswith(b"%PDF")
    assert layouts == [1]


def test_a_build_lays_out_every_shared_report_counts_failures_and_zips_once(
    world, round_with_reports, monkeypatch
):
    real = reports.render_pdf

    def fail_for_trafford(template, context):
        if context["council"].slug == "trafford":
            raise RuntimeError("font missing")
        return real(template, context)

    monkeypatch.setattr(reports, "render_pdf", fail_for_trafford)
    zips = []
    real_zip = report_builds._write_zip
    monkeypatch.setattr(report_builds, "_write_zip", lambda *a: zips.append(1) or real_zip(*a))
    build = report_builds.start_report_build(
        round=round_with_reports, user=world.users["lga_staff"]
    )
    build.refresh_from_db()
    assert (build.total, build.done, build.failed) == (3, 2, 1)
    assert build.finished_at is not None
    assert zips == [1]
    slug = round_with_reports.slug
    with zipfile.ZipFile(build.archive.open("rb")) as archive:
        assert sorted(archive.namelist()) == [
            f"rochdale-nps-{slug}.pdf",
            f"stockport-nps-{slug}.pdf",
        ]
    assert [f.council for f in report_builds.failures_of(build)] == ["Trafford"]
    assert report_builds.progress_of(build).words == "2 of 3 reports laid out; 1 could not be"
    # Finishing again (a second worker counting the last report) never zips again.
    assert report_builds.finish_build(build_id=build.pk) is False
    assert zips == [1]


def test_only_the_worker_that_counts_the_last_report_zips(world, round_with_reports):
    build = ReportBuild.objects.create(round=round_with_reports, total=3, done=1)
    assert report_builds.finish_build(build_id=build.pk) is False  # 1 of 3: not yet
    ReportBuild.objects.filter(pk=build.pk).update(done=3)
    # Two workers that both saw 3 of 3 try to finish: the conditional update lets one through.
    assert [report_builds.finish_build(build_id=build.pk) for _ in range(2)] == [True, False]
    build.refresh_from_db()
    assert build.finished_at is not None
    assert build.archive.name.endswith(".zip")


def test_a_task_run_twice_counts_its_report_once(world, round_with_reports):
    build = report_builds.start_report_build(
        round=round_with_reports, user=world.users["lga_staff"]
    )
    assessment = Assessment.objects.get(council=world.own, round=round_with_reports)
    report_builds.build_one_report(build_id=build.pk, assessment_id=assessment.pk)
    build.refresh_from_db()
    assert (build.done, build.failed) == (3, 0)


def test_an_assessment_returned_before_its_turn_is_counted_as_not_laid_out(
    world, round_with_reports
):
    build = ReportBuild.objects.create(round=round_with_reports, total=1)
    returned = Assessment.objects.get(council=world.other, round=round_with_reports)
    Assessment.objects.filter(pk=returned.pk).update(status=Assessment.Status.RETURNED)
    report_builds.build_one_report(build_id=build.pk, assessment_id=returned.pk)
    build.refresh_from_db()
    assert (build.done, build.failed, build.finished_at is not None) == (0, 1, True)
    assert not LaidOutReport.objects.filter(assessment=returned).exists()
    [failure] = report_builds.failures_of(build)
    assert failure.reason == "Returned to the council for changes before its report was laid out."


def test_staff_build_every_report_from_the_rounds_reports_page(
    world, client_as, round_with_reports
):
    staff = client_as(world.users["lga_staff"])
    page = staff.get(reports_url(round_with_reports)).content.decode()
    assert "Build every council’s report" in page
    assert "3 councils have shared their self-assessment" in page
    response = staff.post(reports_url(round_with_reports), follow=True)
    page = response.content.decode()
    build = ReportBuild.objects.get()
    assert "3 of 3 reports laid out" in page
    assert '<progress class="app-progress" max="3" value="3"' in page
    assert reverse("assessments:report_build_archive", args=[build.pk]) in page
    for council in ["Rochdale", "Stockport", "Trafford"]:
        assert f"{council}" in page
    archive = staff.get(reverse("assessments:report_build_archive", args=[build.pk]))
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as zipped:
        assert len(zipped.namelist()) == 3


def test_a_running_build_shows_its_progress_and_a_refresh_link(
    world, client_as, round_with_reports
):
    build = ReportBuild.objects.create(
        round=round_with_reports,
        requested_by=world.users["lga_staff"],
        total=350,
        done=120,
    )
    staff = client_as(world.users["lga_staff"])
    page = staff.get(reports_url(round_with_reports)).content.decode()
    assert "120 of 350 reports laid out" in page
    assert '<progress class="app-progress" max="350" value="120"' in page
    assert "Refresh" in page
    assert "Build every council’s report" not in page  # one build at a time
    progress = staff.get(reverse("assessments:report_build_progress", args=[build.pk])).json()
    assert progress == {
        "total": 350,
        "done": 120,
        "failed": 0,
        "counted": 120,
        "finished": False,
        "words": "120 of 350 reports laid out",
    }


def test_starting_a_second_build_while_one_runs_says_so(world, client_as, round_with_reports):
    ReportBuild.objects.create(round=round_with_reports, total=3)
    response = client_as(world.users["lga_staff"]).post(
        reports_url(round_with_reports), follow=True
    )
    assert "already being laid out" in response.content.decode()
    assert ReportBuild.objects.count() == 1


def test_a_round_nobody_shared_offers_no_build(world, client_as):
    this = rounds(count=1)[0]
    staff = client_as(world.users["lga_staff"])
    page = staff.get(reports_url(this)).content.decode()
    assert "No council has shared its self-assessment" in page
    assert "Build every council’s report" not in page
    response = staff.post(reports_url(this), follow=True)
    assert "No council has shared its self-assessment" in response.content.decode()
    assert not ReportBuild.objects.exists()


def test_the_national_picture_links_to_the_rounds_reports(world, client_as, round_with_reports):
    page = client_as(world.users["lga_staff"]).get(reverse("assessments:national")).content
    assert reports_url(round_with_reports).encode() in page


def test_the_rounds_page_links_to_its_reports(world, client_as, round_with_reports):
    url = reverse("assessments:round_detail", args=[round_with_reports.slug])
    page = client_as(world.users["lga_staff"]).get(url).content
    assert reports_url(round_with_reports).encode() in page


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_every_report_from_the_database_queue(
    world, round_with_reports, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    build = report_builds.start_report_build(
        round=round_with_reports, user=world.users["lga_staff"]
    )
    assert report_builds.progress_of(build).counted == 0  # queued, not run
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    progress = report_builds.progress_of(build)
    assert progress.finished
    assert progress.words == "3 of 3 reports laid out"
    assert LaidOutReport.objects.filter(build=build).count() == 3
    with zipfile.ZipFile(build.archive.open("rb")) as archive:
        assert len(archive.namelist()) == 3


def test_a_build_whose_workers_were_lost_can_be_started_again(world, client_as, round_with_reports):
    two_hours_ago = timezone.now() - report_builds.GIVEN_UP_AFTER * 2
    ReportBuild.objects.create(round=round_with_reports, total=3, requested_at=two_hours_ago)
    staff = client_as(world.users["lga_staff"])
    page = staff.get(reports_url(round_with_reports)).content.decode()
    assert "Latest build stopped" in page
    assert "Build every council’s report again" in page
    staff.post(reports_url(round_with_reports))
    assert ReportBuild.objects.filter(finished_at__isnull=False).count() == 1
