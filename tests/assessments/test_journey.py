"""Browser journey: the Stockport officer completes and submits, the lead approves."""

import re

import pytest
from playwright.sync_api import expect

from npsportal.roles import Role
from tests.assessments.factories import RoundFactory, small_framework
from tests.browser import assert_accessible, click_and_wait, sign_in, visit
from tests.factories import PASSWORD, CouncilFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_completes_and_submits_and_the_lead_approves(page, live_server):
    framework = small_framework(key_areas=2, statements=1)
    RoundFactory(name="2026/27", framework=framework)
    stockport = CouncilFactory(name="Stockport", slug="stockport", gss_code="E08000007")
    member_of(stockport, Role.OFFICER, email="officer@stockport.test")
    member_of(stockport, Role.LEAD, email="lead@stockport.test")
    url = live_server.url

    sign_in(page, url, "officer@stockport.test", PASSWORD)
    expect(page).to_have_title(re.compile("^What to do next"))  # the start page
    assert_accessible(page)
    start = "Start your 2026/27 self-assessment"
    click_and_wait(page, start, expect_title=start)
    click_and_wait(page, page.get_by_role("button", name="Start", exact=True))
    expect(page).to_have_title(re.compile("^2026/27 self-assessment"))
    expect(page.get_by_text("You have completed 0 of 2 key areas.")).to_be_visible()

    key_area = page.get_by_role("link", name="Engaging group 1", exact=True)
    click_and_wait(page, key_area, expect_title="Engaging group 1")
    # No level chosen: the error links to the field it is about, on the same page.
    click_and_wait(page, "Save and continue", expect_title="Error: Engaging group 1")
    page.get_by_role(
        "link", name=re.compile("^Select the current level for Principle")
    ).first.click()
    expect(page.locator("input[name$='-current_level'][value='1']")).to_be_focused()
    for next_title in ["Engaging group 2", "Check your answers before submitting"]:
        page.locator("input[name$='-current_level'][value='3']").check()
        page.locator("input[name$='-confidence'][value='evidenced']").check()
        click_and_wait(page, "Save and continue", expect_title=next_title)

    expect(page.get_by_role("heading", name="Check your answers before submitting")).to_be_visible()
    submit = "Submit self-assessment"
    click_and_wait(page, submit, expect_title="Error: Check your answers")  # the declaration
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    page.get_by_label(re.compile("I confirm that these answers")).check()
    click_and_wait(page, submit, expect_title="2026/27 self-assessment")
    expect(page.get_by_text("You submitted the 2026/27 self-assessment")).to_be_visible()
    assessment_url = page.url

    page.context.clear_cookies()
    sign_in(page, url, "lead@stockport.test", PASSWORD)
    # The start page's banner leads the head of procurement to the decision.
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Waiting for your sign-off")
    assert_accessible(page)
    review = "Review and sign off"
    click_and_wait(page, review, expect_title="Sign off the 2026/27 self-assessment")
    click_and_wait(page, "Approve", expect_title="2026/27 self-assessment")
    expect(page.get_by_text("You approved the 2026/27 self-assessment")).to_be_visible()
    visit(page, f"{assessment_url}activity/")
    expect(page.get_by_text("Self-assessment approved").first).to_be_visible()
