"""LGA staff download the matrix's spreadsheet and load a new version from the portal: upload,
check the changes, apply them once, all or nothing."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from assessments.framework_io import stored
from assessments.framework_io.spreadsheet import read_table
from assessments.models import Descriptor, Framework, Level, Statement
from assessments.reference import load_reference_data
from tests.assessments.test_concurrency import post_at_once, signed_in_clients
from tests.assessments.test_framework_io import snapshot
from tests.audit import events, only_event

pytestmark = pytest.mark.django_db

# Other frameworks (NPS 2018) share the codes and keys, so every lookup names its framework.
NPS_2022 = "nps-2022"

NEW_TEXT = "Councillors champion procurement as a way to deliver the council's priorities."
NEW_MATURE = "Senior managers review commercial performance every quarter."
CHANGED = "changed after you checked the changes"
LEVELS = ["minimum", "developing", "mature", "leader", "innovator"]


@pytest.fixture
def nps_2022(db):
    load_reference_data()
    return Framework.objects.get(slug="nps-2022")


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


def url(name, *args):
    return reverse(f"assessments:{name}", args=["nps-2022", *args])


def download(client, format="xlsx") -> bytes:
    response = client.get(url("matrix_download", format))
    assert response.status_code == 200
    return response.content


def edited_workbook(client) -> bytes:
    """The exported workbook with SL1's text and SL2's Mature level changed, a statement added
    to SL1's key area and SL3's row deleted."""
    workbook = openpyxl.load_workbook(io.BytesIO(download(client)))
    sheet = workbook["Framework"]
    header = [cell.value for cell in sheet[1]]
    column = {name: index + 1 for index, name in enumerate(header)}
    rows = {sheet.cell(row, column["statement_code"]).value: row for row in range(2, 17)}
    sheet.cell(rows["SL1"], column["statement"]).value = NEW_TEXT
    sheet.cell(rows["SL2"], column["mature"]).value = NEW_MATURE
    sheet.append([cell.value for cell in sheet[rows["SL1"]]])
    sheet.cell(sheet.max_row, column["statement_code"]).value = "SL1B"
    sheet.cell(sheet.max_row, column["statement"]).value = "A second statement"
    sheet.delete_rows(rows["SL3"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(client, content: bytes, name="nps-2022.xlsx"):
    return client.post(url("matrix_upload"), {"file": SimpleUploadedFile(name, content)})


def checked_token(response) -> str:
    return re.search(r'name="checked" value="([^"]+)"', response.content.decode()).group(1)


def preview_of(client, content, name="nps-2022.xlsx"):
    response = upload(client, content, name)
    assert response.status_code == 302, response.content.decode()
    return client.get(response["Location"])


def apply(client, preview):
    return client.post(url("matrix_preview"), {"checked": checked_token(preview)})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# Download.


def test_staff_download_the_csv_that_export_framework_writes(nps_2022, staff, tmp_path):
    path = tmp_path / "nps-2022.csv"
    call_command(
        "export_framework", "--framework", "nps-2022", "-o", str(path), stdout=io.StringIO()
    )
    assert download(staff, "csv") == path.read_bytes()


def test_staff_download_the_workbook_that_export_framework_writes(nps_2022, staff, tmp_path):
    path = tmp_path / "nps-2022.xlsx"
    call_command(
        "export_framework", "--framework", "nps-2022", "-o", str(path), stdout=io.StringIO()
    )
    assert read_table(download(staff, "xlsx")) == read_table(path.read_bytes())


def test_the_matrix_page_lists_each_framework_with_its_downloads_and_upload(nps_2022, staff):
    page = text(staff.get(reverse("assessments:matrix")))
    assert "NPS 2022" in page
    assert url("matrix_download", "xlsx") in page
    assert url("matrix_download", "csv") in page
    assert url("matrix_upload") in page


# Check, then apply.


def test_each_change_of_an_edited_spreadsheet_is_listed_and_nothing_is_saved(nps_2022, staff):
    before = snapshot()
    page = text(preview_of(staff, edited_workbook(staff)))
    assert "Check the changes before you apply them" in page
    assert "Statements added (1)" in page
    assert "SL1B" in page
    assert "Statements changed (2)" in page
    assert "Statement text changed" in page
    assert "Mature descriptor changed" in page
    assert "Statements retired (1)" in page
    assert "SL3" in page
    assert "Key areas changed (1)" in page
    assert "Moves to position 3 in its theme" in page
    assert "Apply these changes" in page
    assert snapshot() == before


def test_applying_the_checked_changes_changes_the_framework_and_is_audited(nps_2022, staff, world):
    response = apply(staff, preview_of(staff, edited_workbook(staff)))
    assert response.status_code == 302
    page = text(staff.get(response["Location"]))
    assert "Changes applied" in page
    assert 'Statements added</dt> <dd class="govuk-summary-list__value">1<' in page
    statements = Statement.objects.filter(key_area__theme__framework=nps_2022)
    assert statements.get(code="SL1").text == NEW_TEXT
    assert (
        Descriptor.objects.get(
            statement__key_area__theme__framework__slug=NPS_2022,
            statement__code="SL2",
            level=Level.MATURE,
        ).text
        == NEW_MATURE
    )
    assert statements.get(code="SL1B", is_retired=False).text == "A second statement"
    assert statements.get(code="SL3").is_retired
    event = only_event("framework.imported")
    assert (event.actor, event.object_repr) == (world.users["lga_staff"], "NPS 2022")
    assert event.details["file"] == "nps-2022.xlsx"
    assert event.details | {"upload": "", "rows": ""} == {
        "upload": "",
        "file": "nps-2022.xlsx",
        "rows": "",
        "statements_added": 1,
        "statements_changed": 2,
        "statements_retired": 1,
        "key_areas_added": 0,
        "key_areas_changed": 1,  # the key area after SL3's moves up
        "themes_added": 0,
        "themes_changed": 0,
    }


def test_renamed_key_areas_and_themes_are_listed_with_counts(nps_2022, staff):
    content = download(staff, "csv").decode("utf-8-sig")
    content = content.replace("Engaging councillors,", "Engaging elected members,")
    content = content.replace(",Adding value,enabler,", ",Adding social value,enabler,")
    page = text(preview_of(staff, content.encode(), "nps-2022.csv"))
    assert "Key areas changed (1)" in page
    assert "Renamed from Engaging councillors" in page
    assert "Themes changed (1)" in page
    assert "Renamed from Adding value" in page
    assert "Key areas added (" not in page


def test_an_unchanged_spreadsheet_shows_no_changes_and_nothing_to_apply(nps_2022, staff):
    page = text(preview_of(staff, download(staff)))
    assert "There are no changes" in page
    assert "Apply these changes" not in page


# Bad files.


def bad_csv(staff) -> bytes:
    rows = list(csv.DictReader(io.StringIO(download(staff, "csv").decode("utf-8-sig"))))
    rows[1]["statement_code"] = ""  # row 3 of the spreadsheet
    rows[3]["theme_kind"] = "pillar"  # row 5
    return as_csv(rows)


def as_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def test_a_bad_file_shows_each_problem_by_row_and_column_and_changes_nothing(nps_2022, staff):
    before = snapshot()
    response = upload(staff, bad_csv(staff), "nps-2022.csv")
    page = text(response)
    assert response.status_code == 200
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert "Row 3, column &#x27;statement_code&#x27;: Enter the statement code" in page
    assert (
        "Row 5, column &#x27;theme_kind&#x27;: Enter &#x27;theme&#x27; or &#x27;enabler&#x27;"
        in page
    )
    # At the field, and last in the summary.
    assert len(re.findall(r"The file has \d+ problems: correct them", page)) == 2
    assert snapshot() == before
    assert not default_storage.exists(stored.FOLDER)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("matrix.pdf", b"%PDF-1.4\n", "The selected file must be an XLSX workbook or a CSV file"),
        ("matrix.xlsx", b"framework,theme\n", "The selected file must be an XLSX workbook"),
        ("matrix.csv", b"", "The selected file is empty"),
        ("matrix.csv", b"\xff\xfe\x00bad", "this file is not"),
        ("matrix.csv", b"x" * (10 * 1024 * 1024 + 1), "smaller than 10MB"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused_at_the_field(
    nps_2022, staff, name, content, message
):
    response = upload(staff, content, name)
    assert response.status_code == 200
    assert "There is a problem" in text(response)
    assert message in text(response)


def test_a_file_without_a_file_asks_for_one(nps_2022, staff):
    response = staff.post(url("matrix_upload"), {})
    assert "Select an XLSX workbook or a CSV file" in text(response)


def test_a_spreadsheet_of_another_framework_is_refused(nps_2022, staff):
    content = download(staff, "csv").decode("utf-8-sig").replace("NPS 2022", "NPS 2030")
    page = text(upload(staff, content.encode(), "nps-2030.csv"))
    assert "The file is for the framework &#x27;NPS 2030&#x27;, not NPS 2022" in page
    assert not Framework.objects.filter(slug="nps-2030").exists()


# Refusals.


@pytest.mark.parametrize("role", ["officer", "lead", "councillor"])
def test_people_who_are_not_lga_staff_cannot_apply_a_checked_file(nps_2022, world, client_as, role):
    staff = client_as(world.users["lga_staff"])
    token = checked_token(preview_of(staff, edited_workbook(staff)))
    before = snapshot()
    response = client_as(world.users[role]).post(url("matrix_preview"), {"checked": token})
    assert response.status_code == 403
    assert snapshot() == before


def test_a_preview_made_stale_by_another_apply_is_refused_and_shown_again(
    nps_2022, world, client_as, staff
):
    mine = preview_of(staff, edited_workbook(staff))
    content = (
        download(staff, "csv")
        .decode("utf-8-sig")
        .replace("Engaging councillors,", "Elected members,")
    )
    theirs = preview_of(staff, content.encode(), "theirs.csv")
    assert apply(staff, theirs).status_code == 302
    before = snapshot()
    response = apply(staff, mine)
    page = text(response)
    assert response.status_code == 200
    assert CHANGED in page
    assert "Statements added (1)" in page
    assert snapshot() == before
    # The preview shown again can be applied.
    assert apply(staff, response).status_code == 302
    assert Statement.objects.filter(key_area__theme__framework__slug=NPS_2022, code="SL1B").exists()


def test_a_stored_file_that_changed_since_its_preview_is_refused(nps_2022, staff):
    preview = preview_of(staff, edited_workbook(staff))
    file, _ = stored.unsign(checked_token(preview))
    default_storage.delete(file.path)
    default_storage.save(file.path, io.BytesIO(download(staff)))
    before = snapshot()
    response = apply(staff, preview)
    assert response["Location"] == url("matrix_upload")
    assert "no longer available or has changed" in text(staff.get(response["Location"]))
    assert snapshot() == before


def test_an_altered_token_is_refused(nps_2022, staff):
    before = snapshot()
    response = staff.post(url("matrix_preview"), {"checked": "not-a-token:abc"})
    assert response["Location"] == url("matrix_upload")
    assert snapshot() == before


def test_applying_twice_applies_once_and_shows_the_same_confirmation(
    nps_2022, staff, django_capture_on_commit_callbacks
):
    preview = preview_of(staff, edited_workbook(staff))
    with django_capture_on_commit_callbacks(execute=True):
        first, second = apply(staff, preview), apply(staff, preview)
    assert first["Location"] == second["Location"]
    assert len(events("framework.imported")) == 1
    assert (
        Statement.objects.filter(key_area__theme__framework__slug=NPS_2022, code="SL1B").count()
        == 1
    )
    # The confirmation page stays, and the kept file is gone.
    assert "Changes applied" in text(staff.get(second["Location"]))
    file, _ = stored.unsign(checked_token(preview))
    assert not default_storage.exists(file.path)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Simultaneous applies need a server database; `make test` runs this on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_applies_apply_once(world, client_as):
    load_reference_data()
    staff = client_as(world.users["lga_staff"])
    preview = preview_of(staff, edited_workbook(staff))
    clients = signed_in_clients([world.users["lga_staff"]] * 2)
    responses = post_at_once(clients, url("matrix_preview"), {"checked": checked_token(preview)})
    assert [response.status_code for response in responses] == [302, 302]
    assert len(events("framework.imported")) == 1
    assert (
        Statement.objects.filter(key_area__theme__framework__slug=NPS_2022, code="SL1B").count()
        == 1
    )


def test_a_stale_preview_whose_file_no_longer_fits_asks_for_a_new_upload(nps_2022, staff):
    """Another apply described EC1, which the first file leaves undescribed: no longer allowed."""
    mine = preview_of(staff, edited_workbook(staff))
    rows = list(csv.DictReader(io.StringIO(download(staff, "csv").decode("utf-8-sig"))))
    for row in rows:
        if row["statement_code"] == "EC1":
            row.update({column: f"EC1 at {column}" for column in LEVELS})
    theirs = preview_of(staff, as_csv(rows), "theirs.csv")
    assert apply(staff, theirs).status_code == 302
    before = snapshot()
    response = apply(staff, mine)
    assert response["Location"] == url("matrix_upload")
    assert "no longer fits" in text(staff.get(response["Location"]))
    assert snapshot() == before
