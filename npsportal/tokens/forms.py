"""The access token form: a name and how long it lasts. It validates input only."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.conf import settings

from npsportal.models import AccessToken


def _lifetime_choices() -> list[Choice]:
    return [Choice(str(days), f"{days} days") for days in settings.API_TOKEN_LIFETIMES]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        help_text="What the token is for, so that you can tell it apart, for example "
        "Power BI dashboard.",
        max_length=AccessToken._meta.get_field("name").max_length,
        error_messages={
            "required": "Enter a name for the token",
            "max_length": "Name must be 100 characters or fewer",
        },
    )
    days = forms.TypedChoiceField(
        label="How long should it work for?",
        help_text="After this the token stops working and you can create a new one.",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how long the token should work for",
            "invalid_choice": "Select how long the token should work for",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].choices = _lifetime_choices()
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> has the token
        self.helper.layout = Layout(
            Field.text("name", field_width=20),
            Field.radios("days", legend_size=Size.MEDIUM),
            Button("submit", "Create token"),
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Enter a name for the token")
        return name
