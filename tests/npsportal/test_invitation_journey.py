"""Browser journey: a council joins from an LGA invitation and submits its self-assessment, with
nobody touching the back office."""

import re

import pytest
from django.conf import settings
from django.core import mail
from playwright.sync_api import expect

from npsportal.models import User
from tests.assessments.factories import RoundFactory, small_framework
from tests.browser import assert_accessible, click_and_wait, sign_in, visit
from tests.factories import PASSWORD, CouncilFactory, authenticator_code, lga_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_latest_invitation(page, base_url: str) -> None:
    """Signs out and opens the link of the newest email, as the person it was sent to."""
    body = mail.outbox[-1].body
    path = re.search(re.escape(settings.SITE_URL) + r"(/invitations/\S+/)", body)[1]
    page.context.clear_cookies()
    visit(page, base_url + path)


def join_and_set_up_two_factor(page, council: str, email: str, password: str) -> None:
    expect(page).to_have_title(re.compile(f"^Join {council} on NPS Portal"))
    page.get_by_label("Create a password").fill(password)
    page.get_by_label("Type the password again").fill(password)
    click_and_wait(page, "Join and continue", expect_title="Set up two-factor sign-in")
    code = authenticator_code(User.objects.get(email=email), confirmed=False)
    page.get_by_label("Enter the code from your authenticator app").fill(code)
    click_and_wait(page, "Confirm", expect_title="Save your recovery codes")
    click_and_wait(page, "I have saved my recovery codes", expect_title="What to do next")


def test_a_council_joins_from_an_lga_invitation_and_submits_its_self_assessment(page, live_server):
    RoundFactory(name="2026/27", framework=small_framework(key_areas=2, statements=1))
    CouncilFactory(name="Bury", slug="bury")
    lga_staff(email="staff@lga.test", full_name="Alex Staff")
    url = live_server.url

    # LGA staff invite Bury's head of procurement.
    sign_in(page, url, "staff@lga.test", PASSWORD)
    visit(page, f"{url}/councils/")
    page.get_by_label("Search councils by name").fill("bur")
    click_and_wait(page, "Search", expect_title="Councils")
    invite = page.get_by_role("link", name="Invite a head of procurement to Bury")
    click_and_wait(page, invite, expect_title="Invite a head of procurement to Bury")
    page.get_by_label("Full name").fill("Jo Head")
    page.get_by_label("Email address").fill("Jo.Head@Bury.test")
    click_and_wait(page, "Send invitation", expect_title="Invitations")
    expect(page.get_by_text("Invitation sent to jo.head@bury.test")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Jo Head"))).to_contain_text("Waiting")

    # The head joins from the email, sets up two-factor sign-in and invites an officer.
    open_latest_invitation(page, url)
    expect(page.get_by_label("Full name")).to_have_value("Jo Head")
    join_and_set_up_two_factor(page, "Bury", "jo.head@bury.test", "bury-head-password-1")
    nav = page.get_by_role("navigation", name="Menu")
    click_and_wait(page, nav.get_by_role("link", name="Your team"), expect_title="Your team")
    click_and_wait(page, "Invite someone", expect_title="Invite someone to Bury")
    page.get_by_label("Full name").fill("Ola Officer")
    page.get_by_label("Email address").fill("ola@bury.test")
    page.get_by_label("Officer", exact=True).check()
    click_and_wait(page, "Send invitation", expect_title="Your team at Bury")
    expect(page.get_by_role("row", name=re.compile("Ola Officer"))).to_contain_text("Waiting")

    # The officer joins, fills in every key area and submits.
    open_latest_invitation(page, url)
    join_and_set_up_two_factor(page, "Bury", "ola@bury.test", "bury-officer-password-1")
    start = "Start your 2026/27 self-assessment"
    click_and_wait(page, start, expect_title=start)
    click_and_wait(page, page.get_by_role("button", name="Start", exact=True))
    expect(page).to_have_title(re.compile("^2026/27 self-assessment"))
    key_area = page.get_by_role("link", name="Engaging group 1", exact=True)
    click_and_wait(page, key_area, expect_title="Engaging group 1")
    for next_title in ["Engaging group 2", "Check your answers before submitting"]:
        page.locator("input[name$='-current_level'][value='3']").check()
        page.locator("input[name$='-confidence'][value='evidenced']").check()
        click_and_wait(page, "Save and continue", expect_title=next_title)
    page.get_by_label(re.compile("I confirm that these answers")).check()
    click_and_wait(page, "Submit self-assessment", expect_title="2026/27 self-assessment")
    expect(page.get_by_text("You submitted the 2026/27 self-assessment")).to_be_visible()

    # The head sees it waiting for sign-off and approves it.
    page.context.clear_cookies()
    sign_in(page, url, "jo.head@bury.test", "bury-head-password-1")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Waiting for your sign-off")
    assert_accessible(page)
    review = "Review and sign off"
    click_and_wait(page, review, expect_title="Sign off the 2026/27 self-assessment")
    click_and_wait(page, "Approve", expect_title="2026/27 self-assessment")
    expect(page.get_by_text("You approved the 2026/27 self-assessment")).to_be_visible()
