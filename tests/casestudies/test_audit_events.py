"""The audit log records each step of a case study's lifecycle and each moderated reply."""

import pytest
from django.urls import reverse

from casestudies.models import CaseStudy, Reply
from npsportal.models import AuditEvent
from tests.audit import assert_recorded, events
from tests.casestudies.factories import CaseStudyFactory, ReplyFactory

pytestmark = pytest.mark.django_db
Status = CaseStudy.Status


def change_status(case_study, action):
    return reverse("casestudies:case_study_change_status", args=[case_study.slug, action])


@pytest.mark.parametrize(
    ("status", "action", "recorded"),
    [
        (Status.DRAFT, "submit", "case_study.submitted_for_review"),
        (Status.IN_REVIEW, "publish", "case_study.published"),
        (Status.PUBLISHED, "archive", "case_study.archived"),
        (Status.ARCHIVED, "return-to-draft", "case_study.returned_to_draft"),
    ],
)
def test_each_lifecycle_step_is_recorded_with_who_and_from_where(
    world, client_as, status, action, recorded
):
    case_study = CaseStudyFactory(status=status)
    staff = world.users["lga_staff"]
    client_as(staff).post(change_status(case_study, action))
    assert_recorded(recorded, staff, case_study)


def test_a_step_the_status_does_not_allow_records_nothing(world, client_as):
    case_study = CaseStudyFactory(status=Status.DRAFT)
    client_as(world.users["lga_staff"]).post(change_status(case_study, "archive"))
    assert not AuditEvent.objects.filter(action__startswith="case_study.").exists()


def test_a_council_lead_refused_publishing_records_no_publication(world, client_as):
    case_study = CaseStudyFactory(status=Status.IN_REVIEW)
    response = client_as(world.users["lead"]).post(change_status(case_study, "publish"))
    assert response.status_code == 403
    assert events("case_study.published") == []
    case_study.refresh_from_db()
    assert case_study.status == Status.IN_REVIEW


def test_publishing_from_the_back_office_is_recorded_too(world, client_as):
    case_study = CaseStudyFactory(status=Status.IN_REVIEW)
    staff = world.users["lga_staff"]
    client_as(staff).post(
        reverse("admin:casestudies_casestudy_changelist"),
        {"action": "publish", "_selected_action": [case_study.pk]},
    )
    assert_recorded("case_study.published", staff, case_study)


@pytest.mark.parametrize(
    ("decision", "recorded"), [("approve", "approved"), ("reject", "rejected")]
)
def test_moderating_a_reply_is_recorded_without_its_words(world, client_as, decision, recorded):
    case_study = CaseStudyFactory(status=Status.PUBLISHED, slug="shared-ict")
    reply = ReplyFactory(case_study=case_study, body="Our contract with Acme cost £2m")
    staff = world.users["lga_staff"]
    client_as(staff).post(reverse("casestudies:reply_moderate", args=[reply.pk, decision]))
    event = assert_recorded(f"reply.{recorded}", staff, reply)
    assert event.details == {"case_study": "shared-ict"}
    assert "Acme" not in str(event.details) + event.object_repr


def test_an_officer_refused_moderation_records_nothing(world, client_as):
    reply = ReplyFactory(case_study=CaseStudyFactory(status=Status.PUBLISHED))
    url = reverse("casestudies:reply_moderate", args=[reply.pk, "approve"])
    assert client_as(world.users["officer"]).post(url).status_code == 403
    assert not AuditEvent.objects.filter(action__startswith="reply.").exists()
    reply.refresh_from_db()
    assert reply.status == Reply.Status.PENDING
