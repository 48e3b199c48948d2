"""The back office and the refusal page speak in words: sections, audit actions, people."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from npsportal.audit import record_event
from tests.factories import TOTP_KEY

pytestmark = pytest.mark.django_db
AUDIT = reverse("admin:npsportal_auditevent_changelist")


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


def test_two_factor_sections_are_named_in_words(staff):
    html = staff.get(reverse("admin:index")).content.decode()
    assert "Two-factor devices" in html
    assert "Authenticator apps" in html
    assert "Otp_Totp" not in html
    assert ">otp_totp<" not in html.lower()
    assert "TOTP devices" not in html
    assert "Static devices" not in html


@pytest.mark.parametrize(
    ("url", "title", "crumb"),
    [
        (
            "admin:otp_totp_totpdevice_changelist",
            "Choose the authenticator app to see or change",
            "Authenticator apps",
        ),
        (
            "admin:otp_static_staticdevice_changelist",
            "Choose the recovery code set to see or change",
            "Recovery code sets",
        ),
    ],
)
def test_two_factor_pages_are_titled_in_words(staff, url, title, crumb):
    html = staff.get(reverse(url)).content.decode()
    assert f"<title>{title} |" in html
    assert f"<h1>{title}</h1>" in html
    assert f"&rsaquo; {crumb}\n" in html
    assert "Select TOTP device" not in html
    assert "&rsaquo; TOTP devices" not in html
    assert "&rsaquo; Static devices" not in html


def test_the_audit_log_names_actions_in_words_and_filters_by_action(world, staff):
    record_event(action="auth.sign_in", actor=world.users["officer"])
    record_event(action="assessment.submitted", actor=world.users["lead"])
    html = staff.get(AUDIT).content.decode()
    assert "Signed in" in html
    assert "Self-assessment sent for sign-off" in html
    assert ">auth.sign_in<" not in html

    narrowed = staff.get(AUDIT, {"action": "auth.sign_in"}).content.decode()
    assert "officer@stockport.test" in narrowed
    assert "lead@stockport.test" not in narrowed


def test_the_audit_log_filters_by_person(world, staff):
    officer, lead = world.users["officer"], world.users["lead"]
    record_event(action="auth.sign_in", actor=officer)
    record_event(action="auth.sign_in", actor=lead)
    html = staff.get(AUDIT, {"actor__id__exact": officer.pk}).content.decode()
    assert "By person" in html
    assert "officer@stockport.test" in html
    assert "lead@stockport.test</td>" not in html


def test_the_refusal_page_does_not_send_lga_staff_to_a_council(world, client_as):
    page = client_as(world.users["lga_staff"]).get(reverse("assessments:dashboard"))
    html = page.content.decode()
    assert page.status_code == 403
    assert "head of procurement" not in html
    assert "portal team" in html


def test_the_refusal_page_sends_council_users_to_their_head_of_procurement(world, client_as):
    page = client_as(world.users["councillor"]).get(reverse("assessments:national"))
    assert page.status_code == 403
    assert "your council's head of procurement" in page.content.decode()


def test_an_authenticator_apps_page_is_titled_in_words(world, staff):
    device = TOTPDevice.objects.create(user=world.users["officer"], name="Phone", key=TOTP_KEY)
    html = staff.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).content.decode()
    assert "| Change authenticator app |" in html
    assert "Authenticator apps</a>" in html
    assert "TOTP device" not in html
