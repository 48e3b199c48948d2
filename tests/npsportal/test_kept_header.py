"""The header and navigation are drawn once per person and kept (npsportal/context_processors.py
`chrome_key`): whatever changes what they show must show on the very next page."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from npsportal.models import Membership
from npsportal.roles import Role
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory, lga_staff, member_of

pytestmark = pytest.mark.django_db


def navigation(client, url=None) -> list[str]:
    html = client.get(url or reverse("home")).content.decode()
    nav = html.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>", "", label).strip() for label in nav.split("</li>")[:-1]]


def current_item(client, url) -> str:
    html = client.get(url).content.decode()
    item = html.split('aria-current="page"', 1)[1].split("</a>", 1)[0]
    return re.sub(r"<[^>]+>", "", item.split(">", 1)[1]).strip()


def account_links(client) -> str:
    html = client.get(reverse("home")).content.decode()
    return html.split('aria-label="Your account"', 1)[1].split("</nav>", 1)[0]


def test_a_new_role_shows_in_the_navigation_on_the_next_page(client):
    council = CouncilFactory()
    officer = member_of(council, Role.OFFICER)
    force_login_verified(client, officer)
    assert "Your team" not in navigation(client)

    Membership.objects.filter(user=officer).update(role=Role.LEAD)

    assert "Your team" in navigation(client)


def test_a_role_taken_away_leaves_the_navigation_on_the_next_page(client):
    staff = lga_staff()
    force_login_verified(client, staff)
    assert {"National picture", "Rounds"} <= set(navigation(client))
    assert "Back office" in account_links(client)

    Membership.objects.filter(user=staff).delete()

    assert not {"National picture", "Rounds"} & set(navigation(client))
    assert "Back office" not in account_links(client)


def test_the_same_role_at_another_council_keeps_the_navigation_right(client):
    own, other = CouncilFactory(), CouncilFactory()
    councillor = member_of(own, Role.COUNCILLOR)
    force_login_verified(client, councillor)
    before = navigation(client)

    Membership.objects.filter(user=councillor).update(council=other)

    assert navigation(client) == before
    assert other.name in client.get(reverse("assessments:dashboard")).content.decode()


def test_people_with_the_same_roles_each_see_their_own_address(client):
    council = CouncilFactory()
    first = member_of(council, Role.OFFICER, email="first@council.test")
    second = member_of(council, Role.OFFICER, email="second@council.test")
    force_login_verified(client, first)
    assert "first@council.test" in account_links(client)

    other = force_login_verified(Client(), second)

    assert "second@council.test" in account_links(other)
    assert "first@council.test" not in account_links(other)


def test_the_current_section_follows_the_page(client):
    force_login_verified(client, member_of(CouncilFactory(), Role.OFFICER))
    for _ in range(2):
        assert current_item(client, reverse("assessments:dashboard")) == "Dashboard"
        assert current_item(client, reverse("casestudies:case_study_list")) == "Case studies"
        assert current_item(client, reverse("home")) == "Home"


def test_signing_out_works_from_a_page_whose_header_was_kept(client):
    council = CouncilFactory()
    officer = member_of(council, Role.OFFICER)
    force_login_verified(client, officer)
    client.get(reverse("home"))
    # A second session of the same person gets the kept header with its own CSRF token.
    browser = force_login_verified(Client(enforce_csrf_checks=True), officer)
    html = browser.get(reverse("home")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = browser.post(reverse("logout"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert "_auth_user_id" not in browser.session


def test_signed_out_people_see_the_sign_in_link_not_someone_elses_header(client):
    force_login_verified(client, member_of(CouncilFactory(), Role.OFFICER, email="a@council.test"))
    client.get(reverse("home"))

    anonymous = Client()

    links = account_links(anonymous)
    assert "Sign in" in links
    assert "a@council.test" not in links
    assert "Sign out" not in links
