"""More time for one council, and closing the round: who can still change their assessment."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from assessments.models import Answer, Assessment, Round, RoundExtension
from npsportal.models import AuditEvent
from tests.assessments.factories import AssessmentFactory, RoundFactory
from tests.assessments.factories_rounds import days, round_with_councils
from tests.assessments.test_views_key_area import form_data, page_url

pytestmark = pytest.mark.django_db


def extend_url(round, council):
    return reverse("assessments:round_extend", args=[round.slug, council.slug])


def more_time(day, reason="Their head of procurement was ill in March") -> dict:
    return {
        "closes_on_0": day.day,
        "closes_on_1": day.month,
        "closes_on_2": day.year,
        "reason": reason,
    }


@pytest.fixture
def closed_by_date(world):
    """A round whose closing date was yesterday, with drafts at Stockport and Trafford."""
    today = timezone.localdate()
    round = RoundFactory(name="2026/27", opens_on=today - days(90), closes_on=today - days(1))
    for council in (world.own, world.other):
        AssessmentFactory(council=council, round=round)
    return round


def save_key_area(client, assessment):
    return client.post(page_url(assessment), form_data(assessment, button="later"), follow=True)


def test_more_time_lets_one_council_edit_after_the_close_and_not_another(
    world, client_as, closed_by_date
):
    staff = client_as(world.users["lga_staff"])
    until = timezone.localdate() + days(14)
    response = staff.post(extend_url(closed_by_date, world.own), more_time(until), follow=True)
    assert f"Stockport has until {until.day} {until:%B %Y}" in response.content.decode()
    stockport = Assessment.objects.get(council=world.own)
    trafford = Assessment.objects.get(council=world.other)

    save_key_area(client_as(world.users["officer"]), stockport)
    assert Answer.objects.filter(assessment=stockport).exists()
    refused = save_key_area(client_as(world.users["other_officer"]), trafford)
    assert "round closed on" in refused.content.decode()
    assert not Answer.objects.filter(assessment=trafford).exists()


def test_the_council_sees_its_own_closing_date_on_its_task_list(world, client_as, closed_by_date):
    until = timezone.localdate() + days(14)
    client_as(world.users["lga_staff"]).post(
        extend_url(closed_by_date, world.own), more_time(until)
    )
    stockport = Assessment.objects.get(council=world.own)
    page = client_as(world.users["officer"]).get(
        reverse("assessments:assessment_detail", args=[stockport.pk])
    )
    assert (
        f"Your council has until <strong>{until.day} {until:%B %Y}</strong>"
        in page.content.decode()
    )


def test_a_council_given_more_time_can_still_start_its_assessment(world, client_as):
    today = timezone.localdate()
    round = RoundFactory(name="2026/27", opens_on=today - days(90), closes_on=today - days(1))
    start = reverse("assessments:assessment_start", args=[world.own.slug, round.slug])
    officer = client_as(world.users["officer"])
    assert officer.get(start).status_code == 404
    RoundExtension.objects.create(round=round, council=world.own, closes_on=today, reason="Ill")
    assert officer.get(start).status_code == 200
    officer.post(start)
    assert Assessment.objects.filter(council=world.own, round=round).exists()


def test_more_time_is_audited_with_its_reason(world, client_as, closed_by_date):
    until = timezone.localdate() + days(7)
    client_as(world.users["lga_staff"]).post(
        extend_url(closed_by_date, world.own), more_time(until)
    )
    event = AuditEvent.objects.get(action="round.extended")
    assert event.details["council"] == "stockport"
    assert event.details["reason"] == "Their head of procurement was ill in March"
    assert event.details["closes_on"] == until.isoformat()


@pytest.mark.parametrize(
    ("closes_on", "reason", "message"),
    [
        (0, "Ill", "New closing date must be after the round’s closing date"),
        (5, "  ", "Enter the reason for more time"),
        (None, "Ill", "Enter the new closing date"),
    ],
)
def test_more_time_with_bad_input_is_refused_at_its_field(
    world, client_as, closes_on, reason, message
):
    round = RoundFactory(name="2026/27")
    data = more_time(round.closes_on + days(closes_on or 0), reason)
    if closes_on is None:
        data |= {"closes_on_0": "", "closes_on_1": "", "closes_on_2": ""}
    response = client_as(world.users["lga_staff"]).post(extend_url(round, world.own), data)
    text = response.content.decode()
    assert text.count(message) == 2
    assert not RoundExtension.objects.exists()


def test_the_close_page_warns_who_has_not_submitted_and_which_extensions_end(world, client_as):
    round = round_with_councils(world)
    RoundExtension.objects.create(
        round=round, council=world.other, closes_on=round.closes_on + days(10), reason="Ill"
    )
    text = (
        client_as(world.users["lga_staff"])
        .get(reverse("assessments:round_close", args=[round.slug]))
        .content.decode()
    )
    assert "3 councils have not submitted a self-assessment" in text
    assert "1 submitted one is still waiting for sign-off" in text
    assert "Trafford, given until" in text


def test_closing_the_round_stops_every_change_and_tells_heads_of_councils_taking_part(
    world, client_as
):
    round = round_with_councils(world)
    RoundExtension.objects.create(
        round=round, council=world.own, closes_on=round.closes_on + days(10), reason="Ill"
    )
    response = client_as(world.users["lga_staff"]).post(
        reverse("assessments:round_close", args=[round.slug]), follow=True
    )
    assert "The 2026/27 round is closed" in response.content.decode()
    round.refresh_from_db()
    assert round.closed_at
    assert round.closed_by == world.users["lga_staff"]
    # Heads of the four councils that started; not Trafford (not started), not officers.
    assert sorted(m.to[0] for m in mail.outbox) == [
        "lead@camden.test",
        "lead@kent.test",
        "lead@oxford.test",
        "lead@stockport.test",
    ]
    assert "has closed" in mail.outbox[0].subject
    assert AuditEvent.objects.get(action="round.closed").details["councils_not_submitted"] == 3

    stockport = Assessment.objects.get(council=world.own, round=round)
    refused = save_key_area(client_as(world.users["officer"]), stockport)
    assert "LGA staff closed the 2026/27 round" in refused.content.decode()
    assert not Answer.objects.filter(assessment=stockport).exists()


def test_a_submitted_assessment_cannot_be_signed_off_once_the_round_is_closed(world, client_as):
    round = RoundFactory(name="2026/27")
    assessment = AssessmentFactory(council=world.own, round=round, status="submitted")
    Round.objects.filter(pk=round.pk).update(closed_at=timezone.now())
    sign_off = reverse("assessments:sign_off", args=[assessment.pk])
    response = client_as(world.users["lead"]).post(sign_off, {"decision": "approve"}, follow=True)
    assert "LGA staff closed the 2026/27 round" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.status == "submitted"


def test_closing_twice_is_refused_and_sends_nothing_more(world, client_as):
    round = round_with_councils(world)
    staff = client_as(world.users["lga_staff"])
    close = reverse("assessments:round_close", args=[round.slug])
    staff.post(close)
    sent = len(mail.outbox)
    response = staff.post(close, follow=True)
    assert "was closed already" in response.content.decode()
    assert len(mail.outbox) == sent


@pytest.mark.parametrize("role", ["officer", "lead", "councillor"])
def test_council_people_cannot_give_more_time_or_close(world, client_as, role):
    round = round_with_councils(world)
    client = client_as(world.users[role])
    until = round.closes_on + days(5)
    assert client.post(extend_url(round, world.own), more_time(until)).status_code == 403
    close = reverse("assessments:round_close", args=[round.slug])
    assert client.post(close).status_code == 403
    round.refresh_from_db()
    assert round.closed_at is None
    assert not RoundExtension.objects.exists()
