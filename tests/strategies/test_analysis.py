"""LGA staff analyse free-text answers: the codebook, tags, the share analysed, counts per theme
by respondent type and by council maturity, and quotes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategies.models import AnalysisTheme, Quote, ThemeTag
from tests.assessments.factories_dashboard import rated, rounds
from tests.factories import CouncilFactory
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


@pytest.fixture
def consultation():
    return ConsultationFactory(title="Construction consultation")


@pytest.fixture
def question(consultation):
    return QuestionFactory(consultation=consultation, text="What should change?")


def answer_to(question, text="Share frameworks.", **response):
    response = ConsultationResponseFactory(consultation=question.consultation, **response)
    return ResponseAnswerFactory(response=response, question=question, text=text)


def theme(consultation, name, order=0):
    return AnalysisTheme.objects.create(consultation=consultation, name=name, order=order)


def url(name, consultation, *args):
    return reverse(f"strategies:{name}", args=[consultation.slug, *args])


# The codebook


def test_a_theme_added_to_the_codebook_is_listed_in_order(staff, consultation):
    theme(consultation, "Cost")
    response = staff.post(
        url("analysis_codebook", consultation), {"name": "  Skills   shortage ", "description": ""}
    )
    assert response.status_code == 302
    page = staff.get(url("analysis_codebook", consultation)).content.decode()
    assert page.index("1. Cost") < page.index("2. Skills shortage")


def test_a_theme_name_already_in_the_codebook_in_any_case_is_refused_at_the_field(
    staff, consultation
):
    theme(consultation, "Cost")
    response = staff.post(url("analysis_codebook", consultation), {"name": "COST"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "govuk-error-summary" in page
    assert 'id="name-error"' in page or "govuk-error-message" in page
    assert "The codebook already has a theme called COST" in page
    assert AnalysisTheme.objects.filter(consultation=consultation).count() == 1


def test_an_empty_theme_name_is_refused_with_a_message(staff, consultation):
    response = staff.post(url("analysis_codebook", consultation), {"name": "   "})
    assert "Enter a name for the theme" in response.content.decode()


def test_the_same_theme_name_in_another_consultation_is_allowed(staff, consultation):
    theme(ConsultationFactory(), "Cost")
    staff.post(url("analysis_codebook", consultation), {"name": "Cost"})
    assert consultation.analysis_themes.filter(name="Cost").exists()


def test_renaming_a_theme_keeps_its_tags(staff, question):
    cost = theme(question.consultation, "Cost")
    ThemeTag.objects.create(answer=answer_to(question), theme=cost)
    staff.post(url("analysis_theme", question.consultation, cost.pk), {"name": "Price"})
    cost.refresh_from_db()
    assert cost.name == "Price"
    assert cost.tags.count() == 1


def test_moving_a_theme_up_puts_it_before_the_one_above(staff, consultation):
    theme(consultation, "Cost", 0)
    skills = theme(consultation, "Skills", 1)
    staff.post(url("analysis_theme_move", consultation, skills.pk), {"direction": "up"})
    assert list(consultation.analysis_themes.values_list("name", flat=True)) == ["Skills", "Cost"]


def test_an_unused_theme_is_removed_and_a_used_one_is_kept_with_a_message(staff, question):
    unused, used = theme(question.consultation, "Unused"), theme(question.consultation, "Used")
    ThemeTag.objects.create(answer=answer_to(question), theme=used)
    staff.post(url("analysis_theme_remove", question.consultation, unused.pk))
    response = staff.post(url("analysis_theme_remove", question.consultation, used.pk), follow=True)
    assert "tags answers, so it cannot be removed" in response.content.decode()
    assert list(question.consultation.analysis_themes.values_list("name", flat=True)) == ["Used"]


def test_another_consultations_theme_is_not_found(staff, consultation):
    elsewhere = theme(ConsultationFactory(), "Cost")
    assert staff.get(url("analysis_theme", consultation, elsewhere.pk)).status_code == 404
    response = staff.post(url("analysis_theme_remove", consultation, elsewhere.pk))
    assert response.status_code == 404
    assert AnalysisTheme.objects.filter(pk=elsewhere.pk).exists()


# Tagging


def tag(staff, question, answer, *, themes=(), shown=(), action="save", **extra):
    data = {"answer": answer.pk, "themes": [t.pk for t in themes], "action": action}
    data |= {"shown": [t.pk for t in shown]} | extra
    return staff.post(url("analysis_question", question.consultation, question.pk), data)


def test_ticking_themes_tags_the_answer_and_unticking_one_removes_only_it(staff, question):
    cost, skills = theme(question.consultation, "Cost"), theme(question.consultation, "Skills")
    answer = answer_to(question)
    response = tag(staff, question, answer, themes=[cost, skills])
    assert response["Location"].endswith(f"#answer-{answer.pk}")
    tag(staff, question, answer, themes=[skills], shown=[cost, skills])
    assert list(answer.themes.values_list("name", flat=True)) == ["Skills"]
    page = staff.get(url("analysis_question", question.consultation, question.pk)).content.decode()
    assert f'id="answer-{answer.pk}-theme-{skills.pk}" name="themes" type="checkbox" ' in page
    assert f'value="{skills.pk}" checked' in page


def test_a_colleagues_tag_added_after_the_page_was_drawn_is_kept(staff, question, world):
    cost, skills = theme(question.consultation, "Cost"), theme(question.consultation, "Skills")
    answer = answer_to(question)
    # A colleague tags Cost; this analyst's page, drawn before, showed nothing ticked.
    ThemeTag.objects.create(answer=answer, theme=cost)
    tag(staff, question, answer, themes=[skills], shown=[])
    assert set(answer.themes.values_list("name", flat=True)) == {"Cost", "Skills"}


def test_a_theme_of_another_consultation_cannot_be_tagged(staff, question):
    elsewhere = theme(ConsultationFactory(), "Cost")
    answer = answer_to(question)
    response = tag(staff, question, answer, themes=[elsewhere])
    assert response.status_code == 302
    assert not ThemeTag.objects.exists()


def test_an_answer_to_another_question_is_not_found(staff, question):
    other = answer_to(QuestionFactory(consultation=question.consultation))
    assert tag(staff, question, other).status_code == 404


def test_marking_analysed_shows_in_the_share_per_question_and_overall(staff, question):
    second = QuestionFactory(consultation=question.consultation, text="What else?")
    answers = [answer_to(question) for _ in range(4)]
    answer_to(second)
    answer_to(question, text="")  # skipped: not counted
    tag(staff, question, answers[0], action="analysed")
    page = staff.get(url("analysis", question.consultation)).content.decode()
    assert "1 of 4 answers analysed (25%)" in page
    assert "0 of 1 answer analysed (0%)" in page
    assert "1 of 5 answers analysed (20%)" in page
    answers[0].refresh_from_db()
    assert answers[0].analysed_by is not None
    tag(staff, question, answers[0], action="not_analysed")
    assert (
        "0 of 5 answers analysed (0%)"
        in staff.get(url("analysis", question.consultation)).content.decode()
    )


def test_the_share_analysed_takes_the_same_queries_for_many_answers(staff, question):
    answer_to(question)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(url("analysis", question.consultation)).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(10):
        answer_to(question)
    assert queries() == few


def test_the_analysis_page_takes_the_same_queries_for_a_full_page_of_answers(staff, question):
    cost = theme(question.consultation, "Cost")
    ThemeTag.objects.create(answer=answer_to(question), theme=cost)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page = staff.get(url("analysis_question", question.consultation, question.pk))
        assert page.status_code == 200
        return len(captured)

    few = queries()
    for _ in range(30):
        ThemeTag.objects.create(answer=answer_to(question), theme=cost)
    assert queries() == few


def test_answers_are_shown_25_a_page_and_filtered_by_status_and_theme(staff, question):
    cost = theme(question.consultation, "Cost")
    answers = [answer_to(question, text=f"Answer number {n}.") for n in range(27)]
    ThemeTag.objects.create(answer=answers[3], theme=cost)
    tag(staff, question, answers[5], action="analysed")
    base = url("analysis_question", question.consultation, question.pk)
    first = staff.get(base).content.decode()
    assert "27 answers" in first
    assert first.count('class="govuk-summary-card"') == 25
    assert "Answer number 26." in staff.get(f"{base}?page=2").content.decode()
    analysed = staff.get(f"{base}?status=analysed").content.decode()
    assert "Answer number 5." in analysed
    assert "Answer number 4." not in analysed
    not_analysed = staff.get(f"{base}?status=not_analysed").content.decode()
    assert "26 answers" in not_analysed
    themed = staff.get(f"{base}?theme={cost.pk}").content.decode()
    assert "Answer number 3." in themed
    assert "1 answer match these filters" in themed


def test_a_quote_picked_under_a_theme_is_listed_under_it(staff, question):
    cost = theme(question.consultation, "Cost")
    answer = answer_to(question, text="Frameworks cost us too much to join.")
    tag(staff, question, answer, action="quote", quote_theme=str(cost.pk))
    assert Quote.objects.get().theme == cost
    page = staff.get(url("analysis_counts", question.consultation)).content.decode()
    assert page.index("Quotes picked") < page.index("Cost</h3>") < page.index("cost us too much")
    tag(staff, question, answer, action="unquote")
    assert not Quote.objects.exists()


# Counts


def test_counts_per_theme_by_respondent_type_count_each_response_once(staff, question):
    consultation = question.consultation
    cost, skills = theme(consultation, "Cost", 0), theme(consultation, "Skills", 1)
    second = QuestionFactory(consultation=consultation)
    supplier = answer_to(question, respondent_type="supplier")
    ThemeTag.objects.create(answer=supplier, theme=cost)
    # The same response's answer to another question, also Cost: still one response.
    again = ResponseAnswerFactory(response=supplier.response, question=second, text="Dear.")
    ThemeTag.objects.create(answer=again, theme=cost)
    for _ in range(2):
        ThemeTag.objects.create(answer=answer_to(question), theme=cost)
    page = staff.get(url("analysis_counts", consultation)).content.decode()
    rows = page.split("by respondent type</caption>")[1].split("</table>")[0]
    cost_row = rows.split("Cost</th>")[1].split("</tr>")[0]
    assert _numbers(cost_row) == [2, 0, 1, 0]  # individuals, councils, suppliers, others
    assert _numbers(rows.split("Skills</th>")[1].split("</tr>")[0]) == [0, 0, 0, 0]
    assert skills.tags.count() == 0


def _numbers(row_html: str) -> list[int]:
    import re

    return [int(n) for n in re.findall(r"numeric\">(\d+)<", row_html)]


def test_counts_per_theme_by_council_maturity_use_the_latest_approved_level(staff, question, world):
    consultation = question.consultation
    cost = theme(consultation, "Cost")
    earlier, latest = rounds(count=2)
    rated(world.own, earlier, level=1)
    rated(world.own, latest, level=3)  # Mature now
    rated(world.other, latest, level=4, status="submitted")  # not approved: no band
    for council in [world.own, world.other, CouncilFactory()]:
        answer = answer_to(question, respondent_type="council", council=council)
        ThemeTag.objects.create(answer=answer, theme=cost)
    ThemeTag.objects.create(answer=answer_to(question, respondent_type="supplier"), theme=cost)
    page = staff.get(url("analysis_counts", consultation)).content.decode()
    table = page.split("council’s maturity</caption>")[1].split("</table>")[0]
    for band in ["Minimum", "Mature", "Innovator", "No approved self-assessment"]:
        assert f">{band}</th>" in table
    assert ">Respondents not councils</th>" in table
    # Minimum, Developing, Mature, Leader, Innovator, none approved, not councils.
    assert _numbers(table.split("Cost</th>")[1]) == [0, 0, 1, 0, 0, 2, 1]


def test_counts_take_the_same_queries_however_many_themes(staff, question):
    consultation = question.consultation

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(url("analysis_counts", consultation)).status_code == 200
        return len(captured)

    first = theme(consultation, "Theme 0")
    ThemeTag.objects.create(answer=answer_to(question), theme=first)
    few = queries()
    for n in range(1, 6):
        ThemeTag.objects.create(answer=answer_to(question), theme=theme(consultation, f"T{n}"))
    assert queries() == few


def test_the_consultation_page_links_staff_to_the_analysis(staff, consultation, client_as, world):
    link = url("analysis", consultation)
    assert link in staff.get(url("consultation_detail", consultation)).content.decode()
    officer = client_as(world.users["officer"])
    assert link not in officer.get(url("consultation_detail", consultation)).content.decode()
