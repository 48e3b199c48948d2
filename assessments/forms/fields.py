"""Fields and helpers every form of the self-assessment app shares: GOV.UK dates, capped text,
the levels as radios, filters from the URL and the error summary's links. They validate input and
never save."""

import re
from datetime import date

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

from assessments.models import Level
from npsportal.models import Council
from npsportal.templatetags.portal import error_anchor


class RealDateField(DateInputField):
    """A GOV.UK date input: one message in the Design System's words, never a crash."""

    PARTS = ("day", "month", "year")

    def clean(self, value):
        parts = [str(part or "").strip() for part in [*(value or []), "", "", ""][:3]]
        if not any(parts):
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        message, wrong = self._problem(*parts)
        # crispy-forms-gds highlights only the inputs whose widget has errors (all if none has).
        for index, field in enumerate(self.fields):
            field.widget.errors = [message] if message and index in wrong else []
        if message:
            raise forms.ValidationError(message, code="invalid")
        return date(int(parts[2]), int(parts[1]), int(parts[0]))

    def _problem(self, day, month, year) -> tuple[str, set[int]]:
        """The date's first problem, in the GOV.UK date input's words, and the inputs at fault."""
        missing = [i for i, part in enumerate((day, month, year)) if not part]
        if missing:
            names = " and ".join(self.PARTS[i] for i in missing)
            return f"{self.label} must include a {names}", set(missing)
        if not all(DIGITS.fullmatch(part) for part in (day, month, year)):
            return f"{self.label} must be a real date", set()
        if len(year) != 4:
            return "Year must include 4 numbers", {2}
        try:
            date(int(year), int(month), int(day))
        except (ValueError, OverflowError):  # OverflowError: a month past C's int
            return f"{self.label} must be a real date", set()
        return "", set()


DIGITS = re.compile(r"[0-9]+")


def capped(label: str, limit: int) -> dict:
    """The field's arguments for text of at most `limit` characters, refused in GOV.UK words."""
    return {"max_length": limit, "error_messages": {"max_length": too_long(label, limit)}}


def too_long(label: str, limit: int) -> str:
    return f"{label} must be {limit:,} characters or fewer"


def date_field(label: str, hint: str) -> DateInputField:
    return RealDateField(label=label, help_text=hint, required=False, require_all_fields=False)


def level_choices(statement=None) -> list[Choice]:
    """The five levels as radios, each with the statement's descriptor of it as its hint (none
    without a statement: validating a level needs no descriptors, only showing it does)."""
    descriptors = {d.level: d.text for d in statement.descriptors.all()} if statement else {}
    return [Choice(level.value, level.label, hint=descriptors.get(level, "")) for level in Level]


def error_links(form_list) -> list[tuple[str, str]]:
    """(anchor, message) for every field error, in the order the fields are on the page."""
    return [
        (f"#{error_anchor(form[name])}", error)
        for form in form_list
        for name in form.fields
        for error in form.errors.get(name, [])
    ]


def region_filter() -> forms.ChoiceField:
    """An optional filter by the council's region, for lists filtered from the URL."""
    return forms.ChoiceField(
        label="Region",
        required=False,
        choices=[("", "All regions"), *Council.Region.choices],
        error_messages={"invalid_choice": "Select a region from the list"},
    )


def kind_filter() -> forms.ChoiceField:
    """An optional filter by the kind of council, for lists filtered from the URL."""
    return forms.ChoiceField(
        label="Kind of council",
        required=False,
        choices=[("", "All kinds"), *Council.Kind.choices],
        error_messages={"invalid_choice": "Select a kind of council from the list"},
    )


class FilterForm(forms.Form):
    """Filters over a list, all optional, from the URL: its fields in their order, then "Apply
    filters"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *self.filter_fields(), Button.secondary("apply", "Apply filters")
        )

    def filter_fields(self) -> list:
        """How each filter is shown: a select, unless a list's form says otherwise."""
        return [Field.select(name) for name in self.fields]

    def filters(self) -> dict:
        """The valid filters asked for; a wrong one is reported at its field and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
