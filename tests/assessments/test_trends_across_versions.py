"""Trends across framework versions: the council dashboard, the progress report and the national
picture compare a round on NPS 2018 with one on NPS 2022 through the mapping, and say so."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Framework, KeyArea, Mapping, MappingLink, Statement
from tests.assessments.factories import RoundFactory, small_framework
from tests.assessments.factories_dashboard import peers, rated
from tests.assessments.test_reports import pdf_text
from tests.factories import CouncilFactory

SENTENCE = (
    "2024/25 was assessed on NPS 2018. Its levels are shown on NPS 2022 through a drafted "
    "mapping; 1 key area (Adding value) has no counterpart."
)
PARTLY = "1 key area (Engaging group 2) is only partly mapped"


def framework_named(name: str, year: int) -> Framework:
    """A small framework of three key areas of two statements; keys shared across versions, as
    NPS 2018 and NPS 2022 share them, so only the mapping can tell what compares."""
    framework = small_framework(key_areas=3, statements=2)
    Framework.objects.filter(pk=framework.pk).update(name=name, year=year)
    for number, key_area in enumerate(KeyArea.objects.filter(theme__framework=framework), 1):
        key_area.key = f"shared-{number}"
        key_area.save()
    framework.refresh_from_db()
    return framework


def statement(framework: Framework, code: str) -> Statement:
    return Statement.objects.get(key_area__theme__framework=framework, code=code)


@pytest.fixture
def versions(db):
    """2024/25 on NPS 2018 and 2026/27 on NPS 2022, joined by a drafted mapping that reaches
    Engaging group 1 whole, group 2 partly (one link "part of", one statement unmapped) and
    Adding value not at all."""
    old, new = framework_named("NPS 2018", 2018), framework_named("NPS 2022", 2022)
    KeyArea.objects.filter(theme__framework=new, name="Engaging group 3").update(
        name="Adding value"
    )
    mapping = Mapping.objects.create(source=old, target=new, is_draft=True)
    for code, relation in [("SL1.1", "same"), ("SL1.2", "same"), ("SL2.1", "part_of")]:
        MappingLink.objects.create(
            mapping=mapping,
            source=statement(old, code),
            target=statement(new, code),
            relation=relation,
        )
    today = timezone.localdate()
    earlier = RoundFactory(
        name="2024/25",
        framework=old,
        opens_on=today - datetime.timedelta(days=760),
        closes_on=today - datetime.timedelta(days=600),
    )
    latest = RoundFactory(name="2026/27", framework=new)
    return earlier, latest


@pytest.fixture
def council_rounds(world, versions):
    """Stockport: Developing everywhere in 2024/25 (Innovator in group 3), Mature in 2026/27
    with Adding value at Minimum: a drop, were group 3 matched by its key."""
    earlier, latest = versions
    rated(world.own, earlier, level=2, Engaging_group_3=5)
    rated(world.own, latest, level=3, Adding_value=1)
    return versions


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


@pytest.mark.parametrize("role", ["officer", "councillor"])
def test_dashboard_compares_a_round_on_nps_2018_through_the_mapping(
    world, client_as, council_rounds, role
):
    html = text_of(client_as(world.users[role]).get(reverse("assessments:dashboard")))
    assert SENTENCE in html
    assert PARTLY in html
    assert "The project drafted this mapping; the LGA will replace it with a checked one." in html
    assert "Up from Developing to Mature</span>" in html
    assert "Up from Developing to Mature (partly mapped)" in html
    assert "Developing (partly mapped)" in html


def test_key_area_with_no_counterpart_is_not_comparable_never_a_drop(
    world, client_as, council_rounds
):
    html = text_of(client_as(world.users["officer"]).get(reverse("assessments:dashboard")))
    assert "Not comparable: no counterpart in NPS 2018" in html
    assert "Down from" not in html


def test_dashboard_of_rounds_on_one_framework_says_nothing_about_mappings(world, client_as):
    framework = framework_named("NPS 2022", 2022)
    today = timezone.localdate()
    earlier = RoundFactory(
        name="2025/26",
        framework=framework,
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=300),
    )
    rated(world.own, earlier, level=2)
    rated(world.own, RoundFactory(name="2026/27", framework=framework), level=3)
    html = text_of(client_as(world.users["officer"]).get(reverse("assessments:dashboard")))
    assert "Up from Developing to Mature" in html
    assert "mapping" not in html


def test_progress_report_says_its_changes_come_through_the_mapping(
    world, client_as, council_rounds, tmp_path
):
    _, latest = council_rounds
    assessment = world.own.assessments.get(round=latest)
    url = reverse("assessments:assessment_report", args=[assessment.pk])
    response = client_as(world.users["councillor"]).get(url)
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert SENTENCE in text
    assert "Engaging group 1: up from Developing to Mature" in text
    assert "Engaging group 2: up from Developing to Mature (partly mapped)" in text
    assert "Not comparable" in text
    assert "Adding value went" not in text  # no question about a drop that is not one


@pytest.fixture
def national_rounds(world, versions):
    """Six councils approved in both rounds: Developing in 2024/25, Mature in 2026/27."""
    earlier, latest = versions
    councils = [CouncilFactory() for _ in range(6)]
    for council in councils:
        rated(council, earlier, level=2)
        rated(council, latest, level=3)
    return earlier, latest


def national(client_as, world, **params) -> str:
    url = reverse("assessments:national")
    return text_of(client_as(world.users["lga_staff"]).get(url, params))


def test_staff_compare_2024_25_on_nps_2018_with_2026_27_nationally(
    world, client_as, national_rounds
):
    html = national(client_as, world)
    assert SENTENCE in html
    assert "Up 100 points, 0% to 100%" in html
    assert "Up 100 points, 0% to 100% (partly mapped)" in html
    assert "Not comparable: no counterpart in NPS 2018" in html


def test_national_summary_pdf_says_the_comparison_is_through_the_mapping(
    world, client_as, national_rounds, tmp_path
):
    response = client_as(world.users["lga_staff"]).get(reverse("assessments:national_report"))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content, tmp_path).split())
    assert SENTENCE in text
    assert "Not comparable" in text


def test_national_cross_version_queries_do_not_grow_with_councils(
    world, client_as, national_rounds
):
    earlier, latest = national_rounds

    def queries() -> int:
        client = client_as(world.users["lga_staff"])
        from django.core.cache import cache

        cache.clear()  # the projected counts are cached: count the queries that make them
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("assessments:national")).status_code == 200
        return len(captured)

    before = queries()
    for council in [CouncilFactory() for _ in range(5)]:
        rated(council, earlier, level=2)
    peers(3, latest)
    assert queries() == before


def test_national_cross_version_figures_follow_a_new_approval(world, client_as, national_rounds):
    earlier, _ = national_rounds
    assert "0% to 100%" in national(client_as, world)
    for council in [CouncilFactory() for _ in range(6)]:
        rated(council, earlier, level=4)
    assert "Up 50 points, 50% to 100%" in national(client_as, world)


def test_staff_choose_an_earlier_round_on_another_framework_to_compare_with(
    world, client_as, national_rounds
):
    earlier, latest = national_rounds
    between = RoundFactory(
        name="2025/26",
        framework=latest.framework,
        opens_on=latest.opens_on - datetime.timedelta(days=365),
        closes_on=latest.opens_on - datetime.timedelta(days=200),
    )
    peers(5, between, level=3)
    html = national(client_as, world)
    assert "No change: 100%" in html
    assert "mapping" not in html.split('id="changes"')[1]
    assert '<option value="2024-25">2024/25 (NPS 2018)</option>' in html
    html = national(client_as, world, compare="2024-25")
    assert SENTENCE in html
    assert "Up 100 points, 0% to 100%" in html


def test_national_comparison_follows_a_changed_mapping(world, client_as, national_rounds):
    assert "Engaging group 1</th>" in national(client_as, world)
    assert "Up 100 points, 0% to 100%</span>" in national(client_as, world)
    MappingLink.objects.filter(relation="same").update(relation="overlaps")
    html = national(client_as, world)
    assert "2 key areas (Engaging group 1, Engaging group 2) are only partly mapped" in html
