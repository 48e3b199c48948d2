"""Running a round from the portal: opening, chasing, extending, closing; each one audited."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from assessments import tasks
from assessments.models import Round, RoundExtension
from assessments.rounds import selectors
from npsportal.audit import record_event


class RoundNotOpen(Exception):
    """The round is not open to every council, so it cannot be chased; the message says why."""


class RoundClosed(Exception):
    """LGA staff have closed the round already."""


def slug_for(name: str) -> str:
    """The round's address from its name: 2027/28 becomes 2027-28."""
    return slugify(name.replace("/", "-"))


@transaction.atomic
def open_round(*, name: str, framework, opens_on, closes_on, user) -> Round:
    """Opens a round of self-assessments on a framework between two dates."""
    round = Round.objects.create(
        name=name, slug=slug_for(name), framework=framework, opens_on=opens_on, closes_on=closes_on
    )
    details = {
        "round": round.slug,
        "framework": framework.slug,
        "opens_on": opens_on.isoformat(),
        "closes_on": closes_on.isoformat(),
    }
    record_event(action="round.opened", actor=user, obj=round, details=details)
    return round


@transaction.atomic
def chase_councils(*, round: Round, group: str, user) -> tuple[int, int]:
    """Queues reminders to the heads and officers of the group's councils, at most one a person a
    day; returns (councils, people). The sending is a background task: the request stays short."""
    if not round.is_open:
        raise RoundNotOpen(f"The {round} round is not open, so there is nobody to chase.")
    councils = selectors.councils_to_chase(round, group).count()
    people = selectors.people_to_chase(round, group)
    details = {"round": round.slug, "group": group, "councils": councils, "people": people}
    record_event(action="round.chased", actor=user, obj=round, details=details)
    tasks.chase_councils.enqueue(round.pk, group, timezone.localdate().isoformat())
    return councils, people


@transaction.atomic
def extend_round(*, round: Round, council, closes_on, reason: str, user) -> RoundExtension:
    """Gives one council until a later day than the round's close (a second extension replaces
    the first)."""
    if round.closed_at:
        raise RoundClosed(f"The {round} round is closed, so no council can be given more time.")
    extension, _ = RoundExtension.objects.update_or_create(
        round=round,
        council=council,
        defaults={
            "closes_on": closes_on,
            "reason": reason,
            "granted_by": user,
            "granted_at": timezone.now(),
        },
    )
    details = {
        "round": round.slug,
        "council": council.slug,
        "closes_on": closes_on.isoformat(),
        "reason": reason,
    }
    record_event(action="round.extended", actor=user, obj=extension, details=details)
    return extension


@transaction.atomic
def close_round(*, round: Round, user) -> Round:
    """Closes the round for every council, extensions included, and tells the councils that took
    part (a background task)."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    if round.closed_at:
        raise RoundClosed(f"The {round} round was closed already.")
    round.closed_at, round.closed_by = timezone.now(), user
    round.save(update_fields=["closed_at", "closed_by"])
    not_submitted = selectors.councils_to_chase(round, "not_submitted").count()
    details = {"round": round.slug, "councils_not_submitted": not_submitted}
    record_event(action="round.closed", actor=user, obj=round, details=details)
    tasks.tell_round_closed.enqueue(round.pk)
    return round
