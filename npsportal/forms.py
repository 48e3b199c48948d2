from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fluid, Layout
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from npsportal.models import User, normalise_email
from npsportal.outbox import queue_email
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
        self.helper.disable_csrf = True  # the page's own <form> has the token
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
        self.helper.disable_csrf = True  # the page's own <form> has the token
        self.helper.layout = Layout(
            Field.text("email", field_width=Fluid.TWO_THIRDS), Button("submit", "Send the link")
        )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # Queued like every email: a slow or refusing mail server never holds up the page.
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        queue_email(to=context["email"], subject=subject, body=body)

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


# GOV.UK wording for mistakes in choosing a password, by Django's error code less "password_".
PASSWORD_MISTAKES = {
    "mismatch": "The passwords do not match",
    "incorrect": "Your current password is not correct",
    "too_short": "Your new password must be at least 8 characters",
    "entirely_numeric": "Your new password must not be only numbers",
    "too_common": "Your new password is too common: choose one that is harder to guess",
    "too_similar": "Your new password must not be like your name or email address",
}


class NewPasswordMixin:
    """Choose a new password, typed twice, with GOV.UK wording and a button (no <form> of its own:
    the page's template has it)."""

    error_messages = {"password_mismatch": PASSWORD_MISTAKES["mismatch"]}
    leading_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "New password"
        first.help_text = (
            "Use at least 8 characters. Do not use only numbers, a common password, or one like "
            "your name or email address."
        )
        first.error_messages["required"] = "Enter your new password"
        second.label, second.help_text = "Confirm new password", ""
        second.error_messages["required"] = "Enter your new password again"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> has the token
        fields = [*self.leading_fields, "new_password1", "new_password2"]
        self.helper.layout = Layout(
            *(Field.text(name, field_width=Fluid.TWO_THIRDS) for name in fields),
            Button("submit", "Save your new password"),
        )

    def validate_password_for_user(self, user, field_name):
        password = self.cleaned_data.get(field_name)
        if not password:
            return
        try:
            password_validation.validate_password(password, user)
        except ValidationError as error:
            for problem in error.error_list:
                code = (problem.code or "").removeprefix("password_")
                message = PASSWORD_MISTAKES.get(code, problem)
                # The first box is the one to change: its error is the one the summary links to.
                self.add_error("new_password1", message)


class SetPasswordForm(NewPasswordMixin, auth_forms.SetPasswordForm):
    """The new password chosen from a reset email's link."""


class PasswordChangeForm(NewPasswordMixin, auth_forms.PasswordChangeForm):
    """A signed-in person changes their password, giving the current one first."""

    leading_fields = ("old_password",)
    error_messages = {
        **NewPasswordMixin.error_messages,
        "password_incorrect": PASSWORD_MISTAKES["incorrect"],
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.fields["old_password"]
        current.label = "Current password"
        current.error_messages["required"] = "Enter your current password"
        # Autofocus moves the screen reader past the heading and error summary.
        current.widget.attrs.pop("autofocus", None)


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
