"""The NPPS "have regard" record on the assessment's page and in its report: {% load regard %}."""

from django import template

from assessments.regard import selectors

register = template.Library()


@register.simple_tag
def regard_summary(assessment):
    """Each NPPS priority with the assessment's record of it (regard.selectors.RegardSummary)."""
    return selectors.regard_summary(assessment)
