"""Responding to a consultation, signed in or not, through the GOV.UK question pages."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from npsportal.models import OutgoingEmail
from strategies.models import ConsultationResponse, ResponseDraft
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory, member_of
from tests.strategies.factories import (
    ChoiceQuestionFactory,
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db
ABOUT = {"name": "Pat Jones", "email": "Pat@Example.org", "respondent_type": "individual"}
REFERENCE = re.compile(r"NPS-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}")


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(title="Construction strategy consultation")
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    ChoiceQuestionFactory(consultation=consultation, order=2, text="Do you agree?")
    return consultation


def url(name, consultation, *args):
    return reverse(f"strategies:{name}", args=[consultation.slug, *args])


def answer_all(client, consultation, about=ABOUT, text="Buy together.", publication="with_name"):
    client.post(url("respond_about", consultation), about)
    client.post(url("respond_question", consultation, 1), {"answer": text})
    client.post(url("respond_question", consultation, 2), {"answer": "Agree"})
    return client.post(url("respond_publication", consultation), {"publication": publication})


def send(client, consultation, **extra):
    return client.post(url("respond_check", consultation), extra)


def test_a_member_of_the_public_responds_and_gets_a_reference_and_a_receipt(
    client, consultation, django_capture_on_commit_callbacks
):
    answer_all(client, consultation)
    check = client.get(url("respond_check", consultation))
    assert "Check your answers before sending your response" in check.content.decode()
    assert "Buy together." in check.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        sent = send(client, consultation)
    assert sent["Location"] == url("respond_confirmation", consultation)
    page = client.get(sent["Location"]).content.decode()
    reference = ConsultationResponse.objects.get().reference
    assert REFERENCE.fullmatch(reference)
    assert "Response sent" in page
    assert reference in page
    [receipt] = mail.outbox
    assert receipt.to == ["pat@example.org"]
    assert reference in receipt.subject
    assert "Construction strategy consultation" in receipt.body
    assert "Buy together." not in receipt.body


def test_the_response_records_the_answers_in_question_order(client, consultation):
    answer_all(client, consultation)
    send(client, consultation)
    response = ConsultationResponse.objects.get()
    assert [a.text for a in response.answers.all()] == ["Buy together.", "Agree"]
    assert response.respondent_type == "individual"
    assert response.publication == "with_name"


def test_a_council_respondent_names_their_council(client, consultation):
    stockport = CouncilFactory(name="Stockport")
    about = ABOUT | {"respondent_type": "council", "council": stockport.pk}
    answer_all(client, consultation, about=about)
    send(client, consultation)
    assert ConsultationResponse.objects.get().council == stockport


def test_about_you_without_answers_shows_govuk_errors(client, consultation):
    page = client.post(url("respond_about", consultation), {"name": "Pat Jones"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: " in html
    assert "There is a problem" in html
    assert "Enter your email address" in html
    assert "Select whether you respond as an individual or for whom" in html
    assert 'value="Pat Jones"' in html


def test_a_council_respondent_must_choose_a_council(client, consultation):
    about = ABOUT | {"respondent_type": "council", "email": "not-an-email"}
    html = client.post(url("respond_about", consultation), about).content.decode()
    assert "Select your council" in html
    assert "Enter an email address in the correct format" in html
    assert not client.session.get(f"strategies:response:{consultation.pk}")


def test_a_supplier_must_name_the_supplier(client, consultation):
    about = ABOUT | {"respondent_type": "supplier"}
    html = client.post(url("respond_about", consultation), about).content.decode()
    assert "Enter the name of the supplier" in html


def test_a_required_question_left_empty_shows_an_error(client, consultation):
    client.post(url("respond_about", consultation), ABOUT)
    page = client.post(url("respond_question", consultation, 1), {"answer": "  "})
    assert "Enter your answer" in page.content.decode()
    page = client.post(url("respond_question", consultation, 2), {"answer": "Maybe"})
    assert "Select an answer from the list" in page.content.decode()


def test_a_question_number_past_the_last_is_not_found(client, consultation):
    assert client.get(url("respond_question", consultation, 3)).status_code == 404


def test_check_your_answers_sends_people_back_to_what_they_missed(client, consultation):
    client.post(url("respond_about", consultation), ABOUT)
    page = client.get(url("respond_check", consultation))
    assert page["Location"] == url("respond_question", consultation, 1)


def test_a_change_from_check_your_answers_returns_to_it(client, consultation):
    answer_all(client, consultation)
    check = client.get(url("respond_check", consultation)).content.decode()
    assert f'href="{url("respond_question", consultation, 1)}?change=1"' in check
    changed = client.post(url("respond_question", consultation, 1) + "?change=1", {"answer": "B"})
    assert changed["Location"] == url("respond_check", consultation)


def test_the_honeypot_refuses_a_robot_and_saves_nothing(client, consultation):
    page = client.post(url("respond_about", consultation), ABOUT | {"website": "http://spam"})
    assert page.status_code == 400
    assert "Your response could not be sent" in page.content.decode()
    assert not client.session.get(f"strategies:response:{consultation.pk}")


def test_too_many_responses_from_one_address_get_a_429_page(client, consultation, settings):
    settings.STRATEGIES_RESPONSES_PER_IP_PER_HOUR = 2
    for _ in range(2):
        ConsultationResponseFactory(ip_address="127.0.0.1")
    answer_all(client, consultation)
    page = send(client, consultation)
    assert page.status_code == 429
    assert "Too many responses" in page.content.decode()
    assert not ConsultationResponse.objects.filter(consultation=consultation).exists()


def test_responses_from_an_address_over_an_hour_ago_do_not_count(client, consultation, settings):
    settings.STRATEGIES_RESPONSES_PER_IP_PER_HOUR = 2
    earlier = timezone.now() - timedelta(minutes=61)
    for _ in range(2):
        ConsultationResponseFactory(ip_address="127.0.0.1", submitted_at=earlier)
    answer_all(client, consultation)
    assert send(client, consultation).status_code == 302


def test_too_many_responses_from_one_signed_in_person_get_a_429_page(
    client, consultation, settings
):
    settings.STRATEGIES_RESPONSES_PER_USER_PER_HOUR = 1
    user = member_of(CouncilFactory(), "officer")
    ConsultationResponseFactory(user=user, ip_address="10.0.0.1")
    force_login_verified(client, user)
    answer_all(client, consultation)
    assert send(client, consultation).status_code == 429


def test_the_same_answers_from_the_same_email_are_a_duplicate(client, consultation):
    answer_all(client, consultation)
    send(client, consultation)
    # Again, with other capitals and spacing.
    answer_all(
        client, consultation, about=ABOUT | {"email": "pat@example.ORG"}, text="buy  together."
    )
    page = send(client, consultation)
    assert page.status_code == 409
    assert "You have already sent this response" in page.content.decode()
    assert ConsultationResponse.objects.count() == 1


def test_different_answers_from_the_same_email_are_not_a_duplicate(client, consultation):
    answer_all(client, consultation)
    send(client, consultation)
    answer_all(client, consultation, text="Something else.")
    assert send(client, consultation).status_code == 302
    assert ConsultationResponse.objects.count() == 2


def test_a_closed_consultation_refuses_responses_with_a_clear_page(client):
    closed = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=1)
    )
    page = client.get(url("respond_about", closed))
    assert page.status_code == 410
    assert "This consultation has closed" in page.content.decode()
    assert client.post(url("respond_about", closed), ABOUT).status_code == 410


def test_a_forthcoming_consultation_is_not_open_yet(client):
    later = ConsultationFactory(
        opens_at=timezone.now() + timedelta(days=1), closes_at=timezone.now() + timedelta(days=30)
    )
    page = client.get(url("respond_about", later))
    assert page.status_code == 403
    assert "This consultation is not open yet" in page.content.decode()


def test_a_draft_consultation_is_not_found_by_the_public(client):
    draft = ConsultationFactory(is_draft=True)
    assert client.get(url("consultation_detail", draft)).status_code == 404
    assert client.get(url("respond_about", draft)).status_code == 404


def test_a_signed_in_respondent_saves_and_comes_back_later(client, consultation):
    user = member_of(CouncilFactory(), email="officer@council.test")
    force_login_verified(client, user)
    client.post(url("respond_about", consultation), ABOUT)
    saved = client.post(
        url("respond_question", consultation, 1), {"answer": "Half done", "save_and_return": ""}
    )
    assert saved["Location"] == url("consultation_detail", consultation)
    assert ResponseDraft.objects.get(user=user).data["answers"]

    client.logout()  # a new session, as on another day or device
    force_login_verified(client, user)
    page = client.get(url("respond_question", consultation, 1))
    assert "Half done" in page.content.decode()


def test_sending_a_response_deletes_the_draft(client, consultation):
    user = member_of(CouncilFactory(), email="officer@council.test")
    force_login_verified(client, user)
    answer_all(client, consultation)
    send(client, consultation)
    assert not ResponseDraft.objects.exists()
    assert ConsultationResponse.objects.get().user == user


def test_the_confirmation_page_without_a_response_goes_to_the_consultation(client, consultation):
    page = client.get(url("respond_confirmation", consultation))
    assert page["Location"] == url("consultation_detail", consultation)


def test_behind_a_trusted_proxy_the_rate_limit_counts_the_forwarded_address(
    client, consultation, settings
):
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True
    settings.STRATEGIES_RESPONSES_PER_IP_PER_HOUR = 1
    ConsultationResponseFactory(ip_address="203.0.113.9")
    answer_all(client, consultation)
    page = client.post(url("respond_check", consultation), HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert page.status_code == 429


def test_a_mail_server_failure_loses_neither_the_response_nor_its_receipt(
    client, consultation, settings
):
    settings.EMAIL_BACKEND = "tests.refusing_email.RefusingEmailBackend"
    answer_all(client, consultation)
    sent = send(client, consultation)
    assert sent.status_code == 302
    response = ConsultationResponse.objects.get()
    receipt = OutgoingEmail.objects.get(to=response.email)
    assert response.reference in receipt.subject
    assert receipt.state == "Waiting to send"
    assert "SMTPConnectError" in receipt.last_error
