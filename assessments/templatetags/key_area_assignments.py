"""Who has each key area, on the task list: {% load key_area_assignments %}."""

from django import template

from assessments.assignments import selectors

register = template.Library()


@register.simple_tag
def assignments_of_key_area(assessment, key_area_id):
    """The assignments of one key area, read for every key area at once on the first call."""
    # Kept on the assessment for the request: one query for the whole task list.
    if not hasattr(assessment, "_assignments_by_key_area"):
        assessment._assignments_by_key_area = selectors.assignments_by_key_area(assessment)
    return assessment._assignments_by_key_area.get(key_area_id, [])
