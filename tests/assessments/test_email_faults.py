import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory, rate_all

pytestmark = pytest.mark.django_db(transaction=True)


def submit(client, assessment):
    url = reverse("assessments:check_answers", args=[assessment.pk])
    return client.post(url, {"declaration": "on"})


def test_submission_is_kept_when_the_mail_server_refuses(world, client_as, settings):
    settings.EMAIL_BACKEND = "tests.refusing_email.RefusingEmailBackend"
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment)
    response = submit(client_as(world.users["officer"]), assessment)
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Assessment.Status.SUBMITTED


def test_emails_link_to_the_portal_by_its_full_address(world, client_as, settings):
    settings.SITE_URL = "https://nps-portal.example.org"
    assessment = AssessmentFactory(council=world.own)
    rate_all(assessment)
    submit(client_as(world.users["officer"]), assessment)
    assert f"https://nps-portal.example.org/assessments/{assessment.pk}/" in mail.outbox[0].body
