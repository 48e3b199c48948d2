"""Forms for consultation analysis; they validate input only."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from strategies.models import MAX_SUMMARY, AnalysisTheme, DuplicateGroup

MAX_THEME_NAME = AnalysisTheme._meta.get_field("name").max_length
MAX_LABEL = DuplicateGroup._meta.get_field("label").max_length


class ThemeForm(forms.Form):
    """A theme of the codebook: a name unique in the consultation, any case."""

    name = forms.CharField(
        label="Theme name",
        max_length=MAX_THEME_NAME,
        error_messages={
            "required": "Enter a name for the theme",
            "max_length": f"The theme name must be {MAX_THEME_NAME} characters or fewer",
        },
    )
    description = forms.CharField(
        label="What the theme covers (optional)",
        help_text="So that every analyst tags the same way.",
        required=False,
        widget=forms.Textarea,
        max_length=MAX_SUMMARY,
        error_messages={"max_length": "The description must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, consultation, theme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation, self.theme = consultation, theme
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("name", label_size=Size.SMALL),
            Field.textarea("description", label_size=Size.SMALL, rows=3),
            Button("save", "Save theme" if theme else "Add theme"),
        )

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter a name for the theme")
        others = self.consultation.analysis_themes.filter(name__iexact=name)
        if self.theme is not None:
            others = others.exclude(pk=self.theme.pk)
        if others.exists():
            raise forms.ValidationError(f"The codebook already has a theme called {name}")
        return name


class TagForm(forms.Form):
    """One answer's themes as the analyst left them, beside those shown when the page was
    drawn: only the difference is applied, so a colleague's tags since then stay."""

    themes = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple)
    shown = forms.MultipleChoiceField(required=False, widget=forms.MultipleHiddenInput)
    action = forms.ChoiceField(
        choices=[
            ("save", "Save themes"),
            ("analysed", "Save and mark as analysed"),
            ("not_analysed", "Mark as not analysed"),
            ("quote", "Pick as quote"),
            ("unquote", "Remove quote"),
        ]
    )
    quote_theme = forms.ChoiceField(required=False)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(t.pk), t.name) for t in themes]
        self.fields["themes"].choices = choices
        self.fields["shown"].choices = choices
        self.fields["quote_theme"].choices = [("", "No theme"), *choices]
        self.themes = {t.pk: t for t in themes}

    def changes(self) -> tuple[set[int], set[int]]:
        """(themes to add, themes to remove): what the analyst ticked or unticked."""
        now = {int(pk) for pk in self.cleaned_data["themes"]}
        shown = {int(pk) for pk in self.cleaned_data["shown"]}
        return now - shown, shown - now

    def quote_theme_object(self):
        pk = self.cleaned_data.get("quote_theme")
        return self.themes.get(int(pk)) if pk else None


class GroupLabelForm(forms.Form):
    label = forms.CharField(
        label="Name of the group",
        help_text="For example Campaign A, or the campaigning organisation’s name.",
        required=False,
        max_length=MAX_LABEL,
        error_messages={"max_length": f"The name must be {MAX_LABEL} characters or fewer"},
    )
    is_campaign = forms.BooleanField(label="This is an organised campaign", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("label", label_size=Size.SMALL),
            Field.checkbox("is_campaign"),
            Button("save", "Save"),
        )
