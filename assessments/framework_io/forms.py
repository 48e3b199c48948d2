"""The form LGA staff upload a new version of a framework's spreadsheet with; it never saves."""

from pathlib import Path

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms

from assessments.framework_io.data import FrameworkImportError
from assessments.framework_io.preview import preview_file
from npsportal.uploads import EXCEL_XLSX, MAX_UPLOAD_BYTES, Allowed, check_upload

WORKBOOK = Allowed(types={EXCEL_XLSX: (".xlsx",)}, described="an XLSX workbook or a CSV file")
EXTENSIONS = (".xlsx", ".csv")
# Beyond this many, the list stops being a to-do list; the first ones show what is wrong.
PROBLEMS_SHOWN = 50


class SpreadsheetUploadForm(forms.Form):
    """A spreadsheet (XLSX or CSV) checked as it is uploaded: subclasses say what checking means
    (`check`, which raises FrameworkImportError), and keep what it found as `preview`."""

    file = forms.FileField(
        label="Upload the spreadsheet",
        help_text="An XLSX workbook or a CSV file, smaller than 10MB",
        error_messages={
            "required": "Select an XLSX workbook or a CSV file",
            "empty": "The selected file is empty",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = b""
        self.preview = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("file"))

    def check(self, content: bytes):
        raise NotImplementedError

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = Path(upload.name or "").suffix.lower()
        if extension not in EXTENSIONS:
            raise forms.ValidationError(
                "The selected file must be an XLSX workbook or a CSV file", code="type"
            )
        if extension == ".xlsx":
            check_upload(upload, allowed=WORKBOOK)
        else:
            self._check_size(upload)
        self.content = upload.read()
        try:
            self.preview = self.check(self.content)
        except FrameworkImportError as error:
            raise self._problems(error.problems) from None
        return upload

    def _problems(self, problems) -> forms.ValidationError:
        """One problem at the field; several listed in the summary, with a count at the field."""
        if len(problems) == 1:
            return forms.ValidationError(str(problems[0]), code="problems")
        for message in problem_messages(problems):
            self.add_error(None, message)
        return forms.ValidationError(
            f"The file has {len(problems)} problems: correct them in the "
            "spreadsheet, then upload it again",
            code="problems",
        )

    def _check_size(self, upload):
        if upload.size == 0:
            raise forms.ValidationError("The selected file is empty", code="empty")
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The selected file must be smaller than {MAX_UPLOAD_BYTES // (1024 * 1024)}MB",
                code="too_big",
            )


class FrameworkUploadForm(SpreadsheetUploadForm):
    """A new version of a framework's spreadsheet; it never saves."""

    def __init__(self, *args, framework, **kwargs):
        super().__init__(*args, **kwargs)
        self.framework = framework

    def check(self, content: bytes):
        return preview_file(framework=self.framework, content=content)


def problem_messages(problems) -> list[str]:
    """Each problem where to find it ("Row 5, column 'statement': …"), at most PROBLEMS_SHOWN."""
    messages = [str(problem) for problem in problems[:PROBLEMS_SHOWN]]
    if len(problems) > PROBLEMS_SHOWN:
        more = len(problems) - PROBLEMS_SHOWN
        messages.append(f"And {more} more problems: correct these, then upload the file again")
    return messages
