"""Background tasks of the assessments app (django-tasks): the work too big for one request."""

import datetime
from collections import defaultdict

from django_tasks import task

from assessments.dashboards import report_builds
from assessments.models import Round
from assessments.reminders import services as reminders
from assessments.rounds import emails
from assessments.rounds import selectors as rounds
from npsportal.outbox import queue_email

# Running a round: chasing councils, telling them it closed.


def _councils_by_person(councils, memberships) -> dict:
    """{user: [their councils among `councils`]}, each person once."""
    by_pk = {c.pk: c for c in councils}
    people: dict = defaultdict(list)
    for membership in memberships.select_related("user").order_by("user__email"):
        if membership.council_id in by_pk:
            people[membership.user].append(by_pk[membership.council_id])
    return people


@task()
def chase_councils(round_id: int, group: str, day: str) -> int:
    """Queues one reminder per person of the chased councils; the key sends it once a day."""
    round = Round.objects.get(pk=round_id)
    councils = list(rounds.councils_to_chase(round, group))
    memberships = rounds.people_of(rounds.councils_to_chase(round, group), rounds.CHASED_ROLES)
    queued = 0
    for user, theirs in _councils_by_person(councils, memberships).items():
        email = emails.chase_email(round, group, theirs)
        key = f"chase:{round.pk}:{day}:{user.pk}"
        queued += queue_email(to=user.email, subject=email.subject, body=email.body, key=key)
    return queued


@task()
def tell_round_closed(round_id: int) -> int:
    """Queues the "round has closed" email to the heads of procurement of councils taking part."""
    round = Round.objects.get(pk=round_id)
    councils = list(rounds.taking_part(round))
    memberships = rounds.heads_of(rounds.taking_part(round))
    queued = 0
    for user, theirs in _councils_by_person(councils, memberships).items():
        email = emails.closed_email(round, theirs)
        key = f"round-closed:{round.pk}:{user.pk}"
        queued += queue_email(to=user.email, subject=email.subject, body=email.body, key=key)
    return queued


# Progress reports (issue 15): laid out ahead of time, so a download needs no layout. Both wait
# behind emails on the shared queue (higher priority runs first), a round's bulk build the longest.


@task(priority=-5)
def lay_out_report(assessment_id: int) -> None:
    """Lays out an approved assessment's report and keeps it for downloads."""
    report_builds.store_report(assessment_id=assessment_id)


@task(priority=-10)
def build_one_report(build_id: int, assessment_id: int) -> None:
    """Lays out one council's report of a round's build and counts it."""
    report_builds.build_one_report(build_id=build_id, assessment_id=assessment_id)


# Reminders (issue 16): the daily job records what fell due and emails each person once a day.


@task()
def send_reminders(day: str) -> int:
    """Records the reminders falling due on the day (ISO date) and emails them."""
    return reminders.send_reminders(day=datetime.date.fromisoformat(day))
