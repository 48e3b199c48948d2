"""Turning the rows of a mapping spreadsheet into MappingData, collecting every problem."""

import re
from collections import defaultdict

from assessments.framework_io.data import FrameworkImportError, Problem
from assessments.framework_io.validation import header_problems as framework_header_problems
from assessments.mappings.io.data import (
    COLUMNS,
    RELATION_WORDS,
    REQUIRED_COLUMNS,
    LinkData,
    MappingData,
)
from assessments.models import GUIDANCE_MAX_LENGTH, Framework, Statement

FOUR_RELATIONS = "'same', 'part of', 'contains' or 'overlaps'"


def header_problems(header: list[str]) -> list[Problem]:
    """Missing, unknown and repeated columns of a mapping's header row."""
    return framework_header_problems(header, required=REQUIRED_COLUMNS, known=COLUMNS)


def mapping_from_table(header: list[str], rows: list[tuple[int, dict]]) -> MappingData:
    """The mapping a spreadsheet describes; raises FrameworkImportError listing every problem."""
    problems = header_problems(header)
    if not problems and not rows:
        problems.append(Problem("Add a row for each link under the header row", row=2))
    if problems:
        raise FrameworkImportError(problems)
    builder = _Builder()
    for number, row in rows:
        builder.add(number, row)
    if builder.problems or builder.data is None:
        raise FrameworkImportError(builder.problems)
    return builder.data


def relation_of(cell: str) -> str | None:
    """The relation a cell names ("Part of", "part_of"), or None."""
    return RELATION_WORDS.get(re.sub(r"[\s_]+", " ", cell.strip().lower()))


class _Builder:
    """Accumulates rows into one mapping's links, noting what does not fit."""

    def __init__(self):
        self.problems: list[Problem] = []
        self.frameworks = {f.name.lower(): f for f in Framework.objects.all()}
        self.codes: dict[int, dict[str, list[Statement]]] = {}
        self.pair: tuple[int, Framework, Framework] | None = None
        self.data: MappingData | None = None
        self.seen: dict[tuple[int, int], int] = {}

    def problem(self, number, column, message):
        self.problems.append(Problem(message, row=number, column=column))

    def add(self, number: int, row: dict) -> None:
        for column in REQUIRED_COLUMNS:
            if not row.get(column):
                self.problem(number, column, f"Enter the {column.replace('_', ' ')}")
        if len(row.get("note", "")) > GUIDANCE_MAX_LENGTH:
            self.problem(number, "note", f"Shorten this to {GUIDANCE_MAX_LENGTH:,} characters")
        relation = relation_of(row.get("relation", ""))
        if row.get("relation") and relation is None:
            self.problem(number, "relation", f"Enter one of the four relations: {FOUR_RELATIONS}")
        source = self._framework(number, row, "source_framework")
        target = self._framework(number, row, "target_framework")
        if not (source and target and self._same_pair(number, source, target)):
            return
        source_statement = self._statement(number, row, "source_code", source)
        target_statement = self._statement(number, row, "target_code", target)
        if source_statement and target_statement and relation:
            self._link(number, source_statement, target_statement, relation, row.get("note", ""))

    def _framework(self, number, row, column) -> Framework | None:
        name = row.get(column, "")
        framework = self.frameworks.get(name.lower())
        if name and framework is None:
            known = ", ".join(sorted(f.name for f in self.frameworks.values())) or "none loaded"
            self.problem(number, column, f"No framework is called '{name}'; frameworks: {known}")
        return framework

    def _same_pair(self, number, source, target) -> bool:
        if source == target:
            self.problem(
                number,
                "target_framework",
                f"A mapping joins two frameworks: the source and target are both {source.name}",
            )
            return False
        if self.pair is None:
            self.pair = (number, source, target)
            self.data = MappingData(source.pk, target.pk, source.name, target.name)
        first, first_source, first_target = self.pair
        if (source, target) != (first_source, first_target):
            self.problem(
                number,
                "source_framework" if source != first_source else "target_framework",
                f"A file holds one mapping: every row must map {first_source.name} to "
                f"{first_target.name}, as row {first} does",
            )
            return False
        return True

    def _statement(self, number, row, column, framework) -> Statement | None:
        code = row.get(column, "")
        if not code:
            return None
        found = self._codes(framework).get(code.lower(), [])
        in_use = [statement for statement in found if not statement.is_retired]
        if not found:
            self.problem(number, column, f"{framework.name} has no statement with the code {code}")
        elif not in_use:
            self.problem(
                number, column, f"{code} is retired in {framework.name}; link a statement in use"
            )
        elif len(in_use) > 1:
            places = " and ".join(statement.key_area.name for statement in in_use)
            self.problem(
                number,
                column,
                f"{code} names {len(in_use)} statements of {framework.name} (in {places}); "
                "give each its own code in the framework first",
            )
        else:
            return in_use[0]
        return None

    def _codes(self, framework) -> dict[str, list[Statement]]:
        if framework.pk not in self.codes:
            codes = defaultdict(list)
            statements = Statement.objects.filter(key_area__theme__framework=framework)
            for statement in statements.select_related("key_area"):
                codes[statement.code.lower()].append(statement)
            self.codes[framework.pk] = codes
        return self.codes[framework.pk]

    def _link(self, number, source, target, relation, note) -> None:
        key = (source.pk, target.pk)
        if key in self.seen:
            self.problem(
                number,
                "target_code",
                f"The link from {source.code} to {target.code} is already on row "
                f"{self.seen[key]}; keep one of the two rows",
            )
            return
        self.seen[key] = number
        self.data.links.append(LinkData(source.pk, target.pk, relation, note, row=number))
