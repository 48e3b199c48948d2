"""The task list (an assessment's key areas) at national scale: few queries, the same page."""

import datetime

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from assessments.assignments import services as assignment_services
from assessments.models import RegardRecord
from npsportal.formatting import govuk_datetime
from tests.assessments.factories import (
    AnswerFactory,
    AssessmentFactory,
    RoundFactory,
    small_framework,
)
from tests.assessments.test_regard_record import npps

pytestmark = pytest.mark.django_db

# Repeated, the page's key areas and NPPS record come from the cache: session, user, second factor,
# memberships, the assessment (with the council's extension of the round), the fingerprint of
# what the cached part shows (assessments/task_list.py), the session's save (3 with its
# savepoint). Without the cache, three more: the key areas with their answers, the assignments,
# the NPPS priorities with the assessment's records.
TASK_LIST_QUERIES = {"officer": 9, "lead": 9, "councillor": 9}
FIRST_VIEW_QUERIES = 12


@pytest.fixture
def task_list(world):
    return part_answered(world)


def part_answered(world):
    """A part-answered assessment with a key area assigned and one NPPS priority recorded."""
    framework = small_framework(key_areas=3, statements=2)
    priority = npps()[0]
    assessment = AssessmentFactory(council=world.own, round=RoundFactory(framework=framework))
    key_areas = list(framework.themes.get(kind="theme").key_areas.order_by("order"))
    AnswerFactory(assessment=assessment, statement=key_areas[0].statements.first(), current_level=2)
    assignment_services.assign_key_area(
        assessment=assessment,
        key_area=key_areas[1],
        assignee=world.users["contributor"],
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        by=world.users["officer"],
    )
    RegardRecord.objects.create(
        assessment=assessment, priority=priority, how_considered="At cabinet."
    )
    return assessment


@pytest.mark.parametrize("role", TASK_LIST_QUERIES)
def test_the_task_list_reads_the_database_a_fixed_few_times(
    world, client_as, django_assert_num_queries, task_list, role
):
    client = client_as(world.users[role])
    url = reverse("assessments:assessment_detail", args=[task_list.pk])
    client.get(url)
    with django_assert_num_queries(TASK_LIST_QUERIES[role]):
        assert client.get(url).status_code == 200


def test_the_first_view_reads_what_the_cached_part_shows(
    world, client_as, django_assert_num_queries, task_list
):
    client = client_as(world.users["officer"])
    url = reverse("assessments:assessment_detail", args=[task_list.pk])
    client.get(url)
    for kept in caches.all():
        kept.clear()
    with django_assert_num_queries(FIRST_VIEW_QUERIES):
        assert client.get(url).status_code == 200


def test_the_task_list_shows_each_key_areas_progress_and_who_has_it(world, client_as, task_list):
    KeyAreaAssignment = task_list.assignments.model
    KeyAreaAssignment.objects.update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    url = reverse("assessments:assessment_detail", args=[task_list.pk])
    page = " ".join(client_as(world.users["officer"]).get(url).content.decode().split())
    contributor = world.users["contributor"].get_full_name()
    due = (timezone.localdate() - datetime.timedelta(days=1)).strftime("%-d %B %Y")
    assert f"{contributor}, due {due}" in page
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Assigned</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--blue">Not started</strong>' in page
    assert 'Change<span class="govuk-visually-hidden"> who has' in page
    assert 'Assign<span class="govuk-visually-hidden">' in page
    assert "You have completed 0 of 3 key areas." in page


def test_a_submitted_task_list_shows_each_priority_and_the_records_in_the_npps_order(
    world, client_as
):
    older = npps(name="NPPS 2024", year=2024, priorities=("An old priority",))
    newest = npps()
    assessment = AssessmentFactory(council=world.own, status="submitted")
    officer = world.users["officer"]
    saved = RegardRecord.objects.create(
        assessment=assessment,
        priority=newest[1],
        how_considered="Weighed at cabinet.",
        departure="Cost, this year.",
        updated_by=officer,
    )
    RegardRecord.objects.create(assessment=assessment, priority=older[0], how_considered="Kept.")
    url = reverse("assessments:assessment_detail", args=[assessment.pk])

    page = " ".join(client_as(world.users["lga_staff"]).get(url).content.decode().split())

    names = ["Driving growth", "Social value", "An old priority"]
    assert [page.index(f">{name}</h3>") for name in names] == sorted(
        page.index(f">{name}</h3>") for name in names
    )
    assert page.count("Not recorded.") == 1
    assert "Weighed at cabinet." in page
    assert "Cost, this year." in page
    assert f"{govuk_datetime(saved.updated_at)} by {officer.get_full_name()}" in page


def test_a_draft_task_list_counts_the_priorities_recorded(world, client_as):
    newest = npps()
    assessment = AssessmentFactory(council=world.own)
    RegardRecord.objects.create(assessment=assessment, priority=newest[0], how_considered="Yes.")
    url = reverse("assessments:assessment_detail", args=[assessment.pk])

    page = " ".join(client_as(world.users["officer"]).get(url).content.decode().split())

    assert "1 of 2 priorities recorded." in page
    assert '<strong class="govuk-tag govuk-tag--light-blue">In progress</strong>' in page


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        ("officer", "draft", 200),
        ("councillor", "draft", 200),
        ("lga_staff", "draft", 404),
        ("lga_staff", "submitted", 200),
        ("lga_staff", "approved", 200),
        ("other_officer", "submitted", 404),
        ("contributor", "draft", 404),
    ],
)
def test_only_the_councils_people_and_lga_staff_after_submission_find_the_task_list(
    world, client_as, role, status, expected
):
    assessment = AssessmentFactory(council=world.own, status=status)
    url = reverse("assessments:assessment_detail", args=[assessment.pk])

    assert client_as(world.users[role]).get(url).status_code == expected


def test_an_assessment_that_does_not_exist_is_not_found(world, client_as):
    url = reverse("assessments:assessment_detail", args=[987654])

    assert client_as(world.users["officer"]).get(url).status_code == 404
