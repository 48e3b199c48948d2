"""Checks on uploaded documents: PDF or Word by their content, not their name, and not too big."""

from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Only these kinds, recognised by their first bytes, with the extension they are stored under.
ALLOWED_TYPES = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedDocument:
    content_type: str
    extension: str


def check_document(upload) -> CheckedDocument:
    """The document's real type, or a ValidationError saying what is wrong with the file."""
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError("The selected file must be smaller than 10MB", code="too_big")
    upload.seek(0)
    kind = filetype.guess(upload.read(SNIFF_BYTES))
    upload.seek(0)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        raise ValidationError("The selected file must be a PDF or a Word document", code="type")
    return CheckedDocument(content_type=kind.mime, extension=ALLOWED_TYPES[kind.mime])
