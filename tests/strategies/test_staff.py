"""LGA staff read, mark, count and export responses, and publish the outcome."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from strategies.exports import neutralise
from tests.strategies.factories import (
    ChoiceQuestionFactory,
    ConsultationFactory,
    ConsultationResponseFactory,
    QuestionFactory,
    ResponseAnswerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def consultation(world):
    consultation = ConsultationFactory(title="ICT consultation")
    text = QuestionFactory(consultation=consultation, order=1, text="What should change?")
    choice = ChoiceQuestionFactory(consultation=consultation, order=2, text="Do you agree?")
    answers = [
        ("council", world.own, "Share systems.", "Agree"),
        ("council", world.other, '=HYPERLINK("http://evil")', "Agree"),
        ("supplier", None, "+1 and -1", "Disagree"),
    ]
    for n, (kind, council, said, chose) in enumerate(answers):
        response = ConsultationResponseFactory(
            consultation=consultation,
            reference=f"NPS-AAAA-{n:04d}",
            respondent_type=kind,
            council=council,
            organisation_name="" if council else "@Supplier Ltd",
        )
        ResponseAnswerFactory(response=response, question=text, text=said)
        ResponseAnswerFactory(response=response, question=choice, text=chose)
    return consultation


@pytest.fixture
def staff(world, client_as):
    return client_as(world.users["lga_staff"])


def url(name, consultation, *args):
    return reverse(f"strategies:{name}", args=[consultation.slug, *args])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 161", "'+44 161"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\x01=1+1", "'=1+1"),
        ("plain = text", "plain = text"),
        (None, ""),
    ],
)
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_staff_see_counts_per_respondent_type_and_per_choice(staff, consultation):
    page = staff.get(url("response_list", consultation))
    counts = dict((label, n) for _v, label, n in page.context["type_counts"])
    assert counts == {
        "An individual": 0,
        "A council": 2,
        "A supplier": 1,
        "Another organisation": 0,
    }
    [agreement] = page.context["choice_counts"]
    assert agreement["counts"] == [("Agree", 2), ("Disagree", 1)]


def test_staff_filter_responses_by_respondent_type(staff, consultation):
    page = staff.get(url("response_list", consultation), {"type": "supplier"})
    assert [r.reference for r in page.context["responses"]] == ["NPS-AAAA-0002"]


def test_the_response_list_takes_a_handful_of_queries(
    staff, consultation, django_assert_max_num_queries
):
    for _ in range(20):
        ConsultationResponseFactory(consultation=consultation)
    with django_assert_max_num_queries(15):
        staff.get(url("response_list", consultation))


def test_staff_mark_a_response_read_and_flagged(staff, consultation):
    response = consultation.responses.first()
    detail = url("response_detail", consultation, response.reference)
    staff.post(detail, {"mark": "read"})
    staff.post(detail, {"mark": "flag"})
    response.refresh_from_db()
    assert response.is_read
    assert response.is_flagged
    page = staff.get(detail).content.decode()
    assert "Flagged" in page
    assert "Remove flag" in page


def test_the_csv_export_has_a_row_per_response_and_a_column_per_question(staff, consultation):
    download = staff.get(url("export_csv", consultation))
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    text = b"".join(download.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-2:] == ["What should change?", "Do you agree?"]
    assert len(rows) == 4
    by_reference = {row[0]: row for row in rows[1:]}
    assert by_reference["NPS-AAAA-0000"][-2:] == ["Share systems.", "Agree"]
    assert by_reference["NPS-AAAA-0000"][5] == "Stockport (not confirmed)"
    # Formula injection neutralised.
    assert by_reference["NPS-AAAA-0001"][-2] == '\'=HYPERLINK("http://evil")'
    assert by_reference["NPS-AAAA-0002"][-2] == "'+1 and -1"
    assert by_reference["NPS-AAAA-0002"][5] == "'@Supplier Ltd"


def test_the_xlsx_export_has_the_same_rows_and_no_formulas(staff, consultation):
    download = staff.get(url("export_xlsx", consultation))
    assert "attachment" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][-2:] == ("What should change?", "Do you agree?")
    assert len(rows) == 4
    cells = [cell for row in workbook.active.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    assert '\'=HYPERLINK("http://evil")' in [row[-2] for row in rows]


def test_the_export_reads_answers_without_a_query_per_response(
    staff, consultation, django_assert_max_num_queries
):
    for _ in range(30):
        ConsultationResponseFactory(consultation=consultation)
    # The limit includes the two-factor check every signed-in request makes and the audit event.
    with django_assert_max_num_queries(12):
        download = staff.get(url("export_csv", consultation))
        b"".join(download.streaming_content)


def test_a_council_officer_cannot_export_responses(world, client_as, consultation):
    client = client_as(world.users["lead"])
    assert client.get(url("export_csv", consultation)).status_code == 403
    assert client.get(url("export_xlsx", consultation)).status_code == 403


def test_staff_publish_the_outcome_of_a_closed_consultation(staff, world):
    closed = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=60), closes_at=timezone.now() - timedelta(days=1)
    )
    published = staff.post(url("outcome", closed), {"outcome": "You said **more SMEs**."})
    assert published["Location"] == url("consultation_detail", closed)
    page = staff.get(published["Location"]).content.decode()
    assert "What you said, what we did" in page
    assert "<strong>more SMEs</strong>" in page
    closed.refresh_from_db()
    assert closed.state == "outcome_published"


def test_the_outcome_of_an_open_consultation_cannot_be_published(staff, consultation):
    page = staff.post(url("outcome", consultation), {"outcome": "Too early."})
    assert "You can publish the outcome once the consultation has closed" in page.content.decode()
    consultation.refresh_from_db()
    assert consultation.outcome_published_at is None


def test_an_empty_outcome_shows_an_error(staff, consultation):
    page = staff.post(url("outcome", consultation), {"outcome": ""})
    assert "<title>Error: " in page.content.decode()
    assert "Enter the outcome of the consultation" in page.content.decode()


def test_the_response_list_makes_the_same_queries_for_many_responses_of_every_type(
    staff, consultation, world
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            staff.get(url("response_list", consultation))
        return len(captured)

    few = queries()
    for n in range(40):
        ConsultationResponseFactory(
            consultation=consultation,
            respondent_type=["council", "supplier", "individual", "other_body"][n % 4],
            council=world.own if n % 4 == 0 else None,
            council_confirmed=n % 8 == 0,
        )
    assert queries() == few
    page = staff.get(url("response_list", consultation))
    counts = {row["label"]: row["count"] for row in page.context["type_rows"]}
    assert counts["A council"] == 12
    assert counts["of which confirmed: sent by a signed-in member of the council"] == 5
    assert counts["of which not confirmed"] == 7
    assert counts["All"] == 43
