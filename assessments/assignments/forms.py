"""Forms for handing key areas to colleagues: they validate input and never save."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.utils import timezone

from assessments.assignments import selectors
from assessments.forms.fields import RealDateField, capped
from assessments.models import COMMENT_MAX_LENGTH
from npsportal.models import Membership
from npsportal.roles import Role

NOT_AT_COUNCIL = "Select someone at {council}: an officer, head or contributor"


class AssignForm(forms.Form):
    """Who takes the key area, and by when."""

    assignee = forms.ChoiceField(label="Who should give their view?", widget=forms.RadioSelect)
    due_on = RealDateField(
        label="Due date",
        help_text="For example, 12 5 2027",
        require_all_fields=False,
    )

    def __init__(self, *args, assessment, key_area, **kwargs):
        super().__init__(*args, **kwargs)
        self.assessment, self.key_area = assessment, key_area
        council = assessment.council
        self.people = {str(p.pk): p for p in selectors.assignable_people(council)}
        roles = dict(
            Membership.objects.filter(council=council, user__in=self.people.values()).values_list(
                "user_id", "role"
            )
        )
        assignee = self.fields["assignee"]
        # A crafted POST with anyone else's id (another council's officer) is refused here.
        assignee.choices = [
            Choice(pk, person.get_full_name(), hint=_role_words(roles.get(person.pk)))
            for pk, person in self.people.items()
        ]
        not_here = NOT_AT_COUNCIL.format(council=council)
        assignee.error_messages = {
            "required": "Select who should give their view",
            "invalid_choice": not_here,
        }
        missing = "Enter the due date"
        due = self.fields["due_on"]
        due.error_messages = {**due.error_messages, "required": missing, "incomplete": missing}
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.radios("assignee", legend_size=Size.MEDIUM),
            Field("due_on"),
            Button("submit", "Assign the key area"),
        )

    def clean_assignee(self):
        return self.people[self.cleaned_data["assignee"]]

    def clean_due_on(self):
        due_on = self.cleaned_data["due_on"]
        if due_on and due_on < timezone.localdate():
            raise forms.ValidationError("Due date must be today or in the future")
        return due_on

    def clean(self):
        data = super().clean()
        assignee = data.get("assignee")
        taken = self.assessment.assignments.filter(key_area=self.key_area, assignee=assignee)
        if assignee and taken.exists():
            self.add_error(
                "assignee",
                f"{assignee.get_full_name()} already has {self.key_area.name}: choose someone else",
            )
        return data


def _role_words(role) -> str:
    return Role(role).label if role else ""


class RequestChangesForm(forms.Form):
    """What the assignee should change."""

    comment = forms.CharField(
        label="What should they change?",
        help_text="They see this on their key area and in an email.",
        widget=forms.Textarea(attrs={"rows": 5}),
        **capped("What should they change", COMMENT_MAX_LENGTH),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comment"].error_messages["required"] = "Enter what they should change"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("comment", label_size=Size.MEDIUM),
            Button("submit", "Ask for changes"),
        )
