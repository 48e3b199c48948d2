"""The respond pages' one-question forms drawn without crispy-forms' per-render layout machinery.

Each response is a dozen pages of one field; crispy's tag (its helper, copied contexts and layout
objects) was a third of a question page's cost. These draw the same bytes as crispy-forms-gds
(tests/strategies/test_lean_forms.py compares them), with assessments' lean field templates.
"""

from crispy_forms.utils import TEMPLATE_PACK, render_field
from crispy_forms_gds.layout import ConditionalQuestion, ConditionalRadios
from django import forms
from django.template.loader import get_template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


def drawn(form, *items, signed_in: bool) -> SafeString:
    """The items' markup then the buttons, as crispy's layout joins them (no separator)."""
    fields = format_html_join("", "{}", ((item.render(form, None),) for item in items))
    buttons = get_template("strategies/forms/_buttons.html").render({"signed_in": signed_in})
    return format_html("{}{}", fields, buttons)


class RevealingRadios(ConditionalRadios):
    """crispy-forms-gds's ConditionalRadios with each radio drawn by one template
    (_revealing_radio.html) in place of a ConditionalQuestion's two and a copied context."""

    def render_choices(self, bound_field, form, context, template_pack=TEMPLATE_PACK, **kwargs):
        template = get_template("strategies/forms/_revealing_radio.html")
        by_label = {choice[1]: choice for choice in bound_field.field.choices}
        labels = list(by_label)
        value = str(bound_field.value())  # as the template's stringformat:"s" compares them
        drawn, item = [], {}
        for question in self.choices:
            label = question.value if isinstance(question, ConditionalQuestion) else question
            fields = question.fields if isinstance(question, ConditionalQuestion) else []
            content = "".join(render_field(f, form, context, template_pack) for f in fields)
            choice = by_label[label]
            item = {
                "field": bound_field,
                "choice": choice,
                "position": labels.index(label),
                "checked": str(choice[0]) == value,
                "conditional_content": content,
            }
            drawn.append(template.render(item))
        # The radios' own template reads the field from the context, as a ConditionalQuestion
        # leaves it there.
        context.update(item)
        return "".join(drawn)


def _attrs(attrs: dict) -> SafeString:
    """Django's widgets/attrs.html in Python: False left out, True as a bare name."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class Select(forms.Select):
    """Django's Select drawn in Python, the same markup as its templates, which draw each
    option through two more: the council list on the about you page has hundreds. (Named as
    Django's: crispy-forms-gds picks the input's class from the widget's class name.)"""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name for group_name, _, _ in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '\n  <option value="{}"{}>{}</option>\n',
            (
                (option["value"], _attrs(option["attrs"]), option["label"])
                for _, group, _ in widget["optgroups"]
                for option in group
            ),
        )
        start = format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))
        return format_html("{}{}\n</select>", start, options)
