"""Browser journeys: each kind of account signs in and sees navigation fitting its role."""

import re

import pytest
from playwright.sync_api import expect

from npsportal.roles import Role
from tests.browser import assert_accessible, sign_in, submit_password, visit
from tests.factories import PASSWORD, CouncilFactory, lga_staff, member_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_are_accessible(page, live_server):
    for path in ["/", "/accessibility/", "/privacy/", "/cookies/", "/accounts/password-reset/"]:
        visit(page, f"{live_server.url}{path}")


@pytest.mark.parametrize("role", [Role.OFFICER, Role.LEAD, Role.COUNCILLOR, Role.LGA_STAFF])
def test_each_role_signs_in_and_sees_its_navigation(page, live_server, role):
    if role == Role.LGA_STAFF:
        user = lga_staff(email="staff@lga.test")
    else:
        user = member_of(CouncilFactory(name="Stockport"), role, email=f"{role}@stockport.test")
    sign_in(page, live_server.url, user.email, PASSWORD)
    visit(page, f"{live_server.url}/")
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="Home")).to_be_visible()
    # The back office is a tool, not a part of the service: it sits with the account links.
    back_office = page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Back office"
    )
    expect(back_office).to_have_count(1 if role == Role.LGA_STAFF else 0)
    expect(page.get_by_text(user.email)).to_be_visible()


def test_a_wrong_password_shows_an_accessible_error(page, live_server):
    member_of(CouncilFactory(), Role.OFFICER, email="officer@stockport.test")
    submit_password(page, live_server.url, "officer@stockport.test", "wrong-password")
    expect(page).to_have_title(re.compile("^Error: Sign in"))
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)  # the error itself, not the sign-in page opened again
