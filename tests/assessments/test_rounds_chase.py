"""Chasing councils: choose who, preview the email, send; one email a person a day at most."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from npsportal.models import AuditEvent, OutgoingEmail
from npsportal.roles import Role
from tests.assessments.factories_rounds import days, round_with_councils
from tests.factories import member_of

pytestmark = pytest.mark.django_db


def chase_url(round):
    return reverse("assessments:round_chase", args=[round.slug])


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_the_preview_shows_the_email_as_sent_and_who_it_reaches(world, client_as):
    round = round_with_councils(world)
    staff = client_as(world.users["lga_staff"])
    text = staff.post(chase_url(round), {"who": "not_submitted"}).content.decode()
    # Stockport (draft), Trafford (not started), Oxford (returned); heads and officers.
    assert "<strong>5 people</strong>" in text
    assert "<strong>3 councils</strong>" in text
    assert "Reminder: Oxford&#x27;s 2026/27 NPS self-assessment" in text
    assert "Oxford has not yet submitted its 2026/27" in text
    assert "Send 5 reminders" in text
    assert not mail.outbox  # nothing is sent by the preview


def test_choosing_nobody_is_refused_at_the_field(world, client_as):
    round = round_with_councils(world)
    text = client_as(world.users["lga_staff"]).post(chase_url(round), {}).content.decode()
    assert text.count("Select which councils to chase") == 2
    assert "<title>Error: " in text


def test_sending_emails_the_heads_and_officers_of_councils_not_started(world, client_as):
    round = round_with_councils(world)
    member_of(world.other, Role.OFFICER, email="gone@trafford.test", is_active=False)
    staff = client_as(world.users["lga_staff"])
    response = staff.post(chase_url(round), {"who": "not_started", "send": "1"}, follow=True)
    assert "Reminders are being sent to 2 people at 1 council." in response.content.decode()
    # Trafford's officer and head; not its councillor, nor anyone inactive or elsewhere.
    assert recipients() == ["lead@trafford.test", "officer@trafford.test"]
    assert "Trafford has not yet started its 2026/27" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="round.chased")
    assert event.details == {
        "round": round.slug,
        "group": "not_started",
        "councils": 1,
        "people": 2,
    }
    assert event.actor == world.users["lga_staff"]


def test_nobody_gets_two_reminders_in_one_day_but_may_the_next(world, client_as):
    round = round_with_councils(world)
    send = {"who": "not_submitted", "send": "1"}
    morning = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(9)))
    with time_machine.travel(morning, tick=False):
        # Signed in at the travelled-to time: signed in at the real one, a run before 8:30am
        # would reach 9am past the 30-minute idle sign-out.
        staff = client_as(world.users["lga_staff"])
        staff.post(chase_url(round), send)
        first = len(mail.outbox)
        staff.post(chase_url(round), {"who": "not_started", "send": "1"})  # Trafford again
        staff.post(chase_url(round), send)
    assert first == 5
    assert len(mail.outbox) == 5
    with time_machine.travel(morning + days(1), tick=False):
        client_as(world.users["lga_staff"]).post(chase_url(round), send)
    assert len(mail.outbox) == 10
    assert OutgoingEmail.objects.filter(key__startswith=f"chase:{round.pk}:").count() == 10


def test_the_request_only_queues_one_task_which_does_the_sending(world, client_as, settings):
    round = round_with_councils(world)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    client_as(world.users["lga_staff"]).post(chase_url(round), {"who": "not_started", "send": "1"})
    assert [r.task.name for r in default_task_backend.results] == ["chase_councils"]
    assert not OutgoingEmail.objects.exists()


def test_a_round_past_its_closing_date_cannot_be_chased(world, client_as):
    round = round_with_councils(world)
    round.closes_on = timezone.localdate() - days(1)
    round.save()
    response = client_as(world.users["lga_staff"]).post(
        chase_url(round), {"who": "not_started", "send": "1"}, follow=True
    )
    assert "is not open, so nobody can be chased" in response.content.decode()
    assert not mail.outbox


@pytest.mark.parametrize("role", ["officer", "lead", "councillor"])
def test_council_people_cannot_chase(world, client_as, role):
    round = round_with_councils(world)
    response = client_as(world.users[role]).post(
        chase_url(round), {"who": "not_started", "send": "1"}
    )
    assert response.status_code == 403
    assert not mail.outbox
