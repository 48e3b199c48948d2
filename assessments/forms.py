"""Forms for the self-assessment: they validate input and never save."""

import re
from datetime import date

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Fluid, Layout, Size
from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import Truncator

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
    Assessment,
    Level,
    Round,
)
from assessments.radios import Radios
from npsportal.models import Council
from npsportal.templatetags.portal import error_anchor
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


def error_links(form_list) -> list[tuple[str, str]]:
    """(anchor, message) for every field error, in the order the fields are on the page."""
    return [
        (f"#{error_anchor(form[name])}", error)
        for form in form_list
        for name in form.fields
        for error in form.errors.get(name, [])
    ]


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
    """Filters over a list, all optional, from the URL."""

    def filters(self) -> dict:
        """The valid filters asked for; a wrong one is reported at its field and ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("council", field_width=Fluid.FULL),
            *(Field.select(name) for name in ("round", "status", "region", "kind")),
            Button.secondary("apply", "Apply filters"),
        )
