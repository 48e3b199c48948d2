"""The words of the reminder email: each person's reminders of the day, and the weekly summary."""

from django.conf import settings
from django.urls import reverse

from assessments.reminders.selectors import Summary
from assessments.rounds.emails import SIGNATURE, Email


def reminder_line(reminder) -> str:
    return f"- {reminder.text}\n  {settings.SITE_URL}{reminder.link}"


def summary_part(summary: Summary, already: set[str]) -> str:
    """The summary's lists, leaving out what the reminders above it already said."""
    parts = [
        ("Key areas given to you", summary.assignments),
        ("Actions you own", summary.actions),
        ("Self-assessments still to submit", summary.rounds),
    ]
    lists = []
    for title, lines in parts:
        if lines := [f"- {line}" for line in lines if line not in already]:
            lists.append(f"{title}:\n" + "\n".join(lines))
    return "\n\n".join(lists)


def settings_line() -> str:
    url = f"{settings.SITE_URL}{reverse('reminder_settings')}"
    return f"You can choose to get only the reminders about things overdue or about to close: {url}"


def subject(reminders: list, summary: Summary | None) -> str:
    count = len(reminders)
    attention = f"{count} thing{'s' if count != 1 else ''} need{'s' if count == 1 else ''}"
    attention += " your attention"
    if summary is None:
        return f"NPS Portal reminder: {attention}"
    if reminders:
        return f"Your weekly NPS Portal summary: {attention}"
    return "Your weekly NPS Portal summary"


def reminder_email(person, reminders: list, summary: Summary | None) -> Email:
    """One person's email of the day: their reminders, with the weekly summary on its day."""
    rest = summary_part(summary, {r.text for r in reminders}) if summary is not None else ""
    parts = [f"Hello {person.full_name}," if person.full_name else "Hello,"]
    if reminders:
        parts.append("These need your attention in the NPS Portal:")
        parts.append("\n".join(reminder_line(r) for r in reminders))
    if rest:
        parts.append("Also open this week:" if reminders else "What you have open this week:")
        parts.append(rest)
    parts += [
        f"Sign in to the NPS Portal: {settings.SITE_URL}/",
        settings_line(),
        SIGNATURE,
    ]
    return Email(subject(reminders, summary if rest else None), "\n\n".join(parts))
