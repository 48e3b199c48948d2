"""Dates, times and stored values written the GOV.UK way, in Europe/London, for every app."""

import datetime
from zoneinfo import ZoneInfo

from django.db import models

LONDON = ZoneInfo("Europe/London")


def _local(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(LONDON) if moment.tzinfo else moment


def govuk_date(value: datetime.date | None) -> str:
    """A date the GOV.UK way: 12 May 2027 (a moment's date in London)."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = _local(value)
    return f"{value.day} {value:%B %Y}"


def govuk_time(moment: datetime.datetime) -> str:
    """A time the GOV.UK way: 9am, 5:30pm, 11:59pm, midday, midnight."""
    if moment.hour == 0 and moment.minute == 0:
        return "midnight"
    if moment.hour == 12 and moment.minute == 0:
        return "midday"
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{suffix}"


def govuk_datetime(moment: datetime.datetime | None) -> str:
    """When something happened, in London: 30 November 2026, 6:24am."""
    if not moment:
        return ""
    local = _local(moment)
    return f"{govuk_date(local)}, {govuk_time(local)}"


def govuk_deadline(moment: datetime.datetime) -> str:
    """A deadline in London time the GOV.UK way: 11:59pm on Friday 12 May 2017."""
    local = _local(moment)
    return f"{govuk_time(local)} on {local:%A} {govuk_date(local)}"


def field_value(field: models.Field, value, names: dict | None = None) -> str:
    """A stored value in words: choices by label, GOV.UK dates, people by name; "" if blank.
    `names`, when given, keeps the related rows already named, so a list of changes asks for
    each person or statement once."""
    if value in (None, ""):
        return ""
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateTimeField):
        return govuk_datetime(value)
    if isinstance(field, models.DateField):
        return govuk_date(value)
    if isinstance(field, models.ForeignKey):
        # History keeps a related row's id: name it, or say it has gone.
        key = (field.related_model, value)
        if names is None or key not in names:
            found = field.related_model._base_manager.filter(pk=value).first()
            named = str(found) if found is not None else "(since deleted)"
            if names is None:
                return named
            names[key] = named
        return names[key]
    return str(value)
