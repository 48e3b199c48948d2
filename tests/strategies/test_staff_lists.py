"""LGA staff find the responses still to read or flagged, and publish the outcome only after
the consultation has closed."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.strategies.factories import ConsultationFactory, ConsultationResponseFactory

pytestmark = pytest.mark.django_db


def url(name, consultation, *args):
    return reverse(f"strategies:{name}", args=[consultation.slug, *args])


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(title="ICT consultation")
    for reference, read, flagged in [
        ("NPS-READ-0001", True, False),
        ("NPS-FLAG-0002", True, True),
        ("NPS-UNRD-0003", False, False),
        ("NPS-BOTH-0004", False, True),
    ]:
        ConsultationResponseFactory(
            consultation=consultation, reference=reference, is_read=read, is_flagged=flagged
        )
    return consultation


def references(html: str) -> set[str]:
    return {ref for ref in ("READ", "FLAG", "UNRD", "BOTH") if f"NPS-{ref}-" in html}


def test_staff_filter_responses_by_flagged_and_unread(staff, consultation):
    page = staff.get(url("response_list", consultation), {"flagged": "1"}).content.decode()
    assert references(page) == {"FLAG", "BOTH"}
    assert "2 responses" in page
    page = staff.get(url("response_list", consultation), {"unread": "1"}).content.decode()
    assert references(page) == {"UNRD", "BOTH"}
    both = {"unread": "1", "flagged": "1"}
    page = staff.get(url("response_list", consultation), both).content.decode()
    assert references(page) == {"BOTH"}
    page = staff.get(url("response_list", consultation)).content.decode()
    assert references(page) == {"READ", "FLAG", "UNRD", "BOTH"}
    assert "Flagged only" in page
    assert "Not read yet" in page


def test_filters_that_find_no_response_say_so(staff):
    consultation = ConsultationFactory()
    ConsultationResponseFactory(consultation=consultation, is_flagged=False)
    page = staff.get(url("response_list", consultation), {"flagged": "1"}).content.decode()
    assert "No responses match these filters" in page


def test_publish_the_outcome_is_not_offered_before_the_close(staff, consultation):
    page = staff.get(url("consultation_detail", consultation)).content.decode()
    assert "Publish the outcome" not in page
    form = staff.get(url("outcome", consultation)).content.decode()
    assert "You can publish the outcome once the consultation closes" in form
    assert 'name="outcome"' not in form


def test_publish_the_outcome_is_offered_once_closed(staff):
    closed = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=1)
    )
    page = staff.get(url("consultation_detail", closed)).content.decode()
    assert "Publish the outcome" in page
    assert 'name="outcome"' in staff.get(url("outcome", closed)).content.decode()


def test_the_responses_spreadsheet_has_a_frozen_header_and_readable_widths(staff, consultation):
    response = staff.get(url("export_xlsx", consultation))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    widths = {
        name: sheet.column_dimensions[c.column_letter].width
        for name, c in zip(header, sheet[1], strict=True)
    }
    assert widths["Reference"] >= len("NPS-READ-0001")
    assert widths["Sent by a signed-in member of the council"] <= 60
    assert sheet["E2"].value == "An individual"
