import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from assessments import selectors, services
from assessments.models import Action, Answer, Assessment, Evidence
from npsportal.roles import Role
from tests.assessments.factories import (
    ActionFactory,
    AnswerFactory,
    AssessmentFactory,
    RoundFactory,
    previous_round,
    rate_all,
)
from tests.factories import member_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


def inputs_for(assessment, key_area_index=0, level=3, seen_version=0, **values):
    section = selectors.key_area_answers(assessment)[key_area_index]
    return [
        services.StatementInput(
            statement=statement,
            seen_version=seen_version,
            values={"current_level": level, **values},
        )
        for statement in section.statements
    ]


def test_saving_a_key_area_records_answers_and_bumps_their_version(world):
    assessment = AssessmentFactory(council=world.own)
    services.save_key_area(
        assessment=assessment, inputs=inputs_for(assessment), user=world.users["officer"]
    )
    answers = Answer.objects.filter(assessment=assessment)
    assert [(a.current_level, a.version) for a in answers] == [(3, 1), (3, 1)]
    assert answers[0].updated_by == world.users["officer"]


def test_a_save_over_a_stale_copy_is_refused_and_says_what_differs(world):
    assessment = AssessmentFactory(council=world.own)
    first, second = world.users["officer"], world.users["lead"]
    services.save_key_area(
        assessment=assessment, inputs=inputs_for(assessment, level=2), user=first
    )
    with pytest.raises(services.StaleAnswers) as refusal:
        services.save_key_area(
            assessment=assessment, inputs=inputs_for(assessment, level=4), user=second
        )
    change = refusal.value.changes[0]
    assert change.fields == [("Current level", 2, 4)]
    assert change.answer.updated_by == first
    assert set(Answer.objects.values_list("current_level", flat=True)) == {2}


def test_a_save_that_has_seen_the_latest_version_goes_through(world):
    assessment = AssessmentFactory(council=world.own)
    user = world.users["officer"]
    services.save_key_area(assessment=assessment, inputs=inputs_for(assessment, level=2), user=user)
    services.save_key_area(
        assessment=assessment, inputs=inputs_for(assessment, level=4, seen_version=1), user=user
    )
    assert set(Answer.objects.values_list("current_level", "version")) == {(4, 2)}


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_submitted_or_approved_assessment_cannot_be_changed(world, status):
    assessment = AssessmentFactory(council=world.own, status=status)
    with pytest.raises(services.AssessmentLocked, match=status[:6]):
        services.save_key_area(
            assessment=assessment, inputs=inputs_for(assessment), user=world.users["officer"]
        )
    assert not Answer.objects.exists()


def test_an_assessment_cannot_be_changed_after_its_round_closes(world):
    assessment = AssessmentFactory(council=world.own)
    after = assessment.round.closes_on + datetime.timedelta(days=1)
    noon = datetime.datetime.combine(after, datetime.time(12))
    with (
        time_machine.travel(noon, tick=False),
        pytest.raises(services.AssessmentLocked, match="round closed on"),
    ):
        services.save_key_area(
            assessment=assessment, inputs=inputs_for(assessment), user=world.users["officer"]
        )


def test_saving_a_key_area_changes_nothing_when_part_of_it_fails(world, monkeypatch):
    assessment = AssessmentFactory(council=world.own)
    inputs = inputs_for(assessment)
    inputs[1].new_action = {"what": "x", "owner": "y", "due_on": None}  # due_on is required
    with pytest.raises(IntegrityError):
        services.save_key_area(assessment=assessment, inputs=inputs, user=world.users["officer"])
    assert not Answer.objects.exists()
    assert not Action.objects.exists()


def test_saving_a_key_area_adds_an_evidence_file_under_a_random_name(world):
    assessment = AssessmentFactory(council=world.own)
    inputs = inputs_for(assessment)
    inputs[0].upload = SimpleUploadedFile("../../etc/plan.pdf", PDF)
    inputs[0].upload_type = "application/pdf"
    services.save_key_area(assessment=assessment, inputs=inputs, user=world.users["officer"])
    evidence = Evidence.objects.get()
    assert evidence.original_name == "plan.pdf"
    assert evidence.file.name.startswith("evidence/")
    assert "plan" not in evidence.file.name
    assert evidence.file.read() == PDF


def test_submitting_needs_every_statement_rated(world):
    assessment = AssessmentFactory(council=world.own)
    services.save_key_area(
        assessment=assessment, inputs=inputs_for(assessment), user=world.users["officer"]
    )
    with pytest.raises(services.IncompleteAssessment) as refusal:
        services.submit_assessment(assessment=assessment, user=world.users["officer"])
    assert [s.key_area.name for s in refusal.value.key_areas] == ["Engaging group 2"]
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.DRAFT


def recipients_of(subject_words: str) -> set[str]:
    return {m.to[0] for m in mail.outbox if subject_words in m.subject}


def test_submitting_tells_the_lead_and_approving_tells_the_officers(
    world, django_capture_on_commit_callbacks
):
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, user=world.users["officer"])
    assert mail.outbox[-1].to == [world.users["lead"].email]
    assert "ready for sign-off" in mail.outbox[-1].subject
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_assessment(assessment=assessment, user=world.users["lead"])
    assessment.refresh_from_db()
    assert assessment.status == "approved"
    assert assessment.approved_by == world.users["lead"]
    assert recipients_of("approved") == {world.users["officer"].email, world.users["lead"].email}


def test_returning_sends_the_comment_to_the_officers_and_reopens_editing(
    world, django_capture_on_commit_callbacks
):
    assessment = AssessmentFactory(council=world.own, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.return_assessment(
            assessment=assessment, user=world.users["lead"], comment="Add evidence for SL1.2"
        )
    assert mail.outbox[-1].to == [world.users["officer"].email]
    assert "Add evidence for SL1.2" in mail.outbox[-1].body
    assessment.refresh_from_db()
    services.check_editable(assessment)  # a returned assessment can be changed again


@pytest.mark.parametrize("status", ["draft", "returned", "approved"])
def test_only_a_submitted_assessment_can_be_signed_off(world, status):
    assessment = AssessmentFactory(council=world.own, status=status)
    with pytest.raises(services.AssessmentLocked, match="Only a submitted"):
        services.approve_assessment(assessment=assessment, user=world.users["lead"])


def test_starting_from_the_previous_assessment_carries_levels_evidence_and_open_actions(world):
    framework_round = RoundFactory(name="2026/27")
    last_round = previous_round(framework_round)
    previous = AssessmentFactory(council=world.own, round=last_round, status="approved")
    statement = selectors.assessed_statements(last_round.framework)[0]
    answer = AnswerFactory(
        assessment=previous,
        statement=statement,
        current_level=4,
        evidence_text="Cabinet briefing minutes",
    )
    ActionFactory(answer=answer, what="Open action")
    ActionFactory(answer=answer, what="Finished action", status=Action.Status.DONE)
    assessment = services.start_assessment(
        council=world.own, round=framework_round, user=world.users["officer"], prefill=True
    )
    carried = assessment.answers.get()
    assert (carried.current_level, carried.evidence_text, carried.needs_review) == (
        4,
        "Cabinet briefing minutes",
        True,
    )
    assert [a.what for a in carried.actions.all()] == ["Open action"]
    assert selectors.key_area_answers(assessment)[0].status == "In progress"


def test_a_start_that_fails_after_copying_evidence_leaves_neither_row_nor_copied_file(
    world, monkeypatch, settings
):
    framework_round = RoundFactory(name="2026/27")
    last_round = previous_round(framework_round)
    previous = AssessmentFactory(council=world.own, round=last_round, status="approved")
    statement = selectors.assessed_statements(last_round.framework)[0]
    answer = AnswerFactory(assessment=previous, statement=statement, current_level=3)
    evidence = Evidence(answer=answer, original_name="plan.pdf", content_type="application/pdf")
    evidence.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", PDF), save=False)
    evidence.size = len(PDF)
    evidence.save()
    ActionFactory(answer=answer, what="Open action")
    files_before = sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())

    def database_gone(*args, **kwargs):
        raise IntegrityError("the database went away")

    monkeypatch.setattr(Action.objects, "create", database_gone)
    with pytest.raises(IntegrityError):
        services.start_assessment(
            council=world.own, round=framework_round, user=world.users["officer"], prefill=True
        )
    assert not Assessment.objects.filter(round=framework_round).exists()
    assert Evidence.objects.count() == 1
    assert sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files_before


def test_a_council_starts_only_one_assessment_per_round_a_second_start_gives_the_first(world):
    round = RoundFactory()
    first = services.start_assessment(council=world.own, round=round, user=world.users["officer"])
    second = services.start_assessment(council=world.own, round=round, user=world.users["lead"])
    assert second == first
    assert Assessment.objects.get().created_by == world.users["officer"]


def test_removing_evidence_deletes_the_file_once_committed(
    world, django_capture_on_commit_callbacks
):
    assessment = AssessmentFactory(council=world.own)
    inputs = inputs_for(assessment)
    inputs[0].upload = SimpleUploadedFile("plan.pdf", PDF)
    services.save_key_area(assessment=assessment, inputs=inputs, user=world.users["officer"])
    evidence = Evidence.objects.get()
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence=evidence, user=world.users["officer"])
    assert not Evidence.objects.exists()
    assert not storage.exists(name)


def test_an_email_reaches_only_the_councils_own_people(world, django_capture_on_commit_callbacks):
    member_of(world.own, Role.LEAD, email="second.lead@stockport.test")
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_assessment(assessment=assessment, user=world.users["officer"])
    # One email each, so nobody sees the others' addresses.
    assert [m.to for m in mail.outbox] == [["lead@stockport.test"], ["second.lead@stockport.test"]]
