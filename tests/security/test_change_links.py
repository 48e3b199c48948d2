"""The signed link in a receipt changes its one response, until the close, and nothing else."""

from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from strategies.change_links import CHANGE_LINK_SALT, change_token
from strategies.models import ResponseAnswer
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation():
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    return consultation


def response_with(consultation, text, **fields):
    response = ConsultationResponseFactory(consultation=consultation, **fields)
    ResponseAnswer.objects.create(
        response=response, question=consultation.questions.get(), text=text
    )
    return response


def url(consultation, token):
    return reverse("strategies:respond_change_link", args=[consultation.slug, token])


def form(consultation, text):
    return {f"answer_{consultation.questions.get().pk}": text, "publication": "no"}


def test_a_tampered_link_is_not_found_and_changes_nothing(client, consultation):
    mine = response_with(consultation, "My words.")
    token = change_token(mine)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(url(consultation, tampered)).status_code == 404
    assert client.post(url(consultation, tampered), form(consultation, "x")).status_code == 404
    assert mine.answers.get().text == "My words."


def test_a_link_made_up_with_another_reference_but_no_secret_is_not_found(client, consultation):
    theirs = response_with(consultation, "Their words.")
    unsigned = signing.dumps({"r": theirs.reference}, key="guessed", salt=CHANGE_LINK_SALT)
    other_salt = signing.dumps({"r": theirs.reference}, salt="strategies.check-your-answers")
    for token in (unsigned, other_salt, theirs.reference, "x"):
        page = client.get(url(consultation, token))
        assert page.status_code == 404
        assert "Their words." not in page.content.decode()


def test_a_link_opens_only_its_own_response_never_anothers(client, consultation):
    mine = response_with(consultation, "My words.")
    theirs = response_with(consultation, "Their words.")
    page = client.get(url(consultation, change_token(mine))).content.decode()
    assert "My words." in page
    assert "Their words." not in page
    assert theirs.reference not in page
    client.post(url(consultation, change_token(mine)), form(consultation, "Changed."))
    assert theirs.answers.get().text == "Their words."
    assert mine.answers.get().text == "Changed."


def test_a_link_under_another_consultations_address_is_not_found(client, consultation):
    mine = response_with(consultation, "My words.")
    other = ConsultationFactory()
    assert client.get(url(other, change_token(mine))).status_code == 404


def test_a_link_stops_working_when_the_consultation_closes(client, consultation):
    mine = response_with(consultation, "My words.")
    token = change_token(mine)
    consultation.closes_at = timezone.now() - timedelta(seconds=1)
    consultation.save()
    closed = client.get(url(consultation, token))
    assert closed.status_code == 410
    assert "My words." not in closed.content.decode()
    assert client.post(url(consultation, token), form(consultation, "Late.")).status_code == 410
    assert mine.answers.get().text == "My words."


def test_a_tampered_link_after_the_close_says_nothing_about_the_consultations_responses(
    client, consultation
):
    consultation.closes_at = timezone.now() - timedelta(seconds=1)
    consultation.save()
    assert client.get(url(consultation, "forged")).status_code == 404
