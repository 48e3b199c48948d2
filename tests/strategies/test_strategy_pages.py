"""A strategy page reads as one thing: one status, its dates, its summary once, its document."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from npsportal.formatting import LONDON
from strategies.demo import create_demo_data
from strategies.models import CategoryStrategy
from tests.strategies.factories import CategoryStrategyFactory, ConsultationFactory

pytestmark = pytest.mark.django_db
Status = CategoryStrategy.Status


def detail(client, strategy) -> str:
    return client.get(reverse("strategies:strategy_detail", args=[strategy.slug])).content.decode()


def test_the_summary_is_not_repeated_as_the_first_paragraph(client):
    strategy = CategoryStrategyFactory(
        status=Status.PUBLISHED,
        summary="Councils buy energy together.",
        body="Councils buy energy together.\n\nThe second paragraph.",
    )
    html = detail(client, strategy)
    assert html.count("Councils buy energy together.") == 1
    assert "The second paragraph." in html


def test_a_consultation_draft_has_one_status_and_its_consultation_dates(client):
    strategy = CategoryStrategyFactory(
        status=Status.IN_CONSULTATION, version="Consultation draft", published_on=date(2017, 1, 17)
    )
    ConsultationFactory(
        strategy=strategy,
        opens_at=datetime(2017, 1, 17, 9, 0, tzinfo=LONDON),
        closes_at=datetime(2017, 5, 12, 23, 59, tzinfo=LONDON),
    )
    html = " ".join(detail(client, strategy).split())
    assert "Draft for consultation" in html
    assert "Published for consultation" in html
    assert "17 January 2017" in html
    assert "Closed on 12 May 2017" in html
    assert ">Published<" not in html
    assert "Consultation draft" not in html  # the version would say the status again


def test_an_open_consultation_shows_until_when(client):
    strategy = CategoryStrategyFactory(status=Status.IN_CONSULTATION)
    ConsultationFactory(strategy=strategy, closes_at=timezone.now() + timedelta(days=10))
    assert "Open until" in detail(client, strategy)


def test_a_published_strategy_shows_its_version_and_date(client):
    strategy = CategoryStrategyFactory(
        status=Status.PUBLISHED, version="1.0", published_on=date(2018, 3, 1)
    )
    html = " ".join(detail(client, strategy).split())
    assert "1 March 2018" in html
    assert "1.0" in html


def test_every_demo_strategy_has_a_date_a_status_and_a_document_to_download(
    client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    create_demo_data()
    create_demo_data()  # idempotent: still one document each
    for strategy in CategoryStrategy.objects.all():
        assert strategy.published_on, strategy.title
        [document] = strategy.documents.all()
        html = detail(client, strategy)
        download = reverse("strategies:document_download", args=[strategy.slug, document.pk])
        assert download in html
        response = client.get(download)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF")
