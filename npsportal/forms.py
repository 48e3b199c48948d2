from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError

from npsportal.models import User, normalise_email
from npsportal.services import claim_password_reset_email

EMAIL_ERRORS = {
    "required": "Enter your email address",
    "invalid": "Enter an email address in the correct format, like name@example.org",
}


class SignInForm(auth_forms.AuthenticationForm):
    """Sign in with an email address, with GOV.UK error messages."""

    username = forms.EmailField(
        label="Email address",
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Contact your council's NPS lead",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("username", field_width=Fluid.TWO_THIRDS),
            Field.text("password", field_width=Fluid.TWO_THIRDS),
            Button("submit", "Sign in"),
        )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Ask for a reset link; at most PASSWORD_RESET_EMAILS_PER_HOUR are sent to one account."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages=EMAIL_ERRORS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS), Button("submit", "Send the link")
        )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def get_users(self, email):
        # Django sends one email to each person this yields, and the page that follows is the
        # same whoever they are: leaving out a person whose allowance is used up throttles the
        # emails without telling the requester anything.
        people = User.objects.with_email(email).filter(is_active=True)
        return (
            person
            for person in people
            if person.has_usable_password() and claim_password_reset_email(user=person)
        )


class PersonEmailMixin:
    """The back office's person forms: one spelling per address, and one account per address."""

    def clean_email(self):
        email = normalise_email(self.cleaned_data["email"])
        others = User.objects.with_email(email).exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError("A person with this email address already exists", code="unique")
        return email


class PersonCreationForm(PersonEmailMixin, auth_forms.AdminUserCreationForm):
    pass


class PersonChangeForm(PersonEmailMixin, auth_forms.UserChangeForm):
    pass
