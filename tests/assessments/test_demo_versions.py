"""The demo's 2024/25 round on NPS 2018, and Salford, which starts 2026/27 from it."""

import io

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Round
from npsportal.models import Council, User
from tests.conftest import force_login_verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_reference_data", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent


def test_the_demo_has_a_closed_2024_25_round_on_nps_2018_for_most_councils(demo):
    round = Round.objects.get(slug="2024-25")
    assert (round.name, round.framework.name) == ("2024/25", "NPS 2018")
    assert round.closed_at is not None
    took_part = Assessment.objects.filter(round=round, status="approved")
    slugs = set(took_part.values_list("council__slug", flat=True))
    assert {"stockport", "trafford", "rochdale", "manchester", "salford"} <= slugs
    councils = Council.objects.exclude(kind=Council.Kind.COMBINED_AUTHORITY).count()
    assert 0.45 < len(slugs) / councils < 0.8
    assert all(a.answers.exists() for a in took_part)


def test_salford_took_part_in_2024_25_only_and_its_officer_can_start_from_it(demo, client):
    salford = Assessment.objects.filter(council__slug="salford")
    assert list(salford.values_list("round__slug", flat=True)) == ["2024-25"]
    force_login_verified(client, User.objects.get(email="officer@salford.example.org"))
    page = client.get("/assessments/start/salford/2026-27/", follow=True).content.decode()
    assert "Your 2024/25 self-assessment was on NPS 2018" in page
