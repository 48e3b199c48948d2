"""Passwords are hashed with Argon2; older PBKDF2 hashes still work and are upgraded at sign-in."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_hashers(settings):
    # tests/conftest.py swaps in a fast hasher for every other test; these need the real list.
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


PRODUCTION_HASHERS = django_settings.PASSWORD_HASHERS


def test_argon2_is_the_hasher_for_new_passwords():
    assert PRODUCTION_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in PRODUCTION_HASHERS


def test_a_new_password_is_stored_as_argon2(real_hashers):
    user = UserFactory()
    assert user.password.startswith("argon2")


def test_a_pbkdf2_hash_signs_in_and_is_upgraded_to_argon2(client, real_hashers):
    user = UserFactory(email="officer@stockport.test")
    # An old hash as PBKDF2 wrote it (few iterations, so the test stays quick).
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "oldsalt1234", iterations=1000)
    user.save(update_fields=["password"])
    response = client.post(
        reverse("login"), {"username": "officer@stockport.test", "password": PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)
