"""Sign-off in plain sight: the head's banner and buttons, the officers' notices (issue 14, 3)."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory, rate_all

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def detail_url(assessment):
    return reverse("assessments:assessment_detail", args=[assessment.pk])


def sign_off_url(assessment):
    return reverse("assessments:sign_off", args=[assessment.pk])


def text_of(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def submitted(world):
    assessment = AssessmentFactory(council=world.own, status=Assessment.Status.SUBMITTED)
    rate_all(assessment)
    return assessment


def test_the_head_sees_a_banner_with_a_button_to_review_and_sign_off(world, client_as, submitted):
    response = client_as(world.users["lead"]).get(detail_url(submitted))
    html = response.content.decode()
    banner = re.search(r'<div class="govuk-notification-banner".*?</div>\s*</div>', html, re.S)
    assert banner, "no GOV.UK notification banner"
    assert "Waiting for your sign-off" in banner.group()
    assert re.search(
        rf'<a [^>]*class="govuk-button[^"]*"[^>]*href="{sign_off_url(submitted)}"[^>]*>'
        r"\s*Review and sign off",
        banner.group(),
    )
    assert "Ask your head of procurement" not in text_of(response)


def test_an_officer_reads_that_it_waits_for_the_head(world, client_as, submitted):
    page = text_of(client_as(world.users["officer"]).get(detail_url(submitted)))
    assert "Waiting for sign-off by your head of procurement" in page
    assert "Review and sign off" not in page


def test_the_sign_off_page_decides_with_two_buttons(world, client_as, submitted):
    html = client_as(world.users["lead"]).get(sign_off_url(submitted)).content.decode()
    assert re.search(r'<button[^>]*name="decision"[^>]*value="approve"[^>]*>\s*Approve', html)
    assert re.search(
        r'<button[^>]*name="decision"[^>]*value="return"[^>]*>\s*Return for changes', html
    )
    assert 'type="radio"' not in html


def test_the_approve_button_approves(world, client_as, submitted):
    client_as(world.users["lead"]).post(sign_off_url(submitted), {"decision": "approve"})
    submitted.refresh_from_db()
    assert submitted.status == Assessment.Status.APPROVED


def test_officers_see_who_returned_it_when_and_why(world, client_as, submitted):
    lead = world.users["lead"]
    lead.full_name = "Lee Lead"
    lead.save()
    moment = datetime(2026, 11, 30, 6, 24, 25, tzinfo=LONDON)
    with time_machine.travel(moment, tick=False):
        client_as(lead).post(
            sign_off_url(submitted), {"decision": "return", "comment": "Add the social value plan"}
        )
    page = text_of(client_as(world.users["officer"]).get(detail_url(submitted)))
    assert "Returned by Lee Lead on 30 November 2026, 6:24am" in page
    assert "Add the social value plan" in page


def test_the_assessment_pages_navigation_is_sub_navigation_marking_the_current_page(
    world, client_as, submitted
):
    client = client_as(world.users["officer"])
    pages = {
        "Key areas": detail_url(submitted),
        "Answers": reverse("assessments:check_answers", args=[submitted.pk]),
        "Activity": reverse("assessments:activity", args=[submitted.pk]),
    }
    for label, url in pages.items():
        html = client.get(url).content.decode()
        nav = re.search(r'<nav class="moj-sub-navigation".*?</nav>', html, re.S)
        assert nav, f"no MoJ sub navigation on {url}"
        current = re.findall(r'<a [^>]*aria-current="page"[^>]*>\s*([^<]+?)\s*<', nav.group())
        assert current == [label], url
