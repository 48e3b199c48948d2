"""Forms for a response once sent: the respondent's change before the close, one staff type in
from post or email, and its redaction for publication. They validate input only."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    Button,
    Field,
    Fluid,
    Layout,
    Size,
)
from django import forms
from django.utils.html import conditional_escape

from assessments.forms.fields import RealDateField
from npsportal.formatting import LONDON, govuk_date
from npsportal.models import Council
from strategies.forms import (
    MAX_EMAIL,
    MAX_NAME,
    MAX_ORGANISATION,
    PublicationForm,
    Type,
    answer_field,
    answer_layout,
)
from strategies.models import (
    MAX_ANSWER,
    MAX_SUMMARY,
    ConsultationResponse,
)


class AnswersMixin:
    """One field per question, named answer_<question id>."""

    def add_answer_fields(self, questions, *, required: bool | None = None) -> list:
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"answer_{question.pk}"] = answer_field(question, required=required)
        return [answer_layout(f"answer_{q.pk}", q) for q in self.questions]

    def answers(self) -> dict:
        """{question id as text: answer}, as services take them."""
        return {str(q.pk): self.cleaned_data.get(f"answer_{q.pk}") or "" for q in self.questions}

    @staticmethod
    def initial_answers(response) -> dict:
        return {f"answer_{a.question_id}": a.text for a in response.answers.all()}


class ChangeResponseForm(AnswersMixin, forms.Form):
    """A sent response's answers and publication choice, to change before the close."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publication"] = forms.ChoiceField(
            label="May we publish your response?",
            choices=ConsultationResponse.Publication.choices,
            widget=forms.RadioSelect,
            error_messages=PublicationForm.base_fields["publication"].error_messages,
        )
        layouts = self.add_answer_fields(questions)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *layouts,
            Field.radios("publication", legend_size=Size.MEDIUM),
            Button("save", "Save your changes"),
        )

    def first_answer_name(self) -> str:
        return f"answer_{self.questions[0].pk}" if self.questions else "publication"


Channel = ConsultationResponse.Channel


class EnteredResponseForm(AnswersMixin, forms.Form):
    """A response received by post or email, typed in by LGA staff."""

    channel = forms.ChoiceField(
        label="How did the response arrive?",
        choices=[(Channel.POST, Channel.POST.label), (Channel.EMAIL, Channel.EMAIL.label)],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how the response arrived",
            "invalid_choice": "Select how the response arrived",
        },
    )
    received_on = RealDateField(
        label="Date received",
        help_text="The postmark or the email's date. For example, 12 5 2027",
        require_all_fields=False,
    )
    name = forms.CharField(
        label="Respondent's full name",
        max_length=MAX_NAME,
        error_messages={
            "required": "Enter the respondent's full name",
            "max_length": f"The respondent's name must be {MAX_NAME} characters or fewer",
        },
    )
    email = forms.EmailField(
        label="Respondent's email address (optional)",
        required=False,
        max_length=MAX_EMAIL,
        error_messages={
            "max_length": f"The email address must be {MAX_EMAIL} characters or fewer",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    respondent_type = forms.ChoiceField(
        label="Responding as",
        choices=Type.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who the respondent responds as",
            "invalid_choice": "Select who the respondent responds as",
        },
    )
    council = forms.ModelChoiceField(
        label="Council (if responding for a council)",
        queryset=Council.objects.all(),
        required=False,
        empty_label="Select a council",
        error_messages={"invalid_choice": "Select the council"},
    )
    organisation_name = forms.CharField(
        label="Organisation's name (if responding for a supplier or another organisation)",
        max_length=MAX_ORGANISATION,
        required=False,
        error_messages={
            "max_length": f"The organisation's name must be {MAX_ORGANISATION} characters or fewer"
        },
    )
    publication = forms.ChoiceField(
        label="May we publish the response?",
        help_text="As the respondent said. If they did not say, choose No.",
        choices=ConsultationResponse.Publication.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the respondent agreed to publication",
            "invalid_choice": "Select whether the respondent agreed to publication",
        },
    )
    confirm_late = forms.BooleanField(
        label="Yes, record this response although it arrived after the close",
        required=False,
    )

    def __init__(self, *args, consultation, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation, self.today = consultation, today
        self.fields["received_on"].error_messages["required"] = (
            "Enter the date the response was received"
        )
        self.closed_on = consultation.closes_at.astimezone(LONDON).date()
        # Staff type in what the respondent wrote, including questions they left out.
        layouts = self.add_answer_fields(consultation.questions.all(), required=False)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("channel", legend_size=Size.SMALL, inline=True),
            Field("received_on"),
            Field.text("name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
            Field.radios("respondent_type", legend_size=Size.SMALL),
            Field.select("council"),
            Field.text("organisation_name"),
            *layouts,
            Field.radios("publication", legend_size=Size.SMALL),
            *([Field.checkbox("confirm_late")] if self.late_possible() else []),
            Button("save", "Record the response"),
        )

    def late_possible(self) -> bool:
        """Whether the question "record it although late?" may arise: once the close is past."""
        return self.today > self.closed_on

    def clean(self):
        data = super().clean()
        kind = data.get("respondent_type")
        if kind == Type.COUNCIL and not data.get("council"):
            self.add_error("council", "Select the council")
        if kind in (Type.SUPPLIER, Type.OTHER_BODY) and not data.get("organisation_name"):
            self.add_error("organisation_name", "Enter the name of the organisation")
        received = data.get("received_on")
        if received and received > self.today:
            self.add_error("received_on", "Date received must be today or in the past")
        elif received and received > self.closed_on and not data.get("confirm_late"):
            self.add_error(
                "confirm_late",
                f"This response arrived on {govuk_date(received)}, after the consultation "
                f"closed on {govuk_date(self.closed_on)}. Tick the box to record it anyway",
            )
        return data

    def details(self) -> dict:
        data = self.cleaned_data
        kind = data["respondent_type"]
        council = data.get("council") if kind == Type.COUNCIL else None
        named = kind in (Type.SUPPLIER, Type.OTHER_BODY)
        return {
            "name": data["name"],
            "email": data.get("email") or "",
            "respondent_type": kind,
            "council": council.pk if council else None,
            "organisation_name": data.get("organisation_name", "") if named else "",
            "publication": data["publication"],
        }


class PublishResponseForm(forms.Form):
    """A response's answers to redact before publishing, and why."""

    redaction_reason = forms.CharField(
        label="What did you take out, and why?",
        help_text='For example, "Removed a named officer". If you took nothing out, say so.',
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MAX_SUMMARY,
        error_messages={
            "required": "Say what you took out of the response and why",
            "max_length": f"The reason must be {MAX_SUMMARY:,} characters or fewer",
        },
    )

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = list(answers)
        layouts = []
        for answer in self.answers:
            name = f"text_{answer.pk}"
            self.fields[name] = forms.CharField(
                label=conditional_escape(answer.question.text),
                required=False,
                max_length=MAX_ANSWER,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=answer.published_text or answer.text,
                error_messages={"max_length": "The answer must be 5,000 characters or fewer"},
            )
            layouts.append(Field.textarea(name, label_size=Size.SMALL))
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            *layouts,
            Field.textarea("redaction_reason", label_size=Size.SMALL),
            Button("publish", "Publish the response"),
        )

    def texts(self) -> dict:
        """{answer id as text: the words to publish}."""
        return {str(a.pk): self.cleaned_data.get(f"text_{a.pk}", "") for a in self.answers}
