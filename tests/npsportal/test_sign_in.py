import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import force_login_verified
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_correct_password_signs_in_and_goes_home(client):
    user = UserFactory(email="officer@stockport.test")
    response = sign_in(client, "officer@stockport.test", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_email_is_matched_whatever_its_case(client):
    UserFactory(email="officer@stockport.test")
    response = sign_in(client, "Officer@Stockport.TEST", PASSWORD)
    assert response.status_code == 302


def test_wrong_password_shows_a_govuk_error_summary_and_keeps_the_email(client):
    UserFactory(email="officer@stockport.test")
    response = sign_in(client, "officer@stockport.test", "not-the-password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "There is a problem" in html
    assert "Enter a correct email address and password" in html
    assert 'value="officer@stockport.test"' in html
    assert "<title>Error: Sign in – NPS Portal</title>" in html


def test_empty_form_says_what_to_enter_at_each_field(client):
    response = sign_in(client, "", "")
    html = response.content.decode()
    assert "Enter your email address" in html
    assert "Enter your password" in html
    assert html.count("govuk-error-message") == 2


def test_repeated_wrong_passwords_lock_the_account_with_a_clear_message(client, settings):
    UserFactory(email="officer@stockport.test")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "officer@stockport.test", "wrong").status_code == 200
    response = sign_in(client, "officer@stockport.test", "wrong")
    assert response.status_code == 429
    assert "Your account is locked" in response.content.decode()
    # Even the right password is refused while the account is locked.
    response = sign_in(client, "officer@stockport.test", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_of_one_account_leaves_others_able_to_sign_in(client, settings):
    UserFactory(email="officer@stockport.test")
    UserFactory(email="lead@stockport.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "officer@stockport.test", "wrong")
    assert sign_in(client, "lead@stockport.test", PASSWORD).status_code == 302


def test_pages_need_sign_in_and_come_back_after_it(client):
    UserFactory(email="officer@stockport.test")
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('password_change')}"
    response = client.post(
        response["Location"], {"username": "officer@stockport.test", "password": PASSWORD}
    )
    assert response["Location"] == reverse("password_change")


def test_sign_in_refuses_to_redirect_to_another_site(client):
    UserFactory(email="officer@stockport.test")
    response = client.post(
        f"{reverse('login')}?next=https://evil.example.com/",
        {"username": "officer@stockport.test", "password": PASSWORD},
    )
    assert response["Location"] == reverse("home")


def test_sign_out_ends_the_session(client):
    user = UserFactory()
    force_login_verified(client, user)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_session_expires_after_inactivity(settings):
    assert settings.SESSION_COOKIE_AGE <= 60 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_password_reset_sends_a_link_that_lets_the_user_choose_a_new_password(client):
    user = UserFactory(email="officer@stockport.test")
    response = client.post(reverse("password_reset"), {"email": "officer@stockport.test"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your NPS Portal password"
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_url = client.get(path)["Location"]  # Django swaps the token for a session marker
    response = client.post(
        form_url,
        {"new_password1": "a-new-long-password-9", "new_password2": "a-new-long-password-9"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-long-password-9")


def test_password_change_with_mismatched_passwords_shows_errors_and_changes_nothing(client):
    user = UserFactory()
    force_login_verified(client, user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-9",
            "new_password2": "something-else-entirely-7",
        },
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
