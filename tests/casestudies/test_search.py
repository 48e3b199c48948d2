"""Finding case studies: full-text search (PostgreSQL) or its fallback (SQLite), filters, counts."""

from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from casestudies.models import CaseStudy
from casestudies.selectors import Filters, find_case_studies
from npsportal.models import Council
from tests.casestudies.factories import CaseStudyFactory, key_area
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db
LIST = reverse("casestudies:case_study_list")


@pytest.fixture
def star():
    councils = [
        CouncilFactory(name="Stockport", slug="stockport", gss_code="E08000007"),
        CouncilFactory(name="Trafford", slug="trafford", gss_code="E08000009"),
        CouncilFactory(name="Rochdale", slug="rochdale", gss_code="E08000005"),
    ]
    key_area("working-with-partners", "Working with partners")
    return CaseStudyFactory(
        title="STaR Shared Procurement Service",
        slug="star-shared-procurement-service",
        summary="A partnership of Stockport, Trafford and Rochdale Metropolitan Councils.",
        what_they_did="Stockport Council established a Strategic Procurement Service (STaR).",
        councils=councils,
        categories=["place-and-works", "people", "professional"],
        tags={"working-with-partners": 5},
    )


@pytest.fixture
def others():
    county = CouncilFactory(name="Kent", kind=Council.Kind.COUNTY, region=Council.Region.SOUTH_EAST)
    return [
        CaseStudyFactory(
            title="Supplier days for small firms",
            summary="Local builders bid for works in lots.",
            councils=[county],
            categories=["place-and-works"],
            tags={"engaging-local-smes": 4},
        ),
        CaseStudyFactory(title="Councillor briefings", summary="Briefing portfolio holders."),
    ]


def titles(response) -> list[str]:
    return [case_study.title for case_study in response.context["case_studies"]]


def test_anyone_finds_star_by_searching_shared_procurement(client, star, others):
    response = client.get(LIST, {"q": "shared procurement"})
    assert response.status_code == 200
    assert titles(response) == ["STaR Shared Procurement Service"]
    assert "1 case study matching “shared procurement”" in response.content.decode()


def test_anyone_finds_star_by_filtering_by_working_with_partners(client, star, others):
    response = client.get(LIST, {"key_area": "working-with-partners"})
    assert titles(response) == ["STaR Shared Procurement Service"]


def test_search_looks_in_the_body_of_a_case_study(client, star, others):
    response = client.get(LIST, {"q": "Strategic"})
    assert titles(response) == ["STaR Shared Procurement Service"]


def test_words_that_match_nothing_give_no_results_and_say_so(client, star):
    response = client.get(LIST, {"q": "zeppelin"})
    assert titles(response) == []
    assert "No case studies match" in response.content.decode()


def test_relevance_puts_a_title_match_before_a_newer_body_match(client):
    older = timezone.now() - timedelta(days=30)
    CaseStudyFactory(title="Energy brokerage", published_at=older, summary="Buying power.")
    CaseStudyFactory(title="Street lighting", what_they_learned="We learned about energy.")
    relevant = client.get(LIST, {"q": "energy", "sort": "relevance"})
    assert titles(relevant) == ["Energy brokerage", "Street lighting"]
    newest = client.get(LIST, {"q": "energy", "sort": "newest"})
    assert titles(newest) == ["Street lighting", "Energy brokerage"]


def test_without_words_the_newest_case_study_comes_first(client):
    CaseStudyFactory(title="Older", published_at=timezone.now() - timedelta(days=3))
    CaseStudyFactory(title="Newer")
    assert titles(client.get(LIST)) == ["Newer", "Older"]


def test_filters_by_category_region_and_kind_come_from_the_councils(client, star, others):
    assert titles(client.get(LIST, {"category": "people"})) == [star.title]
    assert titles(client.get(LIST, {"region": "south_east"})) == ["Supplier days for small firms"]
    assert titles(client.get(LIST, {"kind": "metropolitan_district"})) == [star.title]
    both = client.get(LIST, {"category": "place-and-works", "region": "north_west"})
    assert titles(both) == [star.title]


def test_values_of_one_filter_are_alternatives(client, star, others):
    response = client.get(LIST, {"region": ["south_east", "north_west"], "sort": "newest"})
    assert set(titles(response)) == {star.title, "Supplier days for small firms"}


def test_filters_show_how_many_case_studies_each_would_give(client, star, others):
    html = client.get(LIST).content.decode()
    assert "Working with partners (1)" in html
    assert "Place and works (2)" in html
    assert "North West (1)" in html
    assert "County council (1)" in html


def test_counts_of_one_filter_follow_the_search_and_the_other_filters(client, star, others):
    html = client.get(LIST, {"q": "shared procurement"}).content.decode()
    assert "Place and works (1)" in html
    html = client.get(LIST, {"region": "south_east"}).content.decode()
    assert "North West (1)" in html  # choosing another region would add STaR
    assert "People (" not in html  # no People case study in the South East


def test_drafts_in_review_and_archived_case_studies_are_not_listed(client, star):
    for status in ["draft", "in_review", "archived"]:
        CaseStudyFactory(title=f"Shared procurement {status}", status=status)
    assert titles(client.get(LIST, {"q": "shared procurement"})) == [star.title]


def test_unknown_filter_values_in_a_hand_made_url_are_ignored(client, star):
    response = client.get(LIST, {"key_area": "no-such-area", "sort": "sideways", "q": "STaR"})
    assert response.status_code == 200
    assert titles(response) == [star.title]


def test_pages_of_results_keep_the_search_and_filters_in_their_links(client):
    for n in range(12):
        CaseStudyFactory(title=f"Shared services {n}", categories=["people"])
    first = client.get(LIST, {"q": "shared", "category": "people"})
    assert len(titles(first)) == 10
    html = first.content.decode()
    assert "q=shared&amp;category=people&amp;page=2" in html
    second = client.get(LIST, {"q": "shared", "category": "people", "page": 2})
    assert len(titles(second)) == 2


def test_the_list_page_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _n in range(8):
        CaseStudyFactory(
            councils=[CouncilFactory()], categories=["people"], tags={"working-with-partners": 3}
        )
    with django_assert_max_num_queries(16):
        response = client.get(LIST, {"category": "people"})
    assert len(titles(response)) == 8


def test_outcome_figures_add_up_across_the_results(client):
    from tests.casestudies.factories import OutcomeFigureFactory

    OutcomeFigureFactory(value=1000, case_study=CaseStudyFactory())
    OutcomeFigureFactory(value=250000, case_study=CaseStudyFactory())
    OutcomeFigureFactory(value=9, case_study=CaseStudyFactory(status=CaseStudy.Status.DRAFT))
    assert "£251,000 savings" in client.get(LIST).content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_postgresql_searches_a_gin_indexed_vector(star):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'casestudies_casestudy_search_gin'"
        )
        assert "USING gin (search_vector)" in cursor.fetchone()[0]
    sql = str(find_case_studies(Filters(query="shared procurement")).query)
    assert "@@" in sql
    assert "ts_rank" in sql
