"""Anyone may say they respond for a council: staff pages and exports show which council responses
a signed-in member of that council sent, and which are not confirmed."""

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from strategies.models import ConsultationResponse
from tests.conftest import force_login_verified
from tests.strategies.factories import ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db

CONFIRMED = "Stockport (confirmed: sent by a signed-in member)"
NOT_CONFIRMED = "Stockport (not confirmed)"


@pytest.fixture
def consultation(world):
    """Three responses "for Stockport": Stockport's officer signed in, a stranger, and an officer
    of Trafford signed in."""
    consultation = ConsultationFactory(title="ICT consultation")
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    for n, user in enumerate(
        [world.users["officer"], None, world.users["other_officer"]],
    ):
        client = Client()
        if user is not None:
            force_login_verified(client, user)
        respond_for(client, consultation, world.own, email=f"person{n}@example.org")
    return consultation


def respond_for(client, consultation, council, *, email):
    def step(name, *args):
        return reverse(f"strategies:{name}", args=[consultation.slug, *args])

    about = {"name": "Alex", "email": email, "respondent_type": "council", "council": council.pk}
    client.post(step("respond_about"), about)
    client.post(step("respond_question", 1), {"answer": f"Answer from {email}"})
    client.post(step("respond_publication"), {"publication": "with_name"})
    assert client.post(step("respond_check")).status_code == 302


def reference_of(email):
    return ConsultationResponse.objects.get(email=email).reference


def text_of(page) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))


@pytest.fixture
def staff(world):
    return force_login_verified(Client(), world.users["lga_staff"])


def test_the_response_list_marks_which_council_responses_are_confirmed(consultation, staff):
    page = text_of(staff.get(reverse("strategies:response_list", args=[consultation.slug])))
    assert page.count("Confirmed: sent by a signed-in member") == 1
    assert page.count("Not confirmed") == 2
    assert "of which confirmed: sent by a signed-in member of the council 1" in page
    assert "of which not confirmed 2" in page


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("person0@example.org", "Confirmed: sent by a signed-in member"),
        ("person1@example.org", "Not confirmed"),
        ("person2@example.org", "Not confirmed"),
    ],
)
def test_the_response_page_says_whether_the_council_is_confirmed(
    consultation, staff, email, expected
):
    url = reverse("strategies:response_detail", args=[consultation.slug, reference_of(email)])
    page = text_of(staff.get(url))
    assert f"A council: Stockport {expected}" in page


def test_the_maturity_page_marks_which_council_responses_are_confirmed(consultation, staff):
    url = reverse("strategies:response_maturity", args=[consultation.slug])
    page = text_of(staff.get(url))
    assert page.count("Confirmed: sent by a signed-in member") == 1
    assert page.count("Not confirmed") == 2


def test_the_csv_export_says_whether_the_council_is_confirmed(consultation, staff):
    download = staff.get(reverse("strategies:export_csv", args=[consultation.slug]))
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_reference = {row["Reference"]: row for row in rows}
    assert by_reference[reference_of("person0@example.org")]["Council or organisation"] == CONFIRMED
    for email in ("person1@example.org", "person2@example.org"):
        row = by_reference[reference_of(email)]
        assert row["Council or organisation"] == NOT_CONFIRMED
        assert row["Sent by a signed-in member of the council"] == "No"


def test_the_xlsx_export_says_whether_the_council_is_confirmed(consultation, staff):
    download = staff.get(reverse("strategies:export_xlsx", args=[consultation.slug]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    header, *rows = list(workbook["Responses"].values)
    column = header.index("Council or organisation")
    assert sorted(row[column] for row in rows) == [CONFIRMED, NOT_CONFIRMED, NOT_CONFIRMED]
