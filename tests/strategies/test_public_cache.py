"""A consultation's page shares what everyone sees alike, and follows every change and the clock."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from strategies import sent_responses, services
from tests.conftest import force_login_verified
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = pytest.mark.django_db


def page(client, consultation, **query) -> str:
    url = reverse("strategies:consultation_detail", args=[consultation.slug])
    response = client.get(url, query)
    assert response.status_code == 200
    assert "{#" not in response.content.decode()  # template comments stay comments
    return response.content.decode()


@pytest.fixture
def closed():
    past = timezone.now() - timedelta(days=2)
    consultation = ConsultationFactory(opens_at=past - timedelta(days=30), closes_at=past)
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    return consultation


def published(consultation, text, at, by):
    response = ConsultationResponseFactory(consultation=consultation, organisation_name="Acme")
    ResponseAnswerFactory(response=response, question=consultation.questions.get(), text=text)
    return sent_responses.publish_response(response=response, texts={}, reason="", at=at, by=by)


def test_a_second_anonymous_view_of_an_open_consultation_costs_three_queries(
    client, django_assert_num_queries
):
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation)
    page(client, consultation)
    # The consultation, its questions and whether its strategy is public.
    with django_assert_num_queries(3):
        page(client, consultation)


def test_a_second_anonymous_view_of_a_closed_consultation_costs_four_queries(
    client, closed, world, django_assert_num_queries
):
    published(closed, "Buy locally.", timezone.now(), world.users["lga_staff"])
    assert "Buy locally." in page(client, closed)
    # As an open one's, and the published responses' fingerprint instead of reading them.
    with django_assert_num_queries(4):
        assert "Buy locally." in page(client, closed)


def test_a_consultation_opens_by_the_clock(client):
    # A minute later: well within the time a shared part is kept, so only its key can tell.
    opens = timezone.now() + timedelta(seconds=30)
    consultation = ConsultationFactory(opens_at=opens, closes_at=opens + timedelta(weeks=4))
    assert "This consultation opens at" in page(client, consultation)
    with time_machine.travel(opens + timedelta(seconds=30)):
        after = page(client, consultation)
    assert "This consultation opens at" not in after
    assert "This consultation closes at" in after
    assert "Respond to this consultation" in after


def test_a_consultation_closes_by_the_clock(client):
    consultation = ConsultationFactory(closes_at=timezone.now() + timedelta(seconds=30))
    assert "Respond to this consultation" in page(client, consultation)
    with time_machine.travel(consultation.closes_at + timedelta(seconds=30)):
        after = page(client, consultation)
    assert "Respond to this consultation" not in after
    assert "This consultation closed at" in after


def test_a_changed_description_shows_at_once(client):
    consultation = ConsultationFactory(description="We ask about waste.")
    assert "We ask about waste." in page(client, consultation)
    consultation.description = "We ask about waste and recycling."
    consultation.save()
    assert "We ask about waste and recycling." in page(client, consultation)


def test_a_published_and_an_unpublished_response_show_at_once(client, closed, world):
    assert "Published responses" not in page(client, closed)
    response = published(closed, "Buy locally.", timezone.now(), world.users["lga_staff"])
    assert "Buy locally." in page(client, closed)
    sent_responses.unpublish_response(response=response)
    assert "Buy locally." not in page(client, closed)


def test_the_outcome_shows_once_published(client, closed):
    assert "What you said, what we did" not in page(client, closed)
    services.publish_outcome(consultation=closed, outcome="We will buy locally.", at=timezone.now())
    after = page(client, closed)
    assert "What you said, what we did" in after
    assert "We will buy locally." in after


def test_a_renamed_strategy_shows_at_once(client):
    consultation = ConsultationFactory()
    page(client, consultation)
    consultation.strategy.title = "Renamed ICT strategy"
    consultation.strategy.save()
    assert "Read the strategy: Renamed ICT strategy" in page(client, consultation)


def test_a_signed_in_person_never_sees_another_persons_response_from_the_shared_page(world):
    consultation = ConsultationFactory()
    officer = world.users["officer"]
    ConsultationResponseFactory(consultation=consultation, user=officer, reference="NPS-OWN-0001")
    first = force_login_verified(Client(), officer)
    assert "NPS-OWN-0001" in page(first, consultation)
    second = force_login_verified(Client(), world.users["other_officer"])
    assert "NPS-OWN-0001" not in page(second, consultation)
    assert "NPS-OWN-0001" not in page(Client(), consultation)
