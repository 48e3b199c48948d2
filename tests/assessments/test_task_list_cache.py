"""The task list's key areas and NPPS record are cached under a fingerprint read on every view:
every change to what they show is on the page at the next view, never a stale copy."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.assignments import services as assignment_services
from assessments.models import (
    Answer,
    Assessment,
    KeyArea,
    KeyAreaAssignment,
    RegardRecord,
    Round,
    Statement,
)
from assessments.regard.services import record_regard
from assessments.rounds.services import extend_round
from npsportal.formatting import govuk_date
from tests.assessments.test_task_list import part_answered

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def task_list(world):
    return part_answered(world)


@pytest.fixture
def officer_page(world, client_as, task_list):
    """The task list as the officer sees it, read once first so that it is cached."""
    client = client_as(world.users["officer"])

    def read():
        return page(client, task_list)

    read()
    return read


def page(client, assessment) -> str:
    response = client.get(reverse("assessments:assessment_detail", args=[assessment.pk]))
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def key_areas(assessment) -> list[KeyArea]:
    """The key areas of the assessment's theme (not its enabler), in order."""
    found = KeyArea.objects.filter(theme__framework=assessment.round.framework_id)
    return list(found.filter(theme__kind="theme").order_by("order"))


def assignment_of(assessment) -> KeyAreaAssignment:
    return KeyAreaAssignment.objects.get(assessment=assessment)


def test_an_answer_saved_shows_at_once(world, officer_page, task_list):
    assert "You have completed 0 of 3 key areas." in officer_page()
    last = key_areas(task_list)[2]
    inputs = [
        services.StatementInput(statement=s, seen_version=0, values={"current_level": 3})
        for s in last.statements.all()
    ]
    services.save_key_area(assessment=task_list, inputs=inputs, user=world.users["officer"])

    assert "You have completed 1 of 3 key areas." in officer_page()


def test_answers_changed_in_bulk_show_at_once(officer_page, task_list):
    for statement in Statement.objects.filter(key_area=key_areas(task_list)[2]):
        Answer.objects.create(assessment=task_list, statement=statement, current_level=3)
    assert "You have completed 1 of 3 key areas." in officer_page()

    # As a bulk write does: no stamp moves, only the values.
    Answer.objects.filter(assessment=task_list).update(needs_review=True)

    assert "You have completed 0 of 3 key areas." in officer_page()


def test_answers_carried_in_bulk_show_at_once(officer_page, task_list):
    statements = Statement.objects.filter(key_area=key_areas(task_list)[2])
    Answer.objects.bulk_create(
        Answer(assessment=task_list, statement=statement, current_level=3)
        for statement in statements
    )

    assert "You have completed 1 of 3 key areas." in officer_page()


def test_a_key_area_assigned_changed_and_unassigned_shows_at_once(world, officer_page, task_list):
    officer, lead = world.users["officer"], world.users["lead"]
    due_on = timezone.localdate() + datetime.timedelta(days=9)
    assignment_services.assign_key_area(
        assessment=task_list,
        key_area=key_areas(task_list)[2],
        assignee=lead,
        due_on=due_on,
        by=officer,
    )
    assert f"{lead.get_full_name()}, due {govuk_date(due_on)}" in officer_page()

    assignment = KeyAreaAssignment.objects.get(assignee=lead)
    assignment_services.unassign(assignment=assignment, by=officer)

    assert f"{lead.get_full_name()}, due" not in officer_page()


def test_each_state_of_an_assignment_shows_at_once(world, officer_page, task_list):
    officer, contributor = world.users["officer"], world.users["contributor"]
    assignment_services.mark_done(assignment=assignment_of(task_list), by=contributor)
    assert '<strong class="govuk-tag govuk-tag--blue">Done</strong>' in officer_page()

    assignment_services.request_changes(
        assignment=assignment_of(task_list), comment="More evidence.", by=officer
    )
    assert (
        '<strong class="govuk-tag govuk-tag--orange">Changes requested</strong>' in officer_page()
    )

    assignment_services.mark_done(assignment=assignment_of(task_list), by=contributor)
    assignment_services.accept(assignment=assignment_of(task_list), by=officer)
    assert '<strong class="govuk-tag govuk-tag--green">Accepted</strong>' in officer_page()


def test_a_due_date_changed_shows_at_once(officer_page, task_list):
    due_on = timezone.localdate() + datetime.timedelta(days=20)
    KeyAreaAssignment.objects.filter(assessment=task_list).update(due_on=due_on)

    assert f"due {govuk_date(due_on)}" in officer_page()


def test_an_assignment_falls_overdue_at_midnight(world, client_as, task_list):
    """Twenty minutes apart, well within the time the fragment is kept: only the day changes."""
    evening = datetime.datetime.combine(timezone.localdate(), datetime.time(23, 50), LONDON)
    with time_machine.travel(evening, tick=False) as clock:
        KeyAreaAssignment.objects.filter(assessment=task_list).update(due_on=evening.date())
        assert "Overdue" not in page(client_as(world.users["officer"]), task_list)

        clock.shift(datetime.timedelta(minutes=20))

        found = page(client_as(world.users["officer"]), task_list)
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in found


def test_a_persons_new_name_shows_at_once(world, officer_page):
    contributor = world.users["contributor"]
    contributor.full_name = "Priya Renamed"
    contributor.save()

    assert "Priya Renamed, due" in officer_page()


def test_an_npps_record_saved_shows_at_once(world, officer_page, task_list):
    assert "1 of 2 priorities recorded." in officer_page()
    recorded = RegardRecord.objects.get(assessment=task_list).priority
    other = KeyArea.objects.filter(theme=recorded.theme).exclude(pk=recorded.pk).get()
    record_regard(
        assessment=task_list,
        priority=other,
        how_considered="At the board.",
        departure="",
        user=world.users["officer"],
    )

    assert "2 of 2 priorities recorded." in officer_page()


def test_a_submitted_records_saver_renamed_shows_at_once(world, client_as, task_list):
    officer = world.users["officer"]
    RegardRecord.objects.filter(assessment=task_list).update(updated_by=officer)
    Assessment.objects.filter(pk=task_list.pk).update(status="submitted")
    staff = client_as(world.users["lga_staff"])
    assert f"by {officer.get_full_name()}" in page(staff, task_list)

    officer.full_name = "Sam Renamed"
    officer.save()

    assert "by Sam Renamed" in page(staff, task_list)


def test_the_assessment_returned_for_changes_shows_the_editors_links_at_once(
    world, client_as, task_list
):
    lead = world.users["lead"]
    Assessment.objects.filter(pk=task_list.pk).update(status="submitted")
    client = client_as(lead)
    assert "Assign<span" not in page(client, task_list)

    services.return_assessment(
        assessment=Assessment.objects.get(pk=task_list.pk), user=lead, comment="Fix it."
    )

    assert "Assign<span" in page(client, task_list)


def test_a_councils_extension_and_the_rounds_new_close_show_at_once(world, officer_page, task_list):
    round = task_list.round
    later = round.closes_on + datetime.timedelta(days=30)
    extend_round(
        round=round,
        council=world.own,
        closes_on=later,
        reason="Flood.",
        user=world.users["lga_staff"],
    )
    assert f"Your council has until <strong>{govuk_date(later)}</strong>" in officer_page()

    Round.objects.filter(pk=round.pk).update(closes_on=later + datetime.timedelta(days=1))

    assert f"The {round} round closes on <strong>" in officer_page()


def test_the_frameworks_wording_shows_at_once(officer_page, task_list):
    first, *_, last = key_areas(task_list)
    KeyArea.objects.filter(pk=first.pk).update(name="Renamed area", is_draft_wording=True)
    Statement.objects.filter(key_area=last).update(is_retired=True)

    found = officer_page()

    assert "Renamed area" in found
    assert "Draft wording" in found
    assert "You have completed 0 of 2 key areas." in found


def test_people_who_may_not_edit_never_see_the_editors_cached_links(world, client_as, task_list):
    assert "Assign<span" in page(client_as(world.users["officer"]), task_list)

    assert "Assign<span" not in page(client_as(world.users["councillor"]), task_list)
    assert "Assign<span" in page(client_as(world.users["lead"]), task_list)


def test_only_the_head_of_procurement_sees_the_cached_sign_off_link(world, client_as, task_list):
    Assessment.objects.filter(pk=task_list.pk).update(status="submitted")
    url = reverse("assessments:sign_off", args=[task_list.pk])
    tab = f'<a class="moj-sub-navigation__link" href="{url}">Sign off</a>'
    assert tab not in page(client_as(world.users["officer"]), task_list)

    assert tab in page(client_as(world.users["lead"]), task_list)
    assert tab not in page(client_as(world.users["councillor"]), task_list)
