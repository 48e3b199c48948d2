"""Forms of a self-assessment's life: starting it, submitting it, signing it off, and LGA staff's
filters over the list. They validate input and never save."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from assessments.forms.fields import FilterForm, capped, kind_filter, region_filter
from assessments.models import COMMENT_MAX_LENGTH, Assessment, Round


class StartForm(forms.Form):
    prefill = forms.TypedChoiceField(
        label="How do you want to start?",
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        choices=[
            Choice(
                "yes",
                "Start from our previous answers",
                hint="Levels, evidence and open actions are copied and marked for review.",
            ),
            Choice("no", "Start with a blank self-assessment"),
        ],
        error_messages={"required": "Select how you want to start"},
    )

    def __init__(self, *args, across: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if across:  # the last assessment was on another framework
            self.fields["prefill"].choices = [
                Choice(
                    "yes",
                    "Start from our previous answers",
                    hint="Levels, evidence and open actions are carried across through the "
                    "mapping and marked for review.",
                ),
                Choice("no", "Start with a blank self-assessment"),
            ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.radios("prefill", legend_size=Size.MEDIUM))


class SubmitForm(forms.Form):
    declaration = forms.BooleanField(
        label="I confirm that these answers are, to the best of my knowledge, a fair account of "
        "the council's procurement",
        error_messages={"required": "Confirm the declaration to submit the self-assessment"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.checkbox("declaration"))


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(
        label="Your decision",
        widget=forms.RadioSelect,
        choices=[
            Choice("approve", "Approve", hint="The self-assessment is locked once approved."),
            Choice("return", "Return it to the officers for changes"),
        ],
        error_messages={"required": "Select whether to approve or return the self-assessment"},
    )
    comment = forms.CharField(
        label="Comment for the officers",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when you return it: say what needs changing.",
        **capped("Comment for the officers", COMMENT_MAX_LENGTH),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("decision", legend_size=Size.MEDIUM),
            Field.textarea("comment", max_characters=COMMENT_MAX_LENGTH),
            Button("submit", "Confirm decision"),
        )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not data.get("comment", "").strip():
            self.add_error("comment", "Enter a comment saying what the officers need to change")
        return data


class AssessmentFilterForm(FilterForm):
    """LGA staff's filters over the list of self-assessments, all optional, from the URL."""

    council = forms.CharField(
        label="Council name",
        required=False,
        max_length=150,
        error_messages={"max_length": "Council name must be 150 characters or fewer"},
    )
    round = forms.ModelChoiceField(
        label="Round",
        queryset=Round.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label="All rounds",
        error_messages={"invalid_choice": "Select a round from the list"},
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        # LGA staff see submitted and approved self-assessments only.
        choices=[
            ("", "All statuses"),
            *(
                (s.value, s.label)
                for s in (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED)
            ),
        ],
        error_messages={"invalid_choice": "Select a status from the list"},
    )
    region = region_filter()
    kind = kind_filter()

    def filter_fields(self) -> list:
        # The council's name is typed, first; every other filter is chosen from a list.
        lists = (Field.select(name) for name in self.fields if name != "council")
        return [Field.text("council", field_width=Fluid.FULL), *lists]
