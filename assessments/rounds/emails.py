"""The words of the emails sent while running a round: chasing councils, the round closed."""

from dataclasses import dataclass

from django.conf import settings

from assessments.rounds.selectors import CouncilState

SIGNATURE = "National Procurement Strategy team, Local Government Association"
WHAT_IS_MISSING = {
    "not_started": "has not yet started",
    "not_submitted": "has not yet submitted",
}


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


def day(value) -> str:
    return f"{value:%-d %B %Y}"


def council_line(council, round) -> str:
    """One council's line: its state and its last day (its extension, if LGA staff gave one)."""
    state = CouncilState(council.state).label.lower()
    last_day = max(round.closes_on, council.extended_until or round.closes_on)
    return f"- {council.name}: {state}. The last day to submit it for sign-off is {day(last_day)}."


def chase_email(round, group: str, councils: list) -> Email:
    """The reminder a person gets for their councils (most people have one) in the chased group."""
    names = " and ".join(c.name for c in councils)
    lines = "\n".join(council_line(c, round) for c in councils)
    body = (
        "Hello,\n\n"
        f"{names} {WHAT_IS_MISSING[group]} its {round} National Procurement Strategy "
        "self-assessment.\n\n"
        f"{lines}\n\n"
        f"Sign in to start or continue it: {settings.SITE_URL}/\n\n"
        "If it has been sent for sign-off since this email was written, you can ignore it.\n\n"
        f"{SIGNATURE}"
    )
    return Email(f"Reminder: {names}'s {round} NPS self-assessment", body)


def closed_email(round, councils: list) -> Email:
    """Tells a head of procurement that LGA staff closed the round their council took part in."""
    lines = "\n".join(f"- {c.name}: {CouncilState(c.state).label.lower()}." for c in councils)
    body = (
        "Hello,\n\n"
        f"LGA staff have closed the {round} National Procurement Strategy self-assessment round. "
        "Self-assessments of this round can no longer be changed, submitted or signed off.\n\n"
        f"Where your council's self-assessment stands:\n{lines}\n\n"
        f"You can still read it and download its report: {settings.SITE_URL}/\n\n"
        f"Thank you for taking part.\n\n{SIGNATURE}"
    )
    return Email(f"The {round} NPS self-assessment round has closed", body)
