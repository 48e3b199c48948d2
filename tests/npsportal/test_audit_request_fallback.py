"""Services record who acted and from where without being passed the request."""

import pytest
from django.db import transaction
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from npsportal.audit import current_request, record_event
from npsportal.models import AuditEvent
from npsportal.roles import Role
from npsportal.two_factor import new_recovery_codes
from tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db
RECOVERY_CODES = reverse("two_factor_recovery_codes")


@pytest.fixture
def officer(db):
    return member_of(CouncilFactory(name="Stockport"), Role.OFFICER, email="officer@stockport.test")


def test_new_recovery_codes_are_recorded_with_who_and_from_where_but_not_the_codes(
    client_as, officer
):
    old_codes = new_recovery_codes(user=officer)
    response = client_as(officer).post(RECOVERY_CODES, REMOTE_ADDR="203.0.113.7", follow=True)
    new_codes = response.context["codes"]
    event = AuditEvent.objects.filter(action="auth.recovery_codes_regenerated").first()
    assert (event.actor, event.ip_address) == (officer, "203.0.113.7")
    assert event.details == {"count": 10, "replaced_old_codes": True}
    stored = str(event.__dict__)
    assert not [code for code in [*old_codes, *new_codes] if code in stored]
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new_codes)


def test_an_event_outside_any_request_has_no_address(officer):
    new_recovery_codes(user=officer)
    event = AuditEvent.objects.get(action="auth.recovery_codes_regenerated")
    assert (event.actor, event.ip_address) == (officer, None)
    assert event.details["replaced_old_codes"] is False


def test_the_request_is_forgotten_once_the_response_is_made(client_as, officer):
    assert client_as(officer).get(RECOVERY_CODES).status_code == 200
    assert current_request() is None
    record_event(action="test.after_response")
    event = AuditEvent.objects.get(action="test.after_response")
    assert (event.actor, event.ip_address) == (None, None)


@transaction.atomic
def _new_codes_then_fail(user):
    new_recovery_codes(user=user)
    raise RuntimeError("the change failed")


def test_an_event_recorded_in_a_transaction_that_rolls_back_is_gone(officer):
    with pytest.raises(RuntimeError):
        _new_codes_then_fail(officer)
    assert not AuditEvent.objects.filter(action="auth.recovery_codes_regenerated").exists()


def test_secrets_passed_in_details_never_reach_the_log():
    record_event(action="test.secrets", details={"password": "hunter2", "Token": "abc", "n": 1})
    assert AuditEvent.objects.get(action="test.secrets").details == {"n": 1}
