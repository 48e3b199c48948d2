"""The demo library: STaR with the seed's text, and demo case studies, created idempotently."""

import io

import pytest

from casestudies.demo import create_demo_data
from casestudies.models import CaseStudy
from npsportal.demo import create_demo_data as create_demo_world
from tests.casestudies.factories import category, key_area

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    create_demo_world()
    for key in ["place-and-works", "people", "professional"]:
        category(key)


def test_demo_data_creates_star_from_the_seed_once(world):
    key_area("working-with-partners", "Working with partners")
    key_area("engaging-councillors", "Engaging councillors")
    create_demo_data()
    create_demo_data()
    star = CaseStudy.objects.get(slug="star-shared-procurement-service")
    assert CaseStudy.objects.filter(title=star.title).count() == 1
    assert star.status == CaseStudy.Status.PUBLISHED
    assert "The service was established in 2013 and issues over 400" in star.background
    assert "one executive councillor from each of council" in star.what_they_did
    assert sorted(c.slug for c in star.councils.all()) == ["rochdale", "stockport", "trafford"]
    assert star.partner_list == [
        "The Trafford Partnership",
        "Construction Industry Training Board (CITB)",
    ]
    assert star.categories.count() == 3
    assert {(t.key_area.key, t.level) for t in star.tags.all()} == {
        ("working-with-partners", 5),
        ("engaging-councillors", 4),
    }
    assert star.outcomes.get().value == 400
    assert (star.contact_phone, star.contact_email, star.contact_name) == ("0161 912 1616", "", "")
    assert "Trafford Town Hall" in star.contact_address


def test_demo_case_studies_are_marked_and_span_statuses(world):
    create_demo_data()
    demos = CaseStudy.objects.exclude(slug="star-shared-procurement-service")
    assert demos.count() >= 5
    assert all("(demo)" in c.title for c in demos)
    assert set(CaseStudy.objects.values_list("status", flat=True)) == {
        "published",
        "archived",
        "draft",
    }


def test_without_the_framework_tagging_is_skipped_with_a_message(world):
    out = io.StringIO()
    create_demo_data(stdout=out)
    assert "key area working-with-partners not loaded" in out.getvalue()
    assert CaseStudy.objects.get(slug="star-shared-procurement-service").tags.count() == 0
