"""Browser journey: LGA staff tag answers, group a campaign, download the summary report and
publish the outcome started from it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from strategies.models import AnalysisTheme
from tests.browser import click_and_wait, sign_in, visit
from tests.factories import PASSWORD, lga_staff
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CAMPAIGN = "Keep buying local: local firms, local jobs and local apprentices matter most."


@pytest.fixture
def consultation():
    past = timezone.now() - timedelta(days=2)
    consultation = ConsultationFactory(
        title="Construction consultation", opens_at=past - timedelta(days=30), closes_at=past
    )
    question = QuestionFactory(consultation=consultation, text="What should change?")
    texts = [CAMPAIGN, CAMPAIGN, CAMPAIGN + " Please.", "Publish pipelines earlier."]
    for n, text in enumerate(texts):
        response = ConsultationResponseFactory(
            consultation=consultation, submitted_at=past - timedelta(hours=len(texts) - n)
        )
        ResponseAnswerFactory(response=response, question=question, text=text)
    AnalysisTheme.objects.create(consultation=consultation, name="Local suppliers")
    return consultation


def test_staff_tag_group_download_the_summary_and_publish_the_outcome_from_it(
    page, live_server, consultation
):
    staff = lga_staff(email="analyst@lga.test")
    base, slug = live_server.url, consultation.slug
    sign_in(page, base, staff.email, PASSWORD)

    visit(page, f"{base}/consultations/{slug}/analysis/")
    click_and_wait(
        page, page.get_by_role("link", name="Analyse the answers to What should change?")
    )
    first = page.locator("section.govuk-summary-card").first
    first.get_by_label("Local suppliers").check()
    click_and_wait(page, first.get_by_role("button", name="Save and mark as analysed"))
    expect(page.get_by_text("saved.")).to_be_visible()

    visit(page, f"{base}/consultations/{slug}/analysis/grouping/")
    click_and_wait(page, "Group the answers", expect_title="Campaigns and duplicates")
    groups = page.get_by_role("table", name="Groups of identical and near-identical answers")
    expect(groups).to_contain_text("3")

    visit(page, f"{base}/consultations/{slug}/responses/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the summary report").click()
    assert download.value.suggested_filename.startswith(f"{slug}-summary-")
    assert download.value.suggested_filename.endswith(".pdf")

    visit(page, f"{base}/consultations/{slug}/outcome/")
    click_and_wait(page, "Start from the summary", expect_title="Publish the outcome")
    box = page.get_by_label("What you said, what we did")
    expect(box).to_have_value(re.compile("We received 4 responses"))
    expect(box).to_have_value(re.compile(r"Local suppliers: 1 response$", re.M))
    box.fill(
        box.input_value().replace(
            "(Say what you changed in the strategy and why.)", "We kept local lots."
        )
    )
    click_and_wait(page, "Publish the outcome", expect_title="Construction consultation")
    expect(page.get_by_role("heading", name="What you said, what we did")).to_be_visible()
    expect(page.get_by_text("We kept local lots.")).to_be_visible()
