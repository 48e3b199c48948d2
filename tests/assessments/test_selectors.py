import pytest

from assessments import selectors
from assessments.models import Assessment
from tests.assessments.factories import (
    AnswerFactory,
    AssessmentFactory,
    RoundFactory,
    StatementFactory,
    rate_all,
    small_framework,
)

pytestmark = pytest.mark.django_db


def test_only_statements_described_at_all_five_levels_are_assessed():
    framework = small_framework(key_areas=2, statements=2, enabler=True)
    codes = [s.code for s in selectors.assessed_statements(framework)]
    assert codes == ["SL1.1", "SL1.2", "SL2.1", "SL2.2"]


def test_retired_statements_are_not_assessed():
    framework = small_framework(key_areas=1, statements=2, enabler=False)
    statement = framework.themes.get().key_areas.get().statements.first()
    statement.is_retired = True
    statement.save()
    assert statement not in selectors.assessed_statements(framework)


def test_key_area_levels_give_the_rounded_down_mean_of_fully_rated_key_areas():
    assessment = AssessmentFactory(round=RoundFactory())
    first, second, third, fourth = selectors.assessed_statements(assessment.round.framework)
    AnswerFactory(assessment=assessment, statement=first, current_level=2)
    AnswerFactory(assessment=assessment, statement=second, current_level=3)
    AnswerFactory(assessment=assessment, statement=third, current_level=4)
    assert selectors.key_area_levels(assessment) == {first.key_area_id: 2}


def test_latest_approved_assessment_is_of_the_most_recent_round(world):
    older = AssessmentFactory(
        council=world.own, round=RoundFactory(name="2024/25"), status="approved"
    )
    newer_round = RoundFactory(
        name="2025/26",
        opens_on=older.round.opens_on.replace(year=2030),
        closes_on=older.round.closes_on.replace(year=2031),
    )
    newer = AssessmentFactory(council=world.own, round=newer_round, status="approved")
    AssessmentFactory(council=world.own, status="draft")
    assert selectors.latest_approved_assessment(world.own) == newer
    assert selectors.latest_approved_assessment(world.other) is None


def test_lga_staff_see_submitted_and_approved_assessments_of_every_council_never_drafts(world):
    visible = {}
    for status in Assessment.Status:
        for council in (world.own, world.other):
            visible[(council.slug, status)] = AssessmentFactory(council=council, status=status)
    staff_sees = set(selectors.assessments_visible_to(world.users["lga_staff"]))
    assert staff_sees == {a for (_, s), a in visible.items() if s in ("submitted", "approved")}
    officer_sees = set(selectors.assessments_visible_to(world.users["officer"]))
    assert officer_sees == {a for (slug, _), a in visible.items() if slug == "stockport"}


def test_sections_follow_the_matrix_and_report_completion():
    assessment = AssessmentFactory()
    StatementFactory(
        key_area=selectors.assessed_statements(assessment.round.framework)[0].key_area,
        descriptors=False,
    )
    sections = selectors.key_area_answers(assessment)
    assert [len(s.statements) for s in sections] == [2, 2]
    assert [s.status for s in sections] == ["Not started", "Not started"]
    rate_all(assessment)
    assert [s.status for s in selectors.key_area_answers(assessment)] == ["Completed", "Completed"]


def test_the_task_list_shows_the_same_key_areas_and_statuses_as_sections():
    assessment = AssessmentFactory(round=RoundFactory(framework=small_framework(key_areas=4)))
    first, second, third, *_ = selectors.key_area_answers(assessment)
    rate_all(assessment)  # every key area completed, then one of each other state:
    assessment.answers.filter(statement__in=first.statements).delete()  # not started
    assessment.answers.filter(statement=second.statements[0]).update(current_level=None)
    assessment.answers.filter(statement=third.statements[0]).update(needs_review=True)
    expected = [
        (s.key_area.theme.name, s.key_area.name, s.status)
        for s in selectors.key_area_answers(assessment)
    ]
    tasks = [
        (theme["name"], task.name, task.status)
        for theme, tasks in selectors.progress_by_theme(assessment)
        for task in tasks
    ]
    assert tasks == expected
    assert [status for *_, status in tasks] == [
        "Not started",
        "In progress",
        "In progress",
        "Completed",
    ]


def test_the_task_list_marks_key_areas_in_draft_wording_with_a_true_boolean():
    assessment = AssessmentFactory()
    key_area = selectors.key_area_answers(assessment)[1].key_area
    key_area.is_draft_wording = True
    key_area.save()
    [(_, tasks)] = selectors.progress_by_theme(assessment)
    assert [task.is_draft_wording for task in tasks] == [False, True]
    assert all(type(task.is_draft_wording) is bool for task in tasks)
