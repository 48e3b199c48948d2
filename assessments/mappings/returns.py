"""A projection as the other framework's spreadsheet (e.g. a CCIAF-shaped return): words and
numbers only, every cell safe to open in a spreadsheet program."""

import csv
import datetime
import io

from django.utils.text import capfirst, slugify
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from assessments.framework_io.spreadsheet import neutralise_formula
from assessments.mappings.selectors import Projection
from npsportal.formatting import govuk_date

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
WIDTHS = {"Theme": 28, "Basis": 30}


def header(projection: Projection) -> list[str]:
    """The table's columns, in the other framework's words."""
    return [
        "Theme",
        projection.area_word,
        "Statement",
        f"Implied {projection.level_word.lower()}",
        "Basis",
        f"From your {projection.source} answers",
        "Left to answer",
    ]


def table_rows(projection: Projection) -> list[list[str]]:
    """One row for each statement of the other framework, in its order."""
    return [
        [
            theme,
            row.key_area,
            row.statement,
            row.level_name or "No level",
            row.basis_words,
            "; ".join(
                f"{found.label}: {found.level_name} ({found.relation} this)"
                for found in row.came_from
            ),
            "; ".join(row.waiting_on),
        ]
        for theme, rows in projection.themes
        for row in rows
    ]


def about_rows(projection: Projection, *, council: str, round: str, day) -> list[list[str]]:
    """The first sheet: whose answers, when, and how the levels were found."""
    coverage = projection.coverage
    rows = [
        ["Council", council],
        ["Round", f"{round} self-assessment, on {projection.source}"],
        ["Seen against", capfirst(projection.target_long_name)],
        ["Date", govuk_date(day)],
        ["Given a level", f"{coverage.with_a_level} of {coverage.total}"],
        ["Decided by your answers", coverage.full],
        ["Check this: only partly covered", coverage.partial],
        ["Mapped, not answered yet", coverage.unanswered],
        [f"Not covered by {projection.source}", coverage.unmapped],
    ]
    rows += [
        ["How the levels were found" if i == 0 else "", s] for i, s in enumerate(projection.rule)
    ]
    if projection.draft_words:
        rows.append(["Draft", projection.draft_words])
    return rows


def projection_xlsx(projection: Projection, *, council: str, round: str, day) -> bytes:
    """The workbook: a sheet saying whose it is and how it was found, then the table."""
    workbook = Workbook()
    about = workbook.active
    about.title = "About"
    for row in about_rows(projection, council=council, round=round, day=day):
        about.append([_cell(value) for value in row])
    _style(about, {"A": 34, "B": 90}, bold_column=True)
    table = workbook.create_sheet(projection.target[:31])
    columns = header(projection)
    table.append(columns)
    for row in table_rows(projection):
        table.append([_cell(value) for value in row])
    widths = {chr(65 + i): WIDTHS.get(name, 40) for i, name in enumerate(columns)}
    _style(table, widths, bold_header=True)
    table.freeze_panes = "A2"
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def projection_csv(projection: Projection, *, council: str, round: str, day) -> bytes:
    """The table alone as CSV (UTF-8 with a byte-order mark, so that Excel reads it)."""
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(header(projection))
    for row in table_rows(projection):
        writer.writerow([neutralise_formula(value) for value in row])
    return text.getvalue().encode("utf-8-sig")


def filename(assessment, framework, format: str) -> str:
    """For example stockport-2026-27-as-cciaf.xlsx."""
    parts = [assessment.council.name, assessment.round.name, "as", framework.name]
    return f"{slugify(' '.join(parts).replace('/', ' '))}.{format}"


def _cell(value):
    if isinstance(value, str):
        return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, datetime.date):
        return govuk_date(value)
    return value


def _style(sheet, widths: dict, *, bold_header=False, bold_column=False) -> None:
    # As the framework's spreadsheet is styled: bold headings, wrapped text at the top of its cell.
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if (bold_header and cell.row == 1) or (bold_column and cell.column == 1):
                cell.font = Font(bold=True)
