"""Attacks on the mapping spreadsheets (issue 17): only LGA staff may read or change a mapping,
a forged or replayed confirmation applies nothing, and an export runs no formula."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Mapping, MappingLink
from tests.assessments import test_mapping_import
from tests.assessments.test_mapping_import import GOOD, csv_file, links
from tests.assessments.test_mapping_pages import apply, checked_token, preview_of, upload
from tests.matrix import ROLES
from tests.security.inert import FORMULA, assert_no_formula

pytestmark = pytest.mark.django_db

frameworks = test_mapping_import.frameworks  # the same fixture
NOT_STAFF = [role for role in ROLES if role not in ("anonymous", "lga_staff")]


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


@pytest.mark.parametrize("role", NOT_STAFF)
def test_no_one_but_lga_staff_can_apply_a_checked_mapping_file(frameworks, world, client_as, role):
    staff = client_as(world.users["lga_staff"])
    token = checked_token(preview_of(staff, csv_file(*GOOD)))
    attacker = client_as(world.users[role])
    url = reverse("assessments:mapping_preview")
    assert attacker.post(url, {"checked": token, "links_checked": "on"}).status_code == 403
    assert upload(attacker, csv_file(*GOOD)).status_code == 403
    assert not MappingLink.objects.exists()


def test_a_forged_confirmation_applies_nothing(frameworks, staff):
    token = checked_token(preview_of(staff, csv_file(*GOOD)))
    response = staff.post(reverse("assessments:mapping_preview"), {"checked": token[:-2] + "xx"})
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:mapping_upload")
    assert not MappingLink.objects.exists()


def test_a_framework_upload_token_is_not_a_mapping_preview(frameworks, staff):
    from assessments.framework_io import stored

    file = stored.store_file(content=csv_file(*GOOD), name="x.csv", extension=".csv")
    url = reverse("assessments:mapping_preview")
    response = staff.get(url, {"upload": stored.sign(file)})
    assert response["Location"] == reverse("assessments:mapping_upload")


def formula_mapping(staff):
    """A mapping whose note and statement text would run as formulas in a spreadsheet."""
    apply(staff, preview_of(staff, csv_file(*GOOD)))
    MappingLink.objects.update(note=FORMULA)
    link = MappingLink.objects.select_related("source").first()
    link.source.text = "+cmd|' /C calc'!A0"
    link.source.save()
    return Mapping.objects.get()


def download(client, format):
    url = reverse("assessments:mapping_download", args=["nps-2022", "cciaf", format])
    return client.get(url).content


def test_the_exported_csv_runs_no_formula_and_reads_back_the_same(frameworks, staff):
    formula_mapping(staff)
    content = download(staff, "csv")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    for row in rows:
        assert_no_formula(row, "CSV")
    before = links()
    page = preview_of(staff, content)
    assert "There are no changes to the links" in page.content.decode()
    assert links() == before


def test_the_exported_workbook_runs_no_formula(frameworks, staff):
    formula_mapping(staff)
    workbook = load_workbook(io.BytesIO(download(staff, "xlsx")))
    for row in workbook["Mapping"].iter_rows(values_only=True):
        assert_no_formula(row, "XLSX")
