"""The PDFs as laid out on paper: no page ends with a heading, no table is split to leave a row
alone, text is large enough to read and table headers do not run into each other.

The report's HTML is caught on its way to WeasyPrint as the download is made, then laid out
again here with its stylesheets (`HTML(...).render()`) so that each page's boxes can be walked.
"""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML
from weasyprint.formatting_structure import boxes

from assessments.models import Action, Answer, Assessment, Evidence
from tests.assessments.factories import (
    FrameworkFactory,
    KeyAreaFactory,
    RoundFactory,
    StatementFactory,
    ThemeFactory,
)
from tests.assessments.factories_dashboard import peers, rated

HEADINGS = {"h1", "h2", "h3", "h4", "hgroup"}
PT = 4 / 3  # CSS pixels per point
BODY_TEXT_PT = 11
CHART_LABEL_PT = 8


# Reusable checks over a laid-out document ---------------------------------------------------


def in_flow_blocks(box) -> list:
    """A box's block-level children in the normal flow (not the page's margin boxes)."""
    return [
        child
        for child in getattr(box, "children", [])
        if isinstance(child, boxes.BlockLevelBox)
        and not isinstance(child, boxes.MarginBox)
        and child.is_in_normal_flow()
    ]


def last_blocks(page) -> list:
    """The chain of last in-flow blocks from the page down to the innermost one (a paragraph, a
    table, a figure): the page ends with each of them."""
    chain, box = [], page._page_box  # WeasyPrint keeps the page's box tree here
    while not isinstance(box, boxes.TableBox | boxes.ReplacedBox) and (
        children := in_flow_blocks(box)
    ):
        box = children[-1]
        chain.append(box)
    return chain


def follows_heading(chain) -> bool:
    """Whether the page's last block is the paragraph right after a heading, and its section goes
    on over the page: a heading with only its first sentence at the foot is stranded too."""
    if len(chain) < 2 or chain[-1].element_tag != "p":
        return False
    siblings = in_flow_blocks(chain[-2])
    before = siblings[-2].element_tag if len(siblings) > 1 else None
    siblings_in_html = list(chain[-2].element)
    goes_on = siblings_in_html.index(chain[-1].element) < len(siblings_in_html) - 1
    return before in HEADINGS and goes_on


def pages_ending_with_a_heading(document) -> list[tuple[int, str]]:
    """(page number, heading text) of every page whose last in-flow block is a heading."""
    stranded = []
    for number, page in enumerate(document.pages, start=1):
        chain = last_blocks(page)
        heading = next((box for box in chain if box.element_tag in HEADINGS), None)
        if heading is None and follows_heading(chain):
            heading = in_flow_blocks(chain[-2])[-2]
        if heading is not None:
            stranded.append((number, text_of(heading)))
    return stranded


def descendants(box):
    """Every box inside a box, depth first."""
    for child in getattr(box, "children", []):
        yield child
        yield from descendants(child)


def flow_boxes(page):
    """Every box of the page's content, leaving out the running header and footer."""
    for child in page._page_box.children:
        if not isinstance(child, boxes.MarginBox):
            yield child
            yield from descendants(child)


def text_of(box) -> str:
    return " ".join(b.text for b in descendants(box) if isinstance(b, boxes.TextBox)).strip()


def body_rows(table) -> int:
    """The rows of a table's body laid out on one page (not its repeated header)."""
    return sum(
        len(group.children)
        for group in table.children
        if isinstance(group, boxes.TableRowGroupBox) and not group.is_header
    )


def tables_split_with_a_lonely_row(document) -> list[str]:
    """Captions of the tables split over pages that leave fewer than two rows on a page."""
    rows_per_page: dict = {}
    for page in document.pages:
        for box in flow_boxes(page):
            if isinstance(box, boxes.TableBox):
                rows_per_page.setdefault(box.element, []).append(body_rows(box))
    return [
        caption_of(table)
        for table, counts in rows_per_page.items()
        if len(counts) > 1 and min(counts) < 2
    ]


def caption_of(table) -> str:
    caption = table.find("caption")
    return " ".join("".join(caption.itertext()).split()) if caption is not None else "(table)"


def smallest_text_pt(document) -> float:
    """The smallest font size, in points, of any text in the pages' content."""
    return min(
        box.style["font_size"] / PT
        for page in document.pages
        for box in flow_boxes(page)
        if isinstance(box, boxes.TextBox) and box.text.strip()
    )


def chart_label_sizes_pt(document) -> list[float]:
    """Each chart's smallest label as printed, in points: its SVG font size scaled by the width
    the chart is drawn at over its viewBox's width."""
    sizes = []
    for page in document.pages:
        for box in flow_boxes(page):
            if isinstance(box, boxes.ReplacedBox) and box.element_tag.endswith("svg"):
                view_width = float(box.element.get("viewBox").split()[2])
                fonts = [
                    float(el.get("font-size")) for el in box.element.iter() if el.get("font-size")
                ]
                sizes.append(min(fonts) * box.width / view_width / PT)
    return sizes


def overlapping_header_cells(document) -> list[tuple[str, str]]:
    """Pairs of table header cells whose text runs into each other or out of its own cell."""
    clashes = []
    for page in document.pages:
        for box in flow_boxes(page):
            if isinstance(box, boxes.TableRowGroupBox) and box.is_header:
                for row in box.children:
                    clashes += header_clashes(row.children)
    return clashes


def header_clashes(cells) -> list[tuple[str, str]]:
    """Header cells whose text runs out of the cell, and neighbours whose texts overlap."""
    clashes, extents = [], []
    for cell in cells:
        texts = [b for b in descendants(cell) if isinstance(b, boxes.TextBox)]
        if not texts:
            continue
        left = min(b.position_x for b in texts)
        right = max(b.position_x + b.width for b in texts)
        if left < cell.position_x - 0.5 or right > cell.position_x + cell.border_width() + 0.5:
            clashes.append((text_of(cell), "(out of its cell)"))
        extents.append((text_of(cell), left, right))
    for (name, _, right), (other, left, _) in itertools.pairwise(extents):
        if right > left + 0.5:
            clashes.append((name, other))
    return clashes


# A report as long as a real one ---------------------------------------------------------------

THEMES = {
    "Showing leadership": [
        "Engaging councillors",
        "Engaging senior managers",
        "Working with partners",
        "Engaging strategic suppliers",
    ],
    "Behaving commercially": [
        "Creating commercial opportunities",
        "Managing contracts and relationships",
        "Managing strategic risk",
    ],
    "Achieving community benefits": [
        "Obtaining social value",
        "Engaging local SMEs and micro-businesses",
        "Enabling VCSE engagement",
    ],
}
SENTENCE = "Procurement is planned with the services and reported to the cabinet every quarter."


def nps_like_framework():
    """Three themes of ten key areas, one statement each, described in sentences."""
    framework = FrameworkFactory()
    for t, (theme_name, names) in enumerate(THEMES.items(), start=1):
        theme = ThemeFactory(framework=framework, name=theme_name, order=t)
        for k, name in enumerate(names, start=1):
            statement = StatementFactory(
                key_area=KeyAreaFactory(theme=theme, name=name, order=k),
                code=f"T{t}.{k}",
                text=f"How the council goes about {name.lower()}",
                order=1,
            )
            for descriptor in statement.descriptors.all():
                descriptor.text = f"{descriptor.text.capitalize()}. {SENTENCE}"
                descriptor.save()
    return framework


def nps_like_rounds():
    framework = nps_like_framework()
    today = timezone.localdate()
    return [
        RoundFactory(
            name=name,
            framework=framework,
            opens_on=today - datetime.timedelta(days=30 + 365 * back),
            closes_on=today + datetime.timedelta(days=60 - 365 * back),
        )
        for back, name in ((1, "2025/26"), (0, "2026/27"))
    ]


def write_evidence(assessment, words: int) -> None:
    """Every answer gets written evidence of about `words` words, a file, a link and an action."""
    today = timezone.localdate()
    for i, answer in enumerate(assessment.answers.select_related("statement")):
        answer.evidence_text = " ".join(SENTENCE.split() * (words // 13 + 1))[: words * 7]
        answer.evidence_links = f"https://stockport.example.org/evidence/{i}"
        answer.save()
        Evidence.objects.create(
            answer=answer,
            file=f"evidence/{i}.pdf",
            original_name=f"Cabinet minutes {i + 1}.pdf",
            content_type="application/pdf",
            size=1000,
        )
        if i % 2 == 0:
            Action.objects.create(
                answer=answer,
                what=f"Raise {answer.statement.key_area.name.lower()} to the target level",
                owner="Head of procurement",
                due_on=today + datetime.timedelta(days=40 * (i + 1)),
            )


def stockport_in(rounds, world, words=40) -> Assessment:
    last, this = rounds
    rated(world.own, last, level=2)
    assessment = rated(world.own, this, level=3, target=4, Engaging_councillors=4)
    Answer.objects.filter(
        assessment=assessment, statement__key_area__name="Obtaining social value"
    ).update(current_level=2)
    write_evidence(assessment, words)
    for council_kind in ({}, {"region": "london"}):
        peers(5, this, level=3, **council_kind)
    return assessment


@pytest.fixture
def caught_html(monkeypatch):
    """The HTML each PDF download hands to WeasyPrint, laid out here instead of printed."""
    from assessments.dashboards import reports

    caught = []

    def catch(html, stylesheets=reports.REPORT_CSS):
        caught.append((html, stylesheets))
        return b"%PDF-1.7"

    monkeypatch.setattr(reports, "html_to_pdf", catch)
    return caught


def laid_out(client, url, caught_html):
    """The PDF at `url` as WeasyPrint lays it out, page by page."""
    assert client.get(url).status_code == 200
    from django.conf import settings

    from assessments.dashboards import layout, reports

    html, stylesheets = caught_html[-1]
    options = reports.layout_options(layout.stylesheets(stylesheets))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(**options)


@pytest.fixture
def council_report(world, client_as, caught_html):
    """Lays out Stockport's report as its councillor downloads it (evidence of `words` words)."""

    def lay_out(words=40):
        assessment = stockport_in(nps_like_rounds(), world, words)
        url = reverse("assessments:assessment_report", args=[assessment.pk])
        return laid_out(client_as(world.users["councillor"]), url, caught_html)

    return lay_out


@pytest.fixture
def national_summary(world, client_as, caught_html):
    """Lays out the national summary as LGA staff download it."""
    stockport_in(nps_like_rounds(), world)
    return laid_out(
        client_as(world.users["lga_staff"]), reverse("assessments:national_report"), caught_html
    )


def margin_boxes_not_on_one_line(document) -> list[tuple[int, str]]:
    """(page number, at-keyword) of every page heading or footing that wraps onto a second line,
    or whose right-hand footing ("Page 1 of 9") does not end at the text column's right edge."""
    wrong = []
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        right_edge = page_box.margin_left + page_box.width  # the text column's right edge
        for box in page_box.children:
            if not isinstance(box, boxes.MarginBox):
                continue
            lines = [line for line in box.children if isinstance(line, boxes.LineBox)]
            if len(lines) != 1:
                wrong.append((number, box.at_keyword))
            elif box.at_keyword == "@bottom-right":
                end = max(child.position_x + child.width for child in lines[0].children)
                if abs(end - right_edge) > 1:
                    wrong.append((number, box.at_keyword))
    return wrong


# The council's progress report ------------------------------------------------------------------


@pytest.mark.parametrize("words", [15, 40, 70])
def test_no_page_of_the_council_report_ends_with_a_heading(council_report, words):
    assert pages_ending_with_a_heading(council_report(words)) == []


def test_no_table_of_the_council_report_leaves_one_row_alone_on_a_page(council_report):
    assert tables_split_with_a_lonely_row(council_report()) == []


def test_council_report_text_is_at_least_11_points(council_report):
    assert smallest_text_pt(council_report()) >= BODY_TEXT_PT


def test_council_report_chart_labels_print_at_least_8_points(council_report):
    sizes = chart_label_sizes_pt(council_report())
    assert sizes
    assert min(sizes) >= CHART_LABEL_PT


# The national summary ---------------------------------------------------------------------------


def test_no_page_of_the_national_summary_ends_with_a_heading(national_summary):
    assert pages_ending_with_a_heading(national_summary) == []


def test_national_summary_table_headers_do_not_overlap(national_summary):
    assert overlapping_header_cells(national_summary) == []


def test_national_summary_text_and_chart_labels_are_large_enough(national_summary):
    assert smallest_text_pt(national_summary) >= BODY_TEXT_PT
    assert min(chart_label_sizes_pt(national_summary)) >= CHART_LABEL_PT


def test_council_report_headings_and_footings_stay_on_one_line_in_place(council_report):
    """Their widths are set in report.css rather than measured on every page: each still fits."""
    assert margin_boxes_not_on_one_line(council_report(70)) == []


def test_national_summary_headings_and_footings_stay_on_one_line_in_place(national_summary):
    assert margin_boxes_not_on_one_line(national_summary) == []
