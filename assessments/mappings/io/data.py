"""Plain values a mapping file becomes before it touches the database."""

from dataclasses import dataclass, field

from assessments.models import MappingLink

# The spreadsheet format (docs: README "Mappings"): one row per link, read "source <relation>
# target". The *_statement columns are for people reading the file; the import ignores them.
COLUMNS = [
    "source_framework",
    "source_code",
    "source_statement",
    "relation",
    "target_framework",
    "target_code",
    "target_statement",
    "note",
]
REQUIRED_COLUMNS = [
    "source_framework",
    "source_code",
    "relation",
    "target_framework",
    "target_code",
]
# The words a file may use for each relation (compared lower case, "_" read as a space).
RELATION_WORDS = {
    "same": MappingLink.Relation.SAME,
    "the same as": MappingLink.Relation.SAME,
    "part of": MappingLink.Relation.PART_OF,
    "contains": MappingLink.Relation.CONTAINS,
    "overlaps": MappingLink.Relation.OVERLAPS,
}
# How an export writes each relation: the first, shortest word above.
RELATION_CELLS = {
    MappingLink.Relation.SAME: "same",
    MappingLink.Relation.PART_OF: "part of",
    MappingLink.Relation.CONTAINS: "contains",
    MappingLink.Relation.OVERLAPS: "overlaps",
}


@dataclass(frozen=True)
class LinkData:
    """One row of the file: two statements (by id, with their codes) and how they relate."""

    source_id: int
    target_id: int
    relation: str  # a MappingLink.Relation value
    note: str = ""
    row: int | None = None


@dataclass
class MappingData:
    """The mapping a file describes: its two frameworks (by id) and every link."""

    source_id: int
    target_id: int
    source_name: str
    target_name: str
    links: list[LinkData] = field(default_factory=list)

    @property
    def pair(self) -> str:
        return f"{self.source_name} to {self.target_name}"
