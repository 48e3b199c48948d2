"""The lean GOV.UK radios draw exactly the markup crispy-forms-gds's `Field.radios` draws."""

import pytest
from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.radios import Radios
from tests.assessments.views_helpers import crispy_drawn


class LevelForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Current level",
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        choices=[
            Choice(1, "Minimum", hint="Barely <started>"),
            Choice(2, "Developing"),
            (3, "Mature & <b>steady</b>"),
        ],
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("not_started", "Not started"), ("done", "Done")],
        widget=forms.RadioSelect,
        help_text="Where the action is up to",
        initial="not_started",
    )

    def __init__(self, *args, lean, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if lean:
            self.helper.layout = Layout(
                Radios("level", legend_size=Size.SMALL), Radios("status", small=True)
            )
        else:
            self.helper.layout = Layout(
                Field.radios("level", legend_size=Size.SMALL),
                Field.radios("status", small=True),
            )

    def clean(self):
        data = super().clean()
        if data.get("level") == 2:
            self.add_error("level", "Level 2 is <not> allowed")
            self.add_error("level", "A second problem")
        return data


def drawn(*args, lean, **kwargs):
    return crispy_drawn(LevelForm(*args, lean=lean, **kwargs))


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),
        ((), {"initial": {"level": 1, "status": "done"}}),
        ((), {"initial": {"level": "3"}}),
        (({"level": "1", "status": "done"},), {}),
        (({"level": "2"},), {}),
        (({"level": "7", "status": "nonsense"},), {}),
    ],
    ids=["blank", "initial", "initial-as-text", "valid", "field-errors", "invalid-choices"],
)
def test_lean_radios_draw_the_same_markup_as_crispy_forms(args, kwargs):
    assert drawn(*args, lean=True, **kwargs) == drawn(*args, lean=False, **kwargs)
