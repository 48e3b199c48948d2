"""Respondents' personal data is removed a set time after the outcome; exports show it only to
those allowed; the privacy page states the period."""

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
import rules
from django.core.management import call_command
from django.urls import reverse

from npsportal.rules import is_lga_staff
from strategies import services
from strategies.models import ConsultationResponse, ResponseDraft
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 11, 21, 10, 0, tzinfo=UTC)


def closed_consultation(*, outcome_days_ago: int | None):
    published = None if outcome_days_ago is None else NOW - timedelta(days=outcome_days_ago)
    return ConsultationFactory(
        opens_at=NOW - timedelta(days=800),
        closes_at=NOW - timedelta(days=700),
        outcome="What we did.",
        outcome_published_at=published,
    )


@pytest.fixture
def old_response(world):
    consultation = closed_consultation(outcome_days_ago=366)
    question = QuestionFactory(consultation=consultation, text="What should change?")
    response = ConsultationResponseFactory(
        consultation=consultation,
        reference="NPS-KEEP-0001",
        name="Alex Officer",
        email="alex@stockport.test",
        respondent_type=ConsultationResponse.RespondentType.COUNCIL,
        council=world.own,
        organisation_name="Stockport procurement team",
        ip_address="203.0.113.9",
        user=world.users["officer"],
    )
    ResponseAnswerFactory(response=response, question=question, text="Share systems.")
    ResponseDraft.objects.create(
        consultation=consultation, user=world.users["lead"], data={"name": "Sam Lead"}
    )
    return response


def test_personal_data_is_removed_once_the_retention_period_after_the_outcome_has_passed(
    old_response,
):
    assert services.anonymise_consultation_responses(at=NOW) == 1
    old_response.refresh_from_db()
    assert old_response.name == "Removed on 21 November 2027"
    assert old_response.email == "Removed on 21 November 2027"
    assert old_response.organisation_name == ""
    assert old_response.ip_address is None
    assert old_response.user is None
    assert not ResponseDraft.objects.filter(consultation=old_response.consultation).exists()


def test_anonymising_keeps_answers_respondent_type_council_and_reference(old_response, world):
    services.anonymise_consultation_responses(at=NOW)
    response = ConsultationResponse.objects.get(reference="NPS-KEEP-0001")
    assert response.respondent_type == ConsultationResponse.RespondentType.COUNCIL
    assert response.council == world.own
    assert [a.text for a in response.answers.all()] == ["Share systems."]


def test_the_duplicate_digest_no_longer_reveals_who_responded(old_response):
    from_email = services.response_digest(
        consultation_id=old_response.consultation_id,
        email="alex@stockport.test",
        answers={old_response.answers.get().question_id: "Share systems."},
    )
    old_response.digest = from_email
    old_response.save()
    services.anonymise_consultation_responses(at=NOW)
    old_response.refresh_from_db()
    assert old_response.digest != from_email
    assert len(old_response.digest) == 64


@pytest.mark.parametrize("outcome_days_ago", [None, 364])
def test_responses_keep_their_personal_data_until_the_period_has_passed(world, outcome_days_ago):
    consultation = closed_consultation(outcome_days_ago=outcome_days_ago)
    response = ConsultationResponseFactory(consultation=consultation, name="Jo Supplier")
    assert services.anonymise_consultation_responses(at=NOW) == 0
    response.refresh_from_db()
    assert response.name == "Jo Supplier"


def test_the_retention_period_comes_from_the_settings(world, settings):
    settings.CONSULTATION_RETENTION_DAYS = 30
    response = ConsultationResponseFactory(
        consultation=closed_consultation(outcome_days_ago=31), name="Jo Supplier"
    )
    services.anonymise_consultation_responses(at=NOW)
    response.refresh_from_db()
    assert response.name.startswith("Removed on ")


def test_a_second_run_leaves_anonymised_responses_alone(old_response):
    services.anonymise_consultation_responses(at=NOW)
    assert services.anonymise_consultation_responses(at=NOW + timedelta(days=1)) == 0
    old_response.refresh_from_db()
    assert old_response.name == "Removed on 21 November 2027"


def test_the_command_dry_run_counts_and_changes_nothing(old_response, time_machine):
    time_machine.move_to(NOW)
    out = io.StringIO()
    call_command("anonymise_consultation_responses", "--dry-run", stdout=out)
    assert "1 responses would be anonymised" in out.getvalue()
    old_response.refresh_from_db()
    assert old_response.name == "Alex Officer"
    call_command("anonymise_consultation_responses", stdout=out)
    old_response.refresh_from_db()
    assert old_response.name == "Removed on 21 November 2027"


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("anonymous", False),
        ("officer", False),
        ("lead", False),
        ("councillor", False),
        ("other_lead", False),
        ("lga_staff", True),
    ],
)
def test_only_lga_staff_may_see_respondents_personal_data(world, role, allowed):
    user = world.users[role]
    checked = user if user is not None else _anonymous()
    assert checked.has_perm("strategies.view_respondent_personal_data") is allowed


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _export_rows(client, response):
    url = reverse("strategies:export_csv", args=[response.consultation.slug])
    download = client.get(url)
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def live_response(world):
    response = ConsultationResponseFactory(name="Alex Officer", email="alex@stockport.test")
    question = QuestionFactory(consultation=response.consultation)
    ResponseAnswerFactory(response=response, question=question, text="Share systems.")
    return response


def test_the_export_names_respondents_for_those_allowed_to_see_personal_data(
    world, client_as, live_response
):
    rows = _export_rows(client_as(world.users["lga_staff"]), live_response)
    assert rows[0][2:4] == ["Name", "Email"]
    assert rows[1][2:4] == ["Alex Officer", "alex@stockport.test"]


@pytest.fixture
def personal_data_withheld():
    rules.set_perm("strategies.view_respondent_personal_data", rules.always_deny)
    yield
    rules.set_perm("strategies.view_respondent_personal_data", is_lga_staff)


def test_the_export_leaves_out_names_and_emails_for_exporters_not_allowed_to_see_them(
    world, client_as, live_response, personal_data_withheld
):
    rows = _export_rows(client_as(world.users["lga_staff"]), live_response)
    text = repr(rows)
    assert "Name" not in rows[0]
    assert "Email" not in rows[0]
    assert "Alex Officer" not in text
    assert "alex@stockport.test" not in text
    assert rows[1][0] == live_response.reference
    assert rows[1][-1] == "Share systems."


def test_the_privacy_page_states_the_configured_retention_period(client, settings):
    settings.CONSULTATION_RETENTION_DAYS = 90
    page = client.get(reverse("privacy")).content.decode()
    assert "90 days after a consultation's outcome is published" in page
    assert "we remove your name, email address" in page
