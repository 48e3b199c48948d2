"""Forms for running a round: they validate input and never save."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from assessments.forms.fields import (
    FilterForm,
    RealDateField,
    capped,
    kind_filter,
    region_filter,
)
from assessments.models import COMMENT_MAX_LENGTH, Framework, Round
from assessments.rounds.selectors import CouncilState
from assessments.rounds.services import slug_for

# Addresses under /rounds/ that a round's own address must not take.
RESERVED_SLUGS = {"new"}


def required_date(label: str, hint: str, missing: str) -> RealDateField:
    field = RealDateField(label=label, help_text=hint, require_all_fields=False)
    field.error_messages = {**field.error_messages, "required": missing, "incomplete": missing}
    return field


def day(value) -> str:
    return f"{value:%-d %B %Y}"


class RoundForm(forms.Form):
    """A new round: its name, framework and dates."""

    name = forms.CharField(
        label="Name of the round",
        help_text="The financial year it covers, for example 2027/28",
        max_length=20,
        error_messages={
            "required": "Enter the name of the round",
            "max_length": "Name of the round must be 20 characters or fewer",
        },
    )
    framework = forms.ModelChoiceField(
        label="Framework",
        help_text="The version of the matrix councils assess themselves against",
        # Only the NPS is answered in rounds; CCIAF and the NPPS are seen through mappings.
        queryset=Framework.objects.filter(family=Framework.Family.NPS).order_by("-year", "name"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the framework",
            "invalid_choice": "Select a framework from the list",
        },
    )
    opens_on = required_date(
        "Opening date",
        "The first day councils can start. For example, 1 4 2027",
        "Enter the opening date",
    )
    closes_on = required_date(
        "Closing date",
        "The last day councils can change their self-assessment. For example, 31 3 2028",
        "Enter the closing date",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = Framework.objects.filter(is_current=True).first()
        self.fields["framework"].initial = current
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("name", field_width=Fluid.ONE_QUARTER),
            Field.radios("framework", legend_size=Size.SMALL),
            Field("opens_on"),
            Field("closes_on"),
            Button("submit", "Open the round"),
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not slug_for(name) or slug_for(name) in RESERVED_SLUGS:
            raise forms.ValidationError("Name of the round must be a year, like 2027/28")
        taken = Round.objects.filter(slug=slug_for(name)) | Round.objects.filter(name=name)
        if taken.exists():
            raise forms.ValidationError(
                f"A round called {name} already exists: choose another name"
            )
        return name

    def clean_opens_on(self):
        opens_on = self.cleaned_data["opens_on"]
        if opens_on and opens_on < timezone.localdate():
            raise forms.ValidationError("Opening date must be today or in the future")
        return opens_on

    def clean(self):
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on:
            if closes_on < opens_on:
                self.add_error(
                    "closes_on", "Closing date must be the same as or after the opening date"
                )
            elif clash := overlapping(opens_on, closes_on):
                self.add_error(
                    "opens_on",
                    f"The {clash} round runs from {day(clash.opens_on)} to {day(clash.closes_on)}: "
                    "rounds cannot overlap",
                )
        return data


def overlapping(opens_on, closes_on) -> Round | None:
    """A round, not closed by LGA staff, whose dates overlap these (councils do one at a time)."""
    found = Round.objects.filter(closed_at__isnull=True, opens_on__lte=closes_on)
    return found.filter(closes_on__gte=opens_on).order_by("opens_on").first()


class ChaseForm(forms.Form):
    """Who to chase: councils that have not started, or all that have not submitted."""

    who = forms.ChoiceField(
        label="Which councils do you want to chase?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select which councils to chase"},
    )

    def __init__(self, *args, counts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who"].choices = [
            Choice(
                "not_started",
                f"Councils that have not started ({counts['not_started']})",
                hint="No one at the council has started its self-assessment.",
            ),
            Choice(
                "not_submitted",
                f"Councils that have not submitted ({counts['not_submitted']})",
                hint="Not started, and started but not yet sent for sign-off.",
            ),
        ]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("who", legend_size=Size.MEDIUM, legend_tag="h2"),
            Button("preview", "Preview the email"),
        )


class ExtensionForm(forms.Form):
    """A later closing date for one council, and why."""

    closes_on = required_date(
        "New closing date",
        "The council's last day to change its self-assessment. For example, 30 4 2027",
        "Enter the new closing date",
    )
    reason = forms.CharField(
        label="Reason",
        help_text="Why the council needs more time. LGA staff see this; the council does not.",
        widget=forms.Textarea(attrs={"rows": 3}),
        **capped("Reason", COMMENT_MAX_LENGTH),
    )

    def __init__(self, *args, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.round = round
        self.fields["reason"].error_messages["required"] = "Enter the reason for more time"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field("closes_on"),
            Field.textarea("reason", max_characters=COMMENT_MAX_LENGTH),
            Button("submit", "Give more time"),
        )

    def clean_closes_on(self):
        closes_on = self.cleaned_data["closes_on"]
        if closes_on and closes_on <= self.round.closes_on:
            raise forms.ValidationError(
                f"New closing date must be after the round’s closing date, "
                f"{day(self.round.closes_on)}"
            )
        if closes_on and closes_on < timezone.localdate():
            raise forms.ValidationError("New closing date must be today or in the future")
        return closes_on

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for more time")
        return reason


class ParticipationFilterForm(FilterForm):
    """Filters over a round's councils, all optional, from the URL."""

    state = forms.ChoiceField(
        label="Progress",
        required=False,
        choices=[("", "All"), *CouncilState.choices],
        error_messages={"invalid_choice": "Select progress from the list"},
    )
    region = region_filter()
    kind = kind_filter()
