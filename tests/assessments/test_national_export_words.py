"""The national dataset speaks in words: kinds, regions, statuses, levels and confidence by
label, and the spreadsheet opens with its header frozen and its columns wide enough to read."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Answer
from tests.assessments.factories_dashboard import rated, rounds

CODES = ("metropolitan_district", "north_west", "approved", "evidenced")


@pytest.fixture
def round(world):
    (this,) = rounds(count=1)
    rated(world.own, this, level=3)
    Answer.objects.update(confidence=Answer.Confidence.EVIDENCED, target_level=4)
    return this


def download(client_as, world, name):
    response = client_as(world.users["lga_staff"]).get(reverse(name))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_the_national_csv_names_kinds_regions_statuses_levels_and_confidence(
    world, client_as, round
):
    text = download(client_as, world, "assessments:national_csv").decode("utf-8-sig")
    header, first, *_ = list(csv.reader(io.StringIO(text)))
    row = dict(zip(header, first, strict=True))
    assert row["Kind of council"] == "Metropolitan district"
    assert row["Region"] == "North West"
    assert row["Status"] == "Approved"
    assert row["Current level"] == "3"
    assert row["Current level name"] == "Mature"
    assert row["Target level name"] == "Leader"
    assert row["Confidence"] == "Supported by evidence"
    assert row["Statement"]  # the statement's words beside its code
    for code in CODES:
        assert code not in first


def test_the_national_xlsx_has_a_frozen_header_and_readable_widths(world, client_as, round):
    content = download(client_as, world, "assessments:national_xlsx")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    widths = {
        name: sheet.column_dimensions[c.column_letter].width
        for name, c in zip(header, sheet[1], strict=True)
    }
    assert widths["Council"] >= len("Stockport")
    assert widths["Key area"] > widths["Round"]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["Region"] == "North West"
    assert row["Confidence"] == "Supported by evidence"
