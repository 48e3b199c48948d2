"""The demo data: the 2017 consultations as they happened, and one open now."""

import pytest
from django.urls import reverse

from strategies.demo import create_demo_data
from strategies.models import CategoryStrategy, Consultation, ConsultationResponse

pytestmark = pytest.mark.django_db
IT = "national-technological-and-digital-procurement-category-strategy"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # The demo attaches a generated PDF to each strategy: keep it out of the real media folder.
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_data_can_be_created_twice():
    create_demo_data()
    responses = ConsultationResponse.objects.count()
    create_demo_data()
    assert CategoryStrategy.objects.count() == 3
    assert Consultation.objects.count() == 3
    assert ConsultationResponse.objects.count() == responses
    # Three sent online, one typed in from a letter, one published on the 2017 IT consultation.
    demo = ConsultationResponse.objects.filter(reference__startswith="NPS-DEMO-0")
    assert demo.count() == 5
    assert demo.filter(channel="post").count() == 1


def test_the_it_consultation_closed_on_friday_12_may_2017_and_refuses_responses(client):
    create_demo_data()
    page = client.get(reverse("strategies:consultation_detail", args=[f"{IT}-consultation"]))
    assert "This consultation closed at 11:59pm on Friday 12 May 2017" in page.content.decode()
    refused = client.get(reverse("strategies:respond_about", args=[f"{IT}-consultation"]))
    assert refused.status_code == 410


def test_the_it_strategy_lists_the_advice_of_seed_004(client):
    create_demo_data()
    page = client.get(reverse("strategies:strategy_detail", args=[IT])).content.decode()
    assert "use “vanilla” rather than custom solutions to increase compatibility" in page


def test_the_demo_world_has_one_open_consultation():
    create_demo_data()
    states = [c.state for c in Consultation.objects.all()]
    assert states.count("open") == 1


def test_the_demo_strategies_bear_on_key_areas_of_the_current_framework():
    from tests.assessments.factories import FrameworkFactory, KeyAreaFactory, ThemeFactory

    framework = FrameworkFactory(is_current=True)
    enabler = ThemeFactory(framework=framework, name="Exploiting digital technology")
    digital = KeyAreaFactory(theme=enabler, name="Exploiting digital technology")
    create_demo_data()
    assert list(CategoryStrategy.objects.get(slug=IT).related_key_areas.all()) == [digital]


def test_the_closed_it_consultation_shows_a_published_redacted_response(client):
    create_demo_data()
    page = client.get(reverse("strategies:consultation_detail", args=[f"{IT}-consultation"]))
    text = page.content.decode()
    assert "Published responses" in text
    assert "Demo Software Ltd" in text
    assert "[redacted]" in text
    assert "Chris Smith" not in text
