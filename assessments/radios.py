"""GOV.UK radios in a crispy-forms layout, drawn by one template rather than crispy's many."""

from crispy_forms_gds.layout import Size
from django.template.loader import get_template


class Radios:
    """A crispy layout item: the field as GOV.UK radios, the same markup as `Field.radios`.

    crispy-forms builds each radio through several templates and a copied context; the key area
    page shows twenty or more radios a statement, and that was most of its cost.
    """

    template_name = "assessments/_radios.html"

    def __init__(self, name: str, *, legend_size: str = "", small: bool = False):
        self.name = name
        self.fields = [name]  # what crispy's layout reads to know which fields are drawn
        self.legend_size = Size.for_legend(legend_size) if legend_size else ""
        self.small = small

    def render(self, form, context, template_pack=None, **kwargs):
        field = form[self.name]
        value = field.value()
        return get_template(self.template_name).render(
            {
                "field": field,
                "value": "" if value is None else str(value),
                "legend_size": self.legend_size,
                "small": self.small,
            }
        )
