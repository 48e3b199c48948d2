import contextlib
import datetime
import re
import subprocess
import zlib

import pytest
from django.core.cache import caches
from django.urls import reverse

from assessments.dashboards.reports import national_filename, report_filename
from assessments.models import Answer, Evidence
from tests.assessments.factories import ActionFactory
from tests.assessments.factories_dashboard import peers, rated, rounds


def pdf_text(content: bytes, tmp_path, *args) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(content: bytes, tmp_path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def pdf_objects(content: bytes) -> bytes:
    """The PDF's compressed object streams, inflated (the catalog lives in one)."""
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S)
    inflated = []
    for stream in streams:
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompress(stream))
    return b"".join(inflated)


@pytest.fixture
def report(world, client_as):
    """Stockport's approved 2026/27 report as its councillor downloads it, after 2025/26."""
    last, this = rounds(count=2)
    rated(world.own, last, level=2)
    assessment = rated(world.own, this, level=3, target=4, Engaging_group_1=4)
    answer = assessment.answers.order_by("pk").first()
    answer.evidence_text = "Cabinet minutes of 4 March show the strategy was adopted."
    answer.save()
    ActionFactory(answer=answer, what="Train scrutiny members", owner="Monitoring officer")
    peers(5, this, level=2)
    response = client_as(world.users["councillor"]).get(
        reverse("assessments:assessment_report", args=[assessment.pk])
    )
    return assessment, response


def test_report_file_name_follows_council_and_round():
    assert report_filename("stockport", "2026/27") == "stockport-nps-2026-27.pdf"
    assert national_filename("2026/27") == "national-nps-2026-27.pdf"


def test_councillor_downloads_the_report_as_a_named_pdf(report):
    assessment, response = report
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="stockport-nps-{assessment.round.slug}.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_report_shows_cover_summary_key_areas_and_page_numbers(report, tmp_path):
    assessment, response = report
    text = pdf_text(response.content, tmp_path)
    assert f"Stockport: NPS progress report {assessment.round.name}" in text
    assert "Date approved" in text
    assert "Contents" in text
    assert "Summary" in text
    assert "Strongest key areas" in text
    assert "Engaging group 1: Leader" in text  # strongest, in plain words
    assert "Up from Developing to Mature" in text  # the biggest moves since last round
    assert "Page 1 of" in text


def test_report_gives_descriptor_text_evidence_and_actions(report, tmp_path):
    _, response = report
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "SL2.1 at mature" in text  # the descriptor at the current level
    assert "SL2.1 at leader" in text  # and at the target
    assert "Cabinet minutes of 4 March" in text
    assert "Train scrutiny members" in text
    assert "Monitoring officer" in text


def test_report_lists_each_action_with_who_when_and_its_status(report, tmp_path):
    _, response = report
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Actions, overdue first" in text
    assert "Actions by owner" not in text
    assert "Train scrutiny members" in text
    assert "Not started" in text


def test_report_compares_with_peers(report, tmp_path):
    _, response = report
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Councils like yours" in text
    assert "Most: Developing. All: Developing." in text
    # A table heading wraps over lines: read in the PDF's own order, it is whole.
    assert "All England, 5" in " ".join(pdf_text(response.content, tmp_path, "-raw").split())
    assert "Above most similar councils" in text  # the council's Mature beside their Developing


def test_report_is_a_tagged_pdf_with_title_and_language(report, tmp_path):
    assessment, response = report
    info = pdf_info(response.content, tmp_path)
    assert "Tagged:          yes" in info
    assert f"Title:           Stockport: NPS progress report {assessment.round.name}" in info
    assert b"/Lang (en-GB)" in pdf_objects(response.content)


def test_report_radar_is_a_figure_with_alternative_text(report):
    _, response = report
    objects = pdf_objects(response.content)
    assert b"/S /Figure" in objects
    assert b"current and target level by key area)" in objects.split(b"/Alt (", 1)[1][:200]


def test_assessment_page_links_to_the_report_for_members_only(world, client_as):
    (this,) = rounds(count=1)
    assessment = rated(world.own, this, level=3)
    url = reverse("assessments:assessment_detail", args=[assessment.pk])
    link = reverse("assessments:assessment_report", args=[assessment.pk])
    assert link in client_as(world.users["councillor"]).get(url).content.decode()
    assert client_as(world.users["other_officer"]).get(url).status_code == 404


@pytest.fixture
def layouts(monkeypatch):
    """How many times WeasyPrint lays out a document."""
    from assessments.dashboards import reports

    count = []
    real = reports.HTML

    def counting(*args, **kwargs):
        count.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "HTML", counting)
    return count


def test_an_unchanged_report_downloaded_again_is_not_laid_out_again(
    report, world, client_as, layouts
):
    assessment, first = report
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    again = client_as(world.users["lead"]).get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert layouts == []


def test_a_change_to_the_assessment_shows_in_the_next_download(report, world, client_as, tmp_path):
    assessment, first = report
    ActionFactory(
        answer=assessment.answers.order_by("pk").first(),
        what="Brief the new cabinet member",
        owner="Head of procurement",
    )
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    again = client_as(world.users["councillor"]).get(url)
    assert "Brief the new cabinet member" not in pdf_text(first.content, tmp_path)
    assert "Brief the new cabinet member" in " ".join(pdf_text(again.content, tmp_path).split())


def test_a_new_peer_approval_shows_in_the_next_download(report, world, client_as, tmp_path):
    assessment, first = report
    peers(1, assessment.round, level=2)
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    text = " ".join(
        pdf_text(client_as(world.users["councillor"]).get(url).content, tmp_path, "-raw").split()
    )
    assert "All England, 5" in " ".join(pdf_text(first.content, tmp_path, "-raw").split())
    assert "All England, 6" in text


def test_a_cached_report_is_still_refused_to_another_council(report, world, client_as):
    assessment, first = report
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    assert client_as(world.users["other_officer"]).get(url).status_code == 404
    assert client_as(world.users["other_councillor"]).get(url).status_code == 404


def test_the_cycle_collector_resumes_after_a_layout_that_fails():
    import gc

    from assessments.dashboards.reports import cyclic_gc_paused

    seen = []

    def failing_layout():
        with cyclic_gc_paused():
            seen.append(gc.isenabled())
            raise RuntimeError("layout failed")

    with pytest.raises(RuntimeError):
        failing_layout()
    assert seen == [False]
    assert gc.isenabled()


def test_app_servers_share_finished_reports_through_the_report_cache_folder(
    world, client_as, tmp_path, layouts, settings
):
    (this,) = rounds(count=1)
    assessment = rated(world.own, this, level=3)
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    folder = tmp_path / "report-cache"
    file_cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}
    settings.CACHES = {**settings.CACHES, "reports": {**file_cache, "LOCATION": str(folder)}}
    first = client_as(world.users["councillor"]).get(url)
    assert len(list(folder.glob("*.djcache"))) == 1
    del caches["reports"]  # as another process would, open the folder afresh
    assert client_as(world.users["lead"]).get(url).content == first.content
    assert layouts == [1]


def first_page(content: bytes, tmp_path) -> str:
    return " ".join(pdf_text(content, tmp_path, "-f", "1", "-l", "1").split())


def test_report_names_each_evidence_file_and_link(world, client_as, tmp_path):
    (this,) = rounds(count=1)
    assessment = rated(world.own, this, level=3)
    answer = assessment.answers.order_by("pk").first()
    answer.evidence_links = "https://stockport.example.org/cabinet/4-march"
    answer.save()
    Evidence.objects.create(
        answer=answer,
        file="evidence/minutes.pdf",
        original_name="Cabinet minutes 4 March.pdf",
        content_type="application/pdf",
        size=1000,
    )
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    text = " ".join(
        pdf_text(client_as(world.users["councillor"]).get(url).content, tmp_path).split()
    )
    assert "Cabinet minutes 4 March.pdf" in text
    assert "https://stockport.example.org/cabinet/4-march" in text
    assert "1 file" not in text


def test_most_to_do_is_furthest_below_target_never_at_target(world, client_as, tmp_path):
    (this,) = rounds(count=1)  # three key areas: Engaging group 1 to 3
    assessment = rated(world.own, this, level=2, target=2, Engaging_group_2=3, Engaging_group_3=3)
    answers = Answer.objects.filter(assessment=assessment)
    answers.filter(statement__key_area__name="Engaging group 2").update(target_level=5)
    answers.filter(statement__key_area__name="Engaging group 3").update(target_level=4)
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    text = " ".join(
        pdf_text(client_as(world.users["councillor"]).get(url).content, tmp_path).split()
    )
    most = text.split("Where there is most to do", 1)[1].split("Biggest moves", 1)[0]
    assert "Engaging group 1" not in most  # Developing, at its target of Developing
    assert most.index("Engaging group 2") < most.index("Engaging group 3")  # 2 levels short, then 1


def test_most_to_do_says_so_when_every_key_area_is_at_its_target(world, client_as, tmp_path):
    (this,) = rounds(count=1)
    assessment = rated(world.own, this, level=3, target=3)
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    text = " ".join(
        pdf_text(client_as(world.users["councillor"]).get(url).content, tmp_path).split()
    )
    most = text.split("Where there is most to do", 1)[1].split("Biggest moves", 1)[0]
    assert "Every rated key area is at or above its target" in most
    assert "Engaging group" not in most


def test_first_page_says_what_changed_and_what_to_ask(world, client_as, tmp_path):
    last, this = rounds(count=2)
    rated(world.own, last, level=2, Engaging_group_3=4)
    assessment = rated(world.own, this, level=3, target=4, Engaging_group_2=2)
    Answer.objects.filter(
        assessment=assessment, statement__key_area__name="Engaging group 2"
    ).update(target_date=datetime.date(2027, 3, 31))
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    page = first_page(client_as(world.users["councillor"]).get(url).content, tmp_path)
    assert "What has changed since 2025/26" in page
    assert "Engaging group 1: up from Developing to Mature" in page
    assert "Engaging group 3: down from Leader to Mature" in page
    assert "Stayed at Developing: Engaging group 2" in page
    assert "Questions to ask" in page
    assert (
        "What would it take to move Engaging group 2 from Developing to Leader by 31 March 2027?"
        in page
    )
    assert "Engaging group 3 went down from Leader to Mature: why" in page


def test_first_page_of_a_first_round_says_there_is_nothing_to_compare(world, client_as, tmp_path):
    (this,) = rounds(count=1)
    assessment = rated(world.own, this, level=3, target=4)
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    page = first_page(client_as(world.users["councillor"]).get(url).content, tmp_path)
    assert "no earlier approved assessment of Stockport to compare with" in page
    assert "What would it take to move Engaging group 1 from Mature to Leader?" in page
