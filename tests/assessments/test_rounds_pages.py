"""LGA staff see the rounds and open a new one; bad input is refused at its field."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Framework, Round
from npsportal.models import AuditEvent
from tests.assessments.factories import FrameworkFactory, RoundFactory
from tests.assessments.factories_rounds import days

pytestmark = pytest.mark.django_db
NEW = reverse("assessments:round_create")


def date_fields(name: str, day: datetime.date | None) -> dict:
    if day is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {f"{name}_0": day.day, f"{name}_1": day.month, f"{name}_2": day.year}


OPENS, CLOSES = days(1), days(200)


def new_round(framework, name="2027/28", opens=OPENS, closes=CLOSES) -> dict:
    today = timezone.localdate()
    return {
        "name": name,
        "framework": framework.pk,
        **date_fields("opens_on", opens if opens is None else today + opens),
        **date_fields("closes_on", closes if closes is None else today + closes),
    }


def test_staff_see_every_round_with_its_dates_and_state(world, client_as):
    RoundFactory(name="2026/27")
    RoundFactory(
        name="2028/29",
        opens_on=timezone.localdate() + days(400),
        closes_on=timezone.localdate() + days(500),
    )
    page = client_as(world.users["lga_staff"]).get(reverse("assessments:round_list"))
    text = page.content.decode()
    assert "2026/27" in text
    assert "2028/29" in text
    assert "Open" in text
    assert "Upcoming" in text
    assert "Open a new round" in text


def test_staff_open_a_round_and_it_is_recorded_in_the_audit_log(world, client_as):
    framework = FrameworkFactory(name="NPS 2026")
    response = client_as(world.users["lga_staff"]).post(NEW, new_round(framework), follow=True)
    round = Round.objects.get(name="2027/28")
    assert round.slug == "2027-28"
    assert round.framework == framework
    assert response.redirect_chain[-1][0] == reverse("assessments:round_detail", args=["2027-28"])
    assert "The 2027/28 round opens on" in response.content.decode()
    event = AuditEvent.objects.get(action="round.opened")
    assert event.actor == world.users["lga_staff"]
    assert event.details["round"] == "2027-28"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Enter the name of the round"),
        ({"opens": None}, "Enter the opening date"),
        ({"closes": None}, "Enter the closing date"),
        ({"opens": days(10), "closes": days(5)}, "Closing date must be the same as or after"),
        ({"opens": days(-1)}, "Opening date must be today or in the future"),
        ({"name": "new"}, "Name of the round must be a year, like 2027/28"),
    ],
)
def test_a_round_with_bad_input_is_refused_at_its_field(world, client_as, change, message):
    framework = FrameworkFactory()
    response = client_as(world.users["lga_staff"]).post(NEW, new_round(framework, **change))
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert text.count(message) == 2  # in the summary and at the field
    assert "<title>Error: Open a new round" in text
    assert not Round.objects.exists()


def test_a_date_that_is_not_real_is_refused_in_the_design_systems_words(world, client_as):
    data = new_round(FrameworkFactory()) | {"closes_on_0": "31", "closes_on_1": "2"}
    text = client_as(world.users["lga_staff"]).post(NEW, data).content.decode()
    assert "Closing date must be a real date" in text


def test_a_name_in_use_is_refused(world, client_as):
    RoundFactory(name="2027/28", opens_on=timezone.localdate() - days(900))
    Round.objects.update(closes_on=timezone.localdate() - days(800))
    text = client_as(world.users["lga_staff"]).post(NEW, new_round(FrameworkFactory())).content
    assert "A round called 2027/28 already exists" in text.decode()
    assert Round.objects.count() == 1


def test_a_round_overlapping_an_open_one_is_refused(world, client_as):
    RoundFactory(name="2026/27")
    text = client_as(world.users["lga_staff"]).post(NEW, new_round(FrameworkFactory())).content
    assert "rounds cannot overlap" in text.decode()
    assert not Round.objects.filter(name="2027/28").exists()


@pytest.mark.parametrize("role", ["officer", "lead", "councillor"])
def test_council_people_cannot_open_a_round(world, client_as, role):
    response = client_as(world.users[role]).post(NEW, new_round(FrameworkFactory()))
    assert response.status_code == 403
    assert not Round.objects.exists()


def test_the_round_form_offers_only_frameworks_councils_answer(world, client_as):
    FrameworkFactory(name="NPS 2018", family=Framework.Family.NPS)
    FrameworkFactory(name="CCIAF", slug="cciaf", family=Framework.Family.CCIAF)
    FrameworkFactory(name="NPPS 2025", family=Framework.Family.NPPS)
    text = client_as(world.users["lga_staff"]).get(NEW).content.decode()
    assert "NPS 2018" in text
    assert "CCIAF" not in text
    assert "NPPS 2025" not in text


def test_a_round_on_a_framework_councils_do_not_answer_is_refused(world, client_as):
    cciaf = FrameworkFactory(name="CCIAF", slug="cciaf", family=Framework.Family.CCIAF)
    response = client_as(world.users["lga_staff"]).post(NEW, new_round(cciaf))
    text = response.content.decode()
    assert text.count("Select a framework from the list") == 2
    assert not Round.objects.exists()
