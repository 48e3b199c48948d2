"""Anyone may type anyone's email address when responding: the receipt says nothing the stranger
wrote, a few an hour at most reach one address, and nobody's responses are refused because a
stranger used their address."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from strategies.models import ConsultationResponse
from tests.strategies.factories import ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.org"
STRANGERS_WORDS = "Click https://evil.example/ to claim your prize"


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(title="ICT strategy consultation")
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    return consultation


def respond(client, consultation, *, email, name="Pat Jones", answer="Buy together.", ip):
    def step(name, *args):
        return reverse(f"strategies:{name}", args=[consultation.slug, *args])

    about = {"name": name, "email": email, "respondent_type": "individual"}
    client.post(step("respond_about"), about)
    client.post(step("respond_question", 1), {"answer": answer})
    client.post(step("respond_publication"), {"publication": "with_name"})
    return client.post(step("respond_check"), REMOTE_ADDR=ip)


def test_a_receipt_carries_the_reference_and_a_summary_but_nothing_the_sender_typed(
    client, consultation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        respond(
            client,
            consultation,
            email=VICTIM,
            name=STRANGERS_WORDS,
            answer=STRANGERS_WORDS,
            ip="198.51.100.7",
        )
    [receipt] = mail.outbox
    response = ConsultationResponse.objects.get()
    assert response.reference in receipt.body
    assert "ICT strategy consultation" in receipt.body
    assert "consult@lga.test" in receipt.body
    assert "evil.example" not in receipt.body
    assert "evil.example" not in receipt.subject


def test_a_stranger_cannot_use_up_someones_allowance_to_respond(
    consultation, settings, django_capture_on_commit_callbacks
):
    settings.STRATEGIES_RECEIPTS_PER_EMAIL_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):
            stranger = Client()
            sent = respond(
                stranger, consultation, email=VICTIM, answer=f"Spam {n}", ip=f"198.51.100.{n}"
            )
            assert sent.status_code == 302
        victim = Client()
        sent = respond(victim, consultation, email=VICTIM, answer="My own view.", ip="192.0.2.1")
    assert sent.status_code == 302
    assert ConsultationResponse.objects.filter(email=VICTIM).count() == 6
    # The address got two receipts in the hour, however many people typed it.
    assert len(mail.outbox) == 2
    page = victim.get(sent["Location"]).content.decode()
    assert "We have not emailed your reference number this time" in page
    assert ConsultationResponse.objects.get(answers__text="My own view.").reference in page
