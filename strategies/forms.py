"""Forms for responding to a consultation and for LGA staff; they validate input only."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Button,
    ConditionalQuestion,
    Div,
    Field,
    Fluid,
    Layout,
    Size,
)
from django import forms
from django.utils.html import conditional_escape

from assessments.lean_fields import TextField
from assessments.radios import Radios
from npsportal.models import Council
from strategies import lean_forms
from strategies.models import (
    MAX_ANSWER,
    MAX_OUTCOME,
    ConsultationResponse,
    Question,
)

# The caps on what a respondent types (README "Size caps"); the models hold the same numbers.
MAX_NAME = ConsultationResponse._meta.get_field("name").max_length
MAX_EMAIL = ConsultationResponse._meta.get_field("email").max_length
MAX_ORGANISATION = ConsultationResponse._meta.get_field("organisation_name").max_length
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


class RevealedBy(ConditionalQuestion):
    """A radio revealing its question under it, marked up as govuk-frontend's Radios expects."""

    template = "strategies/forms/conditional_question.html"


class AboutYouForm(forms.Form):
    """Who is responding: a person, for themselves or for an organisation."""

    name = forms.CharField(
        label="Your full name",
        max_length=MAX_NAME,
        error_messages={
            "required": "Enter your full name",
            "max_length": f"Your full name must be {MAX_NAME} characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label="Email address",
        help_text="We will email your reference number to this address.",
        max_length=MAX_EMAIL,
        error_messages={
            "required": "Enter your email address",
            "max_length": f"Your email address must be {MAX_EMAIL} characters or fewer",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    respondent_type = forms.ChoiceField(
        label="Are you responding as an individual or for an organisation?",
        choices=Type.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether you respond as an individual or for whom",
            "invalid_choice": "Select whether you respond as an individual or for whom",
        },
    )
    # Revealed under their choice (GOV.UK conditional radios); without JavaScript all show.
    council = forms.ModelChoiceField(
        label="Which council?",
        queryset=Council.objects.all(),
        required=False,
        # An option with no text is invalid HTML and says nothing to a screen reader.
        empty_label="Select a council",
        error_messages={"invalid_choice": "Select your council"},
        widget=lean_forms.Select,
    )
    supplier_name = forms.CharField(
        label="What is the supplier's name?",
        max_length=MAX_ORGANISATION,
        required=False,
        error_messages={
            "max_length": f"The name of the supplier must be {MAX_ORGANISATION} characters or fewer"
        },
    )
    organisation_name = forms.CharField(
        label="What is the organisation's name?",
        max_length=MAX_ORGANISATION,
        required=False,
        error_messages={
            "max_length": f"The name of your organisation must be {MAX_ORGANISATION} "
            "characters or fewer"
        },
    )
    # A honeypot: hidden from people (and from screen readers); only robots fill it in.
    website = forms.CharField(
        label="Leave this field empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        # The text inputs are drawn lean (assessments.lean_fields), the same markup at less cost:
        # every response passes this page. The email input and the select have no lean drawing.
        self.helper = _helper(
            TextField("name", width=Fluid.for_input(Fluid.TWO_THIRDS)),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            lean_forms.RevealingRadios(
                "respondent_type",
                RevealedBy(Type.INDIVIDUAL.label),
                RevealedBy(Type.COUNCIL.label, Field.select("council")),
                RevealedBy(Type.SUPPLIER.label, TextField("supplier_name")),
                RevealedBy(Type.OTHER_BODY.label, TextField("organisation_name")),
            ),
            Div(TextField("website"), css_class="app-honeypot"),
            signed_in=signed_in,
        )

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        kind = data.get("respondent_type")
        if kind == Type.COUNCIL and not data.get("council"):
            self.add_error("council", "Select your council")
        if kind == Type.SUPPLIER and not self.named_organisation():
            self.add_error("supplier_name", "Enter the name of the supplier")
        if kind == Type.OTHER_BODY and not self.named_organisation():
            self.add_error("organisation_name", "Enter the name of your organisation")
        return data

    def named_organisation(self) -> str:
        """The name under the chosen answer, else the other box (both show without JavaScript)."""
        data = self.cleaned_data
        under, other = ("supplier_name", "organisation_name")
        if data.get("respondent_type") == Type.OTHER_BODY:
            under, other = other, under
        return data.get(under) or data.get(other) or ""

    def stored(self) -> dict:
        """The cleaned answers as plain values, for the session."""
        data = self.cleaned_data
        kind = data["respondent_type"]
        council = data.get("council") if kind == Type.COUNCIL else None
        named = kind in (Type.SUPPLIER, Type.OTHER_BODY)
        return {
            "name": data["name"],
            "email": data["email"],
            "respondent_type": kind,
            "council": council.pk if council else None,
            "organisation_name": self.named_organisation() if named else "",
        }

    @classmethod
    def initial_from(cls, stored: dict) -> dict:
        """The stored answers as the form's initial values, the name under its choice."""
        initial = dict(stored)
        if initial.get("respondent_type") == Type.SUPPLIER:
            initial["supplier_name"] = initial.pop("organisation_name", "")
        return initial


class QuestionForm(forms.Form):
    """One consultation question on its own page."""

    def __init__(self, *args, question: Question, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"] = answer_field(question)
        self.question = question
        self.signed_in = signed_in

    def drawn(self):
        """The question as the page's heading, and the buttons (strategies/lean_forms.py)."""
        if self.question.kind == Question.Kind.CHOICE:
            field = Radios("answer", legend_size=Size.LARGE, heading=True)
        else:
            field = TextField.textarea(
                "answer", label_size=Size.LARGE, max_characters=MAX_ANSWER, heading=True
            )
        return lean_forms.drawn(self, field, signed_in=self.signed_in)


class PublicationForm(forms.Form):
    """Whether the LGA may publish the response."""

    publication = forms.ChoiceField(
        label="May we publish your response?",
        help_text="We may publish responses, or quote from them, when we report on the outcome.",
        choices=ConsultationResponse.Publication.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether we may publish your response",
            "invalid_choice": "Select whether we may publish your response",
        },
    )

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.signed_in = signed_in

    def drawn(self):
        """The question as the page's heading, and the buttons (strategies/lean_forms.py)."""
        field = Radios("publication", legend_size=Size.LARGE, heading=True)
        return lean_forms.drawn(self, field, signed_in=self.signed_in)


class OutcomeForm(forms.Form):
    """What people said and what the LGA did about it."""

    outcome = forms.CharField(
        label="What you said, what we did",
        help_text="Markdown. Summarise the responses and say what changed in the strategy.",
        widget=forms.Textarea,
        max_length=MAX_OUTCOME,
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


def answer_field(question: Question, *, required: bool | None = None) -> forms.Field:
    """A question as a form field, as on its own page of the response journey."""
    # crispy-forms-gds prints labels and hints with |safe: escape the staff's words here.
    text, hint = conditional_escape(question.text), conditional_escape(question.hint)
    required = question.is_required if required is None else required
    if question.kind == Question.Kind.CHOICE:
        return forms.ChoiceField(
            label=text,
            help_text=hint,
            choices=[(c, c) for c in question.choice_list],
            widget=forms.RadioSelect,
            required=required,
            error_messages={
                "required": "Select an answer",
                "invalid_choice": "Select an answer from the list",
            },
        )
    return forms.CharField(
        label=text,
        help_text=hint or "You can write up to 5,000 characters.",
        max_length=MAX_ANSWER,
        widget=forms.Textarea,
        required=required,
        error_messages={
            "required": "Enter your answer",
            "max_length": "Your answer must be 5,000 characters or fewer",
        },
    )


def answer_layout(name: str, question: Question):
    if question.kind == Question.Kind.CHOICE:
        return Field.radios(name, legend_size=Size.MEDIUM)
    return Field.textarea(name, label_size=Size.MEDIUM, max_characters=MAX_ANSWER)
