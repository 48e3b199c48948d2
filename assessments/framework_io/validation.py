"""Turning the rows of a framework spreadsheet into FrameworkData, collecting every problem."""

import re

from django.core.validators import slug_re
from django.utils.text import slugify

from assessments.framework_io.data import (
    COLUMNS,
    LEVEL_COLUMNS,
    REQUIRED_COLUMNS,
    FrameworkData,
    FrameworkImportError,
    KeyAreaData,
    Problem,
    StatementData,
    ThemeData,
)
from assessments.models import GUIDANCE_MAX_LENGTH, Level, Theme

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
MAX_LENGTHS = {
    "framework": 100,
    "theme": 150,
    "key_area": 150,
    "statement_code": 20,
    **dict.fromkeys(
        ["key_area_description", "what_it_is", "why_it_is_important", "statement"],
        GUIDANCE_MAX_LENGTH,
    ),
    **dict.fromkeys(LEVEL_COLUMNS, GUIDANCE_MAX_LENGTH),
}
# Columns repeated on every row of a key area, and the KeyAreaData attribute each fills.
KEY_AREA_FIELDS = {
    "key_area": "name",
    "key_area_description": "description",
    "what_it_is": "what_it_is",
    "why_it_is_important": "why_it_is_important",
    "draft_wording": "is_draft_wording",
}


def header_problems(
    header: list[str], *, required=REQUIRED_COLUMNS, known=COLUMNS
) -> list[Problem]:
    """Missing, unknown and repeated columns of a header row (a framework's by default)."""
    problems = [
        Problem("The column is missing; add it to the first row", row=1, column=column)
        for column in required
        if column not in header
    ]
    seen = set()
    for name in header:
        if name and name not in known:
            problems.append(
                Problem("Remove this column, or name it as in an exported file", 1, name)
            )
        elif name and name in seen:
            problems.append(Problem("The column appears twice; keep one of them", 1, name))
        seen.add(name)
    return problems


def framework_from_table(header: list[str], rows: list[tuple[int, dict]]) -> FrameworkData:
    """The framework a spreadsheet describes; raises FrameworkImportError listing every problem."""
    problems = header_problems(header)
    if not problems and not rows:
        problems.append(Problem("Add a row for each statement under the header row", row=2))
    if problems:
        raise FrameworkImportError(problems)
    first_row, name = next(
        ((number, row["framework"]) for number, row in rows if row.get("framework")), (2, "")
    )
    builder = _Builder(name, first_row)
    for number, row in rows:
        builder.add(number, row)
    if builder.problems:
        raise FrameworkImportError(builder.problems)
    return builder.framework


class _Builder:
    """Accumulates rows into themes, key areas and statements, noting what does not fit."""

    def __init__(self, framework_name: str, first_row: int):
        year = re.search(r"\b(19|20)\d\d\b", framework_name)
        self.framework = FrameworkData(
            name=framework_name,
            slug=slugify(framework_name),
            year=int(year.group()) if year else None,
            row=first_row,
        )
        self.first_row = first_row
        self.problems: list[Problem] = []
        self.themes: dict[str, tuple[int, ThemeData]] = {}
        self.key_areas: dict[tuple[str, str], tuple[int, KeyAreaData]] = {}
        self.codes: dict[str, int] = {}

    def problem(self, number, column, message):
        self.problems.append(Problem(message, row=number, column=column))

    def add(self, number: int, row: dict) -> None:
        count = len(self.problems)
        self._check_cells(number, row)
        theme = self._theme(number, row)
        key_area = self._key_area(number, row, theme) if theme else None
        statement = self._statement(number, row)
        if key_area and statement and len(self.problems) == count:
            key_area.statements.append(statement)

    def _check_cells(self, number, row):
        for column in ["framework", "theme", "key_area", "statement_code"]:
            if not row.get(column):
                self.problem(number, column, f"Enter the {column.replace('_', ' ')}")
        for column, limit in MAX_LENGTHS.items():
            if len(row.get(column, "")) > limit:
                self.problem(number, column, f"Shorten this to {limit:,} characters or fewer")
        if row.get("framework") and row["framework"] != self.framework.name:
            self.problem(
                number,
                "framework",
                f"Every row must name the same framework as row {self.first_row}: "
                f"'{self.framework.name}'",
            )
        if row.get("framework") and not self.framework.slug:
            self.problem(number, "framework", "Name the framework with letters or digits")

    def _theme(self, number, row) -> ThemeData | None:
        # An empty kind keeps an existing theme's kind (a new theme is a theme, not an enabler).
        kind = row.get("theme_kind", "").lower() or None
        if kind is not None and kind not in Theme.Kind.values:
            self.problem(number, "theme_kind", "Enter 'theme' or 'enabler'")
        key = self._key(number, row, "theme_key", "theme")
        if not key:
            return None
        data = ThemeData(key=key, name=row["theme"], kind=kind)
        return self._same_as_before(number, self.themes, key, data, {"theme": "name"})

    def _key_area(self, number, row, theme) -> KeyAreaData | None:
        key = self._key(number, row, "key_area_key", "key_area")
        draft = (row.get("draft_wording") or "").lower()
        if draft not in YES | NO:
            self.problem(number, "draft_wording", "Enter 'yes' or 'no'")
        if not key:
            return None
        data = KeyAreaData(
            key=key,
            name=row["key_area"],
            description=row.get("key_area_description", ""),
            what_it_is=row.get("what_it_is", ""),
            why_it_is_important=row.get("why_it_is_important", ""),
            is_draft_wording=draft in YES,
        )
        existing = self._same_as_before(
            number, self.key_areas, (theme.key, key), data, KEY_AREA_FIELDS
        )
        if existing is data:
            theme.key_areas.append(data)
        return existing

    def _statement(self, number, row) -> StatementData | None:
        code = row.get("statement_code", "")
        if code in self.codes:
            self.problem(
                number,
                "statement_code",
                f"{code} is already used on row {self.codes[code]}; "
                "give each statement its own code",
            )
            return None
        if code:
            self.codes[code] = number
        descriptors = {level: row.get(column, "") for column, level in LEVEL_COLUMNS.items()}
        if any(descriptors.values()):
            for column, level in LEVEL_COLUMNS.items():
                if not descriptors[level]:
                    label = Level(level).label
                    self.problem(
                        number,
                        column,
                        f"Enter the {label} descriptor, or leave all five levels "
                        "empty for a statement that is not described yet",
                    )
        descriptors = {level: text for level, text in descriptors.items() if text}
        return StatementData(
            code=code, text=row.get("statement", ""), descriptors=descriptors, row=number
        )

    def _key(self, number, row, key_column, name_column) -> str:
        key = row.get(key_column) or slugify(row.get(name_column, ""))
        if row.get(name_column) and not (slug_re.match(key) and len(key) <= 100):
            column = key_column if row.get(key_column) else name_column
            self.problem(
                number,
                column,
                "Use only letters, digits, hyphens and underscores in the key, "
                "at most 100 characters",
            )
            return ""
        return key

    def _same_as_before(self, number, seen: dict, key, data, fields: dict):
        """The object first seen under this key; reports cells that contradict it."""
        if key not in seen:
            seen[key] = (number, data)
            if isinstance(data, ThemeData):
                self.framework.themes.append(data)
            return data
        first_row, first = seen[key]
        for column, attribute in fields.items():
            if getattr(first, attribute) != getattr(data, attribute):
                self.problem(
                    number,
                    column,
                    f"Differs from row {first_row}; "
                    "give it the same text on every row of the same theme or key area",
                )
        if isinstance(first, ThemeData) and first.kind != data.kind:
            self.problem(number, "theme_kind", f"Differs from row {first_row} for the same theme")
        return first
