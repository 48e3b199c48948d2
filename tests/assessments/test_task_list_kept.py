"""The task list is kept whole for each person (npsportal/kept_pages.py) under its fingerprint
and the sign-off notice's words: a repeat view draws nothing, yet shows every change at once,
carries the request's own CSRF token and the messages waiting for it."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from npsportal.kept_pages import CSRF_PLACEHOLDER
from tests.assessments.test_task_list import part_answered
from tests.conftest import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(world):
    return part_answered(world)


def url(assessment) -> str:
    return reverse("assessments:assessment_detail", args=[assessment.pk])


def words(response) -> str:
    return " ".join(response.content.decode().split())


def test_a_repeat_view_of_the_task_list_draws_nothing_and_shows_the_same(
    world, client_as, assessment
):
    client = client_as(world.users["officer"])
    first = client.get(url(assessment))

    again = client.get(url(assessment))

    assert first.templates
    assert not again.templates
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", first.content.decode()) == token.sub("", again.content.decode())


def test_a_kept_task_list_shows_the_submitters_new_name_at_once(world, client_as, assessment):
    officer = world.users["officer"]
    Assessment.objects.filter(pk=assessment.pk).update(
        status=Assessment.Status.SUBMITTED, submitted_by=officer
    )
    officer.full_name = "Pat Before"
    officer.save()
    client = client_as(world.users["lead"])
    assert "Pat Before submitted" in words(client.get(url(assessment)))

    officer.full_name = "Pat After"
    officer.save()

    assert "Pat After submitted" in words(client.get(url(assessment)))


def test_each_session_of_a_kept_page_gets_its_own_working_csrf_token(world, assessment):
    officer = world.users["officer"]
    force_login_verified(Client(), officer).get(url(assessment))
    browser = force_login_verified(Client(enforce_csrf_checks=True), officer)

    html = browser.get(url(assessment)).content.decode()

    assert CSRF_PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert browser.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert "_auth_user_id" not in browser.session


def test_a_message_waiting_is_shown_on_a_kept_task_list_once(world, client_as, assessment):
    client = client_as(world.users["officer"])
    client.get(url(assessment))
    key_area = assessment.round.framework.themes.get(kind="theme").key_areas.first()
    key_area_url = reverse("assessments:key_area", args=[assessment.pk, key_area.pk])
    saved = client.post(key_area_url, {}, follow=True)

    assert f"{key_area.name}: your answers are saved" in words(saved)
    assert "your answers are saved" not in words(client.get(url(assessment)))


def test_people_of_one_council_each_get_their_own_kept_task_list(world, assessment):
    officer = force_login_verified(Client(), world.users["officer"])
    lead = force_login_verified(Client(), world.users["lead"])
    officer.get(url(assessment))

    page = words(lead.get(url(assessment)))

    assert world.users["lead"].email in page
    assert world.users["officer"].email not in page
