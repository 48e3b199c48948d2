"""The strategies API: strategies and consultations as the public pages show them, with each
consultation's state in words and as a value, and its dates in ISO with London's offset."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from npsportal.tokens.services import create_token
from tests.strategies.factories import CategoryStrategyFactory, ConsultationFactory

pytestmark = pytest.mark.django_db


def slugs(client, url, headers=None) -> list[str]:
    return [row["slug"] for row in client.get(url, headers=headers or {}).json()["results"]]


def test_drafts_never_appear_even_to_lga_staff(world, client):
    CategoryStrategyFactory(slug="published")
    draft = CategoryStrategyFactory(slug="draft", status="draft")
    ConsultationFactory(slug="open", strategy=draft)
    ConsultationFactory(slug="hidden", is_draft=True)
    _token, key = create_token(user=world.users["lga_staff"], name="Staff", days=30)
    staff = {"Authorization": f"Bearer {key}"}
    assert "draft" not in slugs(client, "/api/v1/strategies/", staff)
    assert "published" in slugs(client, "/api/v1/strategies/", staff)
    assert slugs(client, "/api/v1/consultations/", staff) == ["open"]
    assert client.get("/api/v1/consultations/hidden/", headers=staff).status_code == 404


def test_a_consultation_gives_its_state_and_london_dates(client):
    ConsultationFactory(
        slug="summer",
        opens_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC),
        closes_at=datetime(2026, 7, 1, 22, 59, tzinfo=UTC),
    )
    data = client.get("/api/v1/consultations/summer/").json()
    assert data["opens_at"] == "2026-06-01T09:00:00+01:00"
    assert data["closes_at"] == "2026-07-01T23:59:00+01:00"
    assert data["state"] == "closed"
    assert data["state_label"] == "Closed"
    assert data["outcome"] == ""


def test_consultations_can_be_filtered_by_their_state_now(client):
    now = timezone.now()
    ConsultationFactory(slug="open")
    ConsultationFactory(
        slug="soon", opens_at=now + timedelta(days=2), closes_at=now + timedelta(days=30)
    )
    ConsultationFactory(
        slug="over", opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=2)
    )
    assert slugs(client, "/api/v1/consultations/?state=open") == ["open"]
    assert slugs(client, "/api/v1/consultations/?state=forthcoming") == ["soon"]
    assert slugs(client, "/api/v1/consultations/?state=closed") == ["over"]
    assert len(slugs(client, "/api/v1/consultations/")) == 3


def test_a_strategy_lists_its_recommendations_and_public_consultations(client):
    strategy = CategoryStrategyFactory(slug="ict", key_recommendations="Buy well\nShare more")
    ConsultationFactory(slug="open", strategy=strategy)
    ConsultationFactory(slug="hidden", strategy=strategy, is_draft=True)
    data = client.get("/api/v1/strategies/ict/").json()
    assert data["category"] == "ict"
    assert data["category_label"] == "ICT and digital"
    assert data["status_label"] == "Published"
    assert data["key_recommendations"] == ["Buy well", "Share more"]
    assert [c["slug"] for c in data["consultations"]] == ["open"]
    assert data["consultations"][0]["state"] == "open"
