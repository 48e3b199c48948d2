"""The sign-in lockout: one counter per address whatever its capitals, and no locking out others."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from npsportal.models import User
from tests.conftest import force_login_verified
from tests.factories import PASSWORD, UserFactory, lga_staff

pytestmark = pytest.mark.django_db

OFFICE = "198.51.100.7"
ELSEWHERE = "203.0.113.20"


def sign_in(client, email, password, address=OFFICE, **extra):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address, **extra
    )


def signed_in_as(client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def test_wrong_passwords_in_mixed_capitals_share_one_counter(client, settings):
    UserFactory(email="someone@council.test")
    spellings = ["someone@council.test", "SOMEONE@council.test", "Someone@Council.Test"]
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, spellings[attempt % 3], "wrong").status_code == 200
    assert sign_in(client, "someone@COUNCIL.TEST", "wrong").status_code == 429


@pytest.mark.parametrize(
    "spelling", ["someone@council.test", "SOMEONE@council.test", "  Someone@Council.TEST  "]
)
def test_right_password_in_any_capitals_is_refused_once_locked(client, settings, spelling):
    user = UserFactory(email="someone@council.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "someone@council.test", "wrong")
    response = sign_in(client, spelling, PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    assert not signed_in_as(client, user)


def test_sign_in_works_with_capitals_and_spaces_when_not_locked(client):
    user = UserFactory(email="someone@council.test")
    response = sign_in(client, "  SomeOne@Council.TEST ", PASSWORD)
    assert response.status_code == 302
    assert signed_in_as(client, user)


def test_a_stranger_cannot_lock_the_owner_out_from_another_address(client, settings):
    user = UserFactory(email="someone@council.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "someone@council.test", "wrong", address=OFFICE)
    assert sign_in(client, "someone@council.test", PASSWORD, address=OFFICE).status_code == 429
    response = sign_in(client, "someone@council.test", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302
    assert signed_in_as(client, user)


def test_one_address_can_try_only_so_many_passwords_across_all_accounts(client, settings):
    settings.AXES_FAILURE_LIMIT_PER_ADDRESS = 8
    victims = [UserFactory(email=f"person{n}@council.test") for n in range(4)]
    # Fewer than the per-account limit for each account, but the address's cap in all.
    for n in range(7):
        assert sign_in(client, victims[n % 3].email, "wrong").status_code == 200
    assert sign_in(client, victims[0].email, "wrong").status_code == 429
    assert sign_in(client, victims[3].email, PASSWORD).status_code == 429
    assert not signed_in_as(client, victims[3])
    # Everyone else's address is unaffected.
    assert sign_in(client, victims[3].email, PASSWORD, address=ELSEWHERE).status_code == 302


def test_a_forged_forwarded_for_header_does_not_reset_the_counter(client, settings):
    UserFactory(email="someone@council.test")
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "someone@council.test", "wrong", HTTP_X_FORWARDED_FOR=f"81.2.69.{n}")
    response = sign_in(client, "someone@council.test", PASSWORD, HTTP_X_FORWARDED_FOR="81.2.69.200")
    assert response.status_code == 429


def test_an_address_differing_only_in_capitals_cannot_be_a_second_account(db):
    UserFactory(email="someone@x.test")
    with pytest.raises(IntegrityError):
        User.objects.create(email="Someone@X.test")


def test_the_user_manager_stores_addresses_lower_cased_and_stripped(db):
    user = User.objects.create_user("  New.Person@Council.TEST ", PASSWORD)
    assert user.email == "new.person@council.test"


def add_person(client, email):
    return client.post(
        reverse("admin:npsportal_user_add"),
        {
            "email": email,
            "full_name": "New Person",
            "usable_password": "true",
            "password1": "a-long-new-password-9",
            "password2": "a-long-new-password-9",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )


def test_the_back_office_refuses_an_address_that_differs_only_in_capitals(client):
    UserFactory(email="someone@x.test")
    force_login_verified(client, lga_staff())
    response = add_person(client, "Someone@X.test")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "A person with this email address already exists"
    ]
    assert User.objects.filter(email__iexact="someone@x.test").count() == 1


def test_the_back_office_stores_a_new_address_lower_cased_and_stripped(client):
    force_login_verified(client, lga_staff())
    response = add_person(client, "  New.Person@Council.TEST ")
    assert response.status_code == 302
    assert User.objects.filter(email="new.person@council.test").exists()


def test_the_back_office_refuses_changing_an_address_to_another_persons_in_capitals(client):
    UserFactory(email="someone@x.test")
    other = UserFactory(email="other@x.test")
    force_login_verified(client, lga_staff())
    response = client.post(
        reverse("admin:npsportal_user_change", args=[other.pk]),
        {
            "email": "SOMEONE@x.test",
            "full_name": "Other",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "09:00:00",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == [
        "A person with this email address already exists"
    ]
    other.refresh_from_db()
    assert other.email == "other@x.test"
