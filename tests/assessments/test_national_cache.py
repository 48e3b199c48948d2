"""The national picture's figures are cached under a fingerprint read on every view
(picture_version): each change that alters what they show is seen on the very next view."""

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment, KeyArea, MappingLink
from tests.assessments.factories import AssessmentFactory
from tests.assessments.factories_dashboard import peers, rated, rounds
from tests.assessments.test_trends_across_versions import (  # noqa: F401 (fixtures)
    national_rounds,
    statement,
    versions,
)
from tests.factories import CouncilFactory

URL = reverse("assessments:national")


@pytest.fixture
def this_round(world):
    last, this = rounds(count=2)
    peers(5, last, level=2)
    peers(5, this, level=3)
    return this


def page(client, **params) -> str:
    response = client.get(URL, params)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def test_a_repeated_view_reads_only_the_fingerprint(
    world, client_as, this_round, django_assert_num_queries
):
    client = client_as(world.users["lga_staff"])
    page(client)
    # Session, user, device, memberships; the rounds, and the fingerprint in one query
    # (versions.picture_stamp); the session's save (three).
    with django_assert_num_queries(9):
        page(client)


def test_a_new_assessment_submission_return_and_approval_show_at_once(world, client_as, this_round):
    client = client_as(world.users["lga_staff"])
    assert "Of 12 councils, 5 started an assessment, 5 submitted it and 5 had" in page(client)
    draft = rated(world.own, this_round, level=4, status=Assessment.Status.DRAFT)
    assert "Of 12 councils, 6 started an assessment, 5 submitted it and 5 had" in page(client)
    services.submit_assessment(assessment=draft, user=world.users["officer"])
    assert "6 started an assessment, 6 submitted it and 5 had" in page(client)
    services.return_assessment(assessment=draft, user=world.users["lead"], comment="Check it")
    assert "6 started an assessment, 5 submitted it and 5 had" in page(client)
    draft.refresh_from_db()
    services.submit_assessment(assessment=draft, user=world.users["officer"])
    services.approve_assessment(assessment=draft, user=world.users["lead"])
    approved = page(client)
    assert "6 started an assessment, 6 submitted it and 6 had" in approved
    assert "(6 councils): Minimum 0, Developing 0, Mature 5, Leader 1" in approved


def test_each_filter_shows_its_own_figures(world, client_as, this_round):
    peers(5, this_round, level=1, region="london", kind="london_borough")
    client = client_as(world.users["lga_staff"])
    assert "Of 17 councils, 10 started" in page(client)
    london = page(client, region="london")
    assert "Of 5 councils, 5 started" in london
    assert '<option value="london" selected>London</option>' in london
    assert "Of 17 councils, 10 started" in page(client)
    assert "Of 5 councils, 5 started" in page(client, kind="london_borough")


def test_a_council_moving_region_shows_at_once(world, client_as, this_round):
    client = client_as(world.users["lga_staff"])
    assert "Of 12 councils, 5 started" in page(client, region="north_west")
    moved = Assessment.objects.filter(round=this_round).first().council
    moved.region = "london"
    moved.save()
    assert "Of 11 councils, 4 started" in page(client, region="north_west")


def test_a_council_starting_an_assessment_shows_at_once(world, client_as, this_round):
    client = client_as(world.users["lga_staff"])
    page(client)
    AssessmentFactory(council=CouncilFactory(), round=this_round)
    assert "Of 13 councils, 6 started" in page(client)


def test_a_renamed_key_area_shows_at_once(world, client_as, this_round):
    client = client_as(world.users["lga_staff"])
    page(client)
    KeyArea.objects.filter(theme__framework=this_round.framework).update(name="Renamed area")
    assert "Renamed area" in page(client)


def test_a_changed_mapping_shows_at_once(world, client_as, national_rounds):  # noqa: F811
    client = client_as(world.users["lga_staff"])
    assert "1 key area (Engaging group 2) is only partly mapped" in page(client)
    earlier, latest = national_rounds
    link = MappingLink.objects.get(source=statement(earlier.framework, "SL2.1"))
    link.relation = "same"
    link.save()
    MappingLink.objects.create(
        mapping=link.mapping,
        source=statement(earlier.framework, "SL2.2"),
        target=statement(latest.framework, "SL2.2"),
        relation="same",
    )
    assert "only partly mapped" not in page(client)


def test_the_build_reports_link_follows_the_person_not_the_cache(world, client_as, this_round):
    staff = page(client_as(world.users["lga_staff"]))
    assert "Every council’s progress report" in staff
