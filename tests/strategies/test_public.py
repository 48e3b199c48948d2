"""Strategies and consultations as anyone reads them."""

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from strategies.models import StrategyDocument
from tests.strategies.factories import CategoryStrategyFactory, ConsultationFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_strategy_list_shows_published_strategies_but_not_drafts(client):
    CategoryStrategyFactory(title="Energy strategy")
    CategoryStrategyFactory(title="Secret draft", status="draft")
    page = client.get(reverse("strategies:strategy_list")).content.decode()
    assert "Energy strategy" in page
    assert "Secret draft" not in page


def test_a_strategy_shows_its_key_recommendations_as_a_list(client):
    strategy = CategoryStrategyFactory(key_recommendations="approach the market early\n\nuse SMEs")
    page = client.get(reverse("strategies:strategy_detail", args=[strategy.slug])).content.decode()
    assert "<li>approach the market early</li>" in page
    assert "<li>use SMEs</li>" in page


def test_a_strategy_body_is_shown_through_the_shared_markdown_renderer(client):
    strategy = CategoryStrategyFactory(
        body="**Bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=a()>"
    )
    page = client.get(reverse("strategies:strategy_detail", args=[strategy.slug])).content.decode()
    assert '<p class="govuk-body"><strong>Bold</strong>' in page  # npsportal.markdown's styling
    assert "alert(1)" not in page
    assert "javascript:" not in page
    assert "onerror" not in page


def test_a_consultation_says_when_it_closes_the_govuk_way(client):
    consultation = ConsultationFactory(
        opens_at=datetime(2017, 1, 17, 9, tzinfo=UTC),
        closes_at=datetime(2017, 5, 12, 22, 59, tzinfo=UTC),
    )
    page = client.get(reverse("strategies:consultation_detail", args=[consultation.slug]))
    assert "This consultation closed at 11:59pm on Friday 12 May 2017" in page.content.decode()


def test_an_open_consultation_offers_to_respond(client):
    consultation = ConsultationFactory()
    page = client.get(reverse("strategies:consultation_detail", args=[consultation.slug]))
    assert "Respond to this consultation" in page.content.decode()
    assert "This consultation closes at" in page.content.decode()


def test_the_consultation_list_groups_open_and_closed_and_hides_drafts(client):
    ConsultationFactory(title="Open one")
    ConsultationFactory(
        title="Closed one",
        opens_at=datetime(2017, 1, 17, tzinfo=UTC),
        closes_at=datetime(2017, 5, 12, 22, 59, tzinfo=UTC),
    )
    ConsultationFactory(title="Draft one", is_draft=True)
    page = client.get(reverse("strategies:consultation_list")).content.decode()
    assert page.index("Open consultations") < page.index("Open one")
    assert page.index("Closed consultations") < page.index("Closed one")
    assert "Draft one" not in page


def test_a_document_is_downloaded_as_an_attachment_that_is_never_sniffed(client):
    strategy = CategoryStrategyFactory()
    document = StrategyDocument(
        strategy=strategy, title="Full strategy", original_name="strategy.pdf",
        content_type="application/pdf", size=len(PDF),
    )  # fmt: skip
    document.file.save("upload.pdf", SimpleUploadedFile("upload.pdf", PDF))
    assert "upload" not in document.file.name  # stored under a random name
    download = client.get(
        reverse("strategies:document_download", args=[strategy.slug, document.pk])
    )
    assert download["Content-Disposition"].startswith('attachment; filename="strategy.pdf"')
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_a_draft_strategys_documents_are_not_found(client):
    strategy = CategoryStrategyFactory(status="draft")
    document = StrategyDocument.objects.create(
        strategy=strategy, title="x", original_name="x.pdf", content_type="application/pdf", size=1
    )
    url = reverse("strategies:document_download", args=[strategy.slug, document.pk])
    assert client.get(url).status_code == 404


def test_the_back_office_refuses_a_document_that_is_not_a_pdf_or_word():
    from strategies.admin import StrategyDocumentForm

    fake = SimpleUploadedFile("strategy.pdf", b"MZ\x90\x00 an executable")
    form = StrategyDocumentForm(data={"title": "Strategy"}, files={"file": fake})
    assert not form.is_valid()
    assert form.errors["file"] == ["The selected file must be a PDF or a Word document"]


def test_the_back_office_refuses_a_pdf_whose_name_would_be_kept_as_another_type():
    from strategies.admin import StrategyDocumentForm

    misnamed = SimpleUploadedFile("strategy.html", PDF)
    form = StrategyDocumentForm(data={"title": "Strategy"}, files={"file": misnamed})
    assert not form.is_valid()
    assert "its name must end in .pdf" in form.errors["file"][0]


def test_the_back_office_keeps_a_documents_name_type_and_size():
    from strategies.admin import StrategyDocumentForm

    strategy = CategoryStrategyFactory()
    form = StrategyDocumentForm(
        data={"title": "Strategy"},
        files={"file": SimpleUploadedFile("Our strategy.pdf", PDF)},
        instance=StrategyDocument(strategy=strategy),
    )
    assert form.is_valid(), form.errors
    document = form.save()
    assert document.original_name == "Our strategy.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF)
    assert document.file.name.startswith("strategies/documents/")
    assert "Our" not in document.file.name
