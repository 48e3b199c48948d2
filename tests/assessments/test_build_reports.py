import pytest
from django.core.management import CommandError, call_command

from assessments.dashboards import reports
from assessments.management.commands.build_reports import progress_bar
from assessments.models import Assessment
from tests.assessments.factories_dashboard import rated, rounds
from tests.factories import CouncilFactory


@pytest.fixture
def three_councils(world):
    this = rounds(count=1)[0]
    rated(world.own, this)
    rated(world.other, this)
    rated(CouncilFactory(name="Rochdale", slug="rochdale"), this)
    rated(CouncilFactory(name="Bury", slug="bury"), this, status=Assessment.Status.DRAFT)
    return this


def test_build_reports_writes_each_shared_assessment_and_reports_failures(
    three_councils, tmp_path, monkeypatch, capsys
):
    real = reports.render_pdf

    def fail_for_trafford(template, context):
        if context["council"].slug == "trafford":
            raise RuntimeError("font missing")
        return real(template, context)

    monkeypatch.setattr(reports, "render_pdf", fail_for_trafford)
    with pytest.raises(CommandError, match="1 report"):
        call_command("build_reports", round=three_councils.name, output=str(tmp_path), workers=1)
    slug = three_councils.slug
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"rochdale-nps-{slug}.pdf",
        f"stockport-nps-{slug}.pdf",
    ]
    out = capsys.readouterr()
    assert "Failed: trafford: RuntimeError: font missing" in out.err
    assert f"2 of 3 reports written to {tmp_path}" in out.out
    assert "[##############################] 3/3" in out.out


def test_build_reports_can_render_one_council(three_councils, tmp_path):
    call_command(
        "build_reports",
        round=three_councils.name,
        council="stockport",
        output=str(tmp_path),
        workers=1,
    )
    assert [p.name for p in tmp_path.iterdir()] == [f"stockport-nps-{three_councils.slug}.pdf"]


def test_build_reports_refuses_an_unknown_round(db, tmp_path):
    with pytest.raises(CommandError, match="no round called 1999/00"):
        call_command("build_reports", round="1999/00", output=str(tmp_path))


def test_progress_bar_fills_in_proportion():
    assert progress_bar(5, 10) == "[###############---------------]  5/10"


def test_a_nightly_build_fills_the_shared_report_cache_so_the_days_downloads_are_ready(
    three_councils, tmp_path, settings, world, client_as, monkeypatch
):
    from django.urls import reverse

    file_cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
    folder = tmp_path / "report-cache"
    settings.CACHES = {**settings.CACHES, "reports": {**file_cache, "LOCATION": str(folder)}}
    call_command(
        "build_reports", round=three_councils.name, output=str(tmp_path / "out"), workers=1
    )
    written = (tmp_path / "out" / f"stockport-nps-{three_councils.slug}.pdf").read_bytes()
    layouts = []
    monkeypatch.setattr(reports, "HTML", lambda *a, **k: layouts.append(1))
    assessment = Assessment.objects.get(council=world.own, round=three_councils)
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    response = client_as(world.users["councillor"]).get(url)
    assert response.content == written
    assert layouts == []


def test_build_reports_with_queue_follows_the_build_and_copies_its_zip(
    three_councils, tmp_path, capsys
):
    import zipfile

    from assessments.models import ReportBuild

    output = tmp_path / "out"
    call_command("build_reports", round=three_councils.name, output=str(output), queue=True)
    build = ReportBuild.objects.get()
    assert (build.total, build.done, build.failed) == (3, 3, 0)
    out = capsys.readouterr().out
    assert "Queued 3 reports" in out
    assert "[##############################] 3/3" in out
    [archive] = output.iterdir()
    with zipfile.ZipFile(archive) as zipped:
        assert len(zipped.namelist()) == 3


def test_build_reports_with_queue_reports_failures(three_councils, tmp_path, monkeypatch, capsys):
    real = reports.render_pdf

    def fail_for_trafford(template, context):
        if context["council"].slug == "trafford":
            raise RuntimeError("font missing")
        return real(template, context)

    monkeypatch.setattr(reports, "render_pdf", fail_for_trafford)
    with pytest.raises(CommandError, match="1 report"):
        call_command("build_reports", round=three_councils.name, output=str(tmp_path), queue=True)
    assert "Failed: Trafford" in capsys.readouterr().err


@pytest.mark.django_db(transaction=True)
def test_build_reports_with_queue_shows_progress_as_a_worker_lays_reports_out(
    three_councils, tmp_path, settings, monkeypatch, capsys
):
    from assessments.management.commands import build_reports

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def one_task_per_poll():
        call_command(
            "db_worker",
            "--batch",
            "--max-tasks",
            "1",
            "--no-reload",
            "--no-startup-delay",
            verbosity=0,
        )

    monkeypatch.setattr(build_reports, "wait", one_task_per_poll)
    call_command("build_reports", round=three_councils.name, output=str(tmp_path), queue=True)
    bars = [line for line in capsys.readouterr().out.splitlines() if line.startswith("[")]
    assert [bar.split("] ")[1] for bar in bars] == ["0/3", "1/3", "2/3", "3/3"]
