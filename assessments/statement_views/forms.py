"""The form for a person's own view of a statement: it validates input and never saves."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms

from assessments.forms.fields import capped, level_choices
from assessments.models import COMMENT_MAX_LENGTH, EVIDENCE_TEXT_MAX_LENGTH
from assessments.statement_views.services import ViewInput


class ViewForm(forms.Form):
    """One statement: the level the person thinks the council is at, a comment and evidence."""

    level = forms.TypedChoiceField(
        label="Your view of the level", coerce=int, required=False, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why you think the council is at this level. Optional.",
        **capped("Comment", COMMENT_MAX_LENGTH),
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What shows it: documents, minutes, figures. Optional.",
        **capped("Evidence", EVIDENCE_TEXT_MAX_LENGTH),
    )

    def __init__(self, *args, statement, view=None, **kwargs):
        kwargs.setdefault("prefix", f"s{statement.pk}")
        if view is not None:
            kwargs.setdefault(
                "initial", {"level": view.level, "comment": view.comment, "evidence": view.evidence}
            )
        super().__init__(*args, **kwargs)
        self.statement = statement
        self.fields["level"].choices = level_choices(statement)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.radios("level", legend_size=Size.SMALL),
            Field.textarea("comment", label_size=Size.SMALL, max_characters=COMMENT_MAX_LENGTH),
            Field.textarea(
                "evidence",
                label_size=Size.SMALL,
                max_characters=EVIDENCE_TEXT_MAX_LENGTH,
                threshold=90,
            ),
        )

    @property
    def entered(self) -> bool:
        """Whether anything was entered for this statement."""
        data = self.cleaned_data
        return bool(data.get("level") or data.get("comment") or data.get("evidence"))

    def clean(self):
        data = super().clean()
        wrote = data.get("comment") or data.get("evidence")
        if wrote and not data.get("level") and "level" not in self.errors:
            self.add_error("level", f"Select your level for {self.statement.short_label}")
        return data

    def view_input(self) -> ViewInput:
        data = self.cleaned_data
        return ViewInput(
            statement=self.statement,
            level=data["level"],
            comment=data.get("comment", ""),
            evidence=data.get("evidence", ""),
        )


def require_one_view(form_list: list[ViewForm]) -> None:
    """Adds an error to the first statement when a valid page gives no view at all."""
    if form_list and not any(form.entered for form in form_list):
        first = form_list[0]
        first.add_error("level", f"Select your level for {first.statement.short_label}")
