"""Reads of the framework: the rows of its spreadsheet, as the import reads them."""

from assessments.framework_io.data import LEVEL_COLUMNS
from assessments.models import Framework, Statement


def framework_rows(framework: Framework) -> list[dict[str, str]]:
    """One spreadsheet row per statement in use, in matrix order, as the import reads them."""
    statements = (
        Statement.objects.filter(key_area__theme__framework=framework, is_retired=False)
        .select_related("key_area__theme")
        .prefetch_related("descriptors")
        .order_by("key_area__theme__order", "key_area__order", "order")
    )
    return [_row(framework, statement) for statement in statements]


def _row(framework: Framework, statement: Statement) -> dict[str, str]:
    key_area, theme = statement.key_area, statement.key_area.theme
    texts = {descriptor.level: descriptor.text for descriptor in statement.descriptors.all()}
    return {
        "framework": framework.name,
        "theme_key": theme.key,
        "theme": theme.name,
        "theme_kind": theme.kind,
        "key_area_key": key_area.key,
        "key_area": key_area.name,
        "key_area_description": key_area.description,
        "what_it_is": key_area.what_it_is,
        "why_it_is_important": key_area.why_it_is_important,
        "statement_code": statement.code,
        "statement": statement.text,
        **{column: texts.get(level, "") for column, level in LEVEL_COLUMNS.items()},
        "draft_wording": "yes" if key_area.is_draft_wording else "no",
    }
