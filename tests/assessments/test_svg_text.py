"""The charts' SVG text is drawn in the PDFs a run at a time where nothing places a single
character (assessments.dashboards.svg_text, run when the portal starts), and lands where
WeasyPrint's own letter-by-letter drawing put it."""

import re
import subprocess

import pytest
from weasyprint import HTML
from weasyprint import svg as weasy_svg

from assessments.dashboards import svg_text

FONT = "font-family='Arial, Helvetica, sans-serif' font-size='12'"
# As the radar writes a two-line spoke label: each line a tspan placed by its first character.
SPOKE = (
    f"<text x='300' y='60' text-anchor='end' {FONT}>"
    "<tspan x='300' dy='-7.2'>Engaging senior</tspan><tspan x='300' dy='14.4'>managers</tspan>"
    "</text>"
)


def pdf_of(svg_body: str) -> bytes:
    html = f"<svg xmlns='http://www.w3.org/2000/svg' width='400' height='120'>{svg_body}</svg>"
    return HTML(string=html).write_pdf(uncompressed_pdf=True)


def runs_drawn(pdf: bytes) -> int:
    """How many times the PDF shows text: once per run, or once per character."""
    return len(re.findall(rb"\]\s*TJ", pdf))


def words(pdf: bytes, tmp_path) -> list[tuple[str, float, float, float]]:
    """Each word the PDF shows, with its left edge, right edge and top, in points."""
    path = tmp_path / "chart.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>'
    return [
        (word, float(left), float(right), float(top))
        for left, top, right, word in re.findall(pattern, out)
    ]


def drawn_by_weasyprint_alone(monkeypatch, svg_body: str) -> bytes:
    """The PDF as WeasyPrint's own letter-by-letter drawing makes it, without the mend."""
    original = svg_text.text_in_runs.weasyprint_text
    with monkeypatch.context() as patch:
        patch.setattr(weasy_svg, "text", original)
        for tag in ("text", "tspan", "a"):
            patch.setitem(weasy_svg.TAGS, tag, original)
        return pdf_of(svg_body)


def test_the_portal_draws_svg_text_in_runs_from_start_up():
    assert weasy_svg.TAGS["text"] is svg_text.text_in_runs
    assert weasy_svg.TAGS["tspan"] is svg_text.text_in_runs


def test_a_label_placed_by_its_first_character_is_drawn_as_one_run():
    pdf = pdf_of(f"<text x='10' y='20' {FONT}>Engaging councillors</text>")
    assert runs_drawn(pdf) == 1


def test_weasyprint_alone_draws_each_character_on_its_own(monkeypatch):
    # What the mend saves: a layout and a text object for each character but the space.
    pdf = drawn_by_weasyprint_alone(
        monkeypatch, f"<text x='10' y='20' {FONT}>Engaging councillors</text>"
    )
    assert runs_drawn(pdf) == len("Engagingcouncillors")


def test_characters_placed_one_by_one_keep_their_own_places(tmp_path):
    pdf = pdf_of(f"<text x='10 60 110' y='20' {FONT}>abc</text>")
    assert runs_drawn(pdf) == 3
    lefts = sorted(left for _, left, _, _ in words(pdf, tmp_path))
    gaps = [b - a for a, b in zip(lefts, lefts[1:], strict=False)]
    assert [round(gap, 1) for gap in gaps] == [37.5, 37.5]  # 50 pixels apart, in points


@pytest.mark.parametrize(
    "attribute", ["letter-spacing='2'", "textLength='200'", "rotate='10'", "direction='rtl'"]
)
def test_spaced_stretched_or_turned_text_is_left_to_weasyprint(attribute):
    pdf = pdf_of(f"<text x='10' y='20' {attribute} {FONT}>abc</text>")
    assert runs_drawn(pdf) == 3


def test_an_anchored_two_line_label_lands_where_weasyprint_put_it(tmp_path, monkeypatch):
    mended = words(pdf_of(SPOKE), tmp_path)
    own = words(drawn_by_weasyprint_alone(monkeypatch, SPOKE), tmp_path)

    assert [word for word, *_ in mended] == ["Engaging", "senior", "managers"]
    assert [word for word, *_ in own] == [word for word, *_ in mended]
    for (_, left, right, top), (_, own_left, own_right, own_top) in zip(mended, own, strict=True):
        # Within a point: shaped as a run, pairs of letters may sit a little closer (kerning).
        assert abs(left - own_left) < 1
        assert abs(right - own_right) < 1
        assert top == own_top


def test_an_empty_run_moves_the_next_one_as_before(tmp_path, monkeypatch):
    body = f"<text x='10' y='20' {FONT}><tspan dx='40'></tspan><tspan>after</tspan></text>"
    ((word, left, _, top),) = words(pdf_of(body), tmp_path)
    ((_, own_left, _, own_top),) = words(drawn_by_weasyprint_alone(monkeypatch, body), tmp_path)
    assert word == "after"
    assert abs(left - own_left) < 0.5
    assert top == own_top
    assert left > 30  # moved by the empty run's 40 (0.75 point a pixel)
