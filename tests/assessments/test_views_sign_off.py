"""Check your answers, submit with a declaration, and the lead's sign-off."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from assessments import selectors
from assessments.models import Assessment
from tests.assessments.factories import AnswerFactory, AssessmentFactory, rate_all

pytestmark = pytest.mark.django_db


def check_url(assessment):
    return reverse("assessments:check_answers", args=[assessment.pk])


def sign_off_url(assessment):
    return reverse("assessments:sign_off", args=[assessment.pk])


def test_check_your_answers_summarises_each_key_area_with_change_links(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment, level=4)
    page = client_as(world.users["officer"]).get(check_url(assessment)).content.decode()
    for section in selectors.key_area_answers(assessment):
        url = reverse("assessments:key_area", args=[assessment.pk, section.key_area.pk])
        assert f'href="{url}"' in page
    assert len(re.findall(r"Current level</dt>\s*<dd[^>]*>Leader", page)) == 4
    assert "Submit self-assessment" in page


def test_a_councillor_reads_the_answers_without_change_links_or_submit(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment)
    page = client_as(world.users["councillor"]).get(check_url(assessment)).content.decode()
    assert re.search(r"Current level</dt>\s*<dd[^>]*>Mature", page)
    assert "Change<span" not in page
    assert "Submit self-assessment" not in page


def test_submitting_with_key_areas_incomplete_links_to_each_one(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    first, second = selectors.key_area_answers(assessment)
    AnswerFactory(assessment=assessment, statement=first.statements[0])
    response = client_as(world.users["officer"]).post(check_url(assessment), {"declaration": "on"})
    page = response.content.decode()
    assert "<title>Error: " in page
    for section in (first, second):
        url = reverse("assessments:key_area", args=[assessment.pk, section.key_area.pk])
        assert f'<a href="{url}">Rate every statement of {section.key_area.name}' in page
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_submitting_needs_the_declaration(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment)
    response = client_as(world.users["officer"]).post(check_url(assessment), {})
    page = response.content.decode()
    assert "<title>Error: " in page
    assert page.count("Confirm the declaration to submit the self-assessment") == 2
    assert 'href="#id_declaration"' in page
    assessment.refresh_from_db()
    assert assessment.status == "draft"


def test_a_complete_assessment_is_submitted_and_the_lead_is_told(
    world, client_as, django_capture_on_commit_callbacks
):
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(world.users["officer"]).post(
            check_url(assessment), {"declaration": "on"}, follow=True
        )
    assert "You submitted the" in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_by) == ("submitted", world.users["officer"])
    assert mail.outbox[0].to == [world.users["lead"].email]


def test_the_lead_approves_and_the_assessment_is_locked(world, client_as):
    assessment = AssessmentFactory(council=world.own, status="submitted")
    rate_all(assessment)
    lead = client_as(world.users["lead"])
    assert "Sign off the" in lead.get(sign_off_url(assessment)).content.decode()
    response = lead.post(sign_off_url(assessment), {"decision": "approve"}, follow=True)
    assert "You approved the" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.APPROVED
    page = lead.get(reverse("assessments:assessment_detail", args=[assessment.pk])).content
    assert b"This self-assessment has been approved, so it is locked." in page
    assert b"govuk-task-list__link" not in page


def test_returning_needs_a_comment(world, client_as):
    assessment = AssessmentFactory(council=world.own, status="submitted")
    response = client_as(world.users["lead"]).post(sign_off_url(assessment), {"decision": "return"})
    page = response.content.decode()
    assert "<title>Error: " in page
    assert page.count("Enter a comment saying what the officers need to change") == 2
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_the_lead_returns_it_with_a_comment_the_officers_see(world, client_as):
    assessment = AssessmentFactory(council=world.own, status="submitted")
    client_as(world.users["lead"]).post(
        sign_off_url(assessment), {"decision": "return", "comment": "Add evidence for SL1.2"}
    )
    detail = reverse("assessments:assessment_detail", args=[assessment.pk])
    page = client_as(world.users["officer"]).get(detail).content.decode()
    assert "Returned" in page
    assert "Add evidence for SL1.2" in page
    assert "govuk-task-list__link" in page  # editable again


def test_signing_off_a_draft_is_refused_with_an_explanation(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    response = client_as(world.users["lead"]).get(sign_off_url(assessment), follow=True)
    assert "Only a submitted self-assessment can be signed off" in response.content.decode()


def test_an_officer_cannot_sign_off(world, client_as):
    assessment = AssessmentFactory(council=world.own, status="submitted")
    response = client_as(world.users["officer"]).post(
        sign_off_url(assessment), {"decision": "approve"}
    )
    assert response.status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_answers_carried_forward_must_be_reviewed_before_submitting(world, client_as):
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment)
    assessment.answers.update(needs_review=True)
    response = client_as(world.users["officer"]).post(check_url(assessment), {"declaration": "on"})
    page = response.content.decode()
    assert "Review and save the answers carried forward to Engaging group 1" in page
    assert "Rate every statement" not in page


def test_a_return_comment_over_2000_characters_is_refused_and_kept(world, client_as):
    assessment = AssessmentFactory(council=world.own, status="submitted")
    comment = "c" * 2_001
    response = client_as(world.users["lead"]).post(
        sign_off_url(assessment), {"decision": "return", "comment": comment}
    )
    page = response.content.decode()
    assert "<title>Error: " in page
    assert page.count("Comment for the officers must be 2,000 characters or fewer") == 2
    assert f"{comment}</textarea>" in page
    assessment.refresh_from_db()
    assert (assessment.status, assessment.return_comment) == ("submitted", "")
