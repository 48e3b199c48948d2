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


def scans(queries) -> list[dict]:
    """The scans of every approved answer of the round (selectors.level_counts_by_group)."""
    return [q for q in queries.captured_queries if "per_assessment" in q["sql"]]


def test_a_second_view_reads_the_peer_counts_from_the_cache(world, client_as, this_round):
    rated(world.own, this_round, level=3)
    peers(5, this_round, level=2)
    client = client_as(world.users["councillor"])
    with CaptureQueriesContext(connection) as first:
        page_text(client)
    with CaptureQueriesContext(connection) as second:
        page_text(client)

    # One scan of every approved answer counts all three peer groups; it is not run again.
    assert len(scans(first)) == 1
    assert len(second) < len(first) - 1
    assert scans(second) == []


def test_a_council_of_another_kind_and_region_counts_the_figures_of_every_group(
    world, client_as, this_round
):
    rated(world.own, this_round, level=3)
    peers(5, this_round, level=2)
    (elsewhere,) = peers(
        1, this_round, level=4, kind=Council.Kind.COUNTY, region=Council.Region.SOUTH_WEST
    )
    council_dashboard(elsewhere.council)  # counts every kind and region, not only its own
    with CaptureQueriesContext(connection) as queries:
        page = page_text(client_as(world.users["councillor"]))
    assert "All England, 6 councils" in page  # the five, the county; Stockport left out
    # Stockport's kind and region, and all England, are read from the cache: nothing is scanned.
    assert scans(queries) == []
    assert "Same kind (Metropolitan district), 5 councils" in page


def test_a_peer_group_by_anything_but_kind_and_region_is_refused(this_round):
    from assessments.dashboards.selectors import expected_statements, peer_group_counts

    expected = expected_statements([this_round.framework_id])
    with pytest.raises(ValueError, match="kind, region"):
        peer_group_counts(this_round.pk, expected, {"Same name": {"name": "Stockport"}})
