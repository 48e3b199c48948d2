"""Plain values a framework file becomes before it touches the database, and its problems."""

from dataclasses import dataclass, field

from assessments.models import Level

# The spreadsheet format: one row per statement. Key columns are optional (derived from the names).
LEVEL_COLUMNS = {level.label.lower(): level.value for level in Level}
COLUMNS = [
    "framework",
    "theme_key",
    "theme",
    "theme_kind",
    "key_area_key",
    "key_area",
    "key_area_description",
    "what_it_is",
    "why_it_is_important",
    "statement_code",
    "statement",
    *LEVEL_COLUMNS,
    "draft_wording",
]
REQUIRED_COLUMNS = ["framework", "theme", "key_area", "statement_code", *LEVEL_COLUMNS]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a framework file, where the person fixing it will look for it."""

    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self):
        where = []
        if self.row is not None:
            where.append(f"Row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where) or 'File'}: {self.message}"


class FrameworkImportError(Exception):
    """A framework file that cannot be applied; carries every problem found."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass
class StatementData:
    code: str
    text: str = ""
    # Level value to text; empty until the statement is described (enablers, for now).
    descriptors: dict[int, str] = field(default_factory=dict)
    row: int | None = None


@dataclass
class KeyAreaData:
    key: str
    name: str
    description: str = ""
    what_it_is: str = ""
    why_it_is_important: str = ""
    is_draft_wording: bool = False
    statements: list[StatementData] = field(default_factory=list)


@dataclass
class ThemeData:
    key: str
    name: str
    kind: str | None = "theme"  # None keeps the stored kind
    key_areas: list[KeyAreaData] = field(default_factory=list)


@dataclass
class FrameworkData:
    name: str
    slug: str
    # Needed only to create the framework; the spreadsheet takes it from the name ("NPS 2022").
    year: int | None = None
    # None leaves the stored value as it is (a spreadsheet carries none of these).
    title: str | None = None
    is_current: bool | None = None
    family: str | None = None
    description: str | None = None
    is_draft: bool | None = None
    themes: list[ThemeData] = field(default_factory=list)
    row: int | None = None
