"""Reading and writing the framework spreadsheet (XLSX or CSV), with no database involved."""

import csv
import io
import re
import zipfile
from datetime import date, datetime
from pathlib import Path

import filetype
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from assessments.framework_io.data import COLUMNS, FrameworkImportError, Problem

# Spreadsheet programs run a cell beginning with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NOT_A_SPREADSHEET = "Choose an XLSX workbook or a CSV file saved as UTF-8"
COLUMN_WIDTHS = {"statement_code": 12, "theme_kind": 10, "draft_wording": 12, "framework": 12}


def neutralise_formula(value: str) -> str:
    """The value with a leading quote if a spreadsheet would otherwise run it as a formula."""
    # Text already beginning with a quote gets one too: strip_formula_guard is its exact inverse.
    return f"'{value}" if value.startswith((*FORMULA_STARTS, "'")) else value


def strip_formula_guard(value: str) -> str:
    """The value without the quote neutralise_formula added."""
    guarded = value.startswith("'") and value[1:].startswith((*FORMULA_STARTS, "'"))
    return value[1:] if guarded else value


def normalise_column(name) -> str:
    """A header cell as a column name: "Key area" and "key_area" are the same column."""
    return re.sub(r"[\s-]+", "_", str(name or "").strip().lower())


def cell_text(value) -> str:
    """A cell's value as clean text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        value = value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    return strip_formula_guard(text).strip()


def read_table(
    content: bytes, sheet: str = "Framework"
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and the non-blank rows (numbered as a spreadsheet shows them) of a file: of a
    workbook, the named sheet (the one the export writes), or else the first."""
    if content.startswith(b"PK\x03\x04"):
        grid, problems = _xlsx_grid(content, sheet)
    else:
        grid, problems = _csv_grid(content)
    if problems:
        raise FrameworkImportError(problems)
    if not grid:
        raise FrameworkImportError([Problem("The file is empty", row=1)])
    header = [normalise_column(name) for name in grid[0]]
    rows = []
    for number, cells in enumerate(grid[1:], start=2):
        values = {name: cell_text(value) for name, value in zip(header, cells, strict=False)}
        if any(values.values()):
            rows.append((number, values))
    return header, rows


def _xlsx_grid(content: bytes, sheet_name: str) -> tuple[list[list], list[Problem]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        return [], [Problem(f"{NOT_A_SPREADSHEET}; this file could not be opened as a workbook")]
    names = workbook.sheetnames
    sheet = workbook[sheet_name] if sheet_name in names else workbook.worksheets[0]
    grid, formulas = [], []
    for number, row in enumerate(sheet.iter_rows(), start=1):
        grid.append([cell.value for cell in row])
        formulas += [(number, index) for index, cell in enumerate(row) if cell.data_type == "f"]
    header = grid[0] if grid else []
    problems = [
        Problem(
            "Replace the formula with plain text",
            row=number,
            column=normalise_column(header[index]) if index < len(header) else None,
        )
        for number, index in formulas
    ]
    workbook.close()
    return grid, problems


def _csv_grid(content: bytes) -> tuple[list[list], list[Problem]]:
    kind = filetype.guess(content)
    if kind is not None or b"\x00" in content:
        return [], [Problem(f"{NOT_A_SPREADSHEET}; this file is not a spreadsheet")]
    try:
        text = content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text, newline=""))), []
    except UnicodeDecodeError:
        return [], [Problem(f"{NOT_A_SPREADSHEET}; this file is not UTF-8 text")]
    except csv.Error as error:
        return [], [Problem(f"{NOT_A_SPREADSHEET}; the CSV could not be read ({error})")]


def write_csv(rows: list[dict], stream, columns=COLUMNS) -> None:
    """Writes rows (a framework's, by default) as CSV to a text stream, formulas neutralised."""
    writer = csv.DictWriter(stream, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: neutralise_formula(row.get(column, "")) for column in columns})


def write_xlsx(
    rows: list[dict], stream, columns=COLUMNS, sheet_name="Framework", widths=COLUMN_WIDTHS
) -> None:
    """Writes rows (a framework's, by default) as a one-sheet XLSX workbook to a binary stream:
    bold header kept in view, text wrapped, formulas neutralised."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_name
    sheet.append(columns)
    for row in rows:
        sheet.append([_xlsx_value(row.get(column, "")) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = widths.get(column, 40)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    workbook.save(stream)


def _xlsx_value(value: str) -> str:
    return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))


def export_rows(rows: list[dict], *, output: str | None, format: str | None, stdout, **layout):
    """Writes rows for an export command: to the file `output` (XLSX or CSV, by `format` or the
    file's name), else as CSV to `stdout`. `layout` passes columns, sheet_name and widths."""
    format = format or ("xlsx" if output and output.lower().endswith(".xlsx") else "csv")
    if format == "xlsx":
        if not output:
            raise CommandError("An XLSX workbook needs a file: add -o FILE.xlsx.")
        with Path(output).open("wb") as stream:
            write_xlsx(rows, stream, **layout)
    elif output:
        # The byte-order mark lets Excel recognise UTF-8 (curly quotes in the LGA's text).
        with Path(output).open("w", encoding="utf-8-sig", newline="") as stream:
            write_csv(rows, stream, columns=layout.get("columns", COLUMNS))
    else:
        write_csv(rows, stdout, columns=layout.get("columns", COLUMNS))


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def spreadsheet_bytes(rows: list[dict], format: str, **layout) -> bytes:
    """Rows as the bytes of an XLSX workbook or a CSV file (with the byte-order mark that lets
    Excel recognise UTF-8), exactly as the export commands write them."""
    if format == "xlsx":
        stream = io.BytesIO()
        write_xlsx(rows, stream, **layout)
        return stream.getvalue()
    text = io.StringIO(newline="")
    write_csv(rows, text, columns=layout.get("columns", COLUMNS))
    return text.getvalue().encode("utf-8-sig")
