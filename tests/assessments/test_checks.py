"""Checks before submitting: warnings on check your answers and at sign-off, never blocks; and how
much of each return is evidenced, for LGA staff."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, Evidence, StatementView
from assessments.selectors import assessed_statements
from npsportal.formatting import govuk_date
from tests.assessments.factories import (
    ActionFactory,
    AssessmentFactory,
    RoundFactory,
    rate_all,
    small_framework,
)
from tests.factories import CouncilFactory, member_of

pytestmark = pytest.mark.django_db
Status = Assessment.Status
BANNER = re.compile(r'<div class="govuk-notification-banner".*?</ul>', re.S)


def check_url(assessment):
    return reverse("assessments:check_answers", args=[assessment.pk])


def sign_off_url(assessment):
    return reverse("assessments:sign_off", args=[assessment.pk])


def warnings_on(page: str) -> list[str]:
    """The warnings' link texts on a page (none: no banner)."""
    banner = BANNER.search(page)
    if banner is None:
        return []
    links = r'class="govuk-notification-banner__link" href="[^"]*">([^<]+)</a>'
    return [html.unescape(text) for text in re.findall(links, banner[0])]


def officer_sees(world, client_as, assessment) -> list[str]:
    page = client_as(world.users["officer"]).get(check_url(assessment)).content.decode()
    return warnings_on(page)


@pytest.fixture
def assessment(world):
    """A draft of Stockport's, every statement rated Mature with evidence, nothing to warn of."""
    found = AssessmentFactory(council=world.own)
    rate_all(found, level=3)
    found.answers.update(evidence_text="Contract register")
    return found


def first_answer(assessment) -> Answer:
    return assessment.answers.order_by("statement__key_area__order", "statement__order").first()


def test_nothing_to_look_at_shows_no_warnings(world, client_as, assessment):
    page = client_as(world.users["officer"]).get(check_url(assessment)).content.decode()
    assert "things to look at" not in page
    assert "govuk-notification-banner" not in page


@pytest.mark.parametrize("level", [4, 5])
def test_leader_or_innovator_with_no_evidence_is_a_warning(world, client_as, assessment, level):
    answer = first_answer(assessment)
    Answer.objects.filter(pk=answer.pk).update(current_level=level, evidence_text="")
    name = "Leader" if level == 4 else "Innovator"
    assert officer_sees(world, client_as, assessment) == [
        f"{answer.statement.label} is rated {name} but has no evidence"
    ]


@pytest.mark.parametrize("evidence", ["text", "links", "file"])
def test_leader_with_any_evidence_is_not_warned(world, client_as, assessment, evidence):
    answer = first_answer(assessment)
    values = {"text": "Board minutes", "links": "https://example.org/minutes", "file": ""}
    Answer.objects.filter(pk=answer.pk).update(
        current_level=4,
        evidence_text=values["text"] if evidence == "text" else "",
        evidence_links=values["links"] if evidence == "links" else "",
    )
    if evidence == "file":
        Evidence.objects.create(
            answer=answer, file="evidence/x", original_name="minutes.pdf", content_type="a", size=1
        )
    assert officer_sees(world, client_as, assessment) == []


def test_mature_with_no_evidence_is_not_warned(world, client_as, assessment):
    assessment.answers.update(evidence_text="")
    assert officer_sees(world, client_as, assessment) == []


def test_a_target_below_the_current_level_is_a_warning(world, client_as, assessment):
    answer = first_answer(assessment)
    Answer.objects.filter(pk=answer.pk).update(target_level=2)
    assessment.answers.exclude(pk=answer.pk).update(target_level=3)  # the same level: fine
    assert officer_sees(world, client_as, assessment) == [
        f"The target for {answer.statement.label} (Developing) is below its current level (Mature)"
    ]


def test_evidence_carried_forward_and_not_saved_again_is_a_warning(world, client_as, assessment):
    answer = first_answer(assessment)
    Answer.objects.filter(pk=answer.pk).update(needs_review=True)
    expected = f"The evidence for {answer.statement.label} was given before this round"
    assert [w[: len(expected)] for w in officer_sees(world, client_as, assessment)] == [expected]
    Answer.objects.filter(pk=answer.pk).update(needs_review=False)  # the officer saved it again
    assert officer_sees(world, client_as, assessment) == []


def test_a_file_uploaded_before_the_round_opened_is_a_warning(world, client_as, assessment):
    answer = first_answer(assessment)
    evidence = Evidence.objects.create(
        answer=answer, file="evidence/x", original_name="old.pdf", content_type="a", size=1
    )
    assert officer_sees(world, client_as, assessment) == []  # uploaded today
    before = assessment.round.opens_on - datetime.timedelta(days=1)
    moment = timezone.make_aware(datetime.datetime.combine(before, datetime.time(12)))
    Evidence.objects.filter(pk=evidence.pk).update(uploaded_at=moment)
    assert officer_sees(world, client_as, assessment) == [
        f"The evidence for {answer.statement.label} was given before this round: "
        "check it still holds"
    ]


def test_an_overdue_action_not_done_is_a_warning_linking_to_the_action(
    world, client_as, assessment
):
    answer = first_answer(assessment)
    today = timezone.localdate()
    due = today - datetime.timedelta(days=40)
    overdue = ActionFactory(answer=answer, what="Train buyers", due_on=due)
    ActionFactory(answer=answer, due_on=today)  # due today: not yet overdue
    ActionFactory(answer=answer, due_on=today - datetime.timedelta(days=9), status="done")
    page = client_as(world.users["officer"]).get(check_url(assessment)).content.decode()
    assert warnings_on(page) == [
        f"The action “Train buyers” for {answer.statement.label} was due on {govuk_date(due)} "
        "and is not done"
    ]
    assert reverse("assessments:action_change", args=[assessment.pk, overdue.pk]) in page


def give_views(world, assessment, statement, levels):
    people = [world.users["officer"], world.users["lead"], member_of(world.own)]
    for person, level in zip(people, levels, strict=False):
        StatementView.objects.create(
            assessment=assessment, statement=statement, person=person, level=level
        )


def test_views_apart_with_no_reason_are_a_warning(world, client_as, assessment):
    answer = first_answer(assessment)
    give_views(world, assessment, answer.statement, [2, 2, 4])
    assert officer_sees(world, client_as, assessment) == [
        f"Colleagues' views of {answer.statement.label} are far apart "
        "(3 views: Developing, Developing, Leader) and no reason is given for the level agreed"
    ]
    Answer.objects.filter(pk=answer.pk).update(agreed_reason="The board minutes settle it")
    assert officer_sees(world, client_as, assessment) == []


def test_views_one_level_apart_need_no_reason(world, client_as, assessment):
    give_views(world, assessment, first_answer(assessment).statement, [2, 3, 3])
    assert officer_sees(world, client_as, assessment) == []


def test_each_warning_links_to_where_the_statement_is_answered(world, client_as, assessment):
    answer = first_answer(assessment)
    Answer.objects.filter(pk=answer.pk).update(current_level=5, evidence_text="")
    page = client_as(world.users["officer"]).get(check_url(assessment)).content.decode()
    key_area = reverse("assessments:key_area", args=[assessment.pk, answer.statement.key_area_id])
    assert f'href="{key_area}#statement-{answer.statement.pk}"' in BANNER.search(page)[0]
    assert "1 thing to look at before you submit" in page
    assert "you can still submit" in page
    assert answer.statement.code not in BANNER.search(page)[0]  # names, never codes


def test_warnings_are_listed_in_the_matrix_order(world, client_as, assessment):
    first, *_, last = assessment.answers.order_by("statement__key_area__order", "statement__order")
    Answer.objects.filter(pk__in=[first.pk, last.pk]).update(current_level=4, evidence_text="")
    Answer.objects.filter(pk=last.pk).update(target_level=1)
    assert officer_sees(world, client_as, assessment) == [
        f"{first.statement.label} is rated Leader but has no evidence",
        f"{last.statement.label} is rated Leader but has no evidence",
        f"The target for {last.statement.label} (Minimum) is below its current level (Leader)",
    ]


def test_submitting_still_works_with_warnings(world, client_as, assessment):
    assessment.answers.update(current_level=5, evidence_text="", target_level=1)
    officer = client_as(world.users["officer"])
    assert len(warnings_on(officer.get(check_url(assessment)).content.decode())) == 8
    response = officer.post(check_url(assessment), {"declaration": "on"}, follow=True)
    assert "You submitted the" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


def test_the_head_sees_the_warnings_at_sign_off_linking_to_the_answers(
    world, client_as, assessment
):
    answer = first_answer(assessment)
    Answer.objects.filter(pk=answer.pk).update(current_level=4, evidence_text="")
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
    lead = client_as(world.users["lead"])
    page = lead.get(sign_off_url(assessment)).content.decode()
    assert warnings_on(page) == [f"{answer.statement.label} is rated Leader but has no evidence"]
    assert "1 thing to look at before you sign off" in page
    answers = f"{check_url(assessment)}#summary-{answer.statement.key_area_id}"
    assert f'href="{answers}"' in BANNER.search(page)[0]
    response = lead.post(sign_off_url(assessment), {"decision": "approve"}, follow=True)
    assert "You approved the" in response.content.decode()


def test_those_who_cannot_submit_see_no_warnings_on_the_answers(world, client_as, assessment):
    Answer.objects.filter(pk=first_answer(assessment).pk).update(current_level=4, evidence_text="")
    page = client_as(world.users["councillor"]).get(check_url(assessment)).content.decode()
    assert warnings_on(page) == []


def test_an_officer_of_another_council_sees_nothing_of_the_warnings(world, client_as, assessment):
    Answer.objects.filter(pk=first_answer(assessment).pk).update(current_level=4, evidence_text="")
    other = client_as(world.users["other_officer"])
    assert other.get(check_url(assessment)).status_code == 404
    assert other.get(sign_off_url(assessment)).status_code == 404
    other_lead = client_as(world.users["other_lead"])
    Assessment.objects.filter(pk=assessment.pk).update(status=Status.SUBMITTED)
    assert other_lead.get(sign_off_url(assessment)).status_code == 404


def queries_for(world, client_as, statements: int, page: str) -> int:
    """The queries of check your answers (the officer) or sign-off (the head), every statement
    warned of three times."""
    round = RoundFactory(framework=small_framework(key_areas=statements, statements=1))
    status = Status.SUBMITTED if page == "sign_off" else Status.DRAFT
    assessment = AssessmentFactory(council=world.own, round=round, status=status)
    rate_all(assessment, level=4)  # Leader with no evidence
    for answer in assessment.answers.all():
        ActionFactory(answer=answer, due_on=timezone.localdate() - datetime.timedelta(days=3))
        give_views(world, assessment, answer.statement, [1, 4])
    client = client_as(world.users["lead" if page == "sign_off" else "officer"])
    url = reverse(f"assessments:{page}", args=[assessment.pk])
    with CaptureQueriesContext(connection) as queries:
        found = warnings_on(client.get(url).content.decode())
    assert len(found) == statements * 3
    return len(queries)


@pytest.mark.parametrize("page", ["check_answers", "sign_off"])
def test_the_warnings_take_the_same_queries_whatever_the_number_of_statements(
    world, client_as, page
):
    assert queries_for(world, client_as, 2, page) == queries_for(world, client_as, 7, page)


# LGA staff: how much of each return is evidenced, with the confidence recorded.

LIST = "/assessments/"


def evidenced_cells(page: str) -> list[str]:
    """Each row's last cell in LGA staff's list of self-assessments, as words without tags."""
    rows = re.findall(r'<tr class="govuk-table__row">\s*<th scope="row".*?</tr>', page, re.S)
    cells = [
        re.findall(r'<td class="govuk-table__cell"[^>]*>(.*?)</td>', row, re.S)[-1] for row in rows
    ]
    return [" ".join(re.sub(r"<[^>]+>", " ", cell).split()) for cell in cells]


def submitted_with_evidence(council, round) -> Assessment:
    """Four statements rated: two evidenced (words, a file), two not; confidence of three given."""
    assessment = AssessmentFactory(council=council, round=round, status=Status.SUBMITTED)
    rate_all(assessment)
    first, second, third, _ = assessment.answers.order_by("pk")
    Answer.objects.filter(pk=first.pk).update(evidence_text="Minutes", confidence="checked")
    Answer.objects.filter(pk=second.pk).update(confidence="evidenced")
    Answer.objects.filter(pk=third.pk).update(confidence="evidenced")
    for name in ("a.pdf", "b.pdf"):  # two files, still one statement
        Evidence.objects.create(
            answer=second, file="evidence/x", original_name=name, content_type="a", size=1
        )
    return assessment


def test_staff_see_how_much_of_each_return_is_evidenced_with_its_confidence(world, client_as):
    round = RoundFactory(framework=small_framework(key_areas=2, statements=2))
    submitted_with_evidence(world.own, round)
    page = client_as(world.users["lga_staff"]).get(LIST).content.decode()
    assert "Evidenced</th>" in page
    assert evidenced_cells(page) == [
        "2 of 4 statements (50%) Confidence: 1 independently checked, "
        "2 supported by evidence, 1 not given"
    ]


def test_staff_never_see_a_drafts_evidence(world, client_as):
    round = RoundFactory()
    draft = AssessmentFactory(council=world.own, round=round)
    rate_all(draft)
    page = client_as(world.users["lga_staff"]).get(LIST).content.decode()
    assert "statements (" not in page
    assert "No council has sent a self-assessment yet" in page


def test_the_evidenced_share_takes_the_same_queries_whatever_the_number_of_councils(
    world, client_as
):
    round = RoundFactory()
    staff = client_as(world.users["lga_staff"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            staff.get(LIST)
        return len(captured)

    submitted_with_evidence(CouncilFactory(), round)
    one = queries()
    for _ in range(4):
        submitted_with_evidence(CouncilFactory(), round)
    assert queries() == one
    assert len(evidenced_cells(staff.get(LIST).content.decode())) == 5


def test_officers_see_no_evidenced_share_and_nothing_of_other_councils(world, client_as):
    round = RoundFactory()
    submitted_with_evidence(world.own, round)
    rate_all(AssessmentFactory(council=world.other, round=round))
    page = client_as(world.users["other_officer"]).get(LIST).content.decode()
    assert "Stockport" not in page
    assert "Evidenced" not in page
    assert "statements (" not in page


def test_a_statement_with_no_level_is_not_counted(world, client_as):
    round = RoundFactory()
    assessment = submitted_with_evidence(world.own, round)
    assessed = list(assessed_statements(round.framework))
    Answer.objects.filter(assessment=assessment, statement=assessed[-1]).update(current_level=None)
    page = client_as(world.users["lga_staff"]).get(LIST).content.decode()
    assert evidenced_cells(page)[0].startswith("2 of 3 statements (67%)")
