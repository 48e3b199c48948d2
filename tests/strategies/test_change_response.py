"""Respondents change a sent response until the close: signed in, or through their receipt."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from npsportal.models import OutgoingEmail
from strategies.change_links import change_token
from strategies.models import ConsultationResponse, ResponseAnswer
from strategies.services import response_digest
from tests.conftest import force_login_verified
from tests.factories import UserFactory
from tests.strategies.factories import (
    ChoiceQuestionFactory,
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://\S+/change-with-link/\S+/")


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(title="Construction strategy consultation")
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    ChoiceQuestionFactory(consultation=consultation, order=2, text="Do you agree?")
    return consultation


def sent(consultation, *, user=None, email="pat@example.org", texts=("Buy together.", "Agree")):
    """A response as the journey stores it, its digest included."""
    questions = list(consultation.questions.all())
    answers = {str(q.pk): t for q, t in zip(questions, texts, strict=True)}
    response = ConsultationResponseFactory(
        consultation=consultation,
        email=email,
        user=user,
        publication="with_name",
        digest=response_digest(consultation_id=consultation.pk, email=email, answers=answers),
    )
    for question, text in zip(questions, texts, strict=True):
        ResponseAnswer.objects.bulk_create(
            [ResponseAnswer(response=response, question=question, text=text)]
        )
    return response


def fields(consultation, texts, publication="with_name"):
    questions = list(consultation.questions.all())
    data = {f"answer_{q.pk}": t for q, t in zip(questions, texts, strict=True)}
    return data | {"publication": publication}


def link(response):
    return reverse(
        "strategies:respond_change_link", args=[response.consultation.slug, change_token(response)]
    )


def signed_in_url(response):
    return reverse(
        "strategies:respond_change", args=[response.consultation.slug, response.reference]
    )


def texts_of(response):
    return [a.text for a in response.answers.order_by("question__order")]


def test_the_receipt_carries_a_link_that_opens_the_response_form_pre_filled(client, consultation):
    client.post(
        reverse("strategies:respond_about", args=[consultation.slug]),
        {"name": "Pat", "email": "pat@example.org", "respondent_type": "individual"},
    )
    client.post(
        reverse("strategies:respond_question", args=[consultation.slug, 1]),
        {"answer": "Buy together."},
    )
    client.post(
        reverse("strategies:respond_question", args=[consultation.slug, 2]), {"answer": "Agree"}
    )
    client.post(
        reverse("strategies:respond_publication", args=[consultation.slug]),
        {"publication": "anonymous"},
    )
    client.post(reverse("strategies:respond_check", args=[consultation.slug]))  # fmt: skip
    [receipt] = mail.outbox
    url = LINK.search(receipt.body).group(0)
    assert "You can change your response until the consultation closes" in receipt.body

    client.logout()
    page = client.get(url.removeprefix(settings.SITE_URL)).content.decode()
    assert "Change your response" in page
    assert "Buy together." in page
    assert re.search(r'<input[^>]*value="anonymous"[^>]*checked', page)


def test_a_change_through_the_link_replaces_the_answers_and_keeps_the_earlier_words(
    client, consultation
):
    response = sent(consultation)
    changed = client.post(link(response), fields(consultation, ["Share systems.", "Agree"]))
    assert changed["Location"] == reverse(
        "strategies:consultation_detail", args=[consultation.slug]
    )
    response.refresh_from_db()
    assert texts_of(response) == ["Share systems.", "Agree"]
    assert response.changed_at is not None
    answer = response.answers.get(question__order=1)
    assert [h.text for h in answer.history.order_by("history_date")] == [
        "Buy together.",
        "Share systems.",
    ]
    page = client.get(changed["Location"]).content.decode()
    assert f"Your response {response.reference} is changed" in page


def test_a_change_recomputes_the_duplicate_digest_and_sends_a_new_receipt(client, consultation):
    response = sent(consultation)
    client.post(link(response), fields(consultation, ["Share systems.", "Agree"]))
    response.refresh_from_db()
    questions = list(consultation.questions.all())
    assert response.digest == response_digest(
        consultation_id=consultation.pk,
        email="pat@example.org",
        answers={str(questions[0].pk): "Share systems.", str(questions[1].pk): "Agree"},
    )
    [receipt] = mail.outbox
    assert "You changed your response at" in receipt.body
    assert "Share systems." not in receipt.body
    key = OutgoingEmail.objects.get().key
    assert key == f"receipt:{response.reference}:changed:{response.changed_at.isoformat()}"


def test_a_change_equal_to_another_response_of_the_same_person_is_refused_at_the_field(
    client, consultation
):
    sent(consultation, texts=("Share systems.", "Agree"))
    response = sent(consultation, texts=("Buy together.", "Agree"))
    refused = client.post(link(response), fields(consultation, ["share  SYSTEMS.", "Agree"]))
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "There is a problem" in page
    assert "You have already sent another response with exactly these answers" in page
    assert "share  SYSTEMS." in page  # input kept
    response.refresh_from_db()
    assert texts_of(response) == ["Buy together.", "Agree"]
    assert response.changed_at is None
    assert mail.outbox == []


def test_a_required_answer_left_empty_shows_an_error_and_saves_nothing(client, consultation):
    response = sent(consultation)
    refused = client.post(link(response), fields(consultation, ["", "Agree"]))
    page = refused.content.decode()
    assert "<title>Error: Change your response" in page
    assert "Enter your answer" in page
    assert texts_of(response) == ["Buy together.", "Agree"]


def test_a_signed_in_respondent_changes_their_response_from_the_consultation_page(
    client, consultation
):
    user = UserFactory()
    response = sent(consultation, user=user, email=user.email)
    force_login_verified(client, user)
    page = client.get(reverse("strategies:consultation_detail", args=[consultation.slug]))
    assert "Change your response" in page.content.decode()
    assert signed_in_url(response) in page.content.decode()
    client.post(signed_in_url(response), fields(consultation, ["Later words.", "Agree"]))
    assert texts_of(response) == ["Later words.", "Agree"]


def test_a_signed_in_person_cannot_change_someone_elses_response(client, consultation):
    response = sent(consultation, user=UserFactory())
    force_login_verified(client, UserFactory())
    assert client.get(signed_in_url(response)).status_code == 404
    posted = client.post(signed_in_url(response), fields(consultation, ["Mine now.", "Agree"]))
    assert posted.status_code == 404
    assert texts_of(response) == ["Buy together.", "Agree"]


def test_after_the_close_no_door_shows_the_form(client, consultation):
    user = UserFactory()
    response = sent(consultation, user=user, email=user.email)
    consultation.closes_at = timezone.now() - timedelta(minutes=1)
    consultation.save()
    gone = client.get(link(response))
    assert gone.status_code == 410
    page = gone.content.decode()
    assert "You can no longer change your response" in page
    assert f"closed on {consultation.closes_at:%-d %B %Y}" in page
    force_login_verified(client, user)
    assert client.get(signed_in_url(response)).status_code == 410
    detail = client.get(reverse("strategies:consultation_detail", args=[consultation.slug]))
    assert "Change your response" not in detail.content.decode()


@pytest.mark.parametrize("door", ["link", "signed_in"])
def test_a_change_posted_one_second_after_the_close_is_refused_and_saves_nothing(
    client, consultation, door
):
    user = UserFactory()
    response = sent(consultation, user=user, email=user.email)
    url = link(response) if door == "link" else signed_in_url(response)
    with time_machine.travel(consultation.closes_at - timedelta(minutes=5), tick=False) as clock:
        if door == "signed_in":
            force_login_verified(client, user)
        assert client.get(url).status_code == 200  # the form opened before the close
        clock.move_to(consultation.closes_at + timedelta(seconds=1))
        refused = client.post(url, fields(consultation, ["Too late.", "Agree"]))
    assert refused.status_code == 410
    assert "You can no longer change your response" in refused.content.decode()
    response.refresh_from_db()
    assert texts_of(response) == ["Buy together.", "Agree"]
    assert response.changed_at is None
    assert mail.outbox == []


def test_staff_see_that_the_respondent_changed_it_and_the_earlier_words(
    client, client_as, world, consultation
):
    response = sent(consultation)
    with time_machine.travel(timezone.now()):
        client.post(link(response), fields(consultation, ["Share systems.", "Agree"]))
    staff = client_as(world.users["lga_staff"])
    page = staff.get(
        reverse("strategies:response_detail", args=[consultation.slug, response.reference])
    ).content.decode()
    assert "Changed by the respondent on" in page
    assert "Earlier versions of this answer (1)" in page
    assert "Buy together." in page
    assert "Share systems." in page


def test_saving_without_changing_anything_sends_no_receipt(client, consultation):
    response = sent(consultation)
    client.post(link(response), fields(consultation, ["Buy together.", "Agree"]))
    response.refresh_from_db()
    assert response.changed_at is None
    assert mail.outbox == []


def test_answers_stored_before_this_feature_keep_their_first_words_in_history(client, consultation):
    response = ConsultationResponseFactory(consultation=consultation, email="old@example.org")
    for question, text in zip(consultation.questions.all(), ["Old words.", "Agree"], strict=True):
        ResponseAnswerFactory(response=response, question=question, text=text)
    ResponseAnswer.history.all().delete()  # as for answers stored in bulk
    client.post(link(response), fields(consultation, ["New words.", "Agree"]))
    answer = response.answers.get(question__order=1)
    assert [h.text for h in answer.history.order_by("history_date")] == ["Old words.", "New words."]
    assert ConsultationResponse.objects.get().changed_at is not None
