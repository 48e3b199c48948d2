"""Forms of the team and invitation pages: they validate input only."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout, Size
from django import forms

from npsportal.forms import EMAIL_ERRORS, PASSWORD_MISTAKES, NewPasswordMixin
from npsportal.models import User, normalise_email
from npsportal.roles import COUNCIL_ROLES, Role

ROLE_HINTS = {
    Role.OFFICER: "Fills in the council's self-assessment and action plan.",
    Role.LEAD: "Does what an officer does, signs off the self-assessment and runs the team.",
    Role.COUNCILLOR: "Reads the council's self-assessment and reports; changes nothing.",
    Role.CONTRIBUTOR: (
        "A colleague outside procurement: sees and gives their view only on the key areas "
        "given to them."
    ),
}
ROLE_CHOICES = [Choice(role.value, role.label, hint=ROLE_HINTS[role]) for role in COUNCIL_ROLES]


def _helper(*fields, button: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True  # the page's own <form> has the token
    helper.layout = Layout(*fields, Button("submit", button))
    return helper


def role_field(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )


class InviteForm(forms.Form):
    """Who to invite: their name, their address and (on a council's team page) their role."""

    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": "Enter the person's full name"},
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="We will send the invitation to this address.",
        widget=forms.EmailInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={
            "required": "Enter the person's email address",
            "invalid": EMAIL_ERRORS["invalid"],
        },
    )
    role = role_field("Role")

    def __init__(self, *args, with_role: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        fields = [
            Field.text("full_name", field_width=Fluid.TWO_THIRDS),
            Field.text("email", field_width=Fluid.TWO_THIRDS),
        ]
        if with_role:
            fields.append(Field.radios("role", legend_size=Size.MEDIUM))
        else:
            del self.fields["role"]
        self.helper = _helper(*fields, button="Send invitation")

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class ChangeRoleForm(forms.Form):
    """A member's new role at the council."""

    role = role_field("New role")

    def __init__(self, *args, name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].label = f"What should {name}'s role be?"
        self.helper = _helper(
            Field.radios("role", legend_size=Size.LARGE, legend_tag="h1"), button="Change role"
        )


class AcceptForm(NewPasswordMixin, forms.Form):
    """A new person's name and password, typed twice, checked by Django's validators."""

    leading_fields = ("full_name",)
    full_name = forms.CharField(
        label="Full name",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": "Enter your full name"},
    )
    new_password1 = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["new_password1"].label = "Create a password"
        self.fields["new_password2"].label = "Type the password again"
        self.helper.layout[-1] = Button("submit", "Join and continue")

    def clean(self):
        data = super().clean()
        first, second = data.get("new_password1"), data.get("new_password2")
        if first and second and first != second:
            self.add_error("new_password2", PASSWORD_MISTAKES["mismatch"])
        person = User(email=self.email, full_name=data.get("full_name", ""))
        self.validate_password_for_user(person, "new_password1")
        return data
