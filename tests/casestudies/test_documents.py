"""Attached documents: checked by npsportal.uploads, stored under random names, a checked view."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casestudies import services
from casestudies.forms import CaseStudyDocumentForm
from casestudies.models import CaseStudy
from tests.casestudies.factories import CaseStudyFactory
from tests.conftest import force_login_verified
from tests.factories import lga_staff

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(content: bytes, name="report.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_the_upload_form_shows_the_error_at_the_field_and_keeps_the_title():
    form = CaseStudyDocumentForm(
        data={"title": "Annual report"}, files={"file": upload(b"not a pdf at all")}
    )
    assert not form.is_valid()
    assert form.errors["file"] == ["The selected file must be a PDF or a Word document"]
    assert form["title"].value() == "Annual report"


def test_the_upload_form_uses_the_shared_check_so_a_misnamed_file_is_refused():
    form = CaseStudyDocumentForm(data={"title": "Plan"}, files={"file": upload(PDF, "plan.html")})
    assert not form.is_valid()
    assert "its name must end in .pdf" in form.errors["file"][0]


def test_documents_are_stored_under_random_names(media):
    document = services.attach_document(
        case_study=CaseStudyFactory(), title="Report", upload=upload(PDF, "../../secret plan.pdf")
    )
    assert document.file.name.startswith("casestudies/documents/")
    assert "secret" not in document.file.name
    assert document.file.name.endswith(".pdf")
    assert (media / document.file.name).read_bytes() == PDF
    assert document.content_type == "application/pdf"


def download_url(document):
    return reverse("casestudies:case_study_document", args=[document.case_study.slug, document.pk])


def test_anyone_downloads_a_published_case_studys_document_as_an_attachment(client):
    document = services.attach_document(
        case_study=CaseStudyFactory(slug="star"), title="Report", upload=upload(PDF)
    )
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert f'filename="star-{document.pk}.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_draft_case_studys_document_is_for_lga_staff_only(client):
    draft = CaseStudyFactory(status=CaseStudy.Status.DRAFT)
    document = services.attach_document(case_study=draft, title="Report", upload=upload(PDF))
    assert client.get(download_url(document)).status_code == 404
    force_login_verified(client, lga_staff())
    assert client.get(download_url(document)).status_code == 200


def test_a_document_asked_for_under_another_case_study_is_not_found(client):
    document = services.attach_document(
        case_study=CaseStudyFactory(status=CaseStudy.Status.DRAFT),
        title="Report",
        upload=upload(PDF),
    )
    other = CaseStudyFactory(slug="public-one")
    url = reverse("casestudies:case_study_document", args=[other.slug, document.pk])
    assert client.get(url).status_code == 404


def test_the_detail_page_lists_documents_with_type_and_size(client):
    case_study = CaseStudyFactory()
    document = services.attach_document(case_study=case_study, title="Report", upload=upload(PDF))
    html = client.get(case_study.get_absolute_url()).content.decode()
    assert download_url(document) in html
    assert "Report</a>" in html
    assert "(PDF," in html
