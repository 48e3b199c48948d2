"""PDF reports rendered by WeasyPrint from ordinary templates in templates/reports/.

The PDFs are tagged (PDF/UA-1) with a document title and language, so that screen readers and
search read them; charts are inline SVG whose `<title>` becomes the figure's alternative text.
"""

import datetime
import gc
import hashlib
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass

import weasyprint
from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.text import slugify
from weasyprint import HTML

from assessments.dashboards import layout
from assessments.dashboards.council import APPROVED, KeyAreaLine, council_dashboard
from assessments.models import Action, Answer, Descriptor, Evidence, Level
from npsportal.models import Council

PDF_VARIANT = "pdf/ua-1"


def report_filename(council_slug: str, round_name: str) -> str:
    """The report's file name, such as stockport-nps-2026-27.pdf."""
    return f"{council_slug}-nps-{slugify(round_name.replace('/', '-'))}.pdf"


def national_filename(round_name: str) -> str:
    """The national summary's file name, such as national-nps-2026-27.pdf."""
    return report_filename("national", round_name)


# Each template's stylesheets (templates/reports/), in cascade order; any other takes REPORT_CSS.
REPORT_CSS = ("report.css",)
STYLESHEETS = {
    "reports/questionnaire_blank.html": (*REPORT_CSS, "questionnaire.css"),
    "reports/questionnaire_answers.html": (*REPORT_CSS, "questionnaire.css"),
}


def stylesheets_for(template_name: str) -> tuple[str, ...]:
    """The stylesheets a report template is laid out with."""
    return STYLESHEETS.get(template_name, REPORT_CSS)


def html_to_pdf(html: str, stylesheets: tuple[str, ...] = REPORT_CSS) -> bytes:
    """A tagged A4 PDF of ready-made HTML and its stylesheets (page size and margins included).

    The same HTML and stylesheets always make the same PDF (the HTML loads nothing), so a
    finished PDF is kept under a hash of both: a repeated download of an unchanged report is
    not laid out again, and any change to what the report shows (an answer, an action, a peer's
    approval, the date it is produced) or to its styles makes a new PDF. Never stale by design.
    """
    store = caches["reports"]
    sheets = layout.stylesheets(stylesheets)
    key = pdf_cache_key(html, sheets)
    pdf = store.get(key)
    if pdf is None:
        with cyclic_gc_paused():
            pdf = layout.with_stack_room(lambda: _written(html, sheets))
        store.set(key, pdf)
    return pdf


def _written(html: str, sheets: list[layout.Stylesheet]) -> bytes:
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        pdf_variant=PDF_VARIANT, **layout_options(sheets)
    )


def layout_options(sheets: list[layout.Stylesheet]) -> dict:
    """What WeasyPrint is handed rather than builds again for each report: the parsed
    stylesheets and this thread's font configuration (HTML.render / HTML.write_pdf arguments)."""
    return {"stylesheets": [sheet.css for sheet in sheets], "font_config": layout.font_config()}


def pdf_cache_key(html: str, sheets: list[layout.Stylesheet]) -> str:
    """The cache key of the PDF of this HTML and stylesheets, for this WeasyPrint and variant."""
    digest = hashlib.sha256(html.encode())
    for sheet in sheets:
        digest.update(sheet.digest.encode())
    return f"pdf:{weasyprint.__version__}:{PDF_VARIANT}:{digest.hexdigest()}"


@contextmanager
def cyclic_gc_paused():
    """Python's cycle collector paused while WeasyPrint lays out a document.

    Layout creates a quarter of a million objects per report, so the collector ran many times
    over the same live boxes: a tenth of a report's time, measured. Reference counting still frees
    what is not in a cycle; the collector resumes (and catches up) afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_html(template_name: str, context: dict) -> str:
    """The report's HTML, with the time it was produced."""
    return render_to_string(template_name, {"generated_at": timezone.localtime(), **context})


def render_pdf(template_name: str, context: dict) -> bytes:
    """A tagged A4 PDF of a template in templates/reports/."""
    return html_to_pdf(render_html(template_name, context), stylesheets_for(template_name))


def assessment_report_context(assessment) -> dict:
    """What the assessment report template needs: the dashboard's figures and each statement."""
    dashboard = council_dashboard(assessment.council, shown=assessment)
    details = statement_details(assessment)
    lines = [line for _, theme_lines in dashboard.themes for line in theme_lines]
    behind = most_to_do(lines)
    changes = changes_since(previous_round(assessment, dashboard.trend.rounds), lines)
    overdue = dashboard.actions.overdue
    return {
        "dashboard": dashboard,
        "assessment": assessment,
        "council": assessment.council,
        "title": f"{assessment.council.name}: NPS progress report {assessment.round.name}",
        "strongest": sorted(
            (line for line in lines if line.current is not None), key=lambda line: -line.current
        )[:3],
        "most_to_do": behind,
        "changes": changes,
        "questions": questions_to_ask(behind, changes.down, target_dates(details), overdue),
        "themes": [
            (theme, [(line, details.get(line.key_area.pk, [])) for line in theme_lines])
            for theme, theme_lines in dashboard.themes
        ],
    }


def most_to_do(lines: list[KeyAreaLine], count: int = 3) -> list[KeyAreaLine]:
    """The key areas furthest below their target, the lower level first between equals (then in
    matrix order); a key area at or above its target never has the most to do."""
    behind = [
        line
        for line in lines
        if line.current is not None and line.target is not None and line.target > line.current
    ]
    return sorted(behind, key=lambda line: (line.current - line.target, line.current))[:count]


@dataclass(kw_only=True)
class Changes:
    """How the key areas moved since the council's previous approved assessment, in words."""

    previous_round: str | None
    moves: list[str]  # "Engaging councillors: up from Developing to Mature", ups first
    stayed: list[tuple[str, list[str]]]  # each level's name and the key areas that stayed at it
    down: list[KeyAreaLine]


def previous_round(assessment, approved_rounds: list[str]) -> str | None:
    """The round of the approved assessment before this one (`approved_rounds` oldest first, this
    one's last when it is approved)."""
    earlier = approved_rounds[:-1] if assessment.status == APPROVED else approved_rounds
    return earlier[-1] if earlier else None


def changes_since(previous: str | None, lines: list[KeyAreaLine]) -> Changes:
    """The key areas that moved up, then down, and those that stayed, by level."""
    ups = [line for line in lines if line.trend.direction == "up"]
    downs = [line for line in lines if line.trend.direction == "down"]
    stayed: dict[str, list[str]] = {}
    for line in sorted(lines, key=lambda line: line.current or 0):
        if line.trend.direction == "same":
            stayed.setdefault(line.current_name, []).append(line.key_area.name)
    return Changes(
        previous_round=previous,
        moves=[f"{line.key_area.name}: {lower_first(line.trend.words)}" for line in ups + downs],
        stayed=list(stayed.items()),
        down=downs,
    )


def lower_first(words: str) -> str:
    """A trend's words as they read after a colon: "up from Developing to Mature"."""
    return words[:1].lower() + words[1:]


def target_dates(details: dict[int, list["StatementDetail"]]) -> dict[int, datetime.date]:
    """By key area id, the latest date by which its statements are to reach their targets."""
    dates = {}
    for key_area, statements in details.items():
        known = [d.answer.target_date for d in statements if d.answer.target_date]
        if known:
            dates[key_area] = max(known)
    return dates


def questions_to_ask(
    behind: list[KeyAreaLine],
    down: list[KeyAreaLine],
    dates: dict[int, datetime.date],
    overdue: int,
) -> list[str]:
    """A few questions a councillor could put to the council's procurement lead, about the key
    areas with most to do, those that fell and overdue actions."""
    questions = []
    for line in behind:
        date = dates.get(line.key_area.pk)
        by = f" by {date_format(date, 'j F Y')}" if date else ""
        questions.append(
            f"What would it take to move {line.key_area.name} from {line.current_name} to "
            f"{line.target_name}{by}?"
        )
    for line in down[:2]:
        questions.append(
            f"{line.key_area.name} went {lower_first(line.trend.words)}: why, and what is being "
            "done about it?"
        )
    if overdue:
        actions = "action is" if overdue == 1 else "actions are"
        questions.append(
            f"{overdue} {actions} overdue: what is holding them up, and when will they be done?"
        )
    if not behind:
        questions.append(
            "Every rated key area is at or above its target: are the targets ambitious enough?"
        )
    return questions


def national_report_context(picture) -> dict:
    """What the national summary template needs."""
    filters = picture.filters
    words = ", ".join(
        filter(
            None,
            [
                Council.Region(filters.region).label if filters.region else "",
                Council.Kind(filters.kind).label if filters.kind else "",
            ],
        )
    )
    return {
        "picture": picture,
        "title": f"National picture {picture.round.name}",
        "previous_round": picture.compared,
        "filter_words": words,
        "levels": Level.choices,
    }


@dataclass(kw_only=True)
class StatementDetail:
    """One statement of the report: levels with their descriptors, evidence and actions."""

    answer: Answer
    current_text: str
    target_text: str
    evidence_files: list[str]  # the files' names as uploaded
    actions: list[Action]


def statement_details(assessment) -> dict[int, list[StatementDetail]]:
    """Each key area's statements with descriptor text at the current and target level.

    Four queries whatever the number of statements; the descriptors, actions and evidence are
    read for the whole assessment and handed out in Python, cheaper than Django's prefetching.
    """
    answers = (
        Answer.objects.filter(assessment=assessment, statement__is_retired=False)
        # A statement without text is headed by its key area's name (Statement.label).
        .select_related("statement__key_area")
        .order_by("statement__key_area_id", "statement__order", "statement__pk")
    )
    descriptors = {
        (statement, level): text
        for statement, level, text in Descriptor.objects.filter(
            statement__answers__assessment=assessment
        ).values_list("statement_id", "level", "text")
    }
    actions = defaultdict(list)
    for action in Action.objects.filter(answer__assessment=assessment).order_by("due_on", "pk"):
        actions[action.answer_id].append(action)
    evidence_files = defaultdict(list)
    for answer_id, name in (
        Evidence.objects.filter(answer__assessment=assessment)
        .order_by("uploaded_at", "pk")
        .values_list("answer_id", "original_name")
    ):
        evidence_files[answer_id].append(name)
    details: dict[int, list[StatementDetail]] = {}
    for answer in answers:
        details.setdefault(answer.statement.key_area_id, []).append(
            StatementDetail(
                answer=answer,
                current_text=descriptors.get((answer.statement_id, answer.current_level), ""),
                target_text=descriptors.get((answer.statement_id, answer.target_level), ""),
                evidence_files=evidence_files[answer.pk],
                actions=actions[answer.pk],
            )
        )
    return details
