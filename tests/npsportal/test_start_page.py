"""The start page: after signing in, each role reads what to do next (issue 14, finding 2)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from casestudies.models import CaseStudy, Reply
from npsportal.roles import Role
from tests.assessments.factories import AnswerFactory, AssessmentFactory, RoundFactory, rate_all
from tests.casestudies.factories import CaseStudyFactory
from tests.factories import PASSWORD, CouncilFactory, UserFactory, authenticator_code, member_of
from tests.strategies.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's words, tags dropped and spaces collapsed, as someone reading it sees them."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def signed_in(client, user):
    """Signs in through the pages (password, then the authenticator code) and follows on."""
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    return client.post(response["Location"], {"code": authenticator_code(user)}, follow=True)


def day(value) -> str:
    return f"{value.day} {value:%B %Y}"


@pytest.fixture
def round_(db):
    return RoundFactory(name="2026/27", slug="2026-27")


def test_signed_out_visitors_keep_the_public_home_page(client):
    page = text_of(client.get(reverse("home")))
    assert "Measure and improve how your council buys" in page
    assert "Without signing in" in page


def test_an_officer_without_an_assessment_is_offered_to_start_it(client, world, round_):
    response = signed_in(client, world.users["officer"])
    assert response.redirect_chain[-1][0] == reverse("home")
    page = text_of(response)
    assert "Without signing in" not in page
    assert "Start your 2026/27 self-assessment" in page
    assert f"closes on {day(round_.closes_on)}" in page
    start = reverse("assessments:assessment_start", args=["stockport", "2026-27"])
    assert f'href="{start}"' in response.content.decode()


def test_an_officer_sees_progress_closing_date_and_continue(client, world, round_):
    assessment = AssessmentFactory(council=world.own, round=round_)
    first = round_.framework.themes.get(kind="theme").key_areas.first()
    for statement in first.statements.all():
        AnswerFactory(assessment=assessment, statement=statement)
    response = signed_in(client, world.users["officer"])
    page = text_of(response)
    assert "Stockport 2026/27 self-assessment" in page
    assert "1 of 2 key areas completed" in page
    assert f"closes on {day(round_.closes_on)}" in page
    detail = reverse("assessments:assessment_detail", args=[assessment.pk])
    assert re.search(rf'href="{detail}"[^>]*>\s*Continue', response.content.decode())


def test_an_officer_reads_that_the_submitted_assessment_waits_for_the_head(client, world, round_):
    AssessmentFactory(council=world.own, round=round_, status=Assessment.Status.SUBMITTED)
    page = text_of(signed_in(client, world.users["officer"]))
    assert "Waiting for sign-off by your head of procurement" in page
    assert "Review and sign off" not in page


def test_a_head_of_procurement_sees_what_waits_for_sign_off(client, world, round_):
    assessment = AssessmentFactory(
        council=world.own, round=round_, status=Assessment.Status.SUBMITTED
    )
    rate_all(assessment)
    response = signed_in(client, world.users["lead"])
    page = text_of(response)
    assert "Waiting for your sign-off" in page
    assert "2 of 2 key areas completed" in page
    sign_off = reverse("assessments:sign_off", args=[assessment.pk])
    assert re.search(rf'href="{sign_off}"[^>]*>\s*Review and sign off', response.content.decode())


def test_a_councillor_is_pointed_to_the_dashboard_and_the_report(client, world, round_):
    approved = AssessmentFactory(council=world.own, round=round_, status=Assessment.Status.APPROVED)
    response = signed_in(client, world.users["councillor"])
    html = response.content.decode()
    assert f'href="{reverse("assessments:dashboard")}?council=stockport"' in html
    assert f'href="{reverse("assessments:assessment_report", args=[approved.pk])}"' in html
    assert "Start your" not in text_of(response)


def test_lga_staff_see_the_rounds_participation_and_what_waits(client, world, round_):
    statuses = {
        world.own: Assessment.Status.DRAFT,
        world.other: Assessment.Status.SUBMITTED,
        CouncilFactory(name="Wigan", slug="wigan", gss_code="E08000010"): "approved",
        CouncilFactory(name="Bury", slug="bury", gss_code="E08000002"): "returned",
    }
    CouncilFactory(name="Bolton", slug="bolton", gss_code="E08000001")
    for council, status in statuses.items():
        AssessmentFactory(council=council, round=round_, status=status)
    CaseStudyFactory(status=CaseStudy.Status.IN_REVIEW, published_at=None)
    published = CaseStudyFactory()
    for _ in range(2):
        Reply.objects.create(case_study=published, author=world.users["officer"], body="Thanks")
    ConsultationFactory(title="Adult social care consultation")
    response = signed_in(client, world.users["lga_staff"])
    page = text_of(response)
    for label, count in [("Not started", 1), ("In progress", 2), ("Submitted", 1)]:
        assert f"{label} {count}" in page
    assert "Approved 1" in page
    assert "1 self-assessment submitted for sign-off" in page
    assert "1 case study in review" in page
    assert "2 replies awaiting moderation" in page
    assert "Adult social care consultation" in page
    assert f'href="{reverse("casestudies:reply_moderation")}"' in response.content.decode()


def test_someone_in_several_councils_sees_one_panel_per_council(client, world, round_):
    person = member_of(world.own, Role.OFFICER, email="both@councils.test")
    person.memberships.create(council=world.other, role=Role.COUNCILLOR)
    AssessmentFactory(council=world.own, round=round_)
    page = text_of(signed_in(client, person))
    assert "Stockport 2026/27 self-assessment" in page
    assert "Trafford" in page
    assert page.count("Continue") == 1  # Trafford's councillor reads, never edits


def test_the_start_page_names_no_round_when_none_is_open(client, world):
    RoundFactory(
        name="2025/26",
        opens_on=timezone.localdate() - timedelta(days=400),
        closes_on=timezone.localdate() - timedelta(days=100),
    )
    page = text_of(signed_in(client, world.users["officer"]))
    assert "No self-assessment round is open" in page


def test_a_person_with_no_role_is_told_how_to_get_one(client):
    person = UserFactory(email="nobody@example.test")
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    page = text_of(client.get(response["Location"]))
    assert "You do not have a role at a council yet" in page
