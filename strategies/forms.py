"""Forms for responding to a consultation and for LGA staff; they validate input only."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Button,
    ConditionalQuestion,
    ConditionalRadios,
    Div,
    Field,
    Fluid,
    Layout,
    Size,
)
from django import forms

from npsportal.models import Council
from strategies.models import ConsultationResponse, Question

MAX_ANSWER = 5000
Type = ConsultationResponse.RespondentType
SAVE_AND_RETURN = "save_and_return"


def _helper(*fields, signed_in: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    buttons = [Button("continue", "Continue")]
    if signed_in:
        buttons.append(Button.secondary(SAVE_AND_RETURN, "Save and come back later"))
    helper.layout = Layout(*fields, Div(*buttons, css_class="govuk-button-group"))
    return helper


class AboutYouForm(forms.Form):
    """Who is responding: a person, for themselves or for an organisation."""

    name = forms.CharField(
        label="Your full name",
        max_length=150,
        error_messages={"required": "Enter your full name"},
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will send a receipt of your response to this address.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    respondent_type = forms.ChoiceField(
        label="Are you responding as an individual or for an organisation?",
        choices=Type.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you respond as an individual or for whom"},
    )
    council = forms.ModelChoiceField(
        label="Which council?", queryset=Council.objects.all(), required=False, empty_label=""
    )
    supplier_name = forms.CharField(label="Name of the supplier", max_length=200, required=False)
    body_name = forms.CharField(label="Name of the organisation", max_length=200, required=False)
    # A honeypot: hidden from people (and from screen readers); only robots fill it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            ConditionalRadios(
                "respondent_type",
                Type.INDIVIDUAL.label,
                ConditionalQuestion(Type.COUNCIL.label, Field.select("council")),
                ConditionalQuestion(Type.SUPPLIER.label, Field.text("supplier_name")),
                ConditionalQuestion(Type.OTHER_BODY.label, Field.text("body_name")),
            ),
            Div("website", css_class="app-honeypot"),
            signed_in=signed_in,
        )

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        kind = data.get("respondent_type")
        if kind == Type.COUNCIL and not data.get("council"):
            self.add_error("council", "Select your council")
        if kind == Type.SUPPLIER and not data.get("supplier_name"):
            self.add_error("supplier_name", "Enter the name of the supplier")
        if kind == Type.OTHER_BODY and not data.get("body_name"):
            self.add_error("body_name", "Enter the name of the organisation")
        return data

    def stored(self) -> dict:
        """The cleaned answers as plain values, for the session."""
        data = self.cleaned_data
        kind = data["respondent_type"]
        council = data.get("council") if kind == Type.COUNCIL else None
        names = {Type.SUPPLIER: data.get("supplier_name"), Type.OTHER_BODY: data.get("body_name")}
        return {
            "name": data["name"],
            "email": data["email"],
            "respondent_type": kind,
            "council": council.pk if council else None,
            "organisation_name": names.get(kind) or "",
        }

    @staticmethod
    def initial_from(about: dict) -> dict:
        """Form initial values from what the session holds."""
        initial = dict(about)
        kind = about.get("respondent_type")
        if kind == Type.SUPPLIER:
            initial["supplier_name"] = about.get("organisation_name", "")
        if kind == Type.OTHER_BODY:
            initial["body_name"] = about.get("organisation_name", "")
        return initial


class QuestionForm(forms.Form):
    """One consultation question on its own page."""

    def __init__(self, *args, question: Question, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if question.kind == Question.Kind.CHOICE:
            self.fields["answer"] = forms.ChoiceField(
                label=question.text,
                help_text=question.hint,
                choices=[(c, c) for c in question.choice_list],
                widget=forms.RadioSelect,
                required=question.is_required,
                error_messages={"required": "Select an answer"},
            )
            layout = Field.radios("answer", legend_size=Size.LARGE, legend_tag="h1")
        else:
            self.fields["answer"] = forms.CharField(
                label=question.text,
                help_text=question.hint or "You can write up to 5,000 characters.",
                max_length=MAX_ANSWER,
                widget=forms.Textarea,
                required=question.is_required,
                error_messages={
                    "required": "Enter your answer",
                    "max_length": "Your answer must be 5,000 characters or fewer",
                },
            )
            layout = Field.textarea(
                "answer", label_size=Size.LARGE, label_tag="h1", max_characters=MAX_ANSWER
            )
        self.helper = _helper(layout, signed_in=signed_in)


class PublicationForm(forms.Form):
    """Whether the LGA may publish the response."""

    publication = forms.ChoiceField(
        label="May we publish your response?",
        help_text="We may publish responses, or quote from them, when we report on the outcome.",
        choices=ConsultationResponse.Publication.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether we may publish your response"},
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("publication", legend_size=Size.LARGE, legend_tag="h1"),
            signed_in=signed_in,
        )


class OutcomeForm(forms.Form):
    """What people said and what the LGA did about it."""

    outcome = forms.CharField(
        label="What you said, what we did",
        help_text="Markdown. Summarise the responses and say what changed in the strategy.",
        widget=forms.Textarea,
        max_length=20000,
        error_messages={
            "required": "Enter the outcome of the consultation",
            "max_length": "The outcome must be 20,000 characters or fewer",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("outcome", label_size=Size.MEDIUM, rows=12),
            Button("publish", "Publish the outcome"),
        )
