"""GOV.UK radios in a crispy-forms layout, drawn by one template rather than crispy's many."""

from crispy_forms_gds.layout import Size
from django.template.loader import get_template
from django.utils import formats


class Radios:
    """A crispy layout item: the field as GOV.UK radios, the same markup as `Field.radios`.

    crispy-forms builds each radio through several templates and a copied context; the key area
    page shows twenty or more radios a statement, and that was most of its cost.
    """

    template_name = "assessments/_radios.html"

    def __init__(
        self, name: str, *, legend_size: str = "", small: bool = False, heading: bool = False
    ):
        self.name = name
        self.fields = [name]  # what crispy's layout reads to know which fields are drawn
        self.legend_size = Size.for_legend(legend_size) if legend_size else ""
        self.small = small
        self.heading = heading  # the legend is the page's h1, as `legend_tag="h1"`

    def render(self, form, context, template_pack=None, **kwargs):
        field = form[self.name]
        return get_template(self.template_name).render(
            {
                "field": field,
                "choices": radio_choices(field),
                "legend_size": self.legend_size,
                "small": self.small,
                "heading": self.heading,
            }
        )


def radio_choices(field) -> list[dict]:
    """Each radio's id, value, label, hint and whether it is checked, as crispy's template
    works them out (its `unlocalize` and `stringformat` filters): here once, in Python, as
    the template's filters and failed lookups cost more than the markup itself."""
    value = field.value()
    current = "" if value is None else str(value)
    found = []
    for number, choice in enumerate(field.field.choices, start=1):
        found.append(
            {
                "id": f"id_{field.html_name}_{number}",
                "value": str(formats.localize(choice[0], use_l10n=False)),
                "label": str(formats.localize(choice[1], use_l10n=False)),
                "hint": getattr(choice, "hint", ""),
                "checked": str(choice[0]) == current,
            }
        )
    return found
