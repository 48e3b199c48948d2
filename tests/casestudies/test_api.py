"""The case study API: published ones only, found with the library page's search and filters."""

import pytest

from npsportal.models import Council
from tests.casestudies.factories import CaseStudyFactory, OutcomeFigureFactory, key_area
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/case-studies/"


def slugs(client, query="") -> list[str]:
    return [row["slug"] for row in client.get(LIST + query).json()["results"]]


def test_drafts_and_studies_in_review_never_appear(client):
    CaseStudyFactory(slug="public")
    CaseStudyFactory(slug="draft", status="draft")
    CaseStudyFactory(slug="in-review", status="in_review")
    assert slugs(client) == ["public"]
    assert client.get(LIST + "draft/").status_code == 404
    assert client.get(LIST + "in-review/").status_code == 404


def test_the_list_takes_the_pages_search_and_filters(client):
    north = CouncilFactory(
        region=Council.Region.NORTH_WEST, kind=Council.Kind.METROPOLITAN_DISTRICT
    )
    south = CouncilFactory(region=Council.Region.SOUTH_EAST, kind=Council.Kind.COUNTY)
    CaseStudyFactory(
        slug="social-value", title="Social value in care", councils=[north], tags={"ka1": 3}
    )
    CaseStudyFactory(slug="energy", title="Energy tender", councils=[south], categories=["people"])
    assert slugs(client, "?q=social") == ["social-value"]
    assert slugs(client, f"?region={Council.Region.SOUTH_EAST}") == ["energy"]
    assert slugs(client, f"?kind={Council.Kind.METROPOLITAN_DISTRICT}") == ["social-value"]
    assert slugs(client, "?key_area=ka1") == ["social-value"]
    assert slugs(client, "?category=people") == ["energy"]
    # Unknown values are ignored, as on the page.
    assert sorted(slugs(client, "?region=atlantis")) == ["energy", "social-value"]


def test_a_case_study_gives_codes_and_words_side_by_side(client):
    council = CouncilFactory(name="Stockport", region=Council.Region.NORTH_WEST)
    study = CaseStudyFactory(
        slug="s", councils=[council], tags={key_area("ka1", "Leadership"): 4}, categories=["people"]
    )
    OutcomeFigureFactory(case_study=study, measure="savings_gbp", value=1000)
    data = client.get(LIST + "s/").json()
    assert data["status"] == "published"
    assert data["status_label"] == "Published"
    assert data["key_areas"] == [
        {"key": "ka1", "name": "Leadership", "level": 4, "level_name": "Leader"}
    ]
    assert data["councils"][0]["region"] == "north_west"
    assert data["councils"][0]["region_label"] == "North West"
    assert data["categories"][0]["key"] == "people"
    assert data["outcomes"][0]["measure_label"] == "Savings (£)"
    assert data["page_url"].endswith("/case-studies/s/")
    assert "contact_email" not in data
    assert data["published_at"].endswith(("Z", "+01:00"))  # London: GMT or BST
