"""Arbitrary text and files thrown at every form: the answer is 200, 302 or 4xx, never a 500.

The test client raises any exception a view lets escape, so a crash fails the example too."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from assessments.models import Assessment
from casestudies.forms import CaseStudyDocumentForm
from strategies.admin import StrategyDocumentForm
from tests.assessments.factories import AssessmentFactory, RoundFactory, rate_all
from tests.casestudies.factories import CaseStudyFactory
from tests.security.fuzz import FUZZ, assert_answered, date_part, files, form_data, text
from tests.security.objects import council_work
from tests.strategies import factories as s

STATEMENT_FIELDS = [
    "version", "current_level", "target_level", "confidence", "evidence_text", "evidence_links",
    "action_what", "action_owner", "action_status",
]  # fmt: skip
DATE_FIELDS = ["target_date", "action_due_on"]


def statement_fields(statement):
    prefix = f"s{statement.pk}-"
    fields = {f"{prefix}{name}": text for name in STATEMENT_FIELDS}
    fields |= {f"{prefix}{d}_{i}": date_part for d in DATE_FIELDS for i in range(3)}
    return fields


@pytest.fixture
def work(world):
    return council_work(world.own, "OWN")


@FUZZ
@given(data=form_data("username", "password", "next"))
def test_sign_in(world, client_as, data):
    assert_answered(client_as(None).post(reverse("login"), data), "sign in")


@FUZZ
@given(data=form_data("email"))
def test_password_reset(world, client_as, data):
    assert_answered(client_as(None).post(reverse("password_reset"), data), "password reset")


@FUZZ
@given(data=form_data("old_password", "new_password1", "new_password2"))
def test_password_change(world, client_as, data):
    client = client_as(world.users["officer"])
    assert_answered(client.post(reverse("password_change"), data), "password change")


@FUZZ
@given(data=st.data())
def test_key_area_page(world, client_as, work, data):
    statements = list(work.key_area.statements.all())
    fields = {}
    for statement in statements:
        fields |= statement_fields(statement)
        fields[f"s{statement.pk}-upload"] = files
    values = data.draw(st.fixed_dictionaries({}, optional=fields))
    values[data.draw(st.sampled_from(["later", "continue"]))] = "1"
    url = reverse("assessments:key_area", kwargs=work.kwargs("pk", "key_area"))
    assert_answered(client_as(world.users["officer"]).post(url, values), "key area")


@FUZZ
@given(data=form_data("declaration"))
def test_check_answers(world, client_as, work, data):
    rate_all(work.assessment)
    url = reverse("assessments:check_answers", args=[work.assessment.pk])
    assert_answered(client_as(world.users["officer"]).post(url, data), "check answers")


@pytest.fixture
def submitted(world):
    return council_work(world.own, "SUBMITTED", status="submitted").assessment


@FUZZ
@given(data=form_data("decision", "comment"))
def test_sign_off(world, client_as, submitted, data):
    # Awaiting sign-off again for each example, so that every one reaches the form.
    Assessment.objects.filter(pk=submitted.pk).update(status="submitted")
    url = reverse("assessments:sign_off", args=[submitted.pk])
    assert_answered(client_as(world.users["lead"]).post(url, data), "sign off")


@FUZZ
@given(data=form_data("what", "owner", "status", **{f"due_on_{i}": date_part for i in range(3)}))
def test_action_change(world, client_as, work, data):
    url = reverse("assessments:action_change", kwargs=work.kwargs("pk", "action"))
    assert_answered(client_as(world.users["officer"]).post(url, data), "action change")


@pytest.fixture
def fresh_round(world):
    """An open round Stockport has not started, after an earlier one it finished."""
    earlier = RoundFactory(opens_on=timezone.localdate() - timedelta(days=400),
                           closes_on=timezone.localdate() - timedelta(days=300))  # fmt: skip
    AssessmentFactory(council=world.own, round=earlier, status="approved")
    return RoundFactory()


@FUZZ
@given(data=form_data("prefill"))
def test_assessment_start(world, client_as, fresh_round, data):
    Assessment.objects.filter(round=fresh_round).delete()
    url = reverse("assessments:assessment_start", args=["stockport", fresh_round.slug])
    assert_answered(client_as(world.users["lead"]).post(url, data), "start")


@FUZZ
@given(data=form_data("body", "website"))
def test_case_study_reply(world, client_as, data):
    case_study = CaseStudyFactory()
    url = reverse("casestudies:reply_create", args=[case_study.slug])
    assert_answered(client_as(world.users["officer"]).post(url, data), "reply")


@pytest.fixture
def consultation():
    consultation = s.ConsultationFactory()
    s.QuestionFactory(consultation=consultation, order=1)
    s.ChoiceQuestionFactory(consultation=consultation, order=2)
    return consultation


def respond_url(consultation, name, *args):
    return reverse(f"strategies:{name}", args=[consultation.slug, *args])


ABOUT = ("name", "email", "respondent_type", "council", "organisation_name", "website")


@FUZZ
@given(
    about=form_data(*ABOUT),
    answers=st.tuples(form_data("answer"), form_data("answer")),
    publication=form_data("publication"),
    check=form_data("checked"),
    signed_in=st.booleans(),
)
def test_responding_to_a_consultation(
    world, client_as, consultation, about, answers, publication, check, signed_in
):
    client = client_as(world.users["officer"] if signed_in else None)
    for url, data in [
        (respond_url(consultation, "respond_about"), about),
        (respond_url(consultation, "respond_question", 1), answers[0]),
        (respond_url(consultation, "respond_question", 2), answers[1]),
        (respond_url(consultation, "respond_publication"), publication),
        (respond_url(consultation, "respond_check"), check),
    ]:
        assert_answered(client.post(url, data), url)
    # What was kept in the session is shown back on check your answers.
    assert_answered(client.get(respond_url(consultation, "respond_check")), "check")


@FUZZ
@given(outcome=form_data("outcome"), mark=form_data("mark"))
def test_staff_outcome_and_marking(world, client_as, outcome, mark):
    past = timezone.now() - timedelta(days=1)
    closed = s.ConsultationFactory(opens_at=past - timedelta(days=9), closes_at=past)
    response = s.ConsultationResponseFactory(consultation=closed)
    client = client_as(world.users["lga_staff"])
    detail = reverse("strategies:response_detail", args=[closed.slug, response.reference])
    assert_answered(client.post(reverse("strategies:outcome", args=[closed.slug]), outcome))
    assert_answered(client.post(detail, mark), "mark")


SEARCH = ("q", "key_area", "category", "region", "kind", "sort", "page")


@FUZZ
@given(
    search=form_data(*SEARCH),
    national=form_data("round", "region", "kind", "page"),
    staff=form_data("type", "page"),
    council=form_data("council"),
)
def test_search_and_filter_parameters(
    world, client_as, consultation, search, national, staff, council
):
    visitor = client_as(world.users["lga_staff"])
    for url, params in [
        (reverse("casestudies:case_study_list"), search),
        (reverse("assessments:national"), national),
        (reverse("strategies:response_list", args=[consultation.slug]), staff),
    ]:
        assert_answered(visitor.get(url, params), url)
    dashboard = client_as(world.users["councillor"]).get(reverse("assessments:dashboard"), council)
    assert_answered(dashboard, "dashboard")


@FUZZ
@given(title=text, upload=files)
def test_back_office_document_forms_refuse_or_accept_without_crashing(world, title, upload):
    for form_class in (CaseStudyDocumentForm, StrategyDocumentForm):
        upload.seek(0)
        form = form_class({"title": title}, {"file": upload})
        form.is_valid()  # raises on a crash; errors are the expected answer to junk


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2030", "Due date must be a real date"),
        ("1", "1", "99999999999", "Year must include 4 numbers"),
        ("1", "99999999999", "2030", "Due date must be a real date"),
    ],
)
def test_an_impossible_due_date_is_a_form_error_not_a_crash(
    world, client_as, work, day, month, year, message
):
    url = reverse("assessments:action_change", kwargs=work.kwargs("pk", "action"))
    data = {"what": "W", "owner": "O", "status": "done", "due_on_0": day, "due_on_1": month}
    response = client_as(world.users["officer"]).post(url, data | {"due_on_2": year})
    assert response.status_code == 200
    assert message in response.content.decode()
