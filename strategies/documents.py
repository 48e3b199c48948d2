"""Which uploaded files may be attached to a strategy: checked by their content, not their name."""

import filetype
from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def checked_content_type(upload) -> str:
    """The content type of a PDF or Word upload of at most 10 MB; anything else is refused."""
    if upload.size > MAX_BYTES:
        raise ValidationError("The file must be smaller than 10 MB")
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.extension not in ALLOWED:
        raise ValidationError("The file must be a PDF or a Word document")
    return ALLOWED[kind.extension]
