"""Open data (issue 19): LGA staff publish a closed round's anonymised dataset; anyone reads it."""

import csv
import datetime
import io
import json
import os

import jsonschema
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assessment, OpenDataRelease
from assessments.open_data.builder import HEADER, build_dataset
from npsportal.formatting import govuk_date
from npsportal.models import Council
from tests.assessments.factories import RoundFactory, small_framework
from tests.assessments.factories_dashboard import rated
from tests.audit import assert_recorded
from tests.factories import CouncilFactory

pytestmark = pytest.mark.django_db

NW_METS = {"kind": Council.Kind.METROPOLITAN_DISTRICT, "region": Council.Region.NORTH_WEST}
SE_COUNTIES = {"kind": Council.Kind.COUNTY, "region": Council.Region.SOUTH_EAST}


def closed_round(name="2025/26"):
    framework = small_framework(key_areas=2, statements=2)
    return RoundFactory(name=name, framework=framework, closed_at=timezone.now())


def councils(n, round, level=3, prefix="Metborough", status=Assessment.Status.APPROVED, **fields):
    """`n` councils of a kind and region (the North West's metropolitan districts by default)."""
    fields = NW_METS | fields
    found = []
    for i in range(n):
        council = CouncilFactory(name=f"{prefix} {i}", slug=f"{prefix.lower()}-{i}", **fields)
        found.append(council)
        rated(council, round, level, status=status)
    return found


@pytest.fixture
def round_of_councils(world):
    """A closed round: five North West metropolitan districts approved at Mature, four South East
    counties approved at Developing, and one submitted metropolitan district that must not count."""
    round = closed_round()
    councils(5, round, level=3, prefix="Metborough")
    councils(4, round, level=2, prefix="Countyshire", **SE_COUNTIES)
    councils(1, round, level=5, prefix="Pendingham", status=Assessment.Status.SUBMITTED)
    return round


def publish(client_as, world, round):
    client = client_as(world.users["lga_staff"])
    return client.post(reverse("assessments:open_data_publish", args=[round.slug]))


def download(client, release):
    url = reverse(
        "assessments:open_data_csv",
        args=[release.pk, f"nps-maturity-levels-{release.round.slug}.csv"],
    )
    return client.get(url)


def published_rows(client_as, world, round):
    publish(client_as, world, round)
    release = OpenDataRelease.objects.get(round=round)
    response = download(client_as(None), release)
    text = b"".join(response.streaming_content).decode("utf-8")
    return release, text, list(csv.DictReader(io.StringIO(text)))


def rows_of(rows, **where):
    return [row for row in rows if all(row[k] == v for k, v in where.items())]


def test_a_group_of_five_councils_is_shown_and_a_group_of_four_is_left_blank(
    world, client_as, round_of_councils
):
    _, _, rows = published_rows(client_as, world, round_of_councils)
    mets = rows_of(rows, council_kind="Metropolitan district", region="North West")
    counties = rows_of(rows, council_kind="County council", region="South East")
    # Two key areas × five levels each.
    assert len(mets) == len(counties) == 10
    mature = rows_of(mets, key_area="Engaging group 1", level="3")[0]
    assert (mature["councils"], mature["councils_in_group"], mature["share_of_group_percent"]) == (
        "5",
        "5",
        "100.0",
    )
    assert mature["suppressed"] == "false"
    assert {
        (r["councils"], r["councils_in_group"], r["share_of_group_percent"]) for r in counties
    } == {("", "", "")}
    assert {r["suppressed"] for r in counties} == {"true"}


def test_only_approved_assessments_are_counted(world, client_as, round_of_councils):
    _, _, rows = published_rows(client_as, world, round_of_councils)
    innovator = rows_of(rows, council_kind="Metropolitan district", region="North West", level="5")
    assert {row["councils"] for row in innovator} == {"0"}  # the submitted one is at 5


def test_a_group_with_no_approved_council_is_blank_and_no_kind_without_councils_is_listed(
    world, client_as, round_of_councils
):
    _, _, rows = published_rows(client_as, world, round_of_councils)
    assert {
        r["suppressed"]
        for r in rows_of(rows, council_kind="Metropolitan district", region="North West")
    } == {"false"}
    # Stockport and Trafford (the world's councils) have no approved assessment in this round.
    groups = {(r["council_kind"], r["region"]) for r in rows}
    assert ("London borough", "London") not in groups  # no council of that kind there at all
    assert ("Metropolitan district", "North West") in groups


def test_no_council_name_or_code_is_anywhere_in_the_files(world, client_as, round_of_councils):
    release, text, _ = published_rows(client_as, world, round_of_councils)
    metadata = release.metadata.open("rb").read().decode("utf-8")
    for council in Council.objects.all():
        for value in (council.name, council.slug, council.gss_code):
            assert value not in text
            assert value not in metadata
    assert "Metborough" not in text
    assert "Countyshire" not in text


# The key fields of a Frictionless (tabular) Data Package that the portal promises.
DATAPACKAGE_SCHEMA = {
    "type": "object",
    "required": ["name", "title", "description", "licenses", "created", "sources", "resources"],
    "properties": {
        "name": {"type": "string", "pattern": "^[-a-z0-9._/]+$"},
        "title": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        "created": {"type": "string", "format": "date-time"},
        "licenses": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "path", "title"],
                "properties": {
                    "name": {"const": "OGL-UK-3.0"},
                    "path": {"type": "string", "pattern": "^https://"},
                    "title": {"const": "Open Government Licence v3.0"},
                },
            },
        },
        "sources": {"type": "array", "minItems": 1, "items": {"required": ["title"]}},
        "resources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "path", "format", "mediatype", "encoding", "schema"],
                "properties": {
                    "format": {"const": "csv"},
                    "encoding": {"const": "utf-8"},
                    "schema": {
                        "type": "object",
                        "required": ["fields", "missingValues"],
                        "properties": {
                            "missingValues": {"const": [""]},
                            "fields": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["name", "type", "title", "description"],
                                    "properties": {
                                        "type": {
                                            "enum": ["string", "integer", "number", "boolean"]
                                        },
                                        "description": {"type": "string", "minLength": 10},
                                    },
                                },
                            },
                        },
                    },
                },
            },
        },
    },
}


def test_the_metadata_validates_and_describes_every_column_of_the_csv(
    world, client_as, round_of_councils
):
    release, text, rows = published_rows(client_as, world, round_of_councils)
    response = client_as(None).get(reverse("assessments:open_data_metadata", args=[release.pk]))
    package = json.loads(b"".join(response.streaming_content))
    jsonschema.validate(package, DATAPACKAGE_SCHEMA)
    (resource,) = package["resources"]
    header = next(csv.reader(io.StringIO(text)))
    assert [field["name"] for field in resource["schema"]["fields"]] == header == HEADER
    assert resource["path"] == f"nps-maturity-levels-{release.round.slug}.csv"
    assert resource["bytes"] == len(text.encode("utf-8"))
    assert len(rows) == release.rows


def test_downloads_are_attachments_with_their_content_types(world, client_as, round_of_councils):
    publish(client_as, world, round_of_councils)
    release = OpenDataRelease.objects.get()
    anonymous = client_as(None)
    data = download(anonymous, release)
    assert data.status_code == 200
    assert data["Content-Type"] == "text/csv; charset=utf-8"
    assert data["Content-Disposition"] == 'attachment; filename="nps-maturity-levels-2025-26.csv"'
    metadata = anonymous.get(reverse("assessments:open_data_metadata", args=[release.pk]))
    assert metadata["Content-Type"] == "application/json"
    assert metadata["Content-Disposition"] == 'attachment; filename="datapackage.json"'
    other_name = reverse("assessments:open_data_csv", args=[release.pk, "other.csv"])
    assert anonymous.get(other_name).status_code == 404


def test_staff_see_the_first_rows_and_what_is_suppressed_before_publishing(
    world, client_as, round_of_councils
):
    client = client_as(world.users["lga_staff"])
    round_page = client.get(reverse("assessments:round_detail", args=[round_of_councils.slug]))
    preview_url = reverse("assessments:open_data_publish", args=[round_of_councils.slug])
    assert preview_url in round_page.content.decode()
    page = client.get(preview_url).content.decode()
    assert "The first rows" in page
    assert "Engaging group 1" in page
    assert "fewer than 5 of its councils" in page
    assert not OpenDataRelease.objects.exists()  # nothing is published by looking

    response = client.post(preview_url, follow=True)
    release = OpenDataRelease.objects.get()
    assert "The 2025/26 open data is published" in response.content.decode()
    assert reverse("assessments:open_data_withdraw", args=[release.pk]) in response.content.decode()
    assert_recorded("open_data.published", world.users["lga_staff"], release)


def test_an_open_round_cannot_be_published_and_the_page_says_why(world, client_as):
    round = RoundFactory(name="2026/27")
    client = client_as(world.users["lga_staff"])
    url = reverse("assessments:open_data_publish", args=[round.slug])
    assert "The 2026/27 round is not closed" in client.get(url).content.decode()
    round_page = client.get(reverse("assessments:round_detail", args=[round.slug]))
    assert "The 2026/27 round is not closed" in round_page.content.decode()
    response = client.post(url, follow=True)
    assert "The 2026/27 round is not closed" in response.content.decode()
    assert not OpenDataRelease.objects.exists()


def test_a_round_has_one_live_release_at_a_time(world, client_as, round_of_councils):
    publish(client_as, world, round_of_councils)
    response = client_as(world.users["lga_staff"]).post(
        reverse("assessments:open_data_publish", args=[round_of_councils.slug]), follow=True
    )
    assert "already published. Withdraw it to publish it again" in response.content.decode()
    assert OpenDataRelease.objects.count() == 1


def test_a_withdrawn_release_stays_listed_and_its_files_are_gone(
    world, client_as, round_of_councils, django_capture_on_commit_callbacks
):
    publish(client_as, world, round_of_councils)
    release = OpenDataRelease.objects.get()
    stored = release.data.path, release.metadata.path
    staff = client_as(world.users["lga_staff"])
    url = reverse("assessments:open_data_withdraw", args=[release.pk])
    assert "Withdraw the 2025/26 open data" in staff.get(url).content.decode()
    # The files are deleted once the withdrawal commits (the test runs inside a transaction).
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(url)
    release.refresh_from_db()
    assert release.withdrawn_at is not None
    assert_recorded("open_data.withdrawn", world.users["lga_staff"], release)

    anonymous = client_as(None)
    listing = anonymous.get(reverse("assessments:open_data")).content.decode()
    assert "Withdrawn" in listing
    assert govuk_date(release.withdrawn_at) in listing
    assert reverse("assessments:open_data_metadata", args=[release.pk]) not in listing
    assert download(anonymous, release).status_code == 410
    gone = anonymous.get(reverse("assessments:open_data_metadata", args=[release.pk]))
    assert gone.status_code == 410
    assert "This open data has been withdrawn" in gone.content.decode()
    assert not any(os.path.exists(path) for path in stored)
    # And it can be published again.
    publish(client_as, world, round_of_councils)
    assert OpenDataRelease.objects.filter(withdrawn_at=None).count() == 1


@pytest.mark.parametrize("role", ["officer", "lead", "other_lead"])
def test_only_lga_staff_publish_or_withdraw(world, client_as, round_of_councils, role):
    client = client_as(world.users[role])
    url = reverse("assessments:open_data_publish", args=[round_of_councils.slug])
    assert client.post(url).status_code == 403
    assert not OpenDataRelease.objects.exists()
    publish(client_as, world, round_of_councils)
    release = OpenDataRelease.objects.get()
    client = client_as(world.users[role])
    assert (
        client.post(reverse("assessments:open_data_withdraw", args=[release.pk])).status_code == 403
    )
    release.refresh_from_db()
    assert release.withdrawn_at is None


def test_the_public_page_lists_each_release_with_its_date_rows_and_licence(
    world, client_as, round_of_councils
):
    publish(client_as, world, round_of_councils)
    release = OpenDataRelease.objects.get()
    release.published_at = datetime.datetime(2027, 5, 12, 23, 30, tzinfo=datetime.UTC)
    release.save()
    page = client_as(None).get(reverse("assessments:open_data")).content.decode()
    assert "2025/26 round" in page
    assert "13 May 2027" in page  # 11:30pm UTC is the next day in London's summer time
    assert f"{release.rows}" in page
    assert "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/" in page
    assert "Open Government Licence v3.0" in page
    assert "What is not in the data" in page
    home = client_as(None).get(reverse("home")).content.decode()
    assert reverse("assessments:open_data") in home  # the footer's link


def test_the_public_page_says_when_nothing_is_published(client_as):
    page = client_as(None).get(reverse("assessments:open_data")).content.decode()
    assert "No open data has been published yet" in page


def test_building_the_dataset_takes_as_many_queries_for_many_councils_as_for_few(db):
    few, many = closed_round("2024/25"), closed_round("2025/26")
    councils(5, few, prefix="Fewton")
    councils(20, many, prefix="Manyton")
    councils(6, many, prefix="Bigcounty", **SE_COUNTIES)
    counts = []
    for round in (few, many):
        with CaptureQueriesContext(connection) as queries:
            build_dataset(round)
        counts.append(len(queries))
    assert counts[0] == counts[1]
