"""Browser journeys: a person who forgot their password resets it from the email's link, and a
signed-in person changes theirs; each then signs in with the new one."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from npsportal.roles import Role
from tests.browser import click_and_wait, sign_in, submit_password, visit
from tests.factories import PASSWORD, CouncilFactory, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "officer@stockport.test"
NEW_PASSWORD = "a-new-password-for-spring"
LINK = re.compile(r"https?://\S+/accounts/reset/\S+/")


@pytest.fixture
def officer():
    return member_of(CouncilFactory(name="Stockport"), Role.OFFICER, email=EMAIL)


def choose_new_password(page, button):
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm new password", exact=True).fill(NEW_PASSWORD)
    click_and_wait(page, button)


def test_a_forgotten_password_is_reset_from_the_emails_link(page, live_server, officer):
    visit(page, f"{live_server.url}/accounts/login/")
    click_and_wait(page, "I have forgotten my password", expect_title="Reset your password")
    page.get_by_label("Email address").fill(EMAIL)
    click_and_wait(page, "Send the link", expect_title="Check your email")

    assert [message.to for message in mail.outbox] == [[EMAIL]]
    link = LINK.search(mail.outbox[0].body).group(0)
    visit(page, link)
    expect(page).to_have_title(re.compile("^Choose a new password"))
    choose_new_password(page, "Save your new password")
    expect(page.get_by_role("heading", name="Your password has been reset")).to_be_visible()

    click_and_wait(page, page.get_by_role("main").get_by_role("link", name="Sign in"))
    sign_in(page, live_server.url, EMAIL, NEW_PASSWORD)
    expect(page.get_by_text(EMAIL)).to_be_visible()


def test_a_signed_in_person_changes_their_password_and_signs_in_with_it(page, live_server, officer):
    sign_in(page, live_server.url, EMAIL, PASSWORD)
    click_and_wait(page, "Change password", expect_title="Change your password")
    page.get_by_label("Current password").fill(PASSWORD)
    choose_new_password(page, "Save your new password")
    expect(page.get_by_role("heading", name="Password changed")).to_be_visible()

    click_and_wait(page, "Sign out")
    submit_password(page, live_server.url, EMAIL, PASSWORD)
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    sign_in(page, live_server.url, EMAIL, NEW_PASSWORD)
    expect(page.get_by_text(EMAIL)).to_be_visible()
