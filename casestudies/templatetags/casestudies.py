"""Case studies on other apps' pages ("Councils that did this"), and Markdown for the library."""

from django import template
from django.template.loader import render_to_string

from casestudies import recommendations, selectors
from npsportal.markdown import render_markdown
from npsportal.public_cache import shared_part

register = template.Library()


@register.filter
def markdown(text):
    """Markdown rendered and sanitised."""
    return render_markdown(text)


@register.simple_tag
def councils_that_did_this(key_area, current_level=None, limit=3):
    """Published case studies showing this key area above `current_level` (None: not assessed).

    Drawn once and kept under the library's version, read on every view, so that a case study
    published, archived or edited through any process shows at once; what it shows is the same
    for everyone at that level, so it is kept per key area and level, not per person. Councils'
    names, which no version covers, last as long as on the public pages (`shared_part`).
    """
    key_area_id = getattr(key_area, "pk", key_area)

    def render():
        tags = recommendations.councils_that_did_this(key_area_id, current_level, limit=limit)
        context = {"key_area": key_area, "tags": tags}
        return render_to_string("casestudies/_councils_that_did_this.html", context)

    vary_on = [key_area_id, current_level, limit, selectors.library_version()]
    return shared_part("councils-that-did-this", vary_on, render)


@register.inclusion_tag("casestudies/_recommended_case_studies.html")
def recommended_case_studies(levels_by_key_area):
    """For a dashboard: case studies one step ahead in the council's weakest key areas."""
    return {"recommendations": recommendations.recommended_case_studies(levels_by_key_area or {})}


@register.simple_tag
def case_study_library_version():
    """The library's version (selectors.library_version), for a cached part showing case studies:
    the dashboard keys its recommendations on it, so a change to any case study shows at once."""
    return selectors.library_version()
