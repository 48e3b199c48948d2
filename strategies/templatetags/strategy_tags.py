"""Template filters and tags for strategies and consultations: {% load strategy_tags %}."""

from datetime import timedelta

from django import template

from npsportal.formatting import govuk_deadline
from npsportal.markdown import render_markdown
from strategies.deadlines import GRACE

register = template.Library()


@register.filter
def strategy_markdown(text):
    """Staff-written Markdown as sanitised HTML."""
    return render_markdown(text)


@register.filter
def govuk_moment(value):
    """An aware datetime in London time: 11:59pm on Friday 12 May 2017."""
    return govuk_deadline(value) if value else ""


@register.simple_tag
def deadline_grace():
    """How long after the close a response checked before it may still arrive: 15 minutes."""
    return f"{GRACE // timedelta(minutes=1)} minutes"
