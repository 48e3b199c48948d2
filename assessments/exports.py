"""The national dataset as CSV (streamed) and XLSX (written row by row), safe to open in Excel."""

import csv
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

# A spreadsheet runs a cell that begins with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
CHUNK = 2000


def neutralise(value):
    """A cell value that no spreadsheet will run as a formula: risky text gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Iterable) -> list:
    """Every cell of a row neutralised; dates as ISO text, empty values as blanks."""
    return [
        neutralise("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v)
        for v in row
    ]


class _Echo:
    """A file-like object that hands back what is written, for csv.writer to stream through."""

    def write(self, value):
        return value


def csv_lines(header: list[str], rows: Iterable) -> Iterator[str]:
    """The CSV text, one line at a time (memory stays flat however many rows)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(header)  # the BOM makes Excel read UTF-8
    for row in rows:
        yield writer.writerow(safe_row(row))


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
