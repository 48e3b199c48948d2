"""Key areas handed to colleagues: assigning, the states, the officer's review, bad input."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from assessments.assignments import services
from assessments.models import Assessment, KeyAreaAssignment
from npsportal.models import AuditEvent
from npsportal.roles import Role
from tests.assessments.factories import AssessmentFactory
from tests.factories import member_of

pytestmark = pytest.mark.django_db
State = KeyAreaAssignment.State


@pytest.fixture
def assessment(world):
    return AssessmentFactory(council=world.own)


@pytest.fixture
def key_area(assessment):
    return assessment.round.framework.themes.first().key_areas.first()


@pytest.fixture
def officer(world, client_as):
    return client_as(world.users["officer"])


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def assign_url(assessment, key_area):
    return reverse("assessments:assign_key_area", args=[assessment.pk, key_area.pk])


def assign_data(person, due_on):
    return {
        "assignee": str(person.pk),
        "due_on_0": str(due_on.day),
        "due_on_1": str(due_on.month),
        "due_on_2": str(due_on.year),
    }


def assignment_url(assignment, action=""):
    name = f"assessments:assignment_{action}" if action else "assessments:assignment"
    return reverse(name, args=[assignment.assessment_id, assignment.pk])


def given(world, assessment, key_area, role="contributor", due_on=None):
    return services.assign_key_area(
        assessment=assessment,
        key_area=key_area,
        assignee=world.users[role],
        due_on=due_on or in_days(14),
        by=world.users["officer"],
    )


def test_an_officer_assigns_a_key_area_to_a_contributor_who_is_emailed_once(
    world, assessment, key_area, officer
):
    contributor = world.users["contributor"]
    response = officer.post(assign_url(assessment, key_area), assign_data(contributor, in_days(9)))
    assert response.status_code == 302
    assignment = KeyAreaAssignment.objects.get()
    assert (assignment.assignee, assignment.state) == (contributor, State.ASSIGNED)
    assert [m.to for m in mail.outbox] == [[contributor.email]]
    assert key_area.name in mail.outbox[0].subject
    assert assignment_url(assignment) in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="assessments.key_area_assigned").count() == 1


def test_the_task_list_shows_who_has_a_key_area_its_due_date_and_state(
    world, assessment, key_area, officer
):
    due = in_days(9)
    given(world, assessment, key_area, due_on=due)
    page = officer.get(reverse("assessments:assessment_detail", args=[assessment.pk])).text
    assert escape(world.users["contributor"].get_full_name()) in page
    assert f"due {due.day} {due:%B %Y}" in page
    assert ">Assigned<" in page
    assert "Change<span" in page
    assert f'href="{assign_url(assessment, key_area)}"' in page


def test_an_overdue_key_area_is_tagged_overdue_on_the_task_list(
    world, assessment, key_area, officer
):
    assignment = given(world, assessment, key_area)
    KeyAreaAssignment.objects.filter(pk=assignment.pk).update(due_on=in_days(-1))
    page = officer.get(reverse("assessments:assessment_detail", args=[assessment.pk])).text
    assert ">Overdue<" in page


def test_a_councillor_sees_who_has_a_key_area_but_no_assign_link(
    world, assessment, key_area, client_as
):
    given(world, assessment, key_area)
    councillor = client_as(world.users["councillor"])
    page = councillor.get(reverse("assessments:assessment_detail", args=[assessment.pk])).text
    assert escape(world.users["contributor"].get_full_name()) in page
    assert assign_url(assessment, key_area) not in page


def test_someone_from_another_council_is_refused_at_the_field_and_nothing_saved(
    world, assessment, key_area, officer
):
    outsider = world.users["other_officer"]
    response = officer.post(assign_url(assessment, key_area), assign_data(outsider, in_days(9)))
    assert response.status_code == 200
    page = response.text
    assert "There is a problem" in page
    assert "Select someone at Stockport: an officer, head or contributor" in page
    assert 'class="govuk-error-message"' in page
    assert page.count("Select someone at Stockport") == 2  # summary and field
    assert not KeyAreaAssignment.objects.exists()
    assert not mail.outbox


def test_a_councillor_cannot_be_given_a_key_area(world, assessment, key_area, officer):
    councillor = world.users["councillor"]
    response = officer.post(assign_url(assessment, key_area), assign_data(councillor, in_days(9)))
    assert "Select someone at Stockport" in response.text
    assert not KeyAreaAssignment.objects.exists()


def test_a_due_date_in_the_past_is_refused(world, assessment, key_area, officer):
    contributor = world.users["contributor"]
    response = officer.post(assign_url(assessment, key_area), assign_data(contributor, in_days(-1)))
    assert "Due date must be today or in the future" in response.text
    assert "<title>Error: Assign" in response.text
    assert not KeyAreaAssignment.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select who should give their view"),
        ({"due_on_0": "31", "due_on_1": "2", "due_on_2": "2030"}, "Due date must be a real date"),
        ({"due_on_0": "1"}, "Due date must include a month and year"),
    ],
)
def test_missing_or_broken_input_gets_a_clear_message(assessment, key_area, officer, data, message):
    response = officer.post(assign_url(assessment, key_area), data)
    assert response.status_code == 200
    assert message in response.text
    assert not KeyAreaAssignment.objects.exists()


def test_the_same_person_twice_for_one_key_area_is_refused(world, assessment, key_area, officer):
    given(world, assessment, key_area)
    contributor = world.users["contributor"]
    response = officer.post(assign_url(assessment, key_area), assign_data(contributor, in_days(9)))
    assert "already has" in response.text
    assert "There is a problem" in response.text
    assert KeyAreaAssignment.objects.count() == 1
    assert len(mail.outbox) == 1


def test_two_people_can_have_the_same_key_area(world, assessment, key_area, officer):
    given(world, assessment, key_area)
    lead = world.users["lead"]
    officer.post(assign_url(assessment, key_area), assign_data(lead, in_days(9)))
    assert KeyAreaAssignment.objects.filter(key_area=key_area).count() == 2


def test_a_submitted_assessment_cannot_be_assigned(world, assessment, key_area, officer):
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.SUBMITTED)
    contributor = world.users["contributor"]
    response = officer.post(assign_url(assessment, key_area), assign_data(contributor, in_days(9)))
    assert response.status_code == 302
    assert not KeyAreaAssignment.objects.exists()


def test_a_new_contributor_accepting_their_invitation_can_be_assigned(
    world, assessment, key_area, officer
):
    newcomer = member_of(world.own, Role.CONTRIBUTOR, full_name="Nia Newcomer")
    page = officer.get(assign_url(assessment, key_area)).text
    assert "Nia Newcomer" in page
    assert "Contributor" in page
    officer.post(assign_url(assessment, key_area), assign_data(newcomer, in_days(3)))
    assert KeyAreaAssignment.objects.get().assignee == newcomer


def test_saving_a_view_starts_the_key_area_and_done_then_accepted(
    world, assessment, key_area, client_as, officer
):
    assignment = given(world, assessment, key_area)
    assert services.mark_started_for(
        assessment=assessment, key_area=key_area, person=world.users["contributor"]
    )
    assignment.refresh_from_db()
    assert assignment.state == State.IN_PROGRESS
    contributor = client_as(world.users["contributor"])
    contributor.post(assignment_url(assignment, "done"))
    assignment.refresh_from_db()
    assert assignment.state == State.DONE
    officer = client_as(world.users["officer"])
    assert "Accept" in officer.get(assignment_url(assignment)).text
    officer.post(assignment_url(assignment, "accept"))
    page = officer.get(reverse("assessments:assessment_detail", args=[assessment.pk])).text
    assert ">Accepted<" in page


def test_asking_for_changes_sends_it_back_with_the_comment_and_one_email(
    world, assessment, key_area, client_as
):
    assignment = given(world, assessment, key_area)
    services.mark_done(assignment=assignment, by=world.users["contributor"])
    officer = client_as(world.users["officer"])
    officer.post(assignment_url(assignment, "changes"), {"comment": "Add the 2026 contract review"})
    assignment.refresh_from_db()
    assert assignment.state == State.CHANGES_REQUESTED
    assert len(mail.outbox) == 2  # the assignment, then the change request
    assert "Add the 2026 contract review" in mail.outbox[1].body
    contributor = client_as(world.users["contributor"])
    page = contributor.get(assignment_url(assignment)).text
    assert "Changes asked for" in page
    assert "Add the 2026 contract review" in page
    assert services.mark_started(assignment)
    assignment.refresh_from_db()
    assert assignment.state == State.IN_PROGRESS


def test_a_change_request_needs_a_comment(world, assessment, key_area, officer):
    assignment = given(world, assessment, key_area)
    response = officer.post(assignment_url(assignment, "changes"), {"comment": "  "})
    assert "Enter what they should change" in response.text
    assignment.refresh_from_db()
    assert assignment.state == State.ASSIGNED


def test_a_key_area_not_marked_done_cannot_be_accepted(world, assessment, key_area, officer):
    assignment = given(world, assessment, key_area)
    officer.post(assignment_url(assignment, "accept"))
    assert not AuditEvent.objects.filter(action="assessments.assignment_accepted").exists()


def test_an_officer_unassigns_a_key_area(world, assessment, key_area, officer):
    assignment = given(world, assessment, key_area)
    assert "Are you sure" in officer.get(assignment_url(assignment, "remove")).text
    officer.post(assignment_url(assignment, "remove"))
    assert not KeyAreaAssignment.objects.exists()
    assert AuditEvent.objects.filter(action="assessments.key_area_unassigned").exists()


def test_the_assignee_links_to_giving_their_views(world, assessment, key_area, client_as):
    assignment = given(world, assessment, key_area)
    page = client_as(world.users["contributor"]).get(assignment_url(assignment)).text
    assert reverse("assessments:give_views", args=[assessment.pk, key_area.pk]) in page


def test_the_demo_gives_the_contributor_two_stockport_key_areas_one_overdue(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_reference_data", verbosity=0)
    call_command("seed_demo")
    call_command("seed_demo")
    found = KeyAreaAssignment.objects.filter(assignee__email="contributor@stockport.example.org")
    assert found.count() == 2
    assert found.filter(due_on__lt=timezone.localdate()).count() == 1
