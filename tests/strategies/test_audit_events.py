"""The audit log records exports of responses, outcomes and the removal of personal data."""

import io
from datetime import timedelta

import pytest
import rules
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from npsportal.rules import is_lga_staff
from tests.audit import assert_recorded, events
from tests.strategies.factories import ConsultationFactory, ConsultationResponseFactory

pytestmark = pytest.mark.django_db


def url(name, consultation):
    return reverse(f"strategies:{name}", args=[consultation.slug])


@pytest.fixture
def answered(db):
    consultation = ConsultationFactory()
    ConsultationResponseFactory(
        consultation=consultation, name="Alex Respondent", email="alex@example.org"
    )
    return consultation


@pytest.fixture
def personal_data_withheld():
    rules.set_perm("strategies.view_respondent_personal_data", rules.always_deny)
    yield
    rules.set_perm("strategies.view_respondent_personal_data", is_lga_staff)


@pytest.mark.parametrize(("name", "file_format"), [("export_csv", "csv"), ("export_xlsx", "xlsx")])
def test_exports_are_recorded_with_their_format_and_personal_data(
    world, client_as, answered, name, file_format
):
    staff = world.users["lga_staff"]
    response = client_as(staff).get(url(name, answered))
    assert response.status_code == 200
    event = assert_recorded("consultation.exported", staff, answered)
    assert event.details == {"format": file_format, "personal_data": True}
    assert "alex" not in str(event.details).lower()


def test_an_export_without_personal_data_says_so(
    world, client_as, answered, personal_data_withheld
):
    client_as(world.users["lga_staff"]).get(url("export_csv", answered))
    (event,) = events("consultation.exported")
    assert event.details["personal_data"] is False


def test_a_refused_export_records_no_export(world, client_as, answered):
    response = client_as(world.users["lead"]).get(url("export_csv", answered))
    assert response.status_code == 403
    assert events("consultation.exported") == []


def test_publishing_the_outcome_is_recorded_with_who_and_from_where(world, client_as):
    closed = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=1)
    )
    staff = world.users["lga_staff"]
    client_as(staff).post(url("outcome", closed), {"outcome": "You said **more SMEs**."})
    event = assert_recorded("consultation.outcome_published", staff, closed)
    assert "SMEs" not in str(event.details)


def test_an_outcome_refused_before_the_close_records_nothing(world, client_as, answered):
    client_as(world.users["lga_staff"]).post(url("outcome", answered), {"outcome": "Too early."})
    assert events("consultation.outcome_published") == []


def test_anonymising_records_how_many_responses_and_no_personal_data(db):
    consultation = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=900),
        closes_at=timezone.now() - timedelta(days=800),
        outcome_published_at=timezone.now() - timedelta(days=700),
    )
    ConsultationResponseFactory.create_batch(
        2, consultation=consultation, name="Alex Respondent", email="alex@example.org"
    )
    call_command("anonymise_consultation_responses", "--dry-run", stdout=io.StringIO())
    assert events("consultation.responses_anonymised") == []
    call_command("anonymise_consultation_responses", stdout=io.StringIO())
    (event,) = events("consultation.responses_anonymised")
    assert (event.actor, event.ip_address) == (None, None)
    assert event.details == {"count": 2, "consultations": [consultation.pk]}
    assert "alex" not in str(event.details).lower()
    call_command("anonymise_consultation_responses", stdout=io.StringIO())
    assert len(events("consultation.responses_anonymised")) == 1  # nothing left: no event
