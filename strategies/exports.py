"""Responses as spreadsheets: one row per response, one column per question, streamed."""

import csv
import tempfile
from collections.abc import Iterator
from itertools import chain, islice

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assessments.dashboards.exports import SAMPLE_ROWS, column_widths
from npsportal.formatting import LONDON
from strategies import selectors
from strategies.models import ConsultationResponse

# A cell starting with one of these may be run as a formula by Excel, LibreOffice or Sheets.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 500
FIXED_COLUMNS = [
    "Reference",
    "Submitted (UK time)",
    "Name",
    "Email",
    "Responding as",
    "Council or organisation",
    "Sent by a signed-in member of the council",
    "Publication",
    "Read",
    "Flagged",
    "How it was sent",
]
# Left out unless the reader may see respondents' personal data (strategies.rules).
PERSONAL_COLUMNS = {"Name", "Email"}
# The words shown for the coded fields, as get_FOO_display gives them.
LABELS = {
    field: {
        value: str(label) for value, label in ConsultationResponse._meta.get_field(field).choices
    }
    for field in ("respondent_type", "publication", "channel")
}


def neutralise(value) -> str:
    """A cell's text made inert: a leading single quote before anything a spreadsheet would run."""
    # Control characters go first: they are invalid in XLSX and could hide a formula behind them.
    text = ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value))
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def _columns(personal: bool) -> list[str]:
    return [c for c in FIXED_COLUMNS if personal or c not in PERSONAL_COLUMNS]


def header(questions, *, personal: bool = False) -> list[str]:
    """The first row: the fixed columns (names and emails only if personal), then each question."""
    return [neutralise(c) for c in _columns(personal) + [q.text for q in questions]]


def row(response: dict, answers: dict[int, str], questions, *, personal: bool = False) -> list[str]:
    """One response (a dict of RESPONSE_FIELDS) as a row of neutralised text, its answers
    ({question id: text}) under their questions."""
    submitted = response["submitted_at"].astimezone(LONDON).strftime("%Y-%m-%d %H:%M:%S")
    fixed = {
        "Reference": response["reference"],
        "Submitted (UK time)": submitted,
        "Name": response["name"],
        "Email": response["email"],
        "Responding as": _label(response, "respondent_type"),
        "Council or organisation": _organisation(response),
        "Sent by a signed-in member of the council": _confirmed(response),
        "Publication": _label(response, "publication"),
        "Read": "Yes" if response["is_read"] else "No",
        "Flagged": "Yes" if response["is_flagged"] else "No",
        "How it was sent": _label(response, "channel"),
    }
    values = [fixed[c] for c in _columns(personal)] + [answers.get(q.pk, "") for q in questions]
    return [neutralise(v) for v in values]


def _label(response: dict, field: str) -> str:
    return LABELS[field].get(response[field], response[field])


def _organisation(response: dict) -> str:
    if response["council_id"]:
        confirmation = ConsultationResponse(
            council_id=response["council_id"], council_confirmed=response["council_confirmed"]
        ).council_confirmation
        return f"{response['council__name']} ({confirmation})"
    return response["organisation_name"]


def _confirmed(response: dict) -> str:
    if not response["council_id"]:
        return ""
    return "Yes" if response["council_confirmed"] else "No"


def rows(consultation, *, personal: bool = False) -> Iterator[list[str]]:
    """The header, then every response, read from the database a chunk at a time as plain
    values: model instances with prefetched answers point at each other, and such cycles wait
    for the garbage collector, so memory grew with the export."""
    questions = list(consultation.questions.all())
    yield header(questions, personal=personal)
    responses = selectors.responses_for_export(consultation).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(responses, CHUNK_SIZE)):
        answers = selectors.answers_by_response([r["pk"] for r in chunk])
        for response in chunk:
            yield row(response, answers.get(response["pk"], {}), questions, personal=personal)


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a generator."""

    def write(self, value):
        return value


def csv_lines(consultation, *, personal: bool = False) -> Iterator[str]:
    """The responses as CSV text, line by line, with a byte order mark so Excel reads UTF-8."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for values in rows(consultation, personal=personal):
        yield writer.writerow(values)


def xlsx_file(consultation, *, personal: bool = False):
    """The responses as an XLSX workbook in a temporary file (deleted when closed), its header
    frozen and its columns as wide as the first rows need."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Responses")
    values = rows(consultation, personal=personal)
    first = list(islice(values, SAMPLE_ROWS))
    # A write-only sheet takes its view and widths before the first row.
    sheet.freeze_panes = "A2"
    for letter, width in column_widths(first).items():
        sheet.column_dimensions[letter].width = width
    for row_values in chain(first, values):
        sheet.append(row_values)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 – FileResponse closes it
    workbook.save(handle)
    handle.seek(0)
    return handle
