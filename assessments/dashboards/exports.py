"""The national dataset as CSV (streamed) and XLSX (written row by row), safe to open in Excel."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice, zip_longest

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

# A spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
RISKY_FIRST = frozenset(FORMULA_STARTS)
CHUNK = 2000  # rows fetched from the database at a time
LINES_PER_CHUNK = 500  # rows sent to the client at a time
SAMPLE_ROWS = 200  # rows read to size the spreadsheet's columns
MIN_WIDTH, MAX_WIDTH = 8, 60  # a column's width in characters; longer text wraps in the cell


def neutralise(value):
    """A cell value that no spreadsheet will run as a formula: risky text gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    """Every cell of a row neutralised (inline, not a call per cell: this runs for every cell).

    Dates and blanks are left to the writer: csv writes ISO dates and "" for None, openpyxl
    writes real dates and empty cells.
    """
    return ["'" + v if v.__class__ is str and v[:1] in RISKY_FIRST else v for v in row]


def csv_lines(header: list[str], rows: Iterable) -> Iterator[str]:
    """The CSV text in chunks of a few hundred lines (memory stays flat however many rows)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # the BOM makes Excel read UTF-8
    writer.writerow(header)
    rows = iter(rows)
    while batch := list(islice(rows, LINES_PER_CHUNK)):
        writer.writerows(map(safe_row, batch))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def xlsx_file(header: list[str], rows: Iterable, title: str):
    """An open temporary file holding the XLSX workbook, written in openpyxl's write-only mode,
    its header frozen and its columns as wide as the first rows need."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    rows = iter(rows)
    first = [safe_row(row) for row in islice(rows, SAMPLE_ROWS)]
    # A write-only sheet takes its view and widths before the first row.
    sheet.freeze_panes = "A2"
    for letter, width in column_widths([header, *first]).items():
        sheet.column_dimensions[letter].width = width
    sheet.append(header)
    for row in first:
        sheet.append(row)
    for row in rows:
        sheet.append(safe_row(row))
    # FileResponse closes the file once sent, and a TemporaryFile is deleted on closing.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle


def column_widths(rows: list[list]) -> dict[str, int]:
    """Each column's width in characters: its longest value among `rows`, within sensible bounds."""
    widths = {}
    for index, values in enumerate(zip_longest(*rows, fillvalue=""), start=1):
        longest = max(len(str(v)) if v is not None else 0 for v in values)
        widths[get_column_letter(index)] = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
    return widths
