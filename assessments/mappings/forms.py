"""The forms LGA staff upload a mapping's spreadsheet with, and confirm it; they never save."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from assessments.framework_io.forms import SpreadsheetUploadForm
from assessments.framework_io.spreadsheet import read_table
from assessments.mappings.io.services import MappingChanges, apply_mapping
from assessments.mappings.io.validation import mapping_from_table


def preview_mapping(content: bytes, *, checked: bool = False, expected=None, **options):
    """What the file would change (a dry run), or the change itself when dry_run=False."""
    data = mapping_from_table(*read_table(content, sheet="Mapping"))
    return apply_mapping(data=data, checked=checked, expected=expected, **options)


class MappingUploadForm(SpreadsheetUploadForm):
    """A mapping's spreadsheet, checked by a dry run; it never saves."""

    preview: MappingChanges | None

    def check(self, content: bytes) -> MappingChanges:
        return preview_mapping(content, dry_run=True)


class MappingConfirmForm(forms.Form):
    checked = forms.CharField(widget=forms.HiddenInput)
    links_checked = forms.BooleanField(label="These links have been checked", required=False)

    def __init__(self, *args, draft: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout("checked", Field.checkbox("links_checked", small=True))
        if not draft:
            # Only a draft has a Draft tag to clear.
            del self.fields["links_checked"]
            self.helper.layout = Layout("checked")
