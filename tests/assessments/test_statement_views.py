"""Giving your own view of a key area's statements: who may, what they see, nothing lost."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.models import Assessment, KeyAreaAssignment, StatementView
from tests.assessments.factories import AssessmentFactory
from tests.assessments.test_concurrency import post_at_once, signed_in_clients
from tests.assessments.views_helpers import (
    contributor,
    give,
    key_area_of,
    text,
    view_data,
    views_url,
)
from tests.factories import member_of

ANCHOR = "Give your view to see your colleagues’ views."


@pytest.fixture
def assessment(world):
    return AssessmentFactory(council=world.own)


def first_statement(assessment):
    return key_area_of(assessment).statements[0]


@pytest.mark.django_db
def test_colleagues_views_stay_hidden_until_you_give_your_own(world, client_as, assessment):
    statement = first_statement(assessment)
    lead = world.users["lead"]
    give(assessment, lead, statement, 4, comment="Board reviews every contract", evidence="Minutes")
    officer = client_as(world.users["officer"])
    before = text(officer.get(views_url(assessment)))
    assert ANCHOR in before
    assert escape(lead.full_name) not in before
    assert "Board reviews every contract" not in before
    assert "views:" not in before  # no spread of levels either

    response = officer.post(views_url(assessment), view_data(assessment), follow=True)
    after = text(response)
    assert "your views are saved" in after
    assert "2 views: Developing, Leader" in after
    assert escape(f"{lead.full_name}: Leader") in after
    assert "Board reviews every contract" in after
    assert "Evidence: Minutes" in after
    # The other statement, now given a view too, shows only the officer's own.
    assert ANCHOR not in after


@pytest.mark.django_db
def test_each_person_saves_only_their_own_views(world, client_as, assessment):
    statement = first_statement(assessment)
    give(assessment, world.users["lead"], statement, 5, comment="The lead's view")
    officer = client_as(world.users["officer"])
    prefix = f"s{statement.pk}-"
    officer.post(views_url(assessment), view_data(assessment) | {prefix + "comment": "Mine"})
    officer.post(views_url(assessment), view_data(assessment, level=3))
    views = {
        (v.person.email, v.level, v.comment)
        for v in StatementView.objects.filter(statement=statement)
    }
    # The officer's second save replaced their own view (last save wins); the lead's is untouched.
    assert views == {
        ("lead@stockport.test", 5, "The lead's view"),
        ("officer@stockport.test", 3, ""),
    }
    assert StatementView.objects.filter(person=world.users["officer"]).count() == 2


@pytest.mark.django_db
def test_a_colleague_given_the_key_area_gives_a_view_and_their_part_is_started(
    world, client_as, assessment
):
    found = key_area_of(assessment)
    person = contributor(world.own, assessment, found.key_area)
    page = client_as(person)
    shown = page.get(views_url(assessment))
    assignment = KeyAreaAssignment.objects.get(assignee=person)
    back = reverse("assessments:assignment", args=[assessment.pk, assignment.pk])
    assert f'href="{back}"' in shown.content.decode()  # back to their part, not the task list
    response = page.post(views_url(assessment), view_data(assessment, comment="From finance"))
    assert response.status_code == 302
    assert StatementView.objects.filter(person=person, comment="From finance").count() == 2
    assignment = KeyAreaAssignment.objects.get(assignee=person)
    assert assignment.state == KeyAreaAssignment.State.IN_PROGRESS


@pytest.mark.django_db
def test_a_contributor_not_given_the_key_area_gets_not_found(world, client_as, assessment):
    # A contributor sees only the key areas given to them: the others do not exist for them.
    person = contributor(world.own, assessment, key_area_of(assessment, 1).key_area)
    page = client_as(person)
    assert page.get(views_url(assessment)).status_code == 404
    assert page.post(views_url(assessment), view_data(assessment)).status_code == 404
    assert not StatementView.objects.exists()


@pytest.mark.django_db
def test_a_contributor_of_another_council_gets_not_found(world, client_as, assessment):
    theirs = AssessmentFactory(council=world.other, round=assessment.round)
    person = contributor(world.other, theirs, key_area_of(theirs).key_area)
    page = client_as(person)
    assert page.get(views_url(theirs)).status_code == 200  # their own council's: fine
    assert page.get(views_url(assessment)).status_code == 404
    assert page.post(views_url(assessment), view_data(assessment)).status_code == 404
    assert not StatementView.objects.filter(assessment=assessment).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"), [("councillor", 403), ("other_officer", 404), ("lga_staff", 404)]
)
def test_others_cannot_give_views(world, client_as, assessment, role, status):
    page = client_as(world.users[role])
    assert page.get(views_url(assessment)).status_code == status
    assert page.post(views_url(assessment), view_data(assessment)).status_code == status
    assert not StatementView.objects.exists()


@pytest.mark.django_db
def test_a_key_area_of_another_framework_is_not_found(world, client_as, assessment):
    other = AssessmentFactory(council=world.own)  # another round, on another framework
    wrong = key_area_of(other).key_area
    url = views_url(assessment).replace(f"/{key_area_of(assessment).key_area.pk}/", f"/{wrong.pk}/")
    assert client_as(world.users["officer"]).get(url).status_code == 404


@pytest.mark.django_db
def test_a_comment_without_a_level_is_refused_and_nothing_is_saved(world, client_as, assessment):
    statement = first_statement(assessment)
    prefix = f"s{statement.pk}-"
    data = view_data(assessment) | {prefix + "level": "", prefix + "comment": "Half a thought"}
    response = client_as(world.users["officer"]).post(views_url(assessment), data)
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert page.count(f"Select your level for {statement.short_label}") == 2  # summary and field
    assert "Half a thought" in page  # kept in the form
    assert "<title>Error:" in page
    assert not StatementView.objects.exists()  # not even the other statement's view


@pytest.mark.django_db
def test_saving_nothing_asks_for_a_level(world, client_as, assessment):
    data = view_data(assessment, level="")
    page = text(client_as(world.users["officer"]).post(views_url(assessment), data))
    assert f"Select your level for {first_statement(assessment).short_label}" in page
    assert not StatementView.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "comment", "message"),
    [
        ("9", "", "Select a valid choice"),
        ("two", "", "Select a valid choice"),
        ("2", "x" * 2001, "Comment must be 2,000 characters or fewer"),
    ],
)
def test_bad_input_gets_a_message_and_nothing_is_saved(
    world, client_as, assessment, level, comment, message
):
    data = view_data(assessment, level=level, comment=comment)
    response = client_as(world.users["officer"]).post(views_url(assessment), data)
    assert response.status_code == 200
    assert message in text(response)
    assert not StatementView.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Assessment.Status.SUBMITTED, Assessment.Status.APPROVED])
def test_views_cannot_be_given_once_submitted(world, client_as, status):
    assessment = AssessmentFactory(council=world.own, status=status)
    page = client_as(world.users["officer"])
    shown = text(page.get(views_url(assessment)))
    assert "Save your views" not in shown
    assert "Views can no longer be given or changed" in shown
    response = page.post(views_url(assessment), view_data(assessment))
    assert response.status_code == 200
    assert not StatementView.objects.exists()


@pytest.mark.django_db
def test_views_cannot_be_given_once_the_round_has_closed(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    assessment.round.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    assessment.round.save()
    page = client_as(world.users["officer"])
    assert "round closed on" in text(page.get(views_url(assessment)))
    page.post(views_url(assessment), view_data(assessment))
    assert not StatementView.objects.exists()


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_page_asks_the_same_number_of_queries_however_many_colleagues_gave_views(
    world, client_as, assessment
):
    officer = world.users["officer"]
    statements = key_area_of(assessment).statements
    for statement in statements:
        give(assessment, officer, statement, 2)
    client = client_as(officer)
    url = views_url(assessment)
    client.get(url)  # sessions and caches warmed
    few = queries_for(client, url)
    for _ in range(4):
        colleague = member_of(world.own)
        for statement in statements:
            give(assessment, colleague, statement, 3, comment="Another view")
    assert queries_for(client, url) == few


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Simultaneous saves need a server database; `make test` runs this on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_two_people_giving_views_at_the_same_moment_both_keep_theirs(world):
    assessment = AssessmentFactory(council=world.own)
    found = key_area_of(assessment)
    person = contributor(world.own, assessment, found.key_area)
    people = [world.users["officer"], world.users["lead"], person]
    responses = post_at_once(
        signed_in_clients(people), views_url(assessment), view_data(assessment)
    )
    assert [r.status_code for r in responses] == [302, 302, 302]
    saved = StatementView.objects.filter(assessment=assessment)
    assert saved.count() == len(people) * len(found.statements)
    assert {v.person_id for v in saved} == {p.pk for p in people}
