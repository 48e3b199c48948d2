"""Two-factor sign-in: council and LGA staff accounts confirm a code after their password."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from npsportal.models import AuditEvent
from npsportal.roles import Role
from npsportal.two_factor import new_recovery_codes
from tests.browser import assert_accessible, click_and_wait, submit_password
from tests.conftest import force_login_verified
from tests.factories import (
    PASSWORD,
    CouncilFactory,
    UserFactory,
    authenticator_code,
    lga_staff,
    member_of,
)

pytestmark = pytest.mark.django_db
VERIFY = reverse("two_factor_verify")
SET_UP = reverse("two_factor_set_up")


def sign_in_with_password(client, user):
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def enter_code(client, code, next_url=""):
    url = f"{VERIFY}?next={next_url}" if next_url else VERIFY
    return client.post(url, {"code": code})


@pytest.fixture
def officer(db):
    return member_of(CouncilFactory(name="Stockport"), Role.OFFICER, email="officer@stockport.test")


@pytest.fixture
def recovery_codes(officer):
    """The officer's recovery codes."""
    return new_recovery_codes(user=officer)


def test_the_password_alone_leads_to_the_code_page_not_the_portal(client, officer):
    response = sign_in_with_password(client, officer)
    assert response["Location"] == f"{VERIFY}?next=%2F"
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_a_signed_in_but_unconfirmed_person_is_sent_to_the_code_page_from_any_page(client, officer):
    sign_in_with_password(client, officer)
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Faccounts%2Fpassword-change%2F"


def test_the_back_office_needs_the_code_too(client):
    staff = lga_staff(email="staff@lga.test")
    sign_in_with_password(client, staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)


def test_public_pages_and_signing_out_need_no_code(client, officer):
    sign_in_with_password(client, officer)
    for name in ["home", "privacy", "accessibility", "cookies", "healthz"]:
        assert client.get(reverse(name)).status_code == 200, name
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_right_code_lets_the_person_in_and_goes_where_they_were_going(client, officer):
    sign_in_with_password(client, officer)
    response = enter_code(
        client, authenticator_code(officer), next_url="/accounts/password-change/"
    )
    assert response["Location"] == "/accounts/password-change/"
    assert client.get(reverse("password_change")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.two_factor_verified", actor=officer).exists()


def test_the_code_page_refuses_to_send_anyone_to_another_site(client, officer):
    sign_in_with_password(client, officer)
    response = enter_code(client, authenticator_code(officer), next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_a_wrong_code_shows_a_govuk_error_summary_and_records_the_failure(client, officer):
    sign_in_with_password(client, officer)
    response = enter_code(client, "000000")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Enter the code from your authenticator app – NPS Portal</title>" in html
    assert "There is a problem" in html
    assert 'href="#id_code"' in html
    assert "govuk-error-message" in html
    assert 'value="000000"' in html
    assert AuditEvent.objects.filter(action="auth.two_factor_failed", actor=officer).exists()
    assert client.get(reverse("password_change")).status_code == 302


def test_an_empty_code_says_what_to_enter(client, officer):
    sign_in_with_password(client, officer)
    html = enter_code(client, "").content.decode()
    assert "Enter the code from your authenticator app</a>" in html


def test_repeated_wrong_codes_are_throttled_even_against_the_right_code(client, officer):
    sign_in_with_password(client, officer)
    # The clock stands still, so the waits between attempts do not depend on the machine's speed.
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(3):
            enter_code(client, "000000")
            clock.shift(timedelta(seconds=0.5))
        html = enter_code(client, authenticator_code(officer)).content.decode()
        assert "You have entered too many wrong codes. Wait" in html
        assert client.get(reverse("password_change")).status_code == 302
        # Once the wait is over, the right code works.
        clock.shift(timedelta(seconds=5))
        response = enter_code(client, authenticator_code(officer))
    assert response.status_code == 302
    assert client.get(reverse("password_change")).status_code == 200


def test_a_code_cannot_be_used_twice(client, officer):
    code = authenticator_code(officer)
    sign_in_with_password(client, officer)
    assert enter_code(client, code).status_code == 302
    client.post(reverse("logout"))
    sign_in_with_password(client, officer)
    assert enter_code(client, code).status_code == 200


def test_a_recovery_code_works_once_instead_of_the_app(client, officer, recovery_codes):
    assert len(recovery_codes) == 10
    sign_in_with_password(client, officer)
    assert enter_code(client, recovery_codes[0].upper()).status_code == 302
    assert client.get(reverse("password_change")).status_code == 200
    event = AuditEvent.objects.get(action="auth.recovery_code_used", actor=officer)
    assert event.details == {"remaining": 9}
    client.post(reverse("logout"))
    sign_in_with_password(client, officer)
    assert enter_code(client, recovery_codes[0]).status_code == 200
    assert client.get(reverse("password_change")).status_code == 302


def test_setting_up_shows_a_qr_code_and_the_secret_then_the_recovery_codes_once(client):
    officer = member_of(CouncilFactory(), Role.OFFICER, totp_device=False)
    response = sign_in_with_password(client, officer)
    assert response["Location"] == f"{SET_UP}?next=%2F"
    html = client.get(response["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    assert '<svg class="app-qr-code"' in html
    assert 'd="M' in html
    assert device.key not in html  # the secret is shown in base32, as apps expect
    secret = html.split('id="two-factor-secret">')[1].split("<")[0]
    assert len(secret.replace(" ", "")) == 32
    # Still unconfirmed: other pages send the person back to set-up.
    assert client.get(reverse("password_change"))["Location"].startswith(SET_UP)

    response = client.post(
        f"{SET_UP}?next=%2F", {"code": authenticator_code(officer, confirmed=False)}
    )
    assert response["Location"] == f"{reverse('two_factor_recovery_codes')}?next=%2F"
    page = client.get(response["Location"])
    assert len(page.context["codes"]) == 10
    assert page.context["codes"][0] in page.content.decode()
    # Shown once only.
    again = client.get(reverse("two_factor_recovery_codes"))
    assert page.context["codes"][0] not in again.content.decode()
    assert "You have 10 unused recovery codes" in again.content.decode()
    assert client.get(reverse("password_change")).status_code == 200
    assert AuditEvent.objects.filter(action="auth.two_factor_set_up", actor=officer).exists()


def test_a_wrong_code_at_set_up_shows_an_error_and_confirms_nothing(client):
    officer = member_of(CouncilFactory(), Role.OFFICER, totp_device=False)
    sign_in_with_password(client, officer)
    client.get(SET_UP)
    html = client.post(SET_UP, {"code": "12345x"}).content.decode()
    assert "There is a problem" in html
    assert "Enter the code shown in your authenticator app now" in html
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


def test_someone_with_an_app_cannot_replace_it_before_giving_a_code(client, officer):
    sign_in_with_password(client, officer)
    response = client.get(SET_UP)
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=officer).count() == 1


def test_new_recovery_codes_replace_the_old_ones(client, officer, recovery_codes):
    sign_in_with_password(client, officer)
    enter_code(client, authenticator_code(officer))
    response = client.post(reverse("two_factor_recovery_codes"), follow=True)
    new_codes = response.context["codes"]
    assert set(new_codes).isdisjoint(recovery_codes)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new_codes)


def test_people_without_a_council_or_lga_role_need_no_code(client):
    user = UserFactory(totp_device=False)
    sign_in_with_password(client, user)
    assert client.get(reverse("password_change")).status_code == 200


def test_demo_accounts_skip_the_code_only_with_debug_on(client, settings):
    demo = member_of(CouncilFactory(), Role.OFFICER, email="officer@stockport.example.org")
    settings.DEBUG = True
    sign_in_with_password(client, demo)
    assert client.get(reverse("password_change")).status_code == 200
    settings.TWO_FACTOR_DEMO_SKIP = False
    assert client.get(reverse("password_change")).status_code == 302
    settings.TWO_FACTOR_DEMO_SKIP = True
    settings.DEBUG = False
    assert client.get(reverse("password_change")).status_code == 302


def test_debug_does_not_let_other_accounts_skip(client, settings):
    settings.DEBUG = True
    officer = member_of(CouncilFactory(), Role.OFFICER, email="officer@stockport.gov.uk")
    sign_in_with_password(client, officer)
    assert client.get(reverse("password_change")).status_code == 302


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_setting_up_and_signing_in_with_a_code_in_a_browser(page, live_server):
    officer = member_of(
        CouncilFactory(), Role.OFFICER, email="new@stockport.test", totp_device=False
    )
    submit_password(page, live_server.url, officer.email, PASSWORD)
    expect(page).to_have_title(re.compile("^Set up two-factor sign-in"))
    assert_accessible(page)
    expect(page.get_by_role("img", name="QR code for adding NPS Portal")).to_be_visible()
    page.get_by_text("I cannot scan the QR code").click()  # opens on the page: no new page
    expect(page.locator("#two-factor-secret")).to_be_visible()

    page.get_by_label("Enter the code from your authenticator app").fill("000000")
    click_and_wait(page, "Confirm", expect_title="Error: Set up two-factor sign-in")

    page.wait_for_timeout(1100)  # one wrong code throttles the next attempt for a second
    page.get_by_label("Enter the code from your authenticator app").fill(
        authenticator_code(officer, confirmed=False)
    )
    click_and_wait(page, "Confirm", expect_title="Save your recovery codes")
    click_and_wait(page, "I have saved my recovery codes")

    page.context.clear_cookies()
    submit_password(page, live_server.url, officer.email, PASSWORD)
    expect(page).to_have_title(re.compile("^Enter the code from your authenticator app"))
    assert_accessible(page)
    page.get_by_label("Enter the code from your authenticator app").fill(
        authenticator_code(officer)
    )
    click_and_wait(page, "Continue")
    expect(page).to_have_url(f"{live_server.url}/")


def test_lga_staff_reset_a_persons_app_in_the_back_office_without_seeing_its_secret(
    client, officer
):
    force_login_verified(client, lga_staff())
    device = TOTPDevice.objects.get(user=officer)
    page = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert page.status_code == 200
    assert device.key not in page.content.decode()
    delete_url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    # Next time, the officer sets up an app again after their password.
    client.post(reverse("logout"))
    assert sign_in_with_password(client, officer)["Location"].startswith(SET_UP)


def test_council_members_cannot_open_the_two_factor_devices_in_the_back_office(client, officer):
    force_login_verified(client, officer)
    response = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert response.status_code == 302
