"""Template helpers every page may use without loading them."""

from django import template

register = template.Library()


@register.filter
def govuk_date(value):
    """A date the GOV.UK way: 12 May 2027."""
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"
