"""Dates and times written the GOV.UK way, in Europe/London."""

from datetime import datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def govuk_time(moment: datetime) -> str:
    """A time the GOV.UK way: 9am, 5:30pm, 11:59pm, midday, midnight."""
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{suffix}"


def govuk_datetime(moment: datetime) -> str:
    """An aware moment in London time the GOV.UK way: 11:59pm on Friday 12 May 2017."""
    local = moment.astimezone(LONDON)
    return f"{govuk_time(local)} on {local:%A} {local.day} {local:%B %Y}"
