"""Invariants the database keeps, the back office, and the demo."""

import datetime
import io

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from assessments import demo
from assessments.models import Answer, Assessment, Round
from npsportal import demo as npsportal_demo
from tests.assessments.factories import (
    AnswerFactory,
    AssessmentFactory,
    FrameworkFactory,
    RoundFactory,
    small_framework,
)
from tests.conftest import force_login_verified

pytestmark = pytest.mark.django_db


def test_one_answer_per_statement_per_assessment():
    answer = AnswerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(assessment=answer.assessment, statement=answer.statement)


@pytest.mark.parametrize("field", ["current_level", "target_level"])
@pytest.mark.parametrize("level", [0, 6])
def test_levels_run_from_one_to_five(field, level):
    answer = AnswerFactory()
    setattr(answer, field, level)
    with pytest.raises(IntegrityError), transaction.atomic():
        answer.save()


def test_one_assessment_per_council_per_round():
    assessment = AssessmentFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.create(council=assessment.council, round=assessment.round)


def test_a_round_cannot_close_before_it_opens():
    today = datetime.date(2026, 10, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundFactory(opens_on=today, closes_on=today - datetime.timedelta(days=1))


def test_a_round_is_open_from_its_first_to_its_last_day():
    round = RoundFactory.build(
        opens_on=datetime.date(2026, 10, 1), closes_on=datetime.date(2027, 3, 31)
    )
    assert not round.is_open_on(datetime.date(2026, 9, 30))
    assert round.is_open_on(datetime.date(2026, 10, 1))
    assert round.is_open_on(datetime.date(2027, 3, 31))
    assert not round.is_open_on(datetime.date(2027, 4, 1))


def test_every_change_to_an_answer_is_recorded():
    answer = AnswerFactory(current_level=2)
    answer.current_level = 3
    answer.save()
    assert [h.current_level for h in answer.history.all()] == [3, 2]


def test_lga_staff_open_a_round_in_the_back_office(client, world):
    framework = FrameworkFactory(name="NPS 2022")
    force_login_verified(client, world.users["lga_staff"])
    response = client.post(
        reverse("admin:assessments_round_add"),
        {
            "name": "2026/27",
            "slug": "2026-27",
            "framework": framework.pk,
            "opens_on": "2026-10-01",
            "closes_on": "2027-03-31",
        },
    )
    assert response.status_code == 302
    assert Round.objects.get().name == "2026/27"


def test_the_back_office_lists_submitted_assessments_never_drafts(client, world):
    AssessmentFactory(council=world.own, status="submitted")
    AssessmentFactory(council=world.other, status="draft")
    force_login_verified(client, world.users["lga_staff"])
    page = client.get(reverse("admin:assessments_assessment_changelist")).content.decode()
    assert "Stockport" in page
    assert "Trafford" not in page


def test_a_council_officer_cannot_open_a_round(client, world):
    force_login_verified(client, world.users["officer"])
    response = client.get(reverse("admin:assessments_round_add"))
    assert response.status_code == 302


def test_the_demo_says_so_and_stops_without_a_framework():
    out = io.StringIO()
    demo.create_demo_data(stdout=out)
    assert "run `manage.py load_reference_data` first" in out.getvalue()
    assert not Round.objects.exists()


def test_the_demo_gives_stockport_an_approved_and_a_draft_assessment_and_runs_twice():
    npsportal_demo.create_demo_data()
    framework = small_framework()
    framework.is_current = True
    framework.save()
    demo.create_demo_data()
    demo.create_demo_data()
    stockport = dict(
        Assessment.objects.filter(council__slug="stockport").values_list("round__name", "status")
    )
    assert stockport == {"2025/26": "approved", "2026/27": "draft"}
    assert Round.objects.get(name="2026/27").is_open
    assert not Round.objects.get(name="2025/26").is_open
    approved = Assessment.objects.filter(status="approved")
    assert approved.values("council").distinct().count() >= 20
    levels = set(
        Answer.objects.filter(assessment__in=approved).values_list("current_level", flat=True)
    )
    assert len(levels) >= 3  # varied levels, for the dashboards
