"""The peer comparison is read from a cache that can never be out of date."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.dashboards.council import council_dashboard
from assessments.models import Assessment
from npsportal.models import Council
from tests.assessments.factories_dashboard import peers, rated, rounds

URL = reverse("assessments:dashboard")


@pytest.fixture
def this_round(db):
    return rounds(count=1)[0]


def page_text(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_peer_figures_change_as_soon_as_another_council_is_approved(world, client_as, this_round):
    rated(world.own, this_round, level=3)
    peers(5, this_round, level=2)
    client = client_as(world.users["councillor"])
    assert "All England, 5 councils" in page_text(client)
    late = rated(world.other, this_round, level=4, status=Assessment.Status.SUBMITTED)
    assert "All England, 5 councils" in page_text(client)
    late.status = Assessment.Status.APPROVED
    late.save()
    page = page_text(client)
    assert "All England, 6 councils" in page
    assert "All: Developing to Leader." in page


def test_the_councils_own_level_is_left_out_of_figures_another_council_cached(
    world, client_as, this_round
):
    rated(world.own, this_round, level=5)
    others = peers(5, this_round, level=2)
    council_dashboard(others[0].council)  # computes and caches the round's counts, own included
    page = page_text(client_as(world.users["councillor"]))
    assert "All England, 5 councils" in page
    assert "Most: Developing. All: Developing." in page


def test_a_second_view_reads_the_peer_counts_from_the_cache(world, client_as, this_round):
    rated(world.own, this_round, level=3)
    peers(5, this_round, level=2)
    client = client_as(world.users["councillor"])
    with CaptureQueriesContext(connection) as first:
        page_text(client)
    with CaptureQueriesContext(connection) as second:
        page_text(client)

    # The three peer groups' scans of every approved answer (level_counts) are not run again.
    def scans(queries):
        return [q for q in queries.captured_queries if "per_assessment" in q["sql"]]

    assert len(scans(first)) == 3
    assert len(second) < len(first) - 3
    assert scans(second) == []


def test_councils_in_different_groups_share_the_figures_of_the_groups_they_share(
    world, client_as, this_round
):
    rated(world.own, this_round, level=3)
    peers(5, this_round, level=2)
    (elsewhere,) = peers(
        1, this_round, level=4, kind=Council.Kind.COUNTY, region=Council.Region.SOUTH_WEST
    )
    council_dashboard(elsewhere.council)  # counts its three groups, all England among them
    with CaptureQueriesContext(connection) as queries:
        page = page_text(client_as(world.users["councillor"]))
    assert "All England, 6 councils" in page  # the five, the county; Stockport left out
    # All England is read from the cache; only Stockport's own kind and region are counted.
    assert len([q for q in queries.captured_queries if "per_assessment" in q["sql"]]) == 2
