"""A respondent cannot keep their personal data past the retention period by choosing a name
that looks like an anonymised one: anonymised is a recorded fact, never read from the text."""

import io
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command

from tests.strategies.factories import ConsultationFactory, ConsultationResponseFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 11, 21, 10, 0, tzinfo=UTC)


@pytest.fixture
def due_response():
    consultation = ConsultationFactory(
        opens_at=NOW - timedelta(days=800),
        closes_at=NOW - timedelta(days=700),
        outcome="What we did.",
        outcome_published_at=NOW - timedelta(days=366),
    )
    return ConsultationResponseFactory(
        consultation=consultation,
        name="Removed on 1 January 2020",
        email="dodger@example.org",
        organisation_name="Dodgers Ltd",
        ip_address="203.0.113.9",
    )


def test_a_respondent_named_like_an_anonymised_one_is_still_anonymised_when_due(
    due_response, time_machine
):
    time_machine.move_to(NOW)
    out = io.StringIO()
    call_command("anonymise_consultation_responses", stdout=out)
    assert out.getvalue().startswith("1 responses anonymised")
    due_response.refresh_from_db()
    assert due_response.email == "Removed on 21 November 2027"
    assert due_response.name == "Removed on 21 November 2027"
    assert due_response.organisation_name == ""
    assert due_response.ip_address is None
    assert due_response.anonymised_at == NOW


def test_an_anonymised_response_is_not_anonymised_again(due_response, time_machine):
    time_machine.move_to(NOW)
    call_command("anonymise_consultation_responses", stdout=io.StringIO())
    time_machine.move_to(NOW + timedelta(days=1))
    out = io.StringIO()
    call_command("anonymise_consultation_responses", stdout=out)
    assert out.getvalue().startswith("0 responses anonymised")
    due_response.refresh_from_db()
    assert due_response.anonymised_at == NOW
