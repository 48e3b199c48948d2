"""CSRF: a POST without the token is refused (403) on every URL, and changes nothing."""

from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.views import APIView

from assessments.models import Action, Answer, Assessment, Evidence
from casestudies.models import CaseStudy, Reply
from npsportal.api.authentication import AccessTokenAuthentication
from npsportal.api.views import NotFoundView
from strategies.models import Consultation, ConsultationResponse
from tests.assessments.factories import RoundFactory, rate_all
from tests.casestudies.factories import CaseStudyFactory, ReplyFactory
from tests.factories import PASSWORD
from tests.security.objects import council_work, row_objects
from tests.strategies import factories as s
from tests.test_permission_matrix import ROWS

FUTURE = {"_0": "1", "_1": "1", "_2": str(timezone.localdate().year + 2)}


def every_view(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from every_view(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield str(pattern.pattern), pattern.callback


def is_api_view(view) -> bool:
    return issubclass(getattr(view, "cls", object), APIView)


def test_no_view_is_exempt_from_csrf_checks():
    # Django REST framework marks its views exempt and checks CSRF only where it authenticates by
    # the session; the API reads a bearer token alone (next test), which a forged cross-site
    # request cannot carry.
    exempt = [
        route
        for route, view in every_view()
        if getattr(view, "csrf_exempt", False) and not is_api_view(view)
    ]
    assert not exempt


def test_the_api_trusts_no_session_and_changes_nothing():
    api_views = [view for _, view in every_view() if is_api_view(view)]
    assert api_views
    for view in api_views:
        classes = view.cls.authentication_classes
        assert classes == [AccessTokenAuthentication], view.cls
        # Read only; the catch-all for unknown API addresses answers every method with a 404.
        writes = set(view.cls.http_method_names) - {"get", "head", "options"}
        assert not writes or view.cls is NotFoundView, view.cls


def test_a_signed_in_session_posting_to_the_api_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["lga_staff"])
    response = client.post(reverse("assessments_api:assessment_list"), {})
    assert response.status_code in (401, 405)


def _key_area_data(work, text):
    prefix = f"s{work.answer.statement.pk}-"
    return {f"{prefix}version": work.answer.version, f"{prefix}evidence_text": text, "later": "1"}


def assessment_cases(world):
    """(role, url, data, what changes) for each assessment POST."""
    work = council_work(world.own, "OWN")
    submitted = council_work(world.own, "SUBMITTED", status="submitted")
    complete = council_work(world.own, "COMPLETE")
    rate_all(complete.assessment)
    fresh = RoundFactory()
    a = work.assessment
    return [
        ("lead", reverse("assessments:assessment_start", args=["stockport", fresh.slug]), {},
         lambda: Assessment.objects.filter(round=fresh).count()),
        ("officer", reverse("assessments:key_area", kwargs=work.kwargs("pk", "key_area")),
         _key_area_data(work, "Changed"),
         lambda: Answer.objects.get(pk=work.answer.pk).evidence_text),
        ("officer", reverse("assessments:check_answers", args=[complete.assessment.pk]),
         {"declaration": "on"}, lambda: Assessment.objects.get(pk=complete.assessment.pk).status),
        ("lead", reverse("assessments:sign_off", args=[submitted.assessment.pk]),
         {"decision": "approve"},
         lambda: Assessment.objects.get(pk=submitted.assessment.pk).status),
        ("officer", reverse("assessments:action_change", kwargs=work.kwargs("pk", "action")),
         {"what": "Changed", "owner": "Me", "status": "done"}
         | {f"due_on{k}": v for k, v in FUTURE.items()},
         lambda: Action.objects.get(pk=work.action.pk).what),
        ("officer", reverse("assessments:evidence_remove", kwargs=work.kwargs("pk", "evidence")),
         {}, lambda: Evidence.objects.filter(answer__assessment=a).count()),
        ("officer", reverse("assessments:action_remove", kwargs=work.kwargs("pk", "action")),
         {}, lambda: Action.objects.filter(answer__assessment=a).count()),
    ]  # fmt: skip


def casestudy_cases(world):
    draft = CaseStudyFactory(status="draft")
    published = CaseStudyFactory()
    pending = ReplyFactory(case_study=published)
    return [
        ("officer", reverse("casestudies:reply_create", args=[published.slug]),
         {"body": "Thanks"}, lambda: Reply.objects.count()),
        ("lga_staff", reverse("casestudies:case_study_change_status", args=[draft.slug, "submit"]),
         {}, lambda: CaseStudy.objects.get(pk=draft.pk).status),
        ("lga_staff", reverse("casestudies:reply_moderate", args=[pending.pk, "approve"]),
         {}, lambda: Reply.objects.get(pk=pending.pk).status),
    ]  # fmt: skip


def strategy_cases(world):
    open_ = s.ConsultationFactory()
    s.QuestionFactory(consultation=open_)
    past = timezone.now() - timedelta(days=1)
    closed = s.ConsultationFactory(opens_at=past - timedelta(days=9), closes_at=past)
    response = s.ConsultationResponseFactory(consultation=open_)

    def respond(name, *args):
        return reverse(f"strategies:{name}", args=[open_.slug, *args])

    about = {"name": "Pat", "email": "pat@example.org", "respondent_type": "individual"}
    return [
        (None, respond("respond_about"), about, None),
        (None, respond("respond_question", 1), {"answer": "Yes"}, None),
        (None, respond("respond_publication"), {"publication": "no"}, None),
        ("lga_staff", reverse("strategies:response_detail", args=[open_.slug, response.reference]),
         {"mark": "read"}, lambda: ConsultationResponse.objects.get(pk=response.pk).is_read),
        ("lga_staff", reverse("strategies:outcome", args=[closed.slug]),
         {"outcome": "We listened."}, lambda: Consultation.objects.get(pk=closed.pk).outcome),
    ]  # fmt: skip


def account_cases(world):
    officer = world.users["officer"]
    return [
        (None, reverse("login"), {"username": officer.email, "password": PASSWORD}, None),
        ("officer", reverse("logout"), {}, None),
        ("officer", reverse("password_change"),
         {"old_password": PASSWORD, "new_password1": "A-new-long-pass-1234",
          "new_password2": "A-new-long-pass-1234"},
         lambda: type(officer).objects.get(pk=officer.pk).password),
        (None, reverse("password_reset"), {"email": officer.email}, lambda: len(mail.outbox)),
    ]  # fmt: skip


CASE_SETS = [assessment_cases, casestudy_cases, strategy_cases, account_cases]


def _session(client):
    return dict(client.session.items())


@pytest.mark.parametrize("cases", CASE_SETS)
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(world, client_as, cases):
    for role, url, data, changes in cases(world):
        client = client_as(world.users[role] if role else None)
        state = changes or (lambda client=client: _session(client))
        before = state()
        client.handler.enforce_csrf_checks = True
        try:
            refused = client.post(url, data)
        finally:
            client.handler.enforce_csrf_checks = False
        assert refused.status_code == 403, f"{role} POST {url}: {refused.status_code}"
        assert state() == before, f"{role} POST {url} changed something"
        # The control: the same POST with the token does change it (so the test can fail).
        accepted = client.post(url, data)
        assert accepted.status_code in (200, 302), f"{role} POST {url}: {accepted.status_code}"
        assert state() != before, f"{role} POST {url} with the token changed nothing"


def test_setting_a_new_password_from_a_reset_link_needs_the_token(world, client):
    officer = world.users["officer"]
    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    token = default_token_generator.make_token(officer)
    form = client.get(reverse("password_reset_confirm", args=[uid, token]))
    assert form.status_code == 302  # to the set-password page, the token now in the session
    new = {"new_password1": "A-new-long-pass-1234", "new_password2": "A-new-long-pass-1234"}
    client.handler.enforce_csrf_checks = True
    assert client.post(form["Location"], new).status_code == 403
    client.handler.enforce_csrf_checks = False
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_every_url_in_the_permission_matrix_refuses_a_post_without_the_token(world, client_as):
    """Every URL of the matrix, POSTed without a token by someone who may use it, is a 403."""
    seen = set()
    for row in ROWS:
        if row.url_name in seen:
            continue
        seen.add(row.url_name)
        role = next(
            (r for r in ("officer", "lead", "lga_staff") if row.expected[r] in (200, 302)),
            "anonymous",
        )
        client = client_as(world.users[role])
        client.handler.enforce_csrf_checks = True
        try:
            with row_objects(world):
                response = client.post(reverse(row.url_name, kwargs=row.kwargs(world)), row.data)
        finally:
            client.handler.enforce_csrf_checks = False
        assert response.status_code == 403, f"{row.url_name} as {role}: {response.status_code}"
