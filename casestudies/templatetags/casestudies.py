"""Case studies on other apps' pages ("Councils that did this"), and Markdown for the library."""

from django import template

from casestudies import recommendations, selectors
from npsportal.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Markdown rendered and sanitised."""
    return render_markdown(text)


@register.inclusion_tag("casestudies/_councils_that_did_this.html")
def councils_that_did_this(key_area, current_level=None, limit=3):
    """Published case studies showing this key area above `current_level` (None: not assessed)."""
    return {
        "key_area": key_area,
        "tags": recommendations.councils_that_did_this(key_area, current_level, limit=limit),
    }


@register.inclusion_tag("casestudies/_recommended_case_studies.html")
def recommended_case_studies(levels_by_key_area):
    """For a dashboard: case studies one step ahead in the council's weakest key areas."""
    return {"recommendations": recommendations.recommended_case_studies(levels_by_key_area or {})}


@register.simple_tag
def case_study_library_version():
    """The library's version (selectors.library_version), for a cached part showing case studies:
    the dashboard keys its recommendations on it, so a change to any case study shows at once."""
    return selectors.library_version()
