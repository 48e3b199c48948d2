"""The form for one NPPS priority: it validates input and never saves."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from assessments.forms.fields import capped
from assessments.models import EVIDENCE_TEXT_MAX_LENGTH

HOW_LABEL = "How the council considered it"
DEPARTURE_LABEL = "Reasons for any departure"


class RegardForm(forms.Form):
    """How the council considered a priority, and why it departed from it, if it did."""

    how_considered = forms.CharField(
        label=HOW_LABEL,
        help_text="For example, where it was discussed, what was decided, and which strategies, "
        "contracts or policies reflect it.",
        widget=forms.Textarea(attrs={"rows": 6}),
        **capped(HOW_LABEL, EVIDENCE_TEXT_MAX_LENGTH),
    )
    departure = forms.CharField(
        label=f"{DEPARTURE_LABEL} (optional)",
        help_text="If the council decided not to follow the priority in part or in full, say "
        "what it decided and why. Leave blank if there was no departure.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        **capped(DEPARTURE_LABEL, EVIDENCE_TEXT_MAX_LENGTH),
    )
    # When the record was last saved as the form was opened: a save over a newer one is refused.
    seen = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["how_considered"].error_messages["required"] = (
            "Enter how the council considered this priority"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.textarea("how_considered", label_size=Size.MEDIUM),
            Field.textarea("departure", label_size=Size.MEDIUM),
            Field("seen"),
            Button("submit", "Save"),
        )
