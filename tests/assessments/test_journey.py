"""Browser journey: the Stockport officer completes and submits, the lead approves."""

import re

import pytest
from playwright.sync_api import expect

from npsportal.roles import Role
from tests.assessments.factories import RoundFactory, small_framework
from tests.browser import assert_accessible, sign_in, visit
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
    visit(page, f"{url}/assessments/")
    page.get_by_role("button", name="Start your 2026/27 self-assessment").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start").click()
    expect(page.get_by_text("You have completed 0 of 2 sections.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Engaging group 1").click()
    page.get_by_role("button", name="Save and continue").click()  # no level chosen
    expect(page.get_by_role("link", name="Select the current level for SL1.1")).to_be_visible()
    page.get_by_role("link", name="Select the current level for SL1.1").click()
    expect(page.locator("input[name$='-current_level'][value='1']")).to_be_focused()
    for _ in range(2):
        assert_accessible(page)
        page.locator("input[name$='-current_level'][value='3']").check()
        page.locator("input[name$='-confidence'][value='evidenced']").check()
        page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", name="Check your answers before submitting")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Submit self-assessment").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # the declaration is needed
    assert_accessible(page)
    page.get_by_label(re.compile("I confirm that these answers")).check()
    page.get_by_role("button", name="Submit self-assessment").click()
    expect(page.get_by_text("You submitted the 2026/27 self-assessment")).to_be_visible()
    assert_accessible(page)
    assessment_url = page.url

    page.context.clear_cookies()
    sign_in(page, url, "lead@stockport.test", PASSWORD)
    visit(page, assessment_url)
    page.get_by_role("link", name="Sign off").click()
    assert_accessible(page)
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Confirm decision").click()
    expect(page.get_by_text("You approved the 2026/27 self-assessment")).to_be_visible()
    assert_accessible(page)
    visit(page, f"{assessment_url}activity/")
    expect(page.get_by_text("Self-assessment changed").first).to_be_visible()
