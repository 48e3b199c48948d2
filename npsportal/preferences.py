"""A signed-in person's own preferences: which reminders they get by email (decision 0014)."""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.views.generic import UpdateView

from npsportal.models import User

REMINDER_HINTS = {
    User.Reminders.ALL: (
        "Key areas and actions due soon, a round closing in 14 days, and a summary each Monday "
        "of what you have open."
    ),
    User.Reminders.ESSENTIAL: (
        "Key areas and actions that are overdue, and a round closing in 3 days for a "
        "self-assessment not yet submitted."
    ),
}


class ReminderSettingsForm(forms.ModelForm):
    """Which reminders the person wants: every one, or only the essential ones."""

    reminders = forms.ChoiceField(
        label="Which reminders do you want by email?",
        choices=[Choice(c.value, c.label, hint=REMINDER_HINTS[c]) for c in User.Reminders],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which reminders you want",
            "invalid_choice": "Select which reminders you want",
        },
    )

    class Meta:
        model = User
        fields = ["reminders"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's own <form> has the token
        self.helper.layout = Layout(
            Field.radios("reminders", legend_size=Size.LARGE, legend_tag="h1"),
            Button("submit", "Save"),
        )


class ReminderSettingsView(UpdateView):
    """A signed-in person chooses which reminders they get; they see only their own."""

    form_class = ReminderSettingsForm
    template_name = "account/reminders.html"
    success_url = reverse_lazy("reminder_settings")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        form.save()
        messages.success(self.request, "Your reminder choice has been saved")
        return redirect(self.success_url)
