"""Each signed-in person chooses which reminders they get (issue 16)."""

import re

import pytest
from django.urls import reverse

from npsportal.models import User
from npsportal.roles import Role
from tests.factories import member_of

pytestmark = pytest.mark.django_db

URL = reverse("reminder_settings")


def checked(html: str) -> list[str]:
    """The values of the checked radios."""
    inputs = re.findall(r"<input[^>]*>", html, flags=re.S)
    return [re.search(r'value="([^"]*)"', i).group(1) for i in inputs if " checked" in i]


@pytest.mark.parametrize("role", ["officer", "councillor", "lga_staff"])
def test_every_signed_in_person_reaches_the_page_from_the_header(world, client_as, role):
    page = client_as(world.users[role]).get(reverse("home")).content.decode()
    assert f'href="{URL}">Reminders</a>' in page


def test_a_contributor_chooses_only_essential_reminders_and_sees_it_saved(world, client_as):
    contributor = member_of(world.own, Role.CONTRIBUTOR)
    client = client_as(contributor)
    page = client.get(URL).content.decode()
    assert "Which reminders do you want by email?" in page
    assert checked(page) == ["all"]
    response = client.post(URL, {"reminders": "essential"}, follow=True)
    contributor.refresh_from_db()
    assert contributor.reminders == User.Reminders.ESSENTIAL
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html
    assert "Your reminder choice has been saved" in html
    assert checked(html) == ["essential"]


@pytest.mark.parametrize("sent", [{}, {"reminders": "never"}])
def test_no_choice_or_a_made_up_one_is_refused_at_the_field(world, client_as, sent):
    officer = world.users["officer"]
    response = client_as(officer).post(URL, sent)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("Select which reminders you want") == 2  # the summary and the field
    assert "<title>Error: Reminders" in html
    officer.refresh_from_db()
    assert officer.reminders == User.Reminders.ALL


def test_a_person_changes_only_their_own_choice(world, client_as):
    client_as(world.users["officer"]).post(URL, {"reminders": "essential", "pk": 999})
    assert set(User.objects.filter(reminders="essential")) == {world.users["officer"]}
