"""A contributor (a colleague outside procurement) reaches only the key areas given to them."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import KeyAreaAssignment
from tests.assessments.factories import AssessmentFactory, RoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def given(world):
    """Stockport's draft with its first key area given to the contributor."""
    assessment = AssessmentFactory(council=world.own)
    first, second = assessment.round.framework.themes.first().key_areas.all()[:2]
    assignment = KeyAreaAssignment.objects.create(
        assessment=assessment,
        key_area=first,
        assignee=world.users["contributor"],
        due_on=assessment.round.closes_on,
    )
    return assessment, assignment, second


@pytest.fixture
def contributor(world, client_as):
    return client_as(world.users["contributor"])


def test_a_contributor_opens_the_key_area_given_to_them(given, contributor):
    assessment, assignment, _ = given
    url = reverse("assessments:assignment", args=[assessment.pk, assignment.pk])
    response = contributor.get(url)
    assert response.status_code == 200
    assert assignment.key_area.name in response.text
    assert "Mark my part as done" in response.text


@pytest.mark.parametrize(
    "name",
    [
        "assessments:assessment_detail",
        "assessments:check_answers",
        "assessments:activity",
        "assessments:assessment_report",
        "assessments:questionnaire_answers",
        "assessments:sign_off",
    ],
)
def test_every_other_page_of_the_assessment_is_a_404_to_a_contributor(given, contributor, name):
    assessment, _, _ = given
    assert contributor.get(reverse(name, args=[assessment.pk])).status_code == 404


def test_a_key_area_not_given_to_a_contributor_is_a_404(given, contributor):
    assessment, assignment, second = given
    for key_area in (assignment.key_area, second):
        url = reverse("assessments:key_area", args=[assessment.pk, key_area.pk])
        assert contributor.get(url).status_code == 404


def test_someone_elses_assignment_is_a_404_to_a_contributor(world, given, contributor):
    assessment, _, second = given
    officers = KeyAreaAssignment.objects.create(
        assessment=assessment,
        key_area=second,
        assignee=world.users["officer"],
        due_on=assessment.round.closes_on,
    )
    url = reverse("assessments:assignment", args=[assessment.pk, officers.pk])
    assert contributor.get(url).status_code == 404


def test_another_assessment_of_the_council_is_a_404_to_a_contributor(world, given, contributor):
    other = AssessmentFactory(council=world.own, round=RoundFactory(name="2030/31"))
    assert (
        contributor.get(reverse("assessments:assessment_detail", args=[other.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "path",
    [
        reverse("assessments:dashboard"),
        reverse("assessments:assessment_list"),
        reverse("assessments:national"),
        reverse("teams:team_choose"),
    ],
)
def test_dashboard_list_national_and_team_pages_refuse_a_contributor(given, contributor, path):
    assert contributor.get(path).status_code in (403, 404)


def test_the_dashboard_of_their_council_is_refused_to_a_contributor(world, given, contributor):
    response = contributor.get(reverse("assessments:dashboard"), {"council": world.own.slug})
    assert response.status_code in (403, 404)


def test_a_contributor_sees_no_self_assessment_or_dashboard_links(given, contributor):
    page = contributor.get(reverse("home")).text
    assert f'href="{reverse("assessments:dashboard")}' not in page
    assert f'href="{reverse("assessments:assessment_list")}"' not in page


def test_the_start_page_lists_a_contributors_key_areas_with_due_dates(given, contributor):
    assessment, assignment, _ = given
    page = contributor.get(reverse("home")).text
    assert "Your part of Stockport" in page
    assert assignment.key_area.name in page
    assert f"due {assignment.due_on.day} {assignment.due_on:%B %Y}" in page
    assert reverse("assessments:assignment", args=[assessment.pk, assignment.pk]) in page
    assert "Assigned" in page


def test_a_contributor_who_left_the_council_loses_their_key_area(world, given, contributor):
    assessment, assignment, _ = given
    world.users["contributor"].memberships.all().delete()
    url = reverse("assessments:assignment", args=[assessment.pk, assignment.pk])
    assert contributor.get(url).status_code == 404


def test_a_contributor_cannot_assign_or_review(given, contributor):
    assessment, assignment, second = given
    assign = reverse("assessments:assign_key_area", args=[assessment.pk, second.pk])
    accept = reverse("assessments:assignment_accept", args=[assessment.pk, assignment.pk])
    assert contributor.get(assign).status_code == 404
    assert contributor.post(accept).status_code == 403


def test_a_contributor_without_their_second_factor_does_not_reach_their_key_area(
    world, given, client
):
    """They see a council's unpublished self-assessment, so they sign in with two factors too."""
    from tests.conftest import MODEL_BACKEND

    assessment, assignment, _ = given
    client.force_login(world.users["contributor"], backend=MODEL_BACKEND)
    response = client.get(reverse("assessments:assignment", args=[assessment.pk, assignment.pk]))
    assert response.status_code == 302
    assert assignment.key_area.name not in response.text


def test_a_past_due_date_shows_overdue_to_the_contributor(given, contributor):
    assessment, assignment, _ = given
    KeyAreaAssignment.objects.filter(pk=assignment.pk).update(
        due_on=datetime.date.today() - datetime.timedelta(days=2)
    )
    assert "Overdue" in contributor.get(reverse("home")).text


def test_a_head_invites_a_contributor_who_joins_and_lands_on_their_key_areas(world, client):
    """From "Your team" to the start page: the contributor's role works end to end."""
    from django.core import mail

    from npsportal.models import User
    from npsportal.roles import Role
    from tests.conftest import force_login_verified
    from tests.npsportal.test_invitations import join, link_in

    force_login_verified(client, world.users["lead"])
    client.post(
        reverse("teams:invite", args=["stockport"]),
        {"full_name": "Cal Colleague", "email": "cal@stockport.test", "role": Role.CONTRIBUTOR},
    )
    client.logout()
    assert "as contributor" in mail.outbox[0].body
    join(client, link_in(mail.outbox[0]), name="Cal Colleague")
    cal = User.objects.get(email="cal@stockport.test")
    assessment = AssessmentFactory(council=world.own)
    KeyAreaAssignment.objects.create(
        assessment=assessment,
        key_area=assessment.round.framework.themes.first().key_areas.first(),
        assignee=cal,
        due_on=assessment.round.closes_on,
    )
    force_login_verified(client, cal)
    page = client.get(reverse("home")).text
    assert "Your part of Stockport" in page
    assert "Engaging group 1" in page
