"""Browser journeys: a member of the public responds; LGA staff download the responses."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from strategies.models import ConsultationResponse
from tests.browser import click_and_wait, sign_in, visit
from tests.factories import PASSWORD, CouncilFactory, lga_staff
from tests.strategies.factories import (
    CategoryStrategyFactory,
    ChoiceQuestionFactory,
    ConsultationFactory,
    QuestionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultation():
    strategy = CategoryStrategyFactory(
        title="Construction strategy", key_recommendations="Buy together\nInvolve contractors early"
    )
    consultation = ConsultationFactory(strategy=strategy, title="Construction consultation")
    QuestionFactory(consultation=consultation, order=1, text="What should the strategy change?")
    ChoiceQuestionFactory(consultation=consultation, order=2, text="Do you agree?")
    return consultation


def test_a_member_of_the_public_responds_and_sees_the_confirmation(page, live_server, consultation):
    CouncilFactory(name="Stockport")
    base = live_server.url
    visit(page, f"{base}/strategies/")
    visit(page, f"{base}/strategies/{consultation.strategy.slug}/")
    visit(page, f"{base}/consultations/")
    visit(page, f"{base}/consultations/{consultation.slug}/")
    click_and_wait(page, "Respond to this consultation", expect_title="About you")

    click_and_wait(page, "Continue", expect_title="Error: About you")  # nothing filled in
    page.get_by_label("Your full name").fill("Pat Jones")
    page.get_by_label("Email address").fill("pat@example.org")
    page.get_by_role("radio", name="A council").check()
    page.get_by_role("combobox", name="which council").select_option(label="Stockport")
    click_and_wait(page, "Continue", expect_title="What should the strategy change?")

    page.get_by_label("What should the strategy change?").fill("Share frameworks.")
    click_and_wait(page, "Continue", expect_title="Do you agree?")
    page.get_by_role("radio", name="Agree", exact=True).check()
    click_and_wait(page, "Continue", expect_title="May we publish your response?")
    page.get_by_role("radio", name="Yes, without any name").check()
    click_and_wait(page, "Continue", expect_title="Check your answers before sending")

    expect(page.get_by_text("Share frameworks.")).to_be_visible()
    click_and_wait(page, "Send response", expect_title="Response sent")
    expect(page.get_by_role("heading", name="Response sent")).to_be_visible()
    reference = ConsultationResponse.objects.get().reference
    assert re.fullmatch(r"NPS-\w{4}-\w{4}", reference)
    expect(page.get_by_text(reference)).to_be_visible()


def test_the_council_question_is_revealed_under_its_choice_and_back_after_sending_says_so(
    page, live_server, consultation
):
    CouncilFactory(name="Stockport")
    visit(page, f"{live_server.url}/consultations/{consultation.slug}/respond/about-you/")
    council = page.get_by_role("combobox", name="Which council?")
    expect(council).to_be_hidden()
    page.get_by_role("radio", name="A council").check()
    expect(council).to_be_visible()
    page.get_by_label("Your full name").fill("Pat Jones")
    page.get_by_label("Email address").fill("pat@example.org")
    council.select_option(label="Stockport")
    click_and_wait(page, "Continue", expect_title="What should the strategy change?")
    page.get_by_label("What should the strategy change?").fill("Share frameworks.")
    click_and_wait(page, "Continue", expect_title="Do you agree?")
    page.get_by_role("radio", name="Agree", exact=True).check()
    click_and_wait(page, "Continue", expect_title="May we publish your response?")
    page.get_by_role("radio", name="Yes, without any name").check()
    click_and_wait(page, "Continue", expect_title="Check your answers before sending")
    click_and_wait(page, "Send response", expect_title="Response sent")

    page.go_back(wait_until="load")
    expect(page).to_have_title(re.compile("^You have already sent this response"))
    reference = ConsultationResponse.objects.get().reference
    expect(page.get_by_text(reference)).to_be_visible()
    expect(page.get_by_role("button", name="Send response")).to_have_count(0)


def test_a_closed_consultation_refuses_with_an_accessible_page(page, live_server):
    closed = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=90), closes_at=timezone.now() - timedelta(days=1)
    )
    visit(page, f"{live_server.url}/consultations/{closed.slug}/respond/about-you/")
    expect(page.get_by_role("heading", name="This consultation has closed")).to_be_visible()


def test_lga_staff_read_the_responses_and_download_a_spreadsheet(page, live_server, consultation):
    from tests.strategies.factories import ConsultationResponseFactory

    ConsultationResponseFactory(
        consultation=consultation,
        reference="NPS-TEST-0001",
        respondent_type="council",
        council=CouncilFactory(name="Stockport"),
    )
    staff = lga_staff(email="staff@lga.test")
    sign_in(page, live_server.url, staff.email, PASSWORD)
    visit(page, f"{live_server.url}/consultations/{consultation.slug}/")
    click_and_wait(page, "Read the responses", expect_title="Responses")
    maturity = "Council responses beside each council's maturity"
    click_and_wait(page, maturity, expect_title="Council responses and maturity")
    expect(page.get_by_role("row", name="Stockport")).to_be_visible()
    click_and_wait(page, "All responses", expect_title="Responses")
    click_and_wait(page, "NPS-TEST-0001", expect_title="Response NPS-TEST-0001")
    click_and_wait(page, "Mark as read", expect_title="Response NPS-TEST-0001")
    click_and_wait(page, "All responses", expect_title="Responses")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as a spreadsheet (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # The outcome of an open consultation cannot be published yet: no form, but when it can.
    visit(page, f"{live_server.url}/consultations/{consultation.slug}/outcome/")
    expect(
        page.get_by_text("You can publish the outcome once the consultation closes")
    ).to_be_visible()
    expect(page.get_by_label("What you said, what we did")).to_have_count(0)


def test_a_signed_in_respondent_saves_and_comes_back(page, live_server, consultation):
    from npsportal.roles import Role
    from tests.factories import member_of

    officer = member_of(CouncilFactory(name="Stockport"), Role.OFFICER, email="o@stockport.test")
    sign_in(page, live_server.url, officer.email, PASSWORD)
    visit(page, f"{live_server.url}/consultations/{consultation.slug}/respond/about-you/")
    page.get_by_label("Your full name").fill("Sam Officer")
    page.get_by_label("Email address").fill("o@stockport.test")
    page.get_by_role("radio", name="An individual").check()
    click_and_wait(page, "Save and come back later")
    expect(page.get_by_text("Your answers are saved")).to_be_visible()
    visit(page, f"{live_server.url}/consultations/{consultation.slug}/respond/about-you/")
    expect(page.get_by_label("Your full name")).to_have_value("Sam Officer")
