"""Every email is recorded, sent once by a background task, and tried again when it fails."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import default_task_backend

from npsportal.models import OutgoingEmail
from npsportal.outbox import queue_email
from npsportal.tasks import send_email
from tests.factories import lga_staff

REFUSING = "tests.refusing_email.RefusingEmailBackend"
DUMMY_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def queue(key="welcome:1"):
    return queue_email(to=" Ann@Example.org ", subject="Welcome", body="Hello", key=key)


@pytest.mark.django_db
def test_a_queued_email_is_sent_and_marked_sent():
    assert queue() is True
    assert [m.to for m in mail.outbox] == [["ann@example.org"]]
    assert OutgoingEmail.objects.get().state == "Sent"


@pytest.mark.django_db
def test_queueing_the_same_key_twice_sends_one_email():
    queue()
    assert queue() is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_task_run_twice_sends_once():
    queue()
    email = OutgoingEmail.objects.get()
    send_email.call(email.pk)
    send_email.call(email.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_refused_email_is_kept_and_tried_again_after_a_growing_wait(settings):
    settings.TASKS = DUMMY_QUEUE
    settings.EMAIL_BACKEND = REFUSING
    default_task_backend.clear()
    queue()
    email = OutgoingEmail.objects.get()
    waits = []
    for _ in settings.EMAIL_RETRY_DELAYS:
        before = timezone.now()
        send_email.call(email.pk)
        waits.append((default_task_backend.results[-1].task.run_after - before).total_seconds())
    assert [round(wait) for wait in waits] == list(settings.EMAIL_RETRY_DELAYS)
    email.refresh_from_db()
    assert email.state == "Waiting to send"
    assert "SMTPConnectError" in email.last_error


@pytest.mark.django_db
def test_an_email_that_fails_every_try_is_given_up_but_kept(settings):
    settings.TASKS = DUMMY_QUEUE
    settings.EMAIL_BACKEND = REFUSING
    queue()
    email = OutgoingEmail.objects.get()
    for _ in range(len(settings.EMAIL_RETRY_DELAYS) + 1):
        send_email.call(email.pk)
    email.refresh_from_db()
    assert email.state == "Given up"
    assert email.attempts == len(settings.EMAIL_RETRY_DELAYS) + 1


@pytest.mark.django_db
def test_lga_staff_send_a_given_up_email_again_from_the_back_office(client_as, settings):
    settings.EMAIL_BACKEND = REFUSING
    queue()
    OutgoingEmail.objects.update(given_up_at=timezone.now())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client = client_as(lga_staff())
    listing = client.get(reverse("admin:npsportal_outgoingemail_changelist"))
    assert "Given up" in listing.content.decode()
    email = OutgoingEmail.objects.get()
    client.post(
        reverse("admin:npsportal_outgoingemail_changelist"),
        {"action": "send_again", "_selected_action": [email.pk]},
    )
    email.refresh_from_db()
    assert email.state == "Sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_queued_email_and_retries_a_refused_one_later(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.EMAIL_BACKEND = REFUSING
    queue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    email = OutgoingEmail.objects.get()
    assert (email.state, email.attempts, len(mail.outbox)) == ("Waiting to send", 1, 0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The retry waits for its time: a worker running now leaves it alone.
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == 0
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    email.refresh_from_db()
    assert (email.state, email.attempts, len(mail.outbox)) == ("Sent", 2, 1)
