"""Behind a proxy, only the X-Forwarded-For entries the trusted proxies added are believed: a
visitor writing their own first entry neither dodges a rate limit nor forges the audit log."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from casestudies.models import Reply
from casestudies.selectors import REPLIES_PER_IP_PER_HOUR
from npsportal.models import AuditEvent
from strategies.models import ConsultationResponse
from tests.casestudies.factories import CaseStudyFactory, ReplyFactory
from tests.conftest import force_login_verified
from tests.factories import PASSWORD, UserFactory
from tests.strategies.factories import (
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"
VISITOR = "203.0.113.9"
# The visitor wrote 6.6.6.6; the proxy appended the address the connection came from.
THROUGH_ONE_PROXY = {"HTTP_X_FORWARDED_FOR": f"6.6.6.6, {VISITOR}", "REMOTE_ADDR": PROXY}


@pytest.fixture
def one_proxy(settings):
    settings.AUDIT_TRUSTED_PROXY_COUNT = 1
    settings.AUDIT_TRUST_X_FORWARDED_FOR = False


def sign_in(client, password=PASSWORD, **extra):
    data = {"username": "officer@stockport.test", "password": password}
    return client.post(reverse("login"), data, **extra)


def test_the_audit_log_records_the_address_the_trusted_proxy_saw(client, one_proxy):
    UserFactory(email="officer@stockport.test")
    sign_in(client, **THROUGH_ONE_PROXY)
    assert AuditEvent.objects.get(action="auth.sign_in").ip_address == VISITOR


def test_a_forged_first_entry_changes_nothing_in_the_audit_log(client, one_proxy):
    UserFactory(email="officer@stockport.test")
    honest = {"HTTP_X_FORWARDED_FOR": VISITOR, "REMOTE_ADDR": PROXY}
    sign_in(client, **honest)
    client.logout()
    sign_in(client, **THROUGH_ONE_PROXY)
    addresses = set(AuditEvent.objects.filter(action="auth.sign_in").values_list("ip_address"))
    assert addresses == {(VISITOR,)}


def test_two_trusted_proxies_take_the_entry_the_outer_one_added(client, settings):
    settings.AUDIT_TRUSTED_PROXY_COUNT = 2
    UserFactory(email="officer@stockport.test")
    chain = f"6.6.6.6, {VISITOR}, 10.0.0.4"
    sign_in(client, HTTP_X_FORWARDED_FOR=chain, REMOTE_ADDR=PROXY)
    assert AuditEvent.objects.get(action="auth.sign_in").ip_address == VISITOR


def test_without_a_trusted_proxy_the_header_is_ignored(client, settings):
    settings.AUDIT_TRUSTED_PROXY_COUNT = 0
    settings.AUDIT_TRUST_X_FORWARDED_FOR = False
    UserFactory(email="officer@stockport.test")
    sign_in(client, **THROUGH_ONE_PROXY)
    assert AuditEvent.objects.get(action="auth.sign_in").ip_address == PROXY


def test_the_older_true_or_false_setting_means_one_trusted_proxy(client, settings):
    settings.AUDIT_TRUSTED_PROXY_COUNT = 0
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True
    UserFactory(email="officer@stockport.test")
    sign_in(client, **THROUGH_ONE_PROXY)
    assert AuditEvent.objects.get(action="auth.sign_in").ip_address == VISITOR


def test_a_failed_sign_in_is_counted_against_the_address_the_proxy_saw(client, one_proxy):
    UserFactory(email="officer@stockport.test")
    sign_in(client, password="wrong", **THROUGH_ONE_PROXY)
    assert AccessAttempt.objects.get().ip_address == VISITOR
    event = AuditEvent.objects.get(action="auth.sign_in_failed")
    assert event.ip_address == VISITOR


def test_a_forged_first_entry_does_not_dodge_the_reply_limit(client, one_proxy):
    case_study = CaseStudyFactory(slug="star")
    ReplyFactory.create_batch(REPLIES_PER_IP_PER_HOUR, case_study=case_study, ip_address=VISITOR)
    force_login_verified(client, UserFactory())
    url = reverse("casestudies:reply_create", args=["star"])
    page = client.post(url, {"body": "Hello"}, **THROUGH_ONE_PROXY)
    assert page.status_code == 429
    assert Reply.objects.count() == REPLIES_PER_IP_PER_HOUR


def test_a_forged_first_entry_does_not_dodge_the_consultation_limit(client, one_proxy, settings):
    settings.STRATEGIES_RESPONSES_PER_IP_PER_HOUR = 1
    consultation = ConsultationFactory()
    QuestionFactory(consultation=consultation, text="What should change?")
    ConsultationResponseFactory(ip_address=VISITOR)

    def step(name, *args):
        return reverse(f"strategies:{name}", args=[consultation.slug, *args])

    about = {"name": "Pat Jones", "email": "pat@example.org", "respondent_type": "individual"}
    client.post(step("respond_about"), about)
    client.post(step("respond_question", 1), {"answer": "Buy together."})
    client.post(step("respond_publication"), {"publication": "with_name"})
    page = client.post(step("respond_check"), **THROUGH_ONE_PROXY)
    assert page.status_code == 429
    assert not ConsultationResponse.objects.filter(consultation=consultation).exists()
