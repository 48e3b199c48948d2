"""Responding reads plainly: no live Send button after sending, questions revealed under their
choice, GOV.UK wording for every error, and a saved response offered again."""

import re

import pytest
from django.urls import reverse

from strategies.models import ConsultationResponse
from tests.conftest import force_login_verified
from tests.factories import CouncilFactory, member_of
from tests.strategies.factories import ChoiceQuestionFactory, ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db
ABOUT = {"name": "Pat Jones", "email": "pat@example.org", "respondent_type": "individual"}
DJANGO_WORDING = ("Ensure this value", "Select a valid choice", "This field is required")


@pytest.fixture
def consultation():
    consultation = ConsultationFactory(title="Construction strategy consultation")
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    ChoiceQuestionFactory(consultation=consultation, order=2, text="Do you agree?")
    return consultation


def url(name, consultation, *args):
    return reverse(f"strategies:{name}", args=[consultation.slug, *args])


def answer_all(client, consultation, about=ABOUT):
    client.post(url("respond_about", consultation), about)
    client.post(url("respond_question", consultation, 1), {"answer": "Buy together."})
    client.post(url("respond_question", consultation, 2), {"answer": "Agree"})
    client.post(url("respond_publication", consultation), {"publication": "with_name"})


def assert_no_django_wording(html):
    for words in DJANGO_WORDING:
        assert words not in html


def test_back_to_check_your_answers_after_sending_says_it_was_already_sent(client, consultation):
    answer_all(client, consultation)
    client.post(url("respond_check", consultation))
    reference = ConsultationResponse.objects.get().reference

    page = client.get(url("respond_check", consultation))
    html = page.content.decode()
    assert page.status_code == 200
    assert "You have already sent this response" in html
    assert reference in html
    assert "Send response" not in html
    assert "no-store" in page["Cache-Control"]


def test_send_from_a_stale_check_page_says_it_was_already_sent_not_a_blank_form(
    client, consultation
):
    answer_all(client, consultation)
    client.post(url("respond_check", consultation))
    reference = ConsultationResponse.objects.get().reference

    again = client.post(url("respond_check", consultation))
    html = again.content.decode()
    assert "You have already sent this response" in html
    assert reference in html
    assert ConsultationResponse.objects.count() == 1


def test_a_new_response_after_sending_one_goes_through_check_your_answers(client, consultation):
    answer_all(client, consultation)
    client.post(url("respond_check", consultation))
    answer_all(client, consultation, about=ABOUT | {"email": "sam@example.org"})
    html = client.get(url("respond_check", consultation)).content.decode()
    assert "Check your answers before sending your response" in html
    assert "Send response" in html


def test_council_and_organisation_questions_are_revealed_under_their_choice(client, consultation):
    CouncilFactory(name="Stockport")
    html = client.get(url("respond_about", consultation)).content.decode()
    for value, field in [
        ("council", "id_council"),
        ("supplier", "id_supplier_name"),
        ("other_body", "id_organisation_name"),
    ]:
        radio = re.search(rf'<input[^>]*value="{value}"[^>]*>', html, re.S).group(0)
        target = re.search(r'data-aria-controls="([^"]+)"', radio).group(1)
        revealed = re.search(
            rf'<div class="govuk-radios__conditional[^"]*" id="{target}">.*?</div>\s*</div>',
            html,
            re.S,
        ).group(0)
        assert f'id="{field}"' in revealed


def test_a_supplier_names_the_supplier_under_its_choice(client, consultation):
    about = ABOUT | {"respondent_type": "supplier", "supplier_name": "Pat Ltd"}
    assert client.post(url("respond_about", consultation), about).status_code == 302
    answer_all(client, consultation, about=about)
    client.post(url("respond_check", consultation))
    assert ConsultationResponse.objects.get().organisation_name == "Pat Ltd"


def test_a_revealed_question_keeps_its_answer_and_error_visible(client, consultation):
    html = client.post(
        url("respond_about", consultation), ABOUT | {"respondent_type": "council"}
    ).content.decode()
    revealed = re.search(r'<div class="govuk-radios__conditional[^"]*"', html).group(0)
    assert "--hidden" not in revealed
    assert "Select your council" in html


@pytest.mark.parametrize(
    ("posted", "message"),
    [
        ({"respondent_type": "robot"}, "Select whether you respond as an individual or for whom"),
        ({"respondent_type": "council", "council": "99999"}, "Select your council"),
        ({"name": "n" * 151}, "Your full name must be 150 characters or fewer"),
        ({"supplier_name": "s" * 201}, "The name of the supplier must be 200 characters or fewer"),
    ],
)
def test_about_you_errors_are_in_govuk_words(client, consultation, posted, message):
    html = client.post(url("respond_about", consultation), ABOUT | posted).content.decode()
    assert message in html
    assert_no_django_wording(html)


def test_question_and_publication_errors_are_in_govuk_words(client, consultation):
    client.post(url("respond_about", consultation), ABOUT)
    html = client.post(url("respond_question", consultation, 2), {"answer": "Maybe"})
    assert "Select an answer from the list" in html.content.decode()
    assert_no_django_wording(html.content.decode())
    html = client.post(url("respond_publication", consultation), {"publication": "x"})
    assert "Select whether we may publish your response" in html.content.decode()
    assert_no_django_wording(html.content.decode())


def test_a_response_saved_for_later_is_offered_on_the_consultation_page(client, consultation):
    user = member_of(CouncilFactory(), email="officer@council.test")
    force_login_verified(client, user)
    client.post(url("respond_about", consultation), ABOUT | {"save_and_return": ""})

    client.logout()  # another day
    force_login_verified(client, user)
    html = client.get(url("consultation_detail", consultation)).content.decode()
    assert "Continue your response" in html
    assert url("respond_question", consultation, 1) in html
    assert "Respond to this consultation" not in html


def test_a_consultation_page_without_a_saved_response_offers_to_respond(client, consultation):
    html = client.get(url("consultation_detail", consultation)).content.decode()
    assert "Respond to this consultation" in html
    assert "Continue your response" not in html
