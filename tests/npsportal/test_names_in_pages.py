"""People's names with apostrophes and accents read as typed, on the page and to a screen reader."""

import pytest
from django.urls import reverse

from npsportal.roles import Role
from tests.factories import member_of

pytestmark = pytest.mark.django_db


def test_a_name_with_an_apostrophe_and_an_accent_reads_as_typed_on_the_team_page(world, client_as):
    member_of(world.own, Role.OFFICER, full_name="Siobhán O'Sullivan-Fry")
    page = client_as(world.users["lead"]).get(reverse("teams:team", args=[world.own.slug]))
    html = page.content.decode()
    # Escaped once in the HTML (so it can never close an attribute), never twice.
    assert "Siobhán O&#x27;Sullivan-Fry" in html
    assert "&amp;#x27;" not in html
