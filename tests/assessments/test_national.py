import csv
import io
import re
from collections import Counter

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.dashboards.exports import csv_lines, neutralise
from assessments.dashboards.national import Filters, share_mature, share_trend
from assessments.models import Assessment
from tests.assessments.factories import AssessmentFactory
from tests.assessments.factories_dashboard import peers, rated, rounds
from tests.factories import CouncilFactory

URL = reverse("assessments:national")


@pytest.fixture
def picture(world):
    """Two rounds: last round 2 councils approved at Developing; this round a mix."""
    last, this = rounds(count=2)
    peers(2, last, level=2)
    rated(world.own, this, level=3)
    rated(world.other, this, level=4)
    peers(2, this, level=1, region="london", kind="london_borough")
    rated(CouncilFactory(), this, level=2, status=Assessment.Status.SUBMITTED)
    AssessmentFactory(council=CouncilFactory(), round=this)  # a draft: started only
    return last, this


def page(client_as, world, **params) -> str:
    response = client_as(world.users["lga_staff"]).get(URL, params)
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def numbers(*values, between=" ") -> str:
    cell = '<td class="govuk-table__cell govuk-table__cell--numeric">'
    return between.join(f"{cell}{v}</td>" for v in values)


def test_staff_see_participation_by_kind_and_region(world, client_as, picture):
    html = page(client_as, world)
    assert "Of 8 councils, 6 started an assessment, 5 submitted it and 4 had it approved." in html
    assert "London borough</th> " + numbers(2, 2, 2, 2) in html
    assert "North West</th> " + numbers(6, 4, 3, 2) in html


def test_staff_see_levels_by_key_area_as_stacked_bars_and_a_table(world, client_as, picture):
    html = page(client_as, world)
    assert "Approved councils at each level by key area" in html
    assert "Engaging group 1 (4 councils): Minimum 2, Developing 0, Mature 1, Leader 1" in html
    assert "Engaging group 1</th> " + numbers(2, 0, 1, 1, 0, between="") in html


def test_levels_by_key_area_count_an_approval_made_after_the_last_view(world, client_as, picture):
    assert "Engaging group 1 (4 councils)" in page(client_as, world)
    submitted = Assessment.objects.get(status=Assessment.Status.SUBMITTED)
    submitted.status = Assessment.Status.APPROVED
    submitted.save()
    html = page(client_as, world)
    assert "Engaging group 1 (5 councils): Minimum 2, Developing 1, Mature 1, Leader 1" in html


def test_staff_see_the_change_since_last_round(world, client_as, picture):
    html = page(client_as, world)
    assert "Up 50 points, 0% to 50%" in html


def test_filters_narrow_the_picture_to_a_region_and_kind(world, client_as, picture):
    html = page(client_as, world, region="london", kind="london_borough")
    assert "Of 2 councils, 2 started an assessment, 2 submitted it and 2 had it approved." in html
    assert '<option value="london" selected>London</option>' in html
    assert "Engaging group 1 (2 councils): Minimum 2" in html


def test_unknown_filter_values_are_ignored(world, client_as, picture):
    assert "Of 8 councils" in page(client_as, world, region="atlantis", kind="<b>")


def test_an_earlier_round_can_be_chosen(world, client_as, picture):
    last, _ = picture
    html = page(client_as, world, round=last.slug)
    assert f"Participation in {last.name}" in html
    assert "No earlier round to compare" in html


def test_councillors_cannot_see_the_national_picture(world, client_as, picture):
    assert client_as(world.users["councillor"]).get(URL).status_code == 403


def download(client_as, world, name, **params):
    response = client_as(world.users["lga_staff"]).get(reverse(name), params)
    assert response.status_code == 200
    return response


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(content)))


def test_csv_has_one_row_per_council_and_statement_of_shared_assessments(world, client_as, picture):
    response = download(client_as, world, "assessments:national_csv")
    assert response["Content-Disposition"].endswith('-dataset.csv"')
    rows = csv_rows(response)
    assert rows[0][:4] == ["Round", "Council", "GSS code", "Kind of council"]
    assert len(rows) == 1 + 5 * 6  # 4 approved and 1 submitted councils, 6 statements each
    assert "Draft" not in {row[5] for row in rows[1:]}
    stockport = [row for row in rows if row[1] == "Stockport"]
    assert (stockport[0][8], stockport[0][10]) == ("SL1.1", "3")


def test_csv_follows_the_filters(world, client_as, picture):
    rows = csv_rows(download(client_as, world, "assessments:national_csv", region="london"))
    assert {row[4] for row in rows[1:]} == {"London"}


def test_csv_and_xlsx_neutralise_formulas(world, client_as, picture):
    CouncilFactory.reset_sequence()
    evil = CouncilFactory(name='=HYPERLINK("http://x")', region="east")
    rated(evil, picture[1], level=2)
    rows = csv_rows(download(client_as, world, "assessments:national_csv", region="east"))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'
    response = download(client_as, world, "assessments:national_xlsx", region="east")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.cell(row=2, column=2).value == '\'=HYPERLINK("http://x")'
    assert sheet.cell(row=2, column=2).data_type == "s"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "'+44"),
        ("-2", "'-2"),
        ("@SUM", "'@SUM"),
        ("Bury", "Bury"),
        (3, 3),
    ],
)
def test_neutralise_prefixes_cells_that_start_a_formula(value, safe):
    assert neutralise(value) == safe


def test_xlsx_holds_the_same_rows_as_the_csv(world, client_as, picture):
    response = download(client_as, world, "assessments:national_xlsx")
    assert response["Content-Disposition"].endswith('-dataset.xlsx"')
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 1 + 5 * 6
    assert [c.value for c in sheet[1]][:2] == ["Round", "Council"]


def test_national_pdf_summary_downloads(world, client_as, picture):
    response = download(client_as, world, "assessments:national_report")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="national-nps-{picture[1].slug}.pdf"'
    )


def queries_for_national(client, councils: int, round) -> int:
    peers(councils, round, level=2)
    cache.clear()  # compare first views: the earlier round's counts would be cached otherwise
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL).status_code == 200
    return len(captured)


def test_national_query_count_does_not_grow_with_councils(world, client_as, picture):
    client = client_as(world.users["lga_staff"])
    _, this = picture
    assert queries_for_national(client, 10, this) == queries_for_national(client, 90, this)


@pytest.mark.parametrize(
    ("previous", "current", "words"),
    [
        (40, 55, "Up 15 points, 40% to 55%"),
        (60, 50, "Down 10 points, 60% to 50%"),
        (50, 50, "No change: 50%"),
        (None, 50, "No earlier round to compare"),
    ],
)
def test_share_trend_puts_the_change_in_words(previous, current, words):
    assert share_trend(previous, current).words == words


def test_share_at_mature_or_above_counts_levels_three_to_five():
    assert share_mature(Counter({1: 1, 2: 1, 3: 1, 5: 1})) == 50
    assert share_mature(Counter()) is None


def test_filters_keep_only_real_choices():
    filters = Filters.from_query({"region": "london", "kind": "parish"})
    assert filters == Filters(region="london", kind="")
    assert filters.prefixed("assessment__council__") == Q(assessment__council__region="london")


def test_csv_is_sent_in_chunks_of_a_few_hundred_rows():
    chunks = list(csv_lines(["n"], ([i] for i in range(1200))))
    assert len(chunks) == 4  # 500 (with the header), 500, 200, then nothing left
    assert max(chunk.count("\n") for chunk in chunks) <= 501
    assert "".join(chunks).count("\n") == 1201


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lga_staff_filter_the_national_picture_in_a_browser(page, live_server):
    from playwright.sync_api import expect

    from tests.browser import click_and_wait, sign_in, visit
    from tests.factories import PASSWORD, lga_staff

    this = rounds(count=1)[0]
    peers(5, this, level=3)
    staff = lga_staff(email="staff@lga.test")
    sign_in(page, live_server.url, staff.email, PASSWORD)
    visit(page, f"{live_server.url}{URL}")
    page.get_by_label("Region", exact=True).select_option(label="North West")
    click_and_wait(page, "Apply filters", expect_title="National picture")
    expect(page).to_have_url(re.compile("region=north_west"))
    expect(page.get_by_role("img", name=re.compile("each level by key area"))).to_be_visible()
