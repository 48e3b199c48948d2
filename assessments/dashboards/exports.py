"""The national dataset as CSV (streamed) and XLSX (written row by row), safe to open in Excel."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from itertools import islice

from openpyxl import Workbook

# A spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
RISKY_FIRST = frozenset(FORMULA_STARTS)
CHUNK = 2000  # rows fetched from the database at a time
LINES_PER_CHUNK = 500  # rows sent to the client at a time


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
    """An open temporary file holding the XLSX workbook, written in openpyxl's write-only mode."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.append(header)
    for row in rows:
        sheet.append(safe_row(row))
    # FileResponse closes the file once sent, and a TemporaryFile is deleted on closing.
    handle = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(handle)
    handle.seek(0)
    return handle
