"""Reminders, with a moving clock: each sent once, at most one email a person a day (issue 16)."""

import datetime
import zoneinfo
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks import default_task_backend

from assessments.models import Assessment, KeyAreaAssignment, Reminder, RoundExtension
from assessments.reminders.selectors import owner_matches
from npsportal.models import OutgoingEmail, User
from npsportal.roles import Role
from tests.assessments.factories import (
    ActionFactory,
    AnswerFactory,
    AssessmentFactory,
    RoundFactory,
)
from tests.factories import CouncilFactory, UserFactory, member_of

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY = datetime.date(2027, 3, 1)
CLOSES = datetime.date(2027, 3, 19)  # a Friday: 14 days before is Friday 5 March


def on(day: datetime.date, hour: int = 7) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=LONDON)


def run_job(day: datetime.date, hour: int = 7) -> list:
    """Runs the daily command at the hour of the day; returns the emails it sent."""
    before = len(mail.outbox)
    with time_machine.travel(on(day, hour), tick=False):
        call_command("send_reminders", verbosity=0)
    return mail.outbox[before:]


def run_days(first: datetime.date, count: int, runs_a_day: int = 1) -> dict:
    """Runs the job on `count` days from `first` (several times a day); {day: [emails]}."""
    sent = {}
    for n in range(count):
        day = first + datetime.timedelta(days=n)
        sent[day] = [m for hour in (7, 13, 19)[:runs_a_day] for m in run_job(day, hour)]
    return sent


@pytest.fixture
def scene(world):
    """A round closing on 19 March: Stockport drafting (a key area handed to a contributor, an
    action owned by its officer and one owned by a team), Trafford not started, Kent submitted."""
    round = RoundFactory(name="2026/27", opens_on=datetime.date(2027, 1, 4), closes_on=CLOSES)
    stockport = AssessmentFactory(council=world.own, round=round, status=Assessment.Status.DRAFT)
    kent = CouncilFactory(name="Kent", slug="kent")
    AssessmentFactory(council=kent, round=round, status=Assessment.Status.SUBMITTED)
    world.users["kent_lead"] = member_of(kent, Role.LEAD, email="lead@kent.test")
    world.users["contributor"] = member_of(
        world.own, Role.CONTRIBUTOR, email="cat@stockport.test", full_name="Cat Contributor"
    )
    world.users["officer"].full_name = "Olu Officer"
    world.users["officer"].save()
    key_area = round.framework.themes.first().key_areas.first()
    assignment = KeyAreaAssignment.objects.create(
        assessment=stockport,
        key_area=key_area,
        assignee=world.users["contributor"],
        assigned_by=world.users["officer"],
        due_on=datetime.date(2027, 3, 10),
    )
    statement = key_area.statements.first()
    answer = AnswerFactory(assessment=stockport, statement=statement)
    owned = ActionFactory(
        answer=answer, what="Publish the pipeline", owner="  olu OFFICER ", due_on=MONDAY
    )
    team = ActionFactory(
        answer=answer, what="Train buyers", owner="Finance team", due_on=datetime.date(2027, 3, 8)
    )
    world.objects.update(round=round, assignment=assignment, owned=owned, team=team)
    return world


def keys_of(user) -> set[str]:
    return {
        key.rsplit(":", 1)[0].split(":")[0]
        for key in user.reminders_due.values_list("key", flat=True)
    }


def fell_due(user) -> dict[str, datetime.date]:
    return {r.key.split(":")[0]: r.fell_due_on for r in user.reminders_due.all()}


def test_over_three_weeks_run_three_times_a_day_nobody_gets_two_emails_a_day(scene):
    sent = run_days(MONDAY - datetime.timedelta(days=7), 28, runs_a_day=3)
    for day, emails in sent.items():
        per_person = Counter(m.to[0] for m in emails)
        assert all(n == 1 for n in per_person.values()), (day, per_person)
    # Each reminder exists once and was emailed once.
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
    emailed_texts = [
        line for m in mail.outbox for line in m.body.splitlines() if line.startswith("- ")
    ]
    for reminder in Reminder.objects.exclude(key__startswith="digest:"):
        assert sum(reminder.text in line for line in emailed_texts) >= 1


def test_a_key_area_is_reminded_3_days_before_its_due_date_and_once_when_overdue(scene):
    run_days(datetime.date(2027, 3, 2), 14)
    contributor = scene.users["contributor"]
    assert fell_due(contributor)["assignment-due-in-3-days"] == datetime.date(2027, 3, 7)
    assert fell_due(contributor)["assignment-overdue"] == datetime.date(2027, 3, 11)
    overdue = [
        m
        for m in mail.outbox
        if m.to == [contributor.email] and "was due" in m.body and "weekly" not in m.subject
    ]
    assert len(overdue) == 1
    assert "10 March 2027 (1 day ago)" in overdue[0].body


def test_a_key_area_marked_done_is_not_reminded(scene):
    KeyAreaAssignment.objects.update(state=KeyAreaAssignment.State.DONE)
    run_days(datetime.date(2027, 3, 2), 14)
    assert (
        not scene.users["contributor"].reminders_due.filter(key__startswith="assignment").exists()
    )


def test_a_missed_day_is_caught_on_the_next_run_while_it_still_applies(scene):
    # The job did not run on 7 March (3 days before): 8 March still finds it due soon.
    run_job(datetime.date(2027, 3, 6))
    run_job(datetime.date(2027, 3, 8))
    assert fell_due(scene.users["contributor"])["assignment-due-in-3-days"] == datetime.date(
        2027, 3, 8
    )
    # Not run at all until after the due date: only the overdue reminder still applies.
    Reminder.objects.all().delete()
    run_job(datetime.date(2027, 3, 12))
    assert set(fell_due(scene.users["contributor"])) >= {"assignment-overdue"}
    assert "assignment-due-in-3-days" not in fell_due(scene.users["contributor"])


def test_the_round_reminders_go_14_and_3_days_before_only_to_councils_not_submitted(scene):
    run_days(datetime.date(2027, 3, 2), 18)
    for name in ("officer", "lead", "other_officer", "other_lead"):
        days = fell_due(scene.users[name])
        assert days["round-closes-in-14-days"] == datetime.date(2027, 3, 5), name
        assert days["round-closes-in-3-days"] == datetime.date(2027, 3, 16), name
    assert not scene.users["kent_lead"].reminders_due.exists()
    assert not scene.users["councillor"].reminders_due.filter(key__startswith="round").exists()
    trafford = "\n".join(m.body for m in mail.outbox if m.to == ["officer@trafford.test"])
    assert (
        "- Trafford has not yet submitted its 2026/27 self-assessment. The last day to submit it "
        "for sign-off is 19 March 2027 (in 14 days)." in trafford
    )
    assert "19 March 2027 (in 3 days)." in trafford


def test_a_council_given_more_time_is_reminded_before_its_own_last_day(scene):
    RoundExtension.objects.create(
        round=scene.objects["round"],
        council=scene.other,
        closes_on=datetime.date(2027, 4, 9),
        reason="New head of procurement",
    )
    run_days(datetime.date(2027, 3, 2), 40)
    days = fell_due(scene.users["other_officer"])
    assert days["round-closes-in-14-days"] == datetime.date(2027, 3, 26)
    assert days["round-closes-in-3-days"] == datetime.date(2027, 4, 6)
    assert scene.users["other_officer"].reminders_due.filter(key__startswith="round").count() == 2


def test_an_action_owned_by_a_member_reminds_them_and_one_owned_by_a_team_its_officers(scene):
    run_days(MONDAY - datetime.timedelta(days=9), 18)
    officer, lead = scene.users["officer"], scene.users["lead"]
    owned, team = scene.objects["owned"], scene.objects["team"]
    assert {r.key for r in officer.reminders_due.filter(key__startswith="action")} == {
        f"action-due-in-7-days:{owned.pk}:{officer.pk}",
        f"action-overdue:{owned.pk}:{officer.pk}",
        f"action-due-in-7-days:{team.pk}:{officer.pk}",
        f"action-overdue:{team.pk}:{officer.pk}",
    }
    # The head is not an officer, and owns neither; the contributor matched no owner.
    assert not lead.reminders_due.filter(key__startswith="action").exists()
    overdue = officer.reminders_due.get(key__startswith=f"action-overdue:{owned.pk}:")
    assert overdue.fell_due_on == MONDAY + datetime.timedelta(days=1)


def test_an_action_owner_matches_a_person_by_full_name_or_email_whatever_the_capitals():
    person = User(full_name="Olu  Officer", email="olu@stockport.test")
    assert owner_matches(person, " olu officer ")
    assert owner_matches(person, "OLU@stockport.test")
    assert not owner_matches(person, "Olu")
    assert not owner_matches(User(full_name="", email="x@y.test"), "")


def test_an_action_whose_owner_left_reminds_the_officers(scene):
    officer = scene.users["officer"]
    officer.full_name = "Someone Else"
    officer.save()
    owner = member_of(scene.own, Role.COUNCILLOR, full_name="Olu Officer", is_active=False)
    run_job(MONDAY + datetime.timedelta(days=1))
    assert not owner.reminders_due.exists()
    owned = scene.objects["owned"]
    assert officer.reminders_due.filter(key=f"action-overdue:{owned.pk}:{officer.pk}").exists()


def test_a_person_who_chose_essential_reminders_still_gets_overdue_and_closing_ones(scene):
    officer = scene.users["officer"]
    User.objects.filter(pk=officer.pk).update(reminders=User.Reminders.ESSENTIAL)
    sent = run_days(datetime.date(2027, 2, 22), 25)
    theirs = [m for emails in sent.values() for m in emails if m.to == [officer.email]]
    bodies = "\n".join(m.body for m in theirs)
    assert "is due" not in bodies  # nothing due soon
    assert "weekly" not in bodies.lower()
    assert "was due 1 March 2027 (1 day ago)" in bodies  # the overdue action
    assert "(in 3 days)" in bodies  # the round closing
    assert "(in 14 days)" not in bodies


def test_the_weekly_summary_comes_once_a_week_on_monday_within_the_days_one_email(scene):
    sent = run_days(MONDAY, 14, runs_a_day=2)
    contributor = scene.users["contributor"].email
    summaries = {
        day: m
        for day, emails in sent.items()
        for m in emails
        if m.to == [contributor] and m.subject.startswith("Your weekly NPS Portal summary")
    }
    assert list(summaries) == [MONDAY, MONDAY + datetime.timedelta(days=7)]
    body = summaries[MONDAY + datetime.timedelta(days=7)].body
    assert "Key areas given to you:" in body
    assert "is due 10 March 2027 (in 2 days)." in body


def test_a_missed_monday_brings_the_summary_on_the_next_run_that_week(scene):
    run_job(MONDAY + datetime.timedelta(days=2))
    run_job(MONDAY + datetime.timedelta(days=3))
    summaries = [m for m in mail.outbox if m.subject.startswith("Your weekly NPS Portal summary")]
    assert {m.to[0] for m in summaries} >= {"cat@stockport.test", "officer@stockport.test"}
    assert len(summaries) == len({m.to[0] for m in summaries})


def test_the_email_reads_as_words_with_links_and_says_how_to_change_the_reminders(scene, settings):
    settings.SITE_URL = "https://nps.example.org"
    run_job(datetime.date(2027, 3, 6))  # that week's summary went on Saturday's first run
    (email,) = [m for m in run_job(datetime.date(2027, 3, 7)) if m.to == ["cat@stockport.test"]]
    assert email.subject == "NPS Portal reminder: 1 thing needs your attention"
    assignment = scene.objects["assignment"]
    link = reverse(
        "assessments:assignment",
        kwargs={"pk": assignment.assessment_id, "assignment": assignment.pk},
    )
    assert email.body.startswith("Hello Cat Contributor,")
    assert (
        f"- {assignment.key_area.name}, your part of Stockport's 2026/27 self-assessment, "
        "is due 10 March 2027 (in 3 days)." in email.body
    )
    assert f"\n  https://nps.example.org{link}\n" in email.body
    settings_line = email.body.split("\n\n")[-2]
    assert settings_line == (
        "You can choose to get only the reminders about things overdue or about to close: "
        "https://nps.example.org/accounts/reminders/"
    )


def test_the_command_only_queues_one_task(scene, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    with time_machine.travel(on(datetime.date(2027, 3, 8)), tick=False):
        call_command("send_reminders", verbosity=0)
    assert [(r.task.name, r.args) for r in default_task_backend.results] == [
        ("send_reminders", ["2027-03-08"])
    ]
    assert not OutgoingEmail.objects.exists()


def test_the_command_refuses_a_day_that_is_not_a_date(scene):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="must be a date"):
        call_command("send_reminders", "--day", "next tuesday")


def test_an_inactive_person_gets_no_reminders(scene):
    User.objects.filter(pk=scene.users["contributor"].pk).update(is_active=False)
    run_days(datetime.date(2027, 3, 6), 7)
    assert not UserFactory._meta.model.objects.get(
        pk=scene.users["contributor"].pk
    ).reminders_due.exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_records_and_emails_the_reminders_the_command_queued(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    council = CouncilFactory(name="Stockport", slug="stockport")
    round = RoundFactory(opens_on=datetime.date(2027, 1, 4), closes_on=CLOSES)
    member_of(council, Role.OFFICER, email="officer@stockport.test")
    AssessmentFactory(council=council, round=round)
    with time_machine.travel(on(datetime.date(2027, 3, 16)), tick=False):
        call_command("send_reminders", verbosity=0)
        assert mail.outbox == []  # queued, not yet done
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        call_command("send_reminders", verbosity=0)
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.to for m in mail.outbox] == [["officer@stockport.test"]]
    assert "19 March 2027 (in 3 days)" in mail.outbox[0].body
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
