"""Laying out reports reuses what does not change between them within a process (issue 20): the
parsed stylesheets and the font configuration. A changed stylesheet or framework still shows."""

import shutil
import subprocess
import threading

import pytest
import tinycss2
from django.urls import reverse

from assessments.dashboards import layout, reports
from assessments.models import KeyArea
from tests.assessments.factories import ActionFactory
from tests.assessments.factories_dashboard import rated, rounds


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.fixture
def stockport(world):
    """Stockport's approved assessment of one round, and its report's address."""
    (this,) = rounds(count=1)
    assessment = rated(world.own, this, level=3, target=4)
    return assessment, reverse("assessments:assessment_report", args=[assessment.pk])


def change(assessment, what: str) -> None:
    """A change to what the report shows, so that the next download is laid out again."""
    ActionFactory(answer=assessment.answers.order_by("pk").first(), what=what, owner="Lead")


@pytest.fixture
def report_css_parses(monkeypatch):
    """How many times report.css is parsed, wherever WeasyPrint is asked to parse it."""
    layout._parsed.cache_clear()  # as in a fresh process
    parses = []
    real = tinycss2.parse_stylesheet

    def counting(css, *args, **kwargs):
        if "string-set: doctitle" in css:  # a rule only report.css holds
            parses.append(1)
        return real(css, *args, **kwargs)

    monkeypatch.setattr(tinycss2, "parse_stylesheet", counting)
    return parses


@pytest.fixture
def font_configs(monkeypatch):
    """The font configuration handed to WeasyPrint for each layout."""
    handed = []
    real = reports.HTML.write_pdf

    def recording(self, *args, **kwargs):
        handed.append(kwargs.get("font_config"))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(reports.HTML, "write_pdf", recording)
    return handed


def test_two_layouts_in_one_process_parse_the_stylesheet_once_and_share_fonts(
    stockport, world, client_as, report_css_parses, font_configs, tmp_path
):
    assessment, url = stockport
    councillor = client_as(world.users["councillor"])
    first = councillor.get(url)
    change(assessment, "Brief the new cabinet member")
    second = councillor.get(url)
    assert "Brief the new cabinet member" in pdf_text(second.content, tmp_path)
    assert report_css_parses == [1]
    assert len(font_configs) == 2
    assert font_configs[0] is font_configs[1] is not None
    assert first.content != second.content


def test_a_changed_stylesheet_is_laid_out_with_at_once(
    stockport, world, client_as, monkeypatch, tmp_path
):
    """A deploy changing report.css: the next layout uses it, and the PDF cache does not hand
    back the PDF laid out with the old one, though the report's HTML is the same."""
    folder = tmp_path / "styles"
    shutil.copytree(layout.STYLESHEET_DIR, folder, ignore=shutil.ignore_patterns("*.html"))
    monkeypatch.setattr(layout, "STYLESHEET_DIR", folder)
    _, url = stockport
    councillor = client_as(world.users["councillor"])
    before = pdf_text(councillor.get(url).content, tmp_path)
    with (folder / "report.css").open("a") as css:
        css.write('h1::after { content: " (restyled)"; }\n')
    after = pdf_text(councillor.get(url).content, tmp_path)
    assert "(restyled)" not in before
    assert "(restyled)" in after


def test_each_thread_keeps_its_own_font_configuration():
    """Pango's font map is not safe to share between threads (gunicorn runs four a process)."""
    seen = {}

    def lay_out(name):
        seen[name] = (layout.font_config(), layout.font_config())

    threads = [threading.Thread(target=lay_out, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen["one"][0] is seen["one"][1]
    assert seen["two"][0] is seen["two"][1]
    assert seen["one"][0] is not seen["two"][0]


def test_the_chart_follows_a_renamed_key_area(stockport, world, client_as, monkeypatch):
    """The radar's grid and spoke labels are kept between reports: a framework change (a key
    area renamed) is drawn in the next report, on a grid of the same size."""
    caught = []
    monkeypatch.setattr(reports, "html_to_pdf", lambda html, *sheets: caught.append(html) or b"")
    assessment, url = stockport
    councillor = client_as(world.users["councillor"])
    councillor.get(url)
    key_area = KeyArea.objects.filter(theme__framework=assessment.round.framework).first()
    old_name = key_area.name
    KeyArea.objects.filter(pk=key_area.pk).update(name="Renamed key area")
    councillor.get(url)
    before, after = (html.split("<svg", 1)[1].split("</svg>", 1)[0] for html in caught)
    assert old_name.split()[0] in before
    assert "Renamed key area" not in before
    assert "Renamed key area" in after
