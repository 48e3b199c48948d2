"""Writing a mapping as the spreadsheet the import reads back (CSV, or XLSX with one sheet)."""

import csv

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font

from assessments.framework_io.spreadsheet import neutralise_formula
from assessments.mappings.io.data import COLUMNS, RELATION_CELLS
from assessments.models import Mapping

SHEET = "Mapping"
COLUMN_WIDTHS = {"source_code": 12, "target_code": 12, "relation": 12, "source_framework": 14}


def mapping_rows(mapping: Mapping) -> list[dict[str, str]]:
    """One row per link, in the source framework's order, as the import reads them."""
    links = mapping.links.select_related("source__key_area", "target__key_area")
    return [
        {
            "source_framework": mapping.source.name,
            "source_code": link.source.code,
            "source_statement": link.source.label,
            "relation": RELATION_CELLS[link.relation],
            "target_framework": mapping.target.name,
            "target_code": link.target.code,
            "target_statement": link.target.label,
            "note": link.note,
        }
        for link in links.order_by(*MAPPING_ORDER)
    ]


MAPPING_ORDER = [
    "source__key_area__theme__order",
    "source__key_area__order",
    "source__order",
    "target__key_area__theme__order",
    "target__key_area__order",
    "target__order",
]


def write_csv(rows: list[dict], stream) -> None:
    """Writes mapping rows as CSV to a text stream, formulas neutralised."""
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: neutralise_formula(row.get(column, "")) for column in COLUMNS})


def write_xlsx(rows: list[dict], stream) -> None:
    """Writes mapping rows as an XLSX workbook (one sheet, "Mapping") to a binary stream."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([_xlsx_value(row.get(column, "")) for column in COLUMNS])
    # Styled as the framework's workbook: bold header, wrapped text, the header kept in view.
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = COLUMN_WIDTHS.get(column, 40)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    workbook.save(stream)


def _xlsx_value(value: str) -> str:
    return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
