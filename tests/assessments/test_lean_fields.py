"""The lean GOV.UK text, file and date fields draw exactly the markup crispy-forms-gds draws."""

import datetime

import pytest
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from assessments.forms.fields import date_field
from assessments.lean_fields import DateField, TextField
from tests.assessments.views_helpers import crispy_drawn


class EvidenceForm(forms.Form):
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        max_length=20,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What <em>shows</em> it",
    )
    links = forms.CharField(
        label="Links",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One a line",
    )
    reason = forms.CharField(
        label="Reason", required=False, widget=forms.Textarea, max_length=30, help_text="Why"
    )
    what = forms.CharField(label="Improvement action", required=False, max_length=10)
    owner = forms.CharField(label="Owner", required=False, max_length=10)
    upload = forms.FileField(
        label="Upload a file", required=False, help_text="PDF, smaller than 1KB"
    )
    bare_upload = forms.FileField(label="Another file", required=False)
    due = date_field("Due date", "For example, 30 9 2027")

    def __init__(self, *args, lean, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if lean:
            self.helper.layout = Layout(
                TextField.textarea(
                    "evidence", label_size=Size.SMALL, max_characters=20, threshold=90
                ),
                TextField.textarea("links", label_size=Size.SMALL),
                TextField.textarea("reason", max_characters=30),
                Fieldset(
                    TextField("what", width=Fluid.for_input(Fluid.FULL)),
                    TextField("owner", width=Fluid.for_input(Fluid.TWO_THIRDS)),
                    DateField("due"),
                    legend="Add one",
                    legend_size=Size.SMALL,
                ),
                TextField("upload"),
                TextField("bare_upload"),
            )
        else:
            self.helper.layout = Layout(
                Field.textarea("evidence", label_size=Size.SMALL, max_characters=20, threshold=90),
                Field.textarea("links", label_size=Size.SMALL),
                Field.textarea("reason", max_characters=30),
                Fieldset(
                    Field.text("what", field_width=Fluid.FULL),
                    Field.text("owner", field_width=Fluid.TWO_THIRDS),
                    Field("due"),
                    legend="Add one",
                    legend_size=Size.SMALL,
                ),
                Field("upload"),
                Field("bare_upload"),
            )

    def clean(self):
        data = super().clean()
        if data.get("what") == "twice":
            for name in ("what", "links", "reason", "upload", "bare_upload"):
                self.add_error(name, f"{name} is <wrong>")
                self.add_error(name, "A second problem")
        return data


def drawn(*args, lean, **kwargs):
    return crispy_drawn(EvidenceForm(*args, lean=lean, **kwargs))


EXE = SimpleUploadedFile("x.exe", b"MZ")


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        ((), {}),
        ((), {"initial": {"evidence": "Minutes <b>&</b>\nline", "what": "Do it", "due": None}}),
        ((), {"initial": {"due": datetime.date(2027, 3, 1)}}),
        (({"evidence": "ok", "links": "https://a\nb", "what": "x", "due_0": "1"},), {}),
        (({"evidence": "e" * 21, "what": "w" * 11, "reason": "r" * 31},), {}),
        (({"what": "twice", "due_0": "31", "due_1": "2", "due_2": "2027"}, {"upload": EXE}), {}),
        (({"due_0": "1", "due_1": "x", "due_2": "20"},), {}),
        (({"due_0": "1", "due_1": "2", "due_2": "20"},), {}),
        (({"due_1": "2"},), {}),
    ],
    ids=[
        "blank",
        "initial",
        "initial-date",
        "valid",
        "too-long",
        "many-errors",
        "unreal-date",
        "short-year",
        "part",
    ],
)
def test_lean_fields_draw_the_same_markup_as_crispy_forms(args, kwargs):
    assert drawn(*args, lean=True, **kwargs) == drawn(*args, lean=False, **kwargs)
