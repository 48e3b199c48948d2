"""Template helpers every page may use without loading them."""

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms, template

from npsportal import formatting

register = template.Library()


@register.filter
def govuk_date(value):
    """A date the GOV.UK way: 12 May 2027."""
    return formatting.govuk_date(value)


@register.filter
def govuk_datetime(value):
    """When something happened, in London: 30 November 2026, 6:24am."""
    return formatting.govuk_datetime(value)


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


@dataclass(frozen=True)
class Column:
    """A head cell of the table component: its text, and whether its figures align right."""

    text: str
    numeric: bool = False


@register.filter
def numeric(text) -> Column:
    """A column of figures, for {% columns %}: "Responses"|numeric."""
    return Column(str(text), numeric=True)


@register.simple_tag
def columns(*labels) -> list[Column]:
    """The table component's head: each label a column, a list of labels one column each."""
    head = []
    for label in labels:
        many = isinstance(label, Iterable) and not isinstance(label, str)
        head += [_column(item) for item in (label if many else [label])]
    return head


def _column(label) -> Column:
    return label if isinstance(label, Column) else Column(str(label))


@register.simple_tag
def items(*values) -> list:
    """A list written in a template, for a component's rows: {% items "a" "b" as row %}."""
    return list(values)


@register.filter
def with_columns(row, head) -> list[tuple]:
    """Each value of a table row beside its column, so that the cell aligns as its column does."""
    return list(zip(row, head, strict=True))
