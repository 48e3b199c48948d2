"""The list of assessments, starting one, the task list and the activity page."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment
from assessments.selectors import assessed_statements
from tests.assessments.factories import (
    ActionFactory,
    AnswerFactory,
    AssessmentFactory,
    RoundFactory,
    previous_round,
    rate_all,
)

pytestmark = pytest.mark.django_db
LIST = "/assessments/"


def test_an_officer_is_invited_to_start_the_open_round(world, client_as):
    round = RoundFactory(name="2026/27")
    page = client_as(world.users["officer"]).get(LIST).content.decode()
    assert "Start your 2026/27 self-assessment" in page
    start = reverse("assessments:assessment_start", args=["stockport", round.slug])
    assert f'href="{start}"' in page


def test_no_invitation_once_started_or_for_a_councillor(world, client_as):
    round = RoundFactory(name="2026/27")
    assert "Start your" not in client_as(world.users["councillor"]).get(LIST).content.decode()
    AssessmentFactory(council=world.own, round=round)
    page = client_as(world.users["officer"]).get(LIST).content.decode()
    assert "Start your" not in page
    assert "2026/27" in page
    assert "Draft" in page


def test_no_invitation_when_no_round_is_open(world, client_as):
    RoundFactory(
        opens_on=timezone.localdate() + datetime.timedelta(days=10),
        closes_on=timezone.localdate() + datetime.timedelta(days=100),
    )
    assert "Start your" not in client_as(world.users["officer"]).get(LIST).content.decode()


def test_lga_staff_list_submitted_and_approved_assessments_of_every_council_never_drafts(
    world, client_as
):
    AssessmentFactory(council=world.own, status="approved", round=RoundFactory(name="2025/26"))
    AssessmentFactory(council=world.other, status="submitted", round=RoundFactory(name="2026/27"))
    AssessmentFactory(council=world.other, status="draft", round=RoundFactory(name="2027/28"))
    page = client_as(world.users["lga_staff"]).get(LIST).content.decode()
    assert "2025/26" in page
    assert "2026/27" in page
    assert "2027/28<span" not in page  # no row; the round stays in the round filter


def test_an_officer_sees_only_their_own_councils_assessments(world, client_as):
    AssessmentFactory(council=world.other, round=RoundFactory(name="2026/27"), status="approved")
    page = client_as(world.users["officer"]).get(LIST).content.decode()
    assert "Trafford" not in page


def test_starting_without_a_previous_assessment_creates_a_blank_one(world, client_as):
    round = RoundFactory(name="2026/27")
    url = reverse("assessments:assessment_start", args=["stockport", round.slug])
    officer = client_as(world.users["officer"])
    assert "How do you want to start?" not in officer.get(url).content.decode()
    response = officer.post(url)
    assessment = Assessment.objects.get()
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert (assessment.council, assessment.created_by) == (world.own, world.users["officer"])


def test_starting_from_the_previous_assessment_flags_its_answers_for_review(world, client_as):
    this_round = RoundFactory(name="2026/27")
    last = previous_round(this_round)
    rate_all(AssessmentFactory(council=world.own, round=last, status="approved"), level=4)
    url = reverse("assessments:assessment_start", args=["stockport", this_round.slug])
    officer = client_as(world.users["officer"])
    response = officer.post(url, {})
    assert "Select how you want to start" in response.content.decode()
    response = officer.post(url, {"prefill": "yes"}, follow=True)
    page = response.content.decode()
    assert "started from your previous answers" in page
    assert page.count("In progress") == 2
    assert "You have completed 0 of 2 key areas." in page


def test_the_task_list_groups_key_areas_by_theme_with_status_and_count(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    first = assessment.round.framework.themes.get(kind="theme").key_areas.first()
    for statement in first.statements.all():
        AnswerFactory(assessment=assessment, statement=statement)
    page = client_as(world.users["councillor"]).get(f"/assessments/{assessment.pk}/")
    page = page.content.decode()
    assert '<ul class="govuk-task-list">' in page
    assert '<h3 class="govuk-heading-s">Showing leadership</h3>' in page
    assert "Developing talent" not in page  # an enabler with nothing to rate
    assert "You have completed 1 of 2 key areas." in page
    assert "Not started" in page
    assert "govuk-task-list__link" not in page  # councillors read only


def test_the_activity_page_shows_who_changed_what(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    statement = assessment.round.framework.themes.get(kind="theme").key_areas.first()
    statement = statement.statements.first()
    officer = client_as(world.users["officer"])
    url = reverse("assessments:key_area", args=[assessment.pk, statement.key_area_id])
    data = {"later": "1", f"s{statement.pk}-version": 0, f"s{statement.pk}-current_level": 2}
    officer.post(url, data)
    data |= {f"s{statement.pk}-version": 1, f"s{statement.pk}-current_level": 3}
    officer.post(url, data)
    page = officer.get(reverse("assessments:activity", args=[assessment.pk])).content.decode()
    assert f"Answer for “{statement.label}” changed" in page
    assert "Current level: Mature (was Developing)" in page
    assert "SL1.2" not in page  # nothing was entered for it
    assert str(world.users["officer"]) in page


def test_the_activity_names_people_dates_and_statuses_in_words_and_every_field_added(
    world, client_as
):
    officer = world.users["officer"]
    officer.full_name = "Sam Officer"
    officer.save()
    moment = datetime.datetime(2026, 11, 30, 6, 24, 25, 965457, tzinfo=datetime.UTC)
    with time_machine.travel(moment):  # ticking: each save is recorded after the one before
        assessment = AssessmentFactory(council=world.own)
        statement = assessed_statements(assessment.round.framework).first()
        ActionFactory(
            answer=AnswerFactory(assessment=assessment, statement=statement, target_level=4),
            what="Brief the cabinet",
            owner="Head of procurement",
            due_on=datetime.date(2027, 3, 31),
        )
        rate_all(assessment)
        client = client_as(officer)
        client.post(
            reverse("assessments:check_answers", args=[assessment.pk]), {"declaration": "on"}
        )
        page = client.get(reverse("assessments:activity", args=[assessment.pk]))
    text = " ".join(re.sub(r"<[^>]+>", " ", page.content.decode()).split())
    assert "Self-assessment submitted for sign-off" in text
    assert "Status: Submitted (was Draft)" in text
    assert "Submitted by: Sam Officer" in text
    assert "Submitted at: 30 November 2026, 6:24am" in text
    assert "Sam Officer, 30 November 2026, 6:24am" in text
    # A new answer and a new action list what they were given, not only that they were added.
    assert "Current level: Mature Target level: Leader" in text
    assert "What: Brief the cabinet Owner: Head of procurement Due date: 31 March 2027" in text
    assert "Status: Not started" in text
    for raw in ("+00:00", "(blank)", "→", "submitted_by", " 2026-11-30"):
        assert raw not in text


@pytest.mark.parametrize("size", [2, 5])
def test_pages_read_the_database_a_fixed_number_of_times(
    world, client_as, django_assert_max_num_queries, size
):
    from tests.assessments.factories import ActionFactory, small_framework

    round = RoundFactory(framework=small_framework(key_areas=size, statements=size))
    assessment = AssessmentFactory(council=world.own, round=round)
    rate_all(assessment)
    for answer in assessment.answers.all():
        ActionFactory(answer=answer)
    key_area = round.framework.themes.get(kind="theme").key_areas.first()
    client = client_as(world.users["officer"])
    # The same bounds whatever the number of key areas and statements.
    urls = [
        (reverse("assessments:assessment_detail", args=[assessment.pk]), 15),
        (reverse("assessments:check_answers", args=[assessment.pk]), 15),
        (reverse("assessments:key_area", args=[assessment.pk, key_area.pk]), 20),
    ]
    for url, most in urls:
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_the_start_page_of_a_round_already_started_leads_to_the_assessment(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    url = reverse("assessments:assessment_start", args=["stockport", assessment.round.slug])
    response = client_as(world.users["officer"]).get(url)
    assert response["Location"] == f"/assessments/{assessment.pk}/"


def test_the_activity_page_asks_as_many_queries_however_many_changes_it_lists(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment, level=2)
    client = client_as(world.users["officer"])
    url = reverse("assessments:activity", args=[assessment.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    rate_all(assessment, level=3)
    rate_all(assessment, level=4)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)
