"""LGA staff download a mapping's spreadsheet and load a new version from the portal: upload,
check the changes (a dry run, in words), apply them once, all or nothing (issue 17)."""

import io
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, connections
from django.urls import reverse

from assessments.mappings.io.services import IMPORTED
from assessments.models import Mapping, MappingLink
from tests.assessments import test_mapping_import
from tests.assessments.test_concurrency import post_at_once, signed_in_clients
from tests.assessments.test_mapping_import import GOOD, csv_file, links
from tests.audit import assert_recorded, events

pytestmark = pytest.mark.django_db

frameworks = test_mapping_import.frameworks  # the same fixture
CHANGED = "changed after you checked the changes"


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


@pytest.fixture
def mapping(frameworks, staff):
    apply(staff, preview_of(staff, csv_file(*GOOD)))
    return Mapping.objects.get()


def upload(client, content: bytes, name="mapping.csv"):
    url = reverse("assessments:mapping_upload")
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def preview_of(client, content, name="mapping.csv"):
    response = upload(client, content, name)
    assert response.status_code == 302, response.content.decode()
    return client.get(response["Location"])


def checked_token(response) -> str:
    return re.search(r'name="checked" value="([^"]+)"', response.content.decode()).group(1)


def apply(client, preview, **data):
    return client.post(
        reverse("assessments:mapping_preview"), {"checked": checked_token(preview), **data}
    )


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def download(client, format):
    url = reverse("assessments:mapping_download", args=["nps-2022", "cciaf", format])
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_the_mappings_page_lists_each_mapping_with_links_draft_tag_date_and_downloads(
    mapping, staff
):
    Mapping.objects.filter(pk=mapping.pk).update(updated_at="2027-05-12T11:00:00Z")
    page = text(staff.get(reverse("assessments:mappings")))
    assert "NPS 2022 to CCIAF" in page
    assert '<strong class="govuk-tag govuk-tag--yellow">Draft</strong>' in page
    assert 'data-label="Links">3<' in page
    assert "12 May 2027" in page
    assert reverse("assessments:mapping_download", args=["nps-2022", "cciaf", "xlsx"]) in page
    assert 'aria-current="page" href="/mappings/">Mappings</a>' in page


def test_the_matrix_page_offers_the_mappings_in_its_sub_navigation(frameworks, staff):
    assert 'href="/mappings/">Mappings</a>' in text(staff.get(reverse("assessments:matrix")))


def test_staff_download_the_csv_that_export_mapping_writes(mapping, staff, tmp_path):
    path = tmp_path / "export.csv"
    call_command(
        "export_mapping", "--source", "NPS 2022", "--target", "CCIAF", "-o", str(path),
        stdout=io.StringIO(),
    )  # fmt: skip
    assert download(staff, "csv") == path.read_bytes()


def test_uploading_shows_what_changes_in_words_and_saves_nothing(mapping, staff):
    new = [GOOD[0].replace(",same,", ",contains,"), GOOD[1], "NPS 2022,SL1,,overlaps,CCIAF,C2,,"]
    before = links()
    page = text(preview_of(staff, csv_file(*new)))
    assert "Check the changes before you apply them" in page
    assert 'Links added</dt> <dd class="govuk-summary-list__value">1<' in page
    assert 'Links removed</dt> <dd class="govuk-summary-list__value">1<' in page
    assert 'Links changed</dt> <dd class="govuk-summary-list__value">1<' in page
    assert "Was &#x27;same&#x27;" in page
    assert "These links have been checked" in page
    assert links() == before


def test_applying_replaces_the_links_and_is_audited(mapping, staff, world):
    new = [GOOD[0], "NPS 2022,SL1,,overlaps,CCIAF,C2,,"]
    response = apply(staff, preview_of(staff, csv_file(*new), "new-links.csv"))
    assert response.status_code == 302
    page = text(staff.get(response["Location"]))
    assert "Changes applied" in page
    assert 'Links removed</dt><dd class="govuk-summary-list__value">2<' in page
    assert links() == {("SL1", "same", "C1", ""), ("SL1", "overlaps", "C2", "")}
    event = max(events(IMPORTED), key=lambda event: event.pk)
    assert event.details["file"] == "new-links.csv"
    assert (event.actor, event.object_repr) == (world.users["lga_staff"], "NPS 2022 to CCIAF")
    assert Mapping.objects.get().is_draft


def test_ticking_checked_clears_the_draft_tag(mapping, staff):
    response = apply(staff, preview_of(staff, csv_file(*GOOD)), links_checked="on")
    assert "no longer marked as a draft" in text(staff.get(response["Location"]))
    assert not Mapping.objects.get().is_draft
    page = text(staff.get(reverse("assessments:mappings")))
    assert "Draft</strong>" not in page


def test_the_first_upload_creates_the_mapping_and_records_who_did_it(frameworks, staff, world):
    apply(staff, preview_of(staff, csv_file(*GOOD)))
    assert_recorded(IMPORTED, world.users["lga_staff"], Mapping.objects.get())
    assert len(links()) == 3


def test_applying_twice_applies_once(mapping, staff):
    preview = preview_of(staff, csv_file(GOOD[0]))
    first, second = apply(staff, preview), apply(staff, preview)
    assert first["Location"] == second["Location"]
    assert len(events(IMPORTED)) == 2  # the fixture's upload, and this one


def test_a_preview_made_stale_by_another_upload_is_refused_and_shown_again(mapping, staff):
    mine = preview_of(staff, csv_file(GOOD[0]))
    apply(staff, preview_of(staff, csv_file(GOOD[1])))
    response = apply(staff, mine)
    assert response.status_code == 200
    assert CHANGED in text(response)
    assert links() == {("SL2", "part_of", "C1", "Only the senior managers' part")}


def test_a_bad_file_is_refused_with_an_error_summary_naming_each_row_and_column(mapping, staff):
    before = links()
    rows = [GOOD[0], "NPS 2022,SL99,,same,CCIAF,C1,,", "NPS 2022,SL1,,is like,CCIAF,C2,,"]
    response = upload(staff, csv_file(*rows))
    page = text(response)
    assert response.status_code == 200
    assert page.count("There is a problem") == 1
    assert "Error: " in page
    assert (
        "Row 3, column &#x27;source_code&#x27;: NPS 2022 has no statement with the code SL99"
        in page
    )
    assert "Row 4, column &#x27;relation&#x27;: Enter one of the four relations" in page
    assert "The file has 2 problems" in page
    assert links() == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4\n%\xe2\xe3", "mapping.csv", "this file is not"),
        (b"x", "mapping.pdf", "must be an XLSX workbook or a CSV file"),
        (b"", "mapping.csv", "The selected file is empty"),
    ],
    ids=["a PDF named .csv", "a PDF", "empty"],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_at_the_field(
    frameworks, staff, content, name, message
):
    response = upload(staff, content, name)
    assert response.status_code == 200
    assert message in text(response)
    assert not MappingLink.objects.exists()


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Simultaneous applies need a server database; `make test` runs this on PostgreSQL.",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_applies_of_one_preview_apply_once(mapping, world, staff):
    preview = preview_of(staff, csv_file(GOOD[0]))
    clients = signed_in_clients([world.users["lga_staff"]] * 2)
    url = reverse("assessments:mapping_preview")
    responses = post_at_once(clients, url, {"checked": checked_token(preview)})
    assert [response.status_code for response in responses] == [302, 302]
    assert len(events(IMPORTED)) == 2  # the fixture's upload, and this one
    assert links() == {("SL1", "same", "C1", "")}


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_first_uploads_at_once_make_one_mapping_and_the_other_is_shown_again(
    frameworks, world, staff
):
    """Neither mapping exists when both are checked: one is applied, the other is stale."""
    tokens = [checked_token(preview_of(staff, csv_file(row))) for row in GOOD[:2]]
    clients = signed_in_clients([world.users["lga_staff"]] * 2)
    url = reverse("assessments:mapping_preview")
    start = threading.Barrier(2)

    def post(pair):
        client, token = pair
        start.wait(timeout=30)
        try:
            return client.post(url, {"checked": token})
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        responses = list(pool.map(post, zip(clients, tokens, strict=True)))
    assert sorted(response.status_code for response in responses) == [200, 302]
    assert CHANGED in next(text(r) for r in responses if r.status_code == 200)
    assert (Mapping.objects.count(), len(events(IMPORTED)), len(links())) == (1, 1, 1)


def test_a_checked_mapping_offers_no_draft_box_and_stays_checked(mapping, staff):
    Mapping.objects.update(is_draft=False)
    preview = preview_of(staff, csv_file(GOOD[0]))
    assert "These links have been checked" not in text(preview)
    apply(staff, preview)
    assert not Mapping.objects.get().is_draft
