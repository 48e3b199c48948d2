"""Browser journey: LGA staff build a codebook, tag an answer, mark it analysed, group a
campaign and name it."""

import pytest
from playwright.sync_api import expect

from tests.browser import click_and_wait, sign_in, visit
from tests.factories import PASSWORD, lga_staff
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TEMPLATE = "Keep construction buying local: local firms, local jobs, local apprentices."


def test_staff_tag_an_answer_and_group_a_campaign(page, live_server):
    consultation = ConsultationFactory(title="Construction consultation")
    question = QuestionFactory(consultation=consultation, text="What should change?")
    texts = [TEMPLATE, TEMPLATE, TEMPLATE.replace("local jobs", "local work")]
    for text in [*texts, "Budgets are set too late."]:
        response = ConsultationResponseFactory(consultation=consultation)
        ResponseAnswerFactory(response=response, question=question, text=text)
    staff = lga_staff(email="analyst@lga.test")
    base = live_server.url
    sign_in(page, base, staff.email, PASSWORD)

    visit(page, f"{base}/consultations/{consultation.slug}/")
    click_and_wait(page, "Analyse the responses", expect_title="Analysis")
    click_and_wait(page, "Build the codebook", expect_title="Codebook")
    click_and_wait(page, "Add theme", expect_title="Error: Codebook")
    expect(page.get_by_role("link", name="Enter a name for the theme")).to_be_visible()
    page.get_by_label("Theme name").fill("Budgets")
    click_and_wait(page, "Add theme", expect_title="Codebook")
    expect(page.get_by_role("heading", name="1. Budgets")).to_be_visible()

    visit(page, f"{base}/consultations/{consultation.slug}/analysis/")
    expect(page.get_by_text("0 of 4 answers analysed (0%)").first).to_be_visible()
    analyse = page.get_by_role("link", name="Analyse the answers to What should change?")
    click_and_wait(page, analyse, expect_title="Analyse answers")
    card = page.locator("section").filter(has_text="Budgets are set too late.")
    card.get_by_role("checkbox", name="Budgets").check()
    click_and_wait(page, card.get_by_role("button", name="Save and mark as analysed"))
    card = page.locator("section").filter(has_text="Budgets are set too late.")
    expect(card.get_by_role("checkbox", name="Budgets")).to_be_checked()
    expect(card.get_by_text("Analysed", exact=True)).to_be_visible()

    visit(page, f"{base}/consultations/{consultation.slug}/analysis/")
    expect(page.get_by_text("1 of 4 answers analysed (25%)").first).to_be_visible()
    click_and_wait(page, "Group identical and near-identical answers", expect_title="Campaigns")
    click_and_wait(page, "Group the answers", expect_title="Campaigns")
    expect(page.locator("#report-build-words")).to_have_text("4 of 4 answers compared")
    click_and_wait(page, "Group of 3", expect_title="Group of 3")
    page.get_by_label("Name of the group").fill("Keep it local")
    page.get_by_label("This is an organised campaign").check()
    click_and_wait(page, "Save", expect_title="Campaigns")
    row = page.get_by_role("row").filter(has_text="Keep it local")
    expect(row).to_contain_text("Campaign")
    expect(row.get_by_role("cell")).to_have_text(["What should change?", "3", "2", "3"])
