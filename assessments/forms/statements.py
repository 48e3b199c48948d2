"""The key area page's forms: one statement's answer, evidence and new action, and an action
changed on its own page. They validate input and never save."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import Truncator

from assessments.forms.fields import capped, date_field, level_choices, too_long
from assessments.lean_fields import DateField, TextField
from assessments.models import (
    ACTION_OWNER_MAX_LENGTH,
    ACTION_WHAT_MAX_LENGTH,
    ANSWER_FIELDS,
    COMMENT_MAX_LENGTH,
    EVIDENCE_LINKS_MAX_LENGTH,
    EVIDENCE_TEXT_MAX_LENGTH,
    Action,
    Answer,
    Level,
)
from assessments.radios import Radios
from npsportal.uploads import (
    EXCEL_TYPES,
    IMAGE_TYPES,
    PDF_TYPES,
    WORD_TYPES,
    Allowed,
    check_upload,
)

EVIDENCE = Allowed(
    types=PDF_TYPES | WORD_TYPES | EXCEL_TYPES | IMAGE_TYPES,
    described="a PDF, Word document, Excel spreadsheet, JPG, PNG or GIF",
)

LEVELS = level_choices()


class StatementForm(forms.Form):
    """One statement of a key area: levels, confidence, evidence and a new action."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    current_level = forms.TypedChoiceField(
        label="Current level", coerce=int, required=False, widget=forms.RadioSelect
    )
    agreed_reason = forms.CharField(
        label="Why you agreed this level",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your colleagues’ views are 2 or more levels apart: say why the council is at "
        "the level you chose.",
        **capped("Why you agreed this level", COMMENT_MAX_LENGTH),
    )
    target_level = forms.TypedChoiceField(
        label="Target level",
        coerce=int,
        required=False,
        widget=forms.RadioSelect,
        choices=Level.choices,
        help_text="The level the council aims to reach. Optional.",
    )
    target_date = date_field("Target date", "When you aim to reach it. For example, 31 3 2028")
    confidence = forms.ChoiceField(
        label="How confident are you in this rating?",
        required=False,
        widget=forms.RadioSelect,
        choices=Answer.Confidence.choices,
    )
    evidence_text = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What shows the council works at this level.",
        **capped("Evidence", EVIDENCE_TEXT_MAX_LENGTH),
    )
    evidence_links = forms.CharField(
        label="Links to evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One web address a line, starting https://",
        **capped("Links to evidence", EVIDENCE_LINKS_MAX_LENGTH),
    )
    upload = forms.FileField(
        label="Upload a file",
        required=False,
        help_text="PDF, Word, Excel, JPG, PNG or GIF, smaller than 10MB",
    )
    action_what = forms.CharField(
        label="Improvement action",
        required=False,
        **capped("Improvement action", ACTION_WHAT_MAX_LENGTH),
    )
    action_owner = forms.CharField(
        label="Owner", required=False, **capped("Owner", ACTION_OWNER_MAX_LENGTH)
    )
    action_due_on = date_field("Due date", "For example, 30 9 2027")
    action_status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        initial=Action.Status.NOT_STARTED,
    )

    def __init__(self, *args, statement, require_level=False, views_apart=False, **kwargs):
        kwargs.setdefault("prefix", f"s{statement.pk}")
        super().__init__(*args, **kwargs)
        self.statement = statement
        self.require_level = require_level
        self.views_apart = views_apart
        # Asked only where colleagues' views are apart, or a reason was given before.
        if not (views_apart or self.initial.get("agreed_reason")):
            del self.fields["agreed_reason"]
        self.upload_type = ""
        self.fields["current_level"].choices = LEVELS
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = self._layout()

    def describe_levels(self) -> None:
        """Give the current level's radios the statement's descriptors, for showing the form."""
        self.fields["current_level"].choices = level_choices(self.statement)

    def _layout(self):
        # Lean items draw crispy-forms-gds's markup at a fraction of its cost: the page officers
        # open and save most shows a dozen fields a statement.
        return Layout(
            "version",
            Radios("current_level", legend_size=Size.SMALL),
            *self._reason_layout(),
            Radios("target_level", legend_size=Size.SMALL, small=True),
            DateField("target_date"),
            Radios("confidence", legend_size=Size.SMALL, small=True),
            TextField.textarea(
                "evidence_text",
                label_size=Size.SMALL,
                max_characters=EVIDENCE_TEXT_MAX_LENGTH,
                threshold=90,  # a count of what is left only once it is close to running out
            ),
            TextField.textarea("evidence_links", label_size=Size.SMALL),
            # What is already added comes before the fields that add more (the page's context).
            HTML('{% include "assessments/_evidence_files.html" %}'),
            TextField("upload"),
            HTML('{% include "assessments/_actions.html" %}'),
            Fieldset(
                TextField("action_what", width=Fluid.for_input(Fluid.FULL)),
                TextField("action_owner", width=Fluid.for_input(Fluid.TWO_THIRDS)),
                DateField("action_due_on"),
                Radios("action_status", small=True),
                legend="Add an improvement action (optional)",
                legend_size=Size.SMALL,
            ),
        )

    def _reason_layout(self) -> list:
        if "agreed_reason" not in self.fields:
            return []
        return [
            TextField.textarea(
                "agreed_reason", label_size=Size.SMALL, max_characters=COMMENT_MAX_LENGTH
            )
        ]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            self.upload_type = check_upload(upload, allowed=EVIDENCE).content_type
        return upload

    def clean_evidence_links(self):
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        links = [link for link in links if link]
        problems = [link_problem(number, link) for number, link in enumerate(links, start=1)]
        if any(problems):
            raise forms.ValidationError([problem for problem in problems if problem])
        return "\n".join(links)

    def clean(self):
        data = super().clean()
        current, target = data.get("current_level"), data.get("target_level")
        if self.require_level and not current and "current_level" not in self.errors:
            self.add_error(
                "current_level", f"Select the current level for {self.statement.short_label}"
            )
        if self.views_apart and current and not (data.get("agreed_reason") or "").strip():
            self.add_error(
                "agreed_reason",
                "Enter why you agreed this level: colleagues’ views are 2 or more levels apart",
            )
        if current and target and target < current:
            self.add_error(
                "target_level", "Target level must be the same as or above the current level"
            )
        if data.get("target_date") and data["target_date"] < timezone.localdate():
            self.add_error("target_date", "Target date must be today or in the future")
        self._clean_action(data)
        return data

    def _clean_action(self, data):
        parts = ("action_what", "action_owner", "action_due_on")
        if not any(data.get(name) for name in parts) or any(n in self.errors for n in parts):
            return
        if not data.get("action_what"):
            self.add_error("action_what", "Enter what the improvement action is")
        if not data.get("action_owner"):
            self.add_error("action_owner", "Enter who owns the improvement action")
        if not data.get("action_due_on"):
            self.add_error("action_due_on", "Enter the improvement action's due date")
        elif data["action_due_on"] < timezone.localdate():
            self.add_error("action_due_on", "Due date must be today or in the future")

    def answer_values(self) -> dict:
        # A reason not asked for on this page keeps its saved value (none, or one given before).
        kept = {"agreed_reason": self.initial.get("agreed_reason") or ""}
        return {name: self.cleaned_data.get(name, kept.get(name)) for name in ANSWER_FIELDS}

    def new_action(self) -> dict | None:
        if not self.cleaned_data.get("action_what"):
            return None
        return {
            "what": self.cleaned_data["action_what"],
            "owner": self.cleaned_data["action_owner"],
            "due_on": self.cleaned_data["action_due_on"],
            "status": self.cleaned_data.get("action_status") or Action.Status.NOT_STARTED,
        }


class ActionForm(forms.Form):
    """Change an improvement action: what, owner, due date and status."""

    what = forms.CharField(
        label="Improvement action",
        max_length=ACTION_WHAT_MAX_LENGTH,
        error_messages={
            "required": "Enter what the improvement action is",
            "max_length": too_long("Improvement action", ACTION_WHAT_MAX_LENGTH),
        },
    )
    owner = forms.CharField(
        label="Owner",
        max_length=ACTION_OWNER_MAX_LENGTH,
        error_messages={
            "required": "Enter who owns the action",
            "max_length": too_long("Owner", ACTION_OWNER_MAX_LENGTH),
        },
    )
    due_on = date_field("Due date", "For example, 30 9 2027")
    status = forms.ChoiceField(
        label="Status", choices=Action.Status.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_on"].required = True
        self.fields["due_on"].error_messages["required"] = "Enter the improvement action's due date"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("what", field_width=Fluid.FULL),
            Field.text("owner", field_width=Fluid.TWO_THIRDS),
            Field("due_on"),
            Field.radios("status", legend_size=Size.SMALL),
            Button("submit", "Save action"),
        )


def link_problem(number: int, link: str) -> str:
    """What is wrong with the numbered link to evidence, naming it, or "" when nothing is."""
    named = f"Link {number} (“{Truncator(link).chars(60)}”)"
    if not link.lower().startswith(("https://", "http://")):
        return f"{named} must start with https://"
    try:
        URLValidator(schemes=["http", "https"])(link)
    except forms.ValidationError:
        return f"{named} must be a web address, like https://www.example.org/minutes"
    return ""


def answer_initial(answer) -> dict:
    """A form's starting values from a saved answer."""
    if answer is None:
        return {"version": 0}
    return {"version": answer.version} | {name: getattr(answer, name) for name in ANSWER_FIELDS}
