import pytest
from django.urls import reverse

from npsportal.models import AuditEvent, Membership
from npsportal.roles import Role
from tests.conftest import force_login_verified
from tests.factories import PASSWORD, CouncilFactory, UserFactory, lga_staff, member_of

pytestmark = pytest.mark.django_db


def sign_in(client, email, password, **extra):
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


def test_sign_in_is_recorded_with_who_and_from_where(client):
    user = UserFactory(email="officer@stockport.test")
    sign_in(client, "officer@stockport.test", PASSWORD, REMOTE_ADDR="203.0.113.9")
    event = AuditEvent.objects.get(action="auth.sign_in")
    assert event.actor == user
    assert event.ip_address == "203.0.113.9"


def test_failed_sign_in_is_recorded_without_the_password(client):
    sign_in(client, "nobody@stockport.test", "my-secret-guess")
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.actor_email == "nobody@stockport.test"
    assert "my-secret-guess" not in str(event.details)


def test_lockout_is_recorded(client, settings):
    UserFactory(email="officer@stockport.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "officer@stockport.test", "wrong")
    assert AuditEvent.objects.filter(
        action="auth.locked_out", actor_email="officer@stockport.test"
    ).exists()


def test_forwarded_address_is_ignored_unless_the_proxy_is_trusted(client, settings):
    UserFactory(email="officer@stockport.test")
    forged = {"HTTP_X_FORWARDED_FOR": "198.51.100.1", "REMOTE_ADDR": "10.0.0.5"}
    sign_in(client, "officer@stockport.test", PASSWORD, **forged)
    assert AuditEvent.objects.get(action="auth.sign_in").ip_address == "10.0.0.5"
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True
    client.logout()
    sign_in(client, "officer@stockport.test", PASSWORD, **forged)
    assert AuditEvent.objects.filter(action="auth.sign_in").first().ip_address == "198.51.100.1"


def test_role_changes_in_the_back_office_are_recorded(client):
    staff = lga_staff()
    council = CouncilFactory(name="Stockport")
    person = member_of(council, Role.OFFICER)
    membership = Membership.objects.get(user=person)
    force_login_verified(client, staff)
    response = client.post(
        reverse("admin:npsportal_membership_change", args=[membership.pk]),
        {"user": person.pk, "council": council.pk, "role": Role.LEAD},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="role.granted")
    assert event.actor == staff
    assert event.details == {"role": "lead", "council": "Stockport", "previous_role": "officer"}
    membership.refresh_from_db()
    assert membership.role == Role.LEAD


def test_lga_staff_read_the_audit_log_but_cannot_change_it(client):
    staff = lga_staff()
    force_login_verified(client, staff)
    event = AuditEvent.objects.filter(action="auth.sign_in").first() or AuditEvent.objects.create(
        action="auth.sign_in", actor_email="x@example.org"
    )
    assert client.get(reverse("admin:npsportal_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:npsportal_auditevent_add")).status_code == 403
    response = client.post(reverse("admin:npsportal_auditevent_delete", args=[event.pk]))
    assert response.status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_council_members_cannot_read_the_audit_log(client):
    force_login_verified(client, member_of(CouncilFactory(), Role.LEAD, is_staff=True))
    response = client.get(reverse("admin:npsportal_auditevent_changelist"))
    assert response.status_code == 302
