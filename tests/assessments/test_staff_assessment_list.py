"""LGA staff's list of self-assessments at national scale: filters, search and pages."""

import re

import pytest

from assessments.models import Assessment
from npsportal.models import Council
from tests.assessments.factories import AssessmentFactory, RoundFactory, previous_round
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db
LIST = "/assessments/"
Status = Assessment.Status


def council_names(html: str) -> list[str]:
    rows = re.findall(r'<tr class="govuk-table__row">\s*<th scope="row".*?</tr>', html, re.S)
    return [re.search(r'<td class="govuk-table__cell">([^<]+)</td>', row).group(1) for row in rows]


@pytest.fixture
def rounds():
    current = RoundFactory(name="2026/27")
    return current, previous_round(current, name="2025/26")


def test_staff_filter_by_round_status_region_and_kind(world, client_as, rounds):
    current, earlier = rounds
    bury = CouncilFactory(name="Bury", region=Council.Region.NORTH_WEST)
    kent = CouncilFactory(name="Kent", region=Council.Region.SOUTH_EAST, kind=Council.Kind.COUNTY)
    AssessmentFactory(council=bury, round=current, status=Status.SUBMITTED)
    AssessmentFactory(council=bury, round=earlier, status=Status.APPROVED)
    AssessmentFactory(council=kent, round=current, status=Status.APPROVED)
    staff = client_as(world.users["lga_staff"])

    page = staff.get(LIST, {"round": current.slug}).content.decode()
    assert sorted(council_names(page)) == ["Bury", "Kent"]
    page = staff.get(LIST, {"round": current.slug, "status": "approved"}).content.decode()
    assert council_names(page) == ["Kent"]
    page = staff.get(LIST, {"region": "north_west"}).content.decode()
    assert council_names(page) == ["Bury", "Bury"]
    page = staff.get(LIST, {"kind": "county"}).content.decode()
    assert council_names(page) == ["Kent"]
    assert "Filter self-assessments" in page


def test_staff_search_by_council_name(world, client_as, rounds):
    for name in ("Bury", "Burnley", "Kent"):
        AssessmentFactory(
            council=CouncilFactory(name=name), round=rounds[0], status=Status.SUBMITTED
        )
    page = client_as(world.users["lga_staff"]).get(LIST, {"council": "bur"}).content.decode()
    assert sorted(council_names(page)) == ["Burnley", "Bury"]
    assert "2 self-assessments" in page


def test_a_long_list_is_paginated_keeping_the_filters(world, client_as, rounds):
    for n in range(55):
        council = CouncilFactory(name=f"Council {n:02d}")
        AssessmentFactory(council=council, round=rounds[0], status=Status.SUBMITTED)
    staff = client_as(world.users["lga_staff"])
    first = staff.get(LIST, {"status": "submitted"}).content.decode()
    assert len(council_names(first)) == 50
    assert "55 self-assessments" in first
    assert 'class="govuk-pagination"' in first
    assert "status=submitted&amp;page=2" in first
    second = staff.get(LIST, {"status": "submitted", "page": 2}).content.decode()
    assert len(council_names(second)) == 5


def test_filters_that_find_nothing_say_so_and_offer_to_clear(world, client_as, rounds):
    AssessmentFactory(council=world.other, round=rounds[0], status=Status.SUBMITTED)
    page = client_as(world.users["lga_staff"]).get(LIST, {"council": "zzz"}).content.decode()
    assert "No self-assessments match these filters" in page
    assert "Clear filters" in page


def test_unknown_filter_values_get_govuk_errors_not_a_crash(world, client_as, rounds):
    page = client_as(world.users["lga_staff"]).get(
        LIST, {"round": "1999-00", "status": "lost", "council": "x" * 151}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Select a round from the list" in html
    assert "Council name must be 150 characters or fewer" in html
    assert "Select a valid choice" not in html


def test_a_council_officer_sees_no_national_filters(world, client_as, rounds):
    AssessmentFactory(council=world.own, round=rounds[0])
    page = client_as(world.users["officer"]).get(LIST).content.decode()
    assert "Filter self-assessments" not in page
    assert "Stockport" in page
