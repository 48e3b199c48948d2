"""A round's participation page: every council's state, counted by region and kind, downloadable."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.rounds import selectors
from npsportal.models import AuditEvent, Council
from tests.assessments.factories_rounds import round_with_councils
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db


def url(round, name="round_detail"):
    return reverse(f"assessments:{name}", args=[round.slug])


def test_every_council_is_counted_at_its_state_by_region_and_kind(world):
    round = round_with_councils(world)
    by_region = {row.label: row.counts for row in selectors.participation(round, "region")}
    assert by_region["North West"] == {
        "not_started": 1,  # Trafford
        "in_progress": 1,  # Stockport's draft
        "submitted": 0,
        "approved": 0,
    }
    assert by_region["South East"] == {
        "not_started": 0,
        "in_progress": 1,  # Oxford, returned
        "submitted": 1,  # Kent
        "approved": 0,
    }
    by_kind = {row.label: row for row in selectors.participation(round, "kind")}
    assert by_kind["London borough"].counts["approved"] == 1
    total = selectors.total(list(by_kind.values()))
    assert total.councils == 5
    assert total.cells == [(1, 20), (2, 40), (1, 20), (1, 20)]


def test_the_page_shows_counts_percentages_and_each_councils_state(world, client_as):
    round = round_with_councils(world)
    text = client_as(world.users["lga_staff"]).get(url(round)).content.decode()
    assert "Of 5 councils, 1 not started, 2 in progress" in text
    assert "Councils by region" in text
    assert "Councils by kind" in text
    assert '2 <span class="app-share">(40%)</span>' in text
    for council, state in [("Trafford", "Not started"), ("Kent", "Submitted")]:
        assert council in text
        assert state in text


def test_the_list_of_councils_filters_by_state_region_and_kind(world, client_as):
    round = round_with_councils(world)
    staff = client_as(world.users["lga_staff"])
    text = staff.get(url(round), {"state": "in_progress", "region": "south_east"}).content
    assert "1 council<" in text.decode()
    assert "Oxford" in text.decode()
    assert "Kent</th>" not in text.decode()
    refused = staff.get(url(round), {"state": "lost"}).content.decode()
    assert "Select progress from the list" in refused


def test_the_page_takes_the_same_queries_whatever_the_number_of_councils(world, client_as):
    round = round_with_councils(world)
    staff = client_as(world.users["lga_staff"])
    staff.get(url(round))
    with CaptureQueriesContext(connection) as few:
        staff.get(url(round))
    for n in range(40):
        CouncilFactory(name=f"Extra {n}", region=Council.Region.EAST, kind=Council.Kind.DISTRICT)
    with CaptureQueriesContext(connection) as many:
        response = staff.get(url(round))
    assert response.status_code == 200
    assert len(many) == len(few)


def test_participation_downloads_as_csv_in_words_and_dates(world, client_as):
    round = round_with_councils(world)
    response = client_as(world.users["lga_staff"]).get(url(round, "round_participation_csv"))
    assert response["Content-Disposition"] == (
        'attachment; filename="nps-2026-27-participation.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = {row["Council"]: row for row in csv.DictReader(io.StringIO(text))}
    assert set(rows) == {"Camden", "Kent", "Oxford", "Stockport", "Trafford"}
    assert rows["Kent"]["Progress"] == "Submitted"
    assert rows["Kent"]["Kind of council"] == "County council"
    assert rows["Kent"]["Region"] == "South East"
    assert rows["Trafford"]["Progress"] == "Not started"
    assert rows["Oxford"]["Progress"] == "In progress"
    submitted = rows["Kent"]["Submitted on"]
    assert submitted.split()[1].isalpha()
    assert len(submitted.split()) == 3
    assert AuditEvent.objects.filter(action="round.participation_exported").exists()


def test_participation_downloads_as_a_spreadsheet(world, client_as):
    round = round_with_councils(world)
    response = client_as(world.users["lga_staff"]).get(url(round, "round_participation_xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:5] == ("Council", "GSS code", "Kind of council", "Region", "Progress")
    assert (rows[1][0], rows[1][4]) == ("Camden", "Approved")


@pytest.mark.parametrize("role", ["officer", "lead", "councillor"])
def test_council_people_cannot_see_participation(world, client_as, role):
    round = round_with_councils(world)
    assert client_as(world.users[role]).get(url(round)).status_code == 403
    csv_url = url(round, "round_participation_csv")
    assert client_as(world.users[role]).get(csv_url).status_code == 403
