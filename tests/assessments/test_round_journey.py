"""Browser journey: LGA staff run a round from opening to close, all from the portal."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from assessments.models import Round
from npsportal.roles import Role
from tests.assessments.factories import AssessmentFactory, small_framework
from tests.browser import click_and_wait, sign_in, visit
from tests.factories import PASSWORD, CouncilFactory, lga_staff, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page, name: str, day: datetime.date) -> None:
    for part, value in enumerate((day.day, day.month, day.year)):
        page.locator(f"#id_{name}_{part}").fill(str(value))


def test_lga_staff_open_follow_chase_extend_close_and_download_a_round(page, live_server):
    small_framework(key_areas=2, statements=1).__class__.objects.update(name="NPS 2026")
    stockport = CouncilFactory(name="Stockport", slug="stockport", gss_code="E08000007")
    trafford = CouncilFactory(name="Trafford", slug="trafford", gss_code="E08000009")
    member_of(stockport, Role.OFFICER, email="officer@stockport.test")
    member_of(stockport, Role.LEAD, email="lead@stockport.test")
    member_of(trafford, Role.LEAD, email="lead@trafford.test")
    lga_staff(email="staff@lga.test")
    today = timezone.localdate()
    url = live_server.url

    sign_in(page, url, "staff@lga.test", PASSWORD)
    visit(page, f"{url}/rounds/")
    click_and_wait(page, "Open a new round", expect_title="Open a new round")
    page.get_by_label("Name of the round").fill("2027/28")
    page.get_by_label("NPS 2026").check()
    fill_date(page, "opens_on", today)
    fill_date(page, "closes_on", today - datetime.timedelta(days=1))
    click_and_wait(page, "Open the round", expect_title="Error: Open a new round")
    expect(page.get_by_role("alert")).to_contain_text("Closing date must be the same as or after")
    fill_date(page, "closes_on", today + datetime.timedelta(days=60))
    click_and_wait(page, "Open the round", expect_title="2027/28 round")
    expect(page.get_by_text("The 2027/28 round is open")).to_be_visible()

    # Trafford starts; Stockport does not.
    AssessmentFactory(council=trafford, round=Round.objects.get(name="2027/28"))
    visit(page, page.url)
    expect(page.get_by_text("Of 2 councils, 1 not started, 1 in progress")).to_be_visible()

    click_and_wait(page, "Chase councils", expect_title="Chase councils")
    page.get_by_label("Councils that have not started (1)").check()
    click_and_wait(page, "Preview the email", expect_title="Check the reminder before sending")
    expect(page.get_by_text("Stockport has not yet started its 2027/28")).to_be_visible()
    click_and_wait(page, "Send 2 reminders", expect_title="2027/28 round")
    expect(page.get_by_text("Reminders are being sent to 2 people at 1 council")).to_be_visible()
    assert sorted(m.to[0] for m in mail.outbox) == ["lead@stockport.test", "officer@stockport.test"]

    click_and_wait(page, "Give more time to Stockport", expect_title="Give Stockport more time")
    fill_date(page, "closes_on", today + datetime.timedelta(days=75))
    page.get_by_label("Reason").fill("New head of procurement started in March")
    click_and_wait(page, "Give more time", expect_title="2027/28 round")
    expect(page.get_by_text(re.compile("^Stockport has until"))).to_be_visible()

    click_and_wait(page, "Close the round", expect_title="Close the 2027/28 round")
    expect(page.get_by_text("Stockport, given until")).to_be_visible()
    click_and_wait(
        page, page.get_by_role("button", name="Close the round"), expect_title="2027/28 round"
    )
    expect(page.get_by_text("The 2027/28 round is closed")).to_be_visible()
    expect(page.locator(".govuk-summary-list .govuk-tag")).to_have_text("Closed")
    assert "lead@trafford.test" in [m.to[0] for m in mail.outbox]  # "the round has closed"

    with page.expect_download() as download:
        page.get_by_role("link", name="Download participation as CSV").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = {row["Council"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["Stockport"]["Progress"] == "Not started"
    assert rows["Trafford"]["Progress"] == "In progress"
    assert rows["Stockport"]["Reason for more time"] == "New head of procurement started in March"
