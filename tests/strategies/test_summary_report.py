"""The consultation's summary report in one step: a tagged PDF and a spreadsheet with the counts,
choice charts, themes with counts and quotes, and campaigns counted three ways."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from strategies.analysis import services as analysis
from strategies.models import AnalysisTheme, ThemeTag
from strategies.summary.chart import bar_chart, bar_lengths
from tests.assessments.test_reports import pdf_info, pdf_text
from tests.strategies.factories import (
    ChoiceQuestionFactory,
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
CAMPAIGN = "Keep buying local: local firms, local jobs, local apprentices and social value."


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


def closed_consultation():
    return ConsultationFactory(
        title="ICT buying consultation",
        opens_at=datetime(2026, 4, 1, 9, tzinfo=LONDON),
        closes_at=datetime(2026, 5, 12, 23, 59, tzinfo=LONDON),
    )


def respond(consultation, choice, text, *, answers, **fields):
    """A response answering the choice question and the free-text question."""
    response = ConsultationResponseFactory(consultation=consultation, **fields)
    choice_q, text_q = answers
    ResponseAnswerFactory(response=response, question=choice_q, text=choice)
    return ResponseAnswerFactory(response=response, question=text_q, text=text)


@pytest.fixture
def analysed(world):
    """A closed consultation: 5 responses (3 a campaign), two themes, a quote, grouped."""
    consultation = closed_consultation()
    choice_q = ChoiceQuestionFactory(consultation=consultation, order=1, text="Do you agree?")
    text_q = QuestionFactory(consultation=consultation, order=2, text="What should change?")
    qs = (choice_q, text_q)
    staff_user = world.users["lga_staff"]
    texts = [
        respond(consultation, "Agree", CAMPAIGN, answers=qs),
        respond(consultation, "Agree", CAMPAIGN, answers=qs, channel="post"),
        respond(consultation, "Disagree", CAMPAIGN + " Please.", answers=qs, channel="email"),
        respond(
            consultation, "Agree", "Frameworks are too slow to join.", answers=qs,
            respondent_type="supplier",
        ),
        respond(
            consultation, "Disagree", "=HYPERLINK(\"x\") Share data between councils.",
            answers=qs, respondent_type="council", council=world.own,
        ),
    ]  # fmt: skip
    local = AnalysisTheme.objects.create(consultation=consultation, name="Local suppliers")
    speed = AnalysisTheme.objects.create(consultation=consultation, name="Speed", order=1)
    for answer in texts[:3]:
        analysis.change_tags(answer=answer, add={local.pk}, remove=set(), user=staff_user)
        analysis.mark_analysed(answer=answer, analysed=True, user=staff_user)
    analysis.change_tags(answer=texts[3], add={speed.pk, local.pk}, remove=set(), user=staff_user)
    analysis.pick_quote(answer=texts[3], theme=speed, user=staff_user)
    analysis.start_grouping(consultation=consultation, user=staff_user)
    return consultation


def test_summary_pdf_is_tagged_and_shows_counts_themes_quotes_and_groups(staff, analysed, tmp_path):
    response = staff.get(reverse("strategies:summary_pdf", args=[analysed.slug]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="{analysed.slug}-summary-'
    )
    assert "Tagged:          yes" in pdf_info(response.content, tmp_path)
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert "Summary of responses: ICT buying consultation" in text
    assert "1 April 2026 to 12 May 2026" in text
    # Respondent types by channel: 3 individuals, one each online, by post, by email.
    assert "An individual 1 1 1 3" in text
    assert "All 3 1 1 5" in text
    assert "3 of 5 answers analysed (60%)" in text
    assert "Question 1: Do you agree?" in text
    assert "Agree 3" in text
    assert "Disagree 2" in text
    assert "Local suppliers 4" in text
    assert "Speed 1" in text
    assert "“Frameworks are too slow to join.”" in text
    assert "A supplier, on Speed" in text
    # The campaign: 3 submissions, 2 distinct texts, 3 distinct respondents.
    assert "3 2 3" in text
    assert "0.7" in text
    assert "Trigram similarity" in text


def test_summary_chart_is_an_svg_with_its_figures_in_words(staff, analysed):
    page = staff.get(reverse("strategies:summary", args=[analysed.slug])).content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "Agree: 3 responses; Disagree: 2 responses." in page


def test_bar_lengths_put_the_largest_count_at_full_width():
    assert bar_lengths([3, 2, 0], 300) == [300, 200, 0]
    assert bar_lengths([0, 0], 300) == [0, 0]


def test_bar_chart_escapes_its_labels():
    chart = bar_chart("Q <1>", [("<script>", 1)], slug="q1")

    assert "<script>" not in chart.svg
    assert "&lt;script&gt;" in chart.svg


def test_summary_spreadsheet_has_a_sheet_per_part_numbers_as_numbers_and_words(staff, analysed):
    response = staff.get(reverse("strategies:summary_xlsx", args=[analysed.slug]))

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "About", "Responses", "Share analysed", "Choice questions", "Themes", "Quotes",
        "Campaigns and duplicates",
    ]  # fmt: skip
    responses = list(workbook["Responses"].values)
    assert responses[0] == ("Responding as", "Online", "By post", "By email", "All")
    assert responses[1] == ("An individual", 1, 1, 1, 3)
    assert responses[-1] == ("All", 3, 1, 1, 5)
    assert ("1. Do you agree?", "Agree", 3) in list(workbook["Choice questions"].values)
    assert ("2. What should change?", "Local suppliers", 4) in list(workbook["Themes"].values)
    groups = list(workbook["Campaigns and duplicates"].values)
    assert any(row[3:6] == (3, 2, 3) for row in groups)


def test_summary_spreadsheet_text_cannot_run_as_a_formula(staff, analysed, world):
    answer = ThemeTag.objects.filter(answer__text__startswith="=").first()
    assert answer is None  # the formula-like answer is untagged: quote it to reach the sheet
    formula = analysed.responses.get(respondent_type="council").answers.get(text__startswith="=")
    analysis.pick_quote(answer=formula, theme=None, user=world.users["lga_staff"])

    response = staff.get(reverse("strategies:summary_xlsx", args=[analysed.slug]))

    quotes = [row[2] for row in load_workbook(io.BytesIO(response.content))["Quotes"].values]
    assert '\'=HYPERLINK("x") Share data between councils.' in quotes


def grow(consultation, extra, world):
    """More responses, tagged, picked and grouped, as the report reads them."""
    choice_q, text_q = consultation.questions.all()
    theme = consultation.analysis_themes.first()
    user = world.users["lga_staff"]
    for n in range(extra):
        answer = respond(
            consultation, "Agree", f"Another view, number {n}.", answers=(choice_q, text_q)
        )
        analysis.change_tags(answer=answer, add={theme.pk}, remove=set(), user=user)
        analysis.pick_quote(answer=answer, theme=theme, user=user)
    analysis.start_grouping(consultation=consultation, user=user)


def test_summary_report_queries_do_not_grow_with_responses(staff, analysed, world):
    url = reverse("strategies:summary_xlsx", args=[analysed.slug])
    staff.get(url)  # the session and permissions, read once
    with CaptureQueriesContext(connection) as few:
        staff.get(url)
    grow(analysed, 20, world)
    with CaptureQueriesContext(connection) as many:
        staff.get(url)

    assert len(many) == len(few)


def test_summary_report_is_for_lga_staff_only(world, client_as, analysed):
    officer = client_as(world.users["officer"])

    for name in ("summary", "summary_pdf", "summary_xlsx"):
        assert officer.get(reverse(f"strategies:{name}", args=[analysed.slug])).status_code == 403


def test_staff_download_the_summary_report_from_the_responses_page(staff, analysed):
    page = staff.get(reverse("strategies:response_list", args=[analysed.slug])).content.decode()

    assert reverse("strategies:summary_pdf", args=[analysed.slug]) in page
    assert "Download the summary report" in page


def test_summary_of_a_consultation_not_grouped_says_so(staff):
    consultation = closed_consultation()
    QuestionFactory(consultation=consultation)

    page = staff.get(reverse("strategies:summary", args=[consultation.slug]))

    assert "The answers have not been grouped yet" in page.content.decode()
    assert staff.get(reverse("strategies:summary_pdf", args=[consultation.slug])).status_code == 200
