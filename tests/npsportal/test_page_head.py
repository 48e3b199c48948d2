"""Every page describes itself to search engines (a meta description, Lighthouse's SEO check)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]+)">')


@pytest.mark.parametrize("name", ["home", "accessibility", "password_reset"])
def test_every_page_has_the_portals_meta_description(client, name):
    html = client.get(reverse(name)).content.decode()
    assert DESCRIPTION.findall(html) == [
        "English councils assess their procurement against the National Procurement Strategy, "
        "see where they stand beside similar councils, and share case studies."
    ]


def test_a_page_gives_its_own_meta_description_in_place_of_the_portals(client):
    html = client.get(reverse("login")).content.decode()
    assert DESCRIPTION.findall(html) == [
        "Sign in to NPS Portal to complete your council's procurement self-assessment and "
        "see its dashboard and report."
    ]
