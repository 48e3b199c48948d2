"""A mapping as the rows and layout of the spreadsheet the import reads back (written by the
framework spreadsheet's writers: CSV, or XLSX with one sheet)."""

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


# How a mapping's spreadsheet is laid out, for the framework spreadsheet's writers.
LAYOUT = {"columns": COLUMNS, "sheet_name": SHEET, "widths": COLUMN_WIDTHS}
