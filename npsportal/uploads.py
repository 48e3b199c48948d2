"""Checks on uploaded files: the type judged by the content, a name that agrees, not too big."""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
SNIFF_BYTES = 8192
WORD_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXCEL_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Content type, as recognised from the first bytes → the extensions a name may end in; the first
# is the one a file is stored under.
PDF_TYPES = {"application/pdf": (".pdf",)}
WORD_TYPES = {"application/msword": (".doc",), WORD_DOCX: (".docx",)}
EXCEL_TYPES = {"application/vnd.ms-excel": (".xls",), EXCEL_XLSX: (".xlsx",)}
IMAGE_TYPES = {"image/jpeg": (".jpg", ".jpeg"), "image/png": (".png",), "image/gif": (".gif",)}


@dataclass(frozen=True)
class Allowed:
    """The kinds of file a form takes, and how its error message names them."""

    types: Mapping[str, tuple[str, ...]]
    described: str


DOCUMENTS = Allowed(types=PDF_TYPES | WORD_TYPES, described="a PDF or a Word document")


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    extension: str


def check_upload(
    upload, *, allowed: Allowed = DOCUMENTS, max_bytes: int = MAX_UPLOAD_BYTES
) -> CheckedUpload:
    """The file's real type, or a ValidationError saying what is wrong with the file."""
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="empty")
    if upload.size > max_bytes:
        limit = f"{max_bytes // (1024 * 1024)}MB"
        raise ValidationError(f"The selected file must be smaller than {limit}", code="too_big")
    upload.seek(0)
    kind = filetype.guess(upload.read(SNIFF_BYTES))
    upload.seek(0)
    if kind is None or kind.mime not in allowed.types:
        raise ValidationError(f"The selected file must be {allowed.described}", code="type")
    extensions = allowed.types[kind.mime]
    # The name is kept and shown by some apps, so it must not promise another type.
    if Path(upload.name or "").suffix.lower() not in extensions:
        raise ValidationError(
            f"The selected file must be {allowed.described}; it holds a {extensions[0]} file, "
            f"so its name must end in {extensions[0]}",
            code="name",
        )
    return CheckedUpload(content_type=kind.mime, extension=extensions[0])
