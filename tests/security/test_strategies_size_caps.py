"""Every free text a respondent types has a documented cap: longer text gets a GOV.UK error at
the field and in the summary, never a 500 and never a row."""

import re

import pytest
from django.urls import reverse

from strategies.models import ConsultationResponse, ResponseAnswer
from tests.strategies.factories import ConsultationFactory, QuestionFactory

pytestmark = pytest.mark.django_db

ABOUT = {
    "name": "Pat Jones",
    "email": "pat@example.org",
    "respondent_type": "supplier",
    "organisation_name": "Pat Ltd",
}


@pytest.fixture
def consultation():
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation, order=1, text="What should change?")
    return consultation


def url(name, consultation, *args):
    return reverse(f"strategies:{name}", args=[consultation.slug, *args])


def assert_govuk_error(page, message):
    html = page.content.decode()
    assert page.status_code == 200
    assert "<title>Error: " in html
    summary = re.search(r'<div class="govuk-error-summary".*?</div>\s*</div>', html, re.S)
    assert summary
    assert message in summary.group(0)
    hidden = '<span class="govuk-visually-hidden">Error:</span>'
    assert re.search(rf'class="govuk-error-message">\s*{hidden}\s*{message}', html)


def test_an_answer_over_5000_characters_gets_an_error_and_is_not_kept(client, consultation):
    client.post(url("respond_about", consultation), ABOUT)
    page = client.post(url("respond_question", consultation, 1), {"answer": "a" * 5001})
    assert_govuk_error(page, "Your answer must be 5,000 characters or fewer")
    assert not client.session[f"strategies:response:{consultation.pk}"]["answers"]
    assert not ResponseAnswer.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "n" * 151, "Your full name must be 150 characters or fewer"),
        ("email", "e" * 250 + "@example.org", "Your email address must be 254 characters or fewer"),
        (
            "organisation_name",
            "o" * 201,
            "The name of your organisation must be 200 characters or fewer",
        ),
    ],
)
def test_about_you_over_its_caps_gets_a_govuk_error(client, consultation, field, value, message):
    page = client.post(url("respond_about", consultation), ABOUT | {field: value})
    assert_govuk_error(page, message)
    assert not ConsultationResponse.objects.exists()
