"""Template helpers every page may use without loading them."""

from django import forms, template

register = template.Library()


@register.filter
def govuk_date(value):
    """A date the GOV.UK way: 12 May 2027."""
    if not value:
        return ""
    return f"{value.day} {value:%B %Y}"


@register.filter
def error_anchor(bound_field) -> str:
    """The id an error summary links to: the first radio or checkbox, or a date's day input."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        # crispy-forms-gds numbers radios and checkboxes from 1.
        return f"id_{bound_field.html_name}_1"
    if isinstance(widget, forms.MultiWidget):
        return f"{bound_field.auto_id}_0"
    return bound_field.auto_id
