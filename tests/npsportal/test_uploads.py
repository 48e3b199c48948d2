"""Uploaded files are judged by their content, their name must agree, and size is limited."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from npsportal.uploads import (
    DOCUMENTS,
    IMAGE_TYPES,
    MAX_UPLOAD_BYTES,
    PDF_TYPES,
    Allowed,
    check_upload,
)

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as docx:
        docx.writestr("[Content_Types].xml", "<Types/>")
        docx.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(content: bytes, name="report.pdf", content_type="application/pdf"):
    # The browser's content type is the sender's claim; it is never believed.
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_pdf_and_word_documents_are_recognised_by_their_content():
    checked = check_upload(upload(PDF, "Annual Report.PDF"))
    assert (checked.content_type, checked.extension) == ("application/pdf", ".pdf")
    checked = check_upload(upload(docx_bytes(), "notes.docx", "application/pdf"))
    assert (checked.content_type, checked.extension) == (DOCX, ".docx")


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 a program pretending", "report.pdf", "must be a PDF or a Word document"),
        (b"<html><script>alert(1)</script></html>", "report.docx", "PDF or a Word document"),
        (b"just text pretending to be a PDF", "notes.pdf", "PDF or a Word document"),
        (PNG, "report.pdf", "PDF or a Word document"),
        (b"", "report.pdf", "The selected file is empty"),
    ],
)
def test_other_files_are_refused_whatever_their_name(content, name, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(upload(content, name))


@pytest.mark.parametrize(
    ("content", "name", "extension"),
    [
        (PDF, "report.exe", ".pdf"),
        (PDF, "report.html", ".pdf"),
        (docx_bytes(), "notes.pdf", ".docx"),
    ],
)
def test_a_file_whose_name_claims_another_type_is_refused(content, name, extension):
    with pytest.raises(ValidationError, match=f"its name must end in {extension}") as refused:
        check_upload(upload(content, name))
    assert refused.value.code == "name"


def test_a_file_over_10_mb_is_refused_and_one_of_exactly_10_mb_is_not():
    exactly = upload(PDF + b"0" * (MAX_UPLOAD_BYTES - len(PDF)))
    assert check_upload(exactly).content_type == "application/pdf"
    with pytest.raises(ValidationError, match="The selected file must be smaller than 10MB"):
        check_upload(upload(PDF + b"0" * (MAX_UPLOAD_BYTES - len(PDF) + 1)))


def test_a_caller_chooses_the_kinds_and_the_size_and_the_message_names_them():
    images = Allowed(types=IMAGE_TYPES, described="a JPG, PNG or GIF")
    assert check_upload(upload(PNG, "photo.png"), allowed=images).content_type == "image/png"
    with pytest.raises(ValidationError, match="The selected file must be a JPG, PNG or GIF"):
        check_upload(upload(PDF), allowed=images)
    with pytest.raises(ValidationError, match="smaller than 2MB"):
        check_upload(upload(PDF + b"0" * 2 * 1024 * 1024), max_bytes=2 * 1024 * 1024)


def test_the_file_can_be_read_from_the_start_after_the_check():
    file = upload(PDF)
    check_upload(file, allowed=Allowed(types=PDF_TYPES, described="a PDF"))
    assert file.read() == PDF


def test_documents_are_pdf_or_word_only():
    assert set(DOCUMENTS.types) == {"application/pdf", "application/msword", DOCX}
