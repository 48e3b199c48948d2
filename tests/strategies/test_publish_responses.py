"""Staff publish responses whose respondents agreed, redacted; the public reads them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from npsportal.models import AuditEvent
from strategies import sent_responses, services
from strategies.models import ConsultationResponse
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed():
    past = timezone.now() - timedelta(days=2)
    consultation = ConsultationFactory(opens_at=past - timedelta(days=30), closes_at=past)
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    return consultation


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


def response_to(consultation, publication="with_name", text="Ask Jo Bloggs at the depot.", **kw):
    response = ConsultationResponseFactory(
        consultation=consultation,
        publication=publication,
        name="Jo Bloggs",
        email="jo@example.org",
        respondent_type="supplier",
        organisation_name="Bloggs Builders Ltd",
        **kw,
    )
    ResponseAnswerFactory(response=response, question=consultation.questions.get(), text=text)
    return response


def publish_url(response):
    return reverse(
        "strategies:response_publish", args=[response.consultation.slug, response.reference]
    )


def redacted(response, text="Ask [redacted] at the depot.", reason="Removed a named person"):
    answer = response.answers.get()
    return {f"text_{answer.pk}": text, "redaction_reason": reason}


def public_page(client, consultation, **query):
    url = reverse("strategies:consultation_detail", args=[consultation.slug])
    return client.get(url, query).content.decode()


def test_the_preparation_page_starts_from_the_answers_words(staff, closed):
    response = response_to(closed)
    page = staff.get(publish_url(response)).content.decode()
    assert "Prepare response" in page
    assert "Ask Jo Bloggs at the depot." in page


def test_staff_publish_a_redacted_response_and_the_public_read_it(staff, client, closed):
    response = response_to(closed)
    published = staff.post(publish_url(response), redacted(response))
    assert published.status_code == 302
    response.refresh_from_db()
    assert response.published_at is not None
    assert response.redaction_reason == "Removed a named person"
    assert response.answers.get().text == "Ask Jo Bloggs at the depot."  # the original stays
    assert AuditEvent.objects.filter(action="consultation_response.published").exists()

    client.logout()
    page = public_page(client, closed)
    assert "Published responses" in page
    assert "Ask [redacted] at the depot." in page
    assert "Bloggs Builders Ltd" in page
    assert "Jo Bloggs" not in page.replace("Bloggs Builders", "")
    assert "jo@example.org" not in page


def test_an_anonymous_response_is_published_without_any_name(staff, client, closed):
    response = response_to(closed, publication="anonymous")
    staff.post(publish_url(response), redacted(response))
    client.logout()
    page = public_page(client, closed)
    assert "Ask [redacted] at the depot." in page
    assert "Bloggs" not in page
    assert "jo@example.org" not in page
    assert "A supplier" in page


def test_a_reason_is_required_and_nothing_is_published_without_it(staff, closed):
    response = response_to(closed)
    page = staff.post(publish_url(response), redacted(response, reason=""))
    text = page.content.decode()
    assert "There is a problem" in text
    assert "Say what you took out of the response and why" in text
    assert "Ask [redacted] at the depot." in text  # input kept
    response.refresh_from_db()
    assert response.published_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_response_whose_respondent_did_not_agree_can_never_be_published(
    staff, client, closed, method
):
    response = response_to(closed, publication="no")
    refused = getattr(staff, method)(publish_url(response), redacted(response))
    assert refused.status_code == 403
    assert "did not agree to publication" in refused.content.decode()
    response.refresh_from_db()
    assert response.published_at is None
    assert response.answers.get().published_text == ""
    with pytest.raises(services.PublicationRefused):
        sent_responses.publish_response(
            response=response, texts={}, reason="x", at=timezone.now(), by=None
        )


def test_a_response_published_behind_the_rules_back_is_still_not_shown(client, closed):
    response = response_to(closed, publication="no")
    ConsultationResponse.objects.filter(pk=response.pk).update(published_at=timezone.now())
    response.answers.update(published_text="Secret words.")
    assert "Secret words." not in public_page(client, closed)


def test_responses_are_published_only_after_the_close(staff, client):
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation)
    response = response_to(consultation)
    page = staff.post(publish_url(response), redacted(response))
    assert page.status_code == 403
    assert "once the consultation closes" in page.content.decode()
    response.refresh_from_db()
    assert response.published_at is None


def test_staff_unpublish_a_response(staff, client, closed):
    response = response_to(closed)
    staff.post(publish_url(response), redacted(response))
    url = reverse("strategies:response_unpublish", args=[closed.slug, response.reference])
    staff.post(url)
    response.refresh_from_db()
    assert response.published_at is None
    assert AuditEvent.objects.filter(action="consultation_response.unpublished").exists()
    client.logout()
    assert "Ask [redacted] at the depot." not in public_page(client, closed)


def test_a_council_officer_cannot_publish(world, client_as, closed):
    response = response_to(closed)
    officer = client_as(world.users["officer"])
    assert officer.post(publish_url(response), redacted(response)).status_code == 403
    response.refresh_from_db()
    assert response.published_at is None


def test_published_responses_are_paginated(client, closed):
    for n in range(12):
        response = response_to(closed, text=f"Answer number {n}.")
        response.answers.update(published_text=f"Answer number {n}.")
        ConsultationResponse.objects.filter(pk=response.pk).update(published_at=timezone.now())
    first = public_page(client, closed)
    second = public_page(client, closed, page=2)
    assert "12 respondents agreed" in first
    assert first.count("Answer number") == 10
    assert second.count("Answer number") == 2
    assert 'aria-label="Pagination"' in first


def test_an_open_consultation_lists_no_published_responses(client):
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation)
    response = response_to(consultation)
    response.answers.update(published_text="Early words.")
    ConsultationResponse.objects.filter(pk=response.pk).update(published_at=timezone.now())
    assert "Early words." not in public_page(client, consultation)


def test_the_response_page_offers_publication_only_when_it_may_happen(staff, closed):
    agreed, declined = response_to(closed), response_to(closed, publication="no")
    for response, offered in ((agreed, True), (declined, False)):
        url = reverse("strategies:response_detail", args=[closed.slug, response.reference])
        assert ("Prepare for publication" in staff.get(url).content.decode()) is offered
