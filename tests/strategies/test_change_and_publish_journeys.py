"""Browser journeys: a respondent changes a response before the close and cannot after; staff
enter a letter and publish a redacted response that the public then reads."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from strategies.change_links import change_token
from strategies.models import ConsultationResponse, ResponseAnswer
from tests.browser import click_and_wait, sign_in, visit
from tests.factories import PASSWORD, lga_staff
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(title="Construction consultation")
    QuestionFactory(consultation=consultation, order=1, text="What should the strategy change?")
    return consultation


def response_to(consultation, text, **fields):
    response = ConsultationResponseFactory(consultation=consultation, **fields)
    ResponseAnswer.objects.create(
        response=response, question=consultation.questions.get(), text=text
    )
    return response


def test_a_respondent_changes_a_response_before_the_close_and_cannot_after(
    page, live_server, consultation
):
    response = response_to(consultation, "Share frameworks.")
    link = f"{live_server.url}/consultations/{consultation.slug}/respond/change-with-link/"
    link += f"{change_token(response)}/"
    visit(page, link)
    field = page.get_by_label("What should the strategy change?")
    expect(field).to_have_value("Share frameworks.")
    field.fill("Share frameworks and systems.")
    click_and_wait(page, "Save your changes", expect_title="Construction consultation")
    expect(page.get_by_text(f"Your response {response.reference} is changed")).to_be_visible()
    assert response.answers.get().text == "Share frameworks and systems."

    consultation.closes_at = timezone.now() - timedelta(seconds=1)
    consultation.save()
    visit(page, link)
    expect(page).to_have_title(re.compile(r"^You can no longer change your response"))
    expect(page.get_by_text("This consultation closed on")).to_be_visible()


def test_staff_enter_a_letter_and_publish_a_redacted_response(page, live_server):
    staff = lga_staff(email="staff@lga.test")
    past = timezone.now() - timedelta(days=3)
    closed = ConsultationFactory(
        title="Energy consultation", opens_at=past - timedelta(days=30), closes_at=past
    )
    QuestionFactory(consultation=closed, order=1, text="What should the strategy change?")
    response = response_to(
        closed, "Ask Jo Bloggs.", publication="anonymous", respondent_type="individual"
    )
    base = live_server.url
    sign_in(page, base, staff.email, PASSWORD)

    visit(page, f"{base}/consultations/{closed.slug}/responses/")
    click_and_wait(page, "Enter a response received by post or email",
                   expect_title="Enter a response received by post or email")  # fmt: skip
    page.get_by_role("radio", name="By post").check()
    received = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Day").fill(str(received.day))
    page.get_by_label("Month").fill(str(received.month))
    page.get_by_label("Year").fill(str(received.year))
    page.get_by_label("Respondent's full name").fill("Alex Writer")
    page.get_by_role("radio", name="An individual").check()
    page.get_by_label("What should the strategy change?").fill("Buy locally.")
    page.get_by_role("radio", name="No, do not publish my response").check()
    click_and_wait(page, "Record the response", expect_title="Error: Enter a response")
    expect(page.get_by_role("link", name="Tick the box to record it anyway")).to_be_visible()
    page.get_by_label("Yes, record this response although it arrived after the close").check()
    click_and_wait(page, "Record the response", expect_title="Response NPS-")
    expect(page.get_by_text("by post")).to_be_visible()
    assert ConsultationResponse.objects.filter(channel="post").count() == 1

    visit(page, f"{base}/consultations/{closed.slug}/responses/{response.reference}/")
    click_and_wait(page, "Prepare for publication", expect_title="Prepare response")
    page.get_by_label("What should the strategy change?").fill("Ask [redacted].")
    page.get_by_label("What did you take out, and why?").fill("Removed a named person")
    click_and_wait(page, "Publish the response", expect_title=f"Response {response.reference}")

    visit(page, f"{base}/consultations/{closed.slug}/")
    expect(page.get_by_role("heading", name="Published responses")).to_be_visible()
    expect(page.get_by_text("Ask [redacted].")).to_be_visible()
    expect(page.get_by_text("Jo Bloggs")).to_have_count(0)
