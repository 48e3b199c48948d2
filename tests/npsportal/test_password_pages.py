"""The password pages: one form each with its button, and GOV.UK wording for every mistake."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.conftest import force_login_verified
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
DJANGO_WORDING = ["didn’t match", "This password is too", "This field is required", "incorrectly"]


def reset_link(person):
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    return reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})


def assert_one_form_with_its_button(html):
    main = html[html.index("<main") :]
    assert len(re.findall(r"<form\b", main)) == 1
    assert "Save your new password</button>" in main


def test_the_change_password_page_is_one_form_with_a_button(client):
    force_login_verified(client, UserFactory())
    assert_one_form_with_its_button(client.get(reverse("password_change")).content.decode())


def test_the_new_password_page_from_the_email_is_one_form_with_a_button(client):
    page = client.get(reset_link(UserFactory()), follow=True)
    assert_one_form_with_its_button(page.content.decode())


def test_a_wrong_current_password_and_unmatched_new_ones_say_so_in_plain_words(client):
    force_login_verified(client, UserFactory())
    page = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "a-long-password", "new_password2": "other"},
    )
    html = page.content.decode()
    assert "govuk-error-summary" in html
    assert "Your current password is not correct" in html
    assert "The passwords do not match" in html
    assert not [words for words in DJANGO_WORDING if words in html]


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "Your new password must be at least 8 characters"),
        ("12345678901", "Your new password must not be only numbers"),
        ("password123", "Your new password is too common"),
    ],
)
def test_a_weak_new_password_is_refused_in_plain_words(client, password, message):
    page = client.get(reset_link(UserFactory()), follow=True)
    html = client.post(
        page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    ).content.decode()
    assert message in html
    assert 'href="#id_new_password1"' in html
    assert not [words for words in DJANGO_WORDING if words in html]


def test_an_empty_form_asks_for_each_password(client):
    force_login_verified(client, UserFactory())
    html = client.post(reverse("password_change"), {}).content.decode()
    for message in [
        "Enter your current password",
        "Enter your new password",
        "Enter your new password again",
    ]:
        assert message in html
