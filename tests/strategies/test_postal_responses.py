"""LGA staff enter responses received by post or email, marked as such."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from npsportal.models import AuditEvent
from strategies.models import ConsultationResponse
from tests.strategies.factories import (
    ChoiceQuestionFactory,
    ConsultationFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(title="Energy consultation")
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    ChoiceQuestionFactory(consultation=consultation, order=2, text="Do you agree?")
    return consultation


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


def enter_url(consultation):
    return reverse("strategies:response_enter", args=[consultation.slug])


def letter(consultation, received, **overrides):
    first, second = consultation.questions.all()
    data = {
        "channel": "post",
        "received_on_0": str(received.day),
        "received_on_1": str(received.month),
        "received_on_2": str(received.year),
        "name": "Alex Writer",
        "email": "",
        "respondent_type": "other_body",
        "organisation_name": "Parish Council",
        "publication": "anonymous",
        f"answer_{first.pk}": "Please buy locally.",
        f"answer_{second.pk}": "Agree",
    }
    return data | overrides


def test_staff_enter_a_letter_and_it_is_marked_as_received_by_post(staff, world, consultation):
    today = timezone.localdate()
    entered = staff.post(enter_url(consultation), letter(consultation, today))
    response = ConsultationResponse.objects.get()
    assert entered["Location"] == reverse(
        "strategies:response_detail", args=[consultation.slug, response.reference]
    )
    assert response.channel == "post"
    assert response.entered_by == world.users["lga_staff"]
    assert response.organisation_name == "Parish Council"
    assert [a.text for a in response.answers.all()] == ["Please buy locally.", "Agree"]
    assert AuditEvent.objects.filter(action="consultation_response.entered").exists()
    page = staff.get(entered["Location"]).content.decode()
    assert "by post" in page
    assert "Entered by" in page


def test_entered_responses_are_listed_and_exported_with_the_channel_in_words(staff, consultation):
    staff.post(enter_url(consultation), letter(consultation, timezone.localdate()))
    staff.post(
        enter_url(consultation),
        letter(consultation, timezone.localdate(), channel="email", email="a@example.org"),
    )
    listing = staff.get(reverse("strategies:response_list", args=[consultation.slug]))
    assert "By post" in listing.content.decode()
    assert "By email" in listing.content.decode()
    download = staff.get(reverse("strategies:export_csv", args=[consultation.slug]))
    rows = list(
        csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig")))
    )
    assert sorted(r["How it was sent"] for r in rows) == ["By email", "By post"]


def test_bad_input_shows_the_error_summary_keeps_the_input_and_saves_nothing(staff, consultation):
    data = letter(consultation, timezone.localdate(), name="", received_on_1="13")
    data["respondent_type"] = "council"
    page = staff.post(enter_url(consultation), data)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Error: Enter a response received by post or email" in text
    assert "There is a problem" in text
    assert "Enter the respondent&#x27;s full name" in text
    assert "Date received must be a real date" in text
    assert "Select the council" in text
    assert "Please buy locally." in text
    assert not ConsultationResponse.objects.exists()


def test_a_date_in_the_future_is_refused(staff, consultation):
    tomorrow = timezone.localdate() + timedelta(days=1)
    page = staff.post(enter_url(consultation), letter(consultation, tomorrow))
    assert "Date received must be today or in the past" in page.content.decode()
    assert not ConsultationResponse.objects.exists()


def test_a_letter_that_arrived_after_the_close_is_recorded_only_once_confirmed(staff):
    closed = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=10)
    )
    QuestionFactory(consultation=closed, order=1)
    ChoiceQuestionFactory(consultation=closed, order=2)
    late = timezone.localdate() - timedelta(days=2)
    asked = staff.post(enter_url(closed), letter(closed, late))
    text = asked.content.decode()
    assert "after the consultation closed on" in text
    assert "Tick the box to record it anyway" in text
    assert not ConsultationResponse.objects.exists()

    staff.post(enter_url(closed), letter(closed, late, confirm_late="on"))
    response = ConsultationResponse.objects.get()
    assert response.submitted_at.date() == late


def test_a_letter_dated_before_the_close_of_a_closed_consultation_needs_no_confirmation(staff):
    closed = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=10)
    )
    QuestionFactory(consultation=closed, order=1)
    ChoiceQuestionFactory(consultation=closed, order=2)
    on_time = timezone.localdate() - timedelta(days=12)
    staff.post(enter_url(closed), letter(closed, on_time))
    assert ConsultationResponse.objects.filter(channel="post").count() == 1


def test_the_same_letter_entered_twice_is_refused_at_the_field(staff, consultation):
    staff.post(enter_url(consultation), letter(consultation, timezone.localdate()))
    again = staff.post(enter_url(consultation), letter(consultation, timezone.localdate()))
    assert "There is already a response from this respondent" in again.content.decode()
    assert ConsultationResponse.objects.count() == 1


def test_a_council_officer_cannot_enter_responses(world, client_as, consultation):
    officer = client_as(world.users["officer"])
    assert officer.get(enter_url(consultation)).status_code == 403
    refused = officer.post(enter_url(consultation), letter(consultation, timezone.localdate()))
    assert refused.status_code == 403
    assert not ConsultationResponse.objects.exists()
