"""The responses export at scale: the same bytes as the first version, a fixed number of queries
per chunk of responses, and no reference cycles left for the garbage collector."""

import gc
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from strategies import exports
from tests.strategies.export_reference import reference_csv
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
    """Responses of every kind: councils confirmed or not, organisations, every channel and
    publication choice, read and flagged, a formula, a skipped question, summer and winter."""
    consultation = ConsultationFactory()
    text = QuestionFactory(consultation=consultation, order=1, text="What should change?")
    choice = ChoiceQuestionFactory(consultation=consultation, order=2, text="=Do you agree?")
    start = timezone.now() - timedelta(days=200)
    kinds = [
        ("council", world.own, True, "online", "with_name"),
        ("council", world.other, False, "post", "anonymous"),
        ("supplier", None, False, "email", "private"),
        ("individual", None, False, "online", "with_name"),
    ]
    for n in range(12):
        kind, council, confirmed, channel, publication = kinds[n % len(kinds)]
        response = ConsultationResponseFactory(
            consultation=consultation,
            respondent_type=kind,
            council=council,
            council_confirmed=confirmed,
            organisation_name="" if council else f"@Org {n}",
            channel=channel,
            publication=publication,
            is_read=n % 2 == 0,
            is_flagged=n % 3 == 0,
            name=f'Name, "quoted" {n}',
            submitted_at=start + timedelta(days=15 * n, minutes=n),
        )
        ResponseAnswerFactory(response=response, question=text, text=f"+{n}\nline two, «ü»")
        if n % 5:
            ResponseAnswerFactory(response=response, question=choice, text="Agree")
    return consultation


@pytest.mark.parametrize("personal", [False, True])
def test_the_csv_export_writes_the_same_bytes_as_the_first_version(
    consultation, personal, monkeypatch
):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 5)  # several chunks, one partly filled
    written = "".join(exports.csv_lines(consultation, personal=personal))
    assert written == reference_csv(consultation, personal=personal)
    assert written.count("\r\n") == 13


def test_the_export_makes_the_same_queries_whatever_the_number_of_responses_in_a_chunk(
    consultation, monkeypatch
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for _line in exports.csv_lines(consultation):
                pass
        return len(captured)

    monkeypatch.setattr(exports, "CHUNK_SIZE", 50)
    few = queries()
    for _ in range(30):
        ConsultationResponseFactory(consultation=consultation)
    assert queries() == few


def test_the_export_leaves_no_reference_cycles_for_the_garbage_collector(consultation):
    gc.collect()
    gc.disable()
    try:
        for _line in exports.csv_lines(consultation, personal=True):
            pass
        left = gc.collect()
    finally:
        gc.enable()
    assert left == 0


def test_the_xlsx_export_has_the_csvs_rows(world, client_as, consultation):
    import csv
    import io

    from openpyxl import load_workbook

    staff = client_as(world.users["lga_staff"])
    download = staff.get(reverse("strategies:export_xlsx", args=[consultation.slug]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    cells = [[c or "" for c in row] for row in workbook.active.iter_rows(values_only=True)]
    text = reference_csv(consultation, personal=True).removeprefix("\ufeff")
    assert cells == list(csv.reader(io.StringIO(text)))
