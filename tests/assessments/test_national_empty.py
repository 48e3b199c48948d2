"""The national picture says so when its filters find no council, rather than blaming rounds."""

import subprocess

import pytest
from django.urls import reverse

from assessments.dashboards.national import share_trend
from tests.assessments.factories import AssessmentFactory
from tests.assessments.factories_dashboard import peers, rated, rounds
from tests.factories import CouncilFactory

URL = reverse("assessments:national")


@pytest.fixture
def two_rounds(world):
    last, this = rounds(count=2)
    peers(2, last, level=2)
    rated(world.own, this, level=3)
    return last, this


def page(client_as, world, **params) -> str:
    response = client_as(world.users["lga_staff"]).get(URL, params)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_filters_that_find_no_council_say_so(world, client_as, two_rounds):
    html = page(client_as, world, region="london", kind="county")
    assert "No councils match these filters" in html
    assert "No earlier round to compare" not in html


def test_councils_without_an_approved_assessment_are_named_as_such(world, client_as, two_rounds):
    AssessmentFactory(council=CouncilFactory(region="london"), round=two_rounds[1])
    html = page(client_as, world, region="london")
    assert "No council here has an approved self-assessment" in html
    assert "No approved councils to compare" in html
    assert "No earlier round to compare" not in html


@pytest.mark.parametrize(
    ("previous", "current", "earlier", "words"),
    [
        (None, None, "2025/26", "No approved councils to compare"),
        (None, 40, "2025/26", "No approved councils in 2025/26"),
        (None, 40, None, "No earlier round to compare"),
    ],
)
def test_share_trend_says_why_there_is_nothing_to_compare(previous, current, earlier, words):
    assert share_trend(previous, current, earlier_round=earlier).words == words


def test_the_pdf_summary_says_when_its_filters_find_no_council(
    world, client_as, two_rounds, tmp_path
):
    response = client_as(world.users["lga_staff"]).get(
        reverse("assessments:national_report"), {"region": "london", "kind": "county"}
    )
    path = tmp_path / "summary.pdf"
    path.write_bytes(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "No councils match these filters" in text
    assert "Levels by key area" not in text
