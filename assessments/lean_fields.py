"""GOV.UK text, file and date fields in a crispy-forms layout, each drawn by one template.

crispy-forms-gds draws a field through several templates, a copied context and Django's widget
templates; the key area page shows a dozen fields a statement, and that was most of its cost.
These draw the same markup, byte for byte (tests/assessments/test_lean_fields.py compares them).
"""

from crispy_forms_gds.layout import Size
from django.template.loader import get_template

# The class crispy-forms-gds gives each kind of input, and the one it adds when it has errors.
CLASSES = {
    "Textarea": ("govuk-textarea", " govuk-input--error"),
    "TextInput": ("govuk-input", " govuk-input--error"),
    "ClearableFileInput": ("govuk-file-upload", " govuk-file-upload--error"),
}


def joined(first: str, then: str) -> str:
    return f"{first} {then}" if first else then


def widget_attrs(widget, field, *, layout_attrs: dict, errors: list, hinted: bool) -> dict:
    """The input's attributes in crispy-forms-gds's order and words, then Django's."""
    kind, error_class = CLASSES[type(widget).__name__]
    attrs = {**widget.attrs, **layout_attrs}
    classes = [kind]
    for name in attrs.get("class", "").split():
        if name not in classes:
            classes.append(name)
    auto_id = field.auto_id
    if hinted:
        attrs["aria-describedby"] = f"{auto_id}_hint"
    if "govuk-js-character-count" in attrs.get("class", ""):
        attrs["aria-describedby"] = joined(attrs.get("aria-describedby", ""), f"{auto_id}-info")
    css = " ".join(classes)
    if errors:
        css += error_class
        if not hinted:
            attrs["aria-describedby"] = ""
        for number in range(1, len(errors) + 1):
            attrs["aria-describedby"] = joined(
                attrs["aria-describedby"], f"{auto_id}_{number}_error"
            )
    attrs["class"] = css
    if errors:
        attrs["aria-invalid"] = "true"
    attrs.setdefault("id", auto_id)
    return attrs


class TextField:
    """A crispy layout item: a text area, text input or file upload, the same markup as
    crispy-forms-gds's `Field`, `Field.text` and `Field.textarea` draw."""

    template_name = "assessments/_text_field.html"

    def __init__(
        self, name: str, *, label_size: str = "", width: str = "", heading=False, **textarea
    ):
        self.name = name
        self.fields = [name]  # what crispy's layout reads to know which fields are drawn
        self.label_size = Size.for_label(label_size) if label_size else ""
        self.heading = heading  # the label is the page's h1, as `label_tag="h1"`
        self.max_characters = textarea.get("max_characters")
        self.threshold = textarea.get("threshold")
        # What crispy-forms-gds's layout puts on the input, in its order.
        self.attrs = {"class": width} if width else {}
        if "rows" in textarea:
            if self.max_characters:
                self.attrs["class"] = "govuk-js-character-count"
            self.attrs["rows"] = textarea["rows"]

    @classmethod
    def textarea(cls, name: str, *, rows: int = 10, **kwargs) -> "TextField":
        return cls(name, rows=rows, **kwargs)

    def render(self, form, context, template_pack=None, **kwargs):
        field = form[self.name]
        widget = field.field.widget
        errors = field.errors
        attrs = widget_attrs(
            widget, field, layout_attrs=self.attrs, errors=errors, hinted=bool(field.help_text)
        )
        return get_template(self.template_name).render(
            {
                "field": field,
                "errors": errors,
                "attrs": attrs,
                "kind": type(widget).__name__,
                "value": widget.format_value(field.value()),
                "label_size": self.label_size,
                "heading": self.heading,
                "max_characters": self.max_characters,
                "threshold": self.threshold,
            }
        )


class DateField:
    """A crispy layout item: a GOV.UK date input (crispy-forms-gds's DateInputField), the same
    markup as crispy-forms-gds's `Field` draws."""

    template_name = "assessments/_date_field.html"

    def __init__(self, name: str):
        self.name = name
        self.fields = [name]

    def render(self, form, context, template_pack=None, **kwargs):
        field = form[self.name]
        return get_template(self.template_name).render(
            {"field": field, "errors": field.errors, "inputs": self._inputs(field)}
        )

    @staticmethod
    def _inputs(field) -> list[dict]:
        """Day, month and year: each input's label, name, value and attributes."""
        widget, errors = field.field.widget, field.errors
        value = field.value()
        if not isinstance(value, list | tuple):
            value = widget.decompress(value)
        # Which inputs are at fault (crispy-forms-gds reads what RealDateField.clean marked).
        marked = [getattr(subfield.widget, "errors", []) for subfield in field.field.fields]
        inputs = []
        for index, (subwidget, part) in enumerate(zip(widget.widgets, value, strict=True)):
            attrs = {key: item for key, item in subwidget.attrs.items() if key != "label"}
            if errors and (marked[index] or not any(marked)):
                attrs["class"] += " govuk-input--error"
            described = [
                f"{field.auto_id}_{number}_error"
                for number, error in enumerate(errors, start=1)
                if error in marked[index]
            ]
            if described:
                attrs["aria-describedby"] = " ".join(described)
            if errors:
                attrs["aria-invalid"] = "true"
            attrs["id"] = f"{field.auto_id}_{index}"
            inputs.append(
                {
                    "label": subwidget.attrs["label"],
                    "name": f"{field.html_name}_{index}",
                    "value": subwidget.format_value(part),
                    "attrs": attrs,
                }
            )
        return inputs
