"""Rounds on different frameworks compared through a mapping: an earlier assessment's levels shown
on the current framework's key areas, and the sentence that says so wherever it is done.

Each statement's level comes from the one rule (mappings.selectors.implied_levels), each key area's
from the statements' by scoring.key_area_level. Key areas the mapping does not reach are "not
comparable", never a drop. A fixed number of queries whatever the number of assessments.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from assessments.dashboards import peers
from assessments.mappings.projection import Basis, Implied
from assessments.mappings.selectors import (
    implied_levels,
    links_between,
    mapping_is_draft,
    statements_of,
)
from assessments.models import Answer, Framework, KeyArea, MappingLink
from assessments.scoring import key_area_level


@dataclass(frozen=True, kw_only=True)
class Earlier:
    """A key area's level in an earlier round, as shown beside the current round's."""

    level: int | None
    comparable: bool = True
    partly: bool = False  # only part of the key area is mapped: the level rests on that part


NOT_COMPARABLE = Earlier(level=None, comparable=False)


@dataclass(kw_only=True)
class Projection:
    """Assessments on one framework shown on another's key areas, and how far the mapping
    reaches them."""

    source: Framework
    target: Framework
    is_draft: bool
    levels: dict[int, dict[int, Earlier]] = field(default_factory=dict)  # assessment, key area
    unmapped: set[int] = field(default_factory=set)  # target key areas with no counterpart
    partly: set[int] = field(default_factory=set)  # target key areas only partly mapped

    def note(self, round_name: str, key_areas: list[KeyArea]) -> "Note":
        """What a reader is told where the rounds are compared through the mapping."""
        mapping = "a drafted mapping" if self.is_draft else "a mapping"
        main = (
            f"{round_name} was assessed on {self.source.name}. Its levels are shown on "
            f"{self.target.name} through {mapping}"
        )
        unmapped = [ka.name for ka in key_areas if ka.pk in self.unmapped]
        partly = [ka.name for ka in key_areas if ka.pk in self.partly]
        if unmapped:
            main += f"; {counted(unmapped)} {verb(unmapped, 'has', 'have')} no counterpart"
        partly_words = (
            f"{counted(partly)} {verb(partly, 'is', 'are')} only partly mapped, so "
            f"{verb(partly, 'its', 'their')} earlier level is marked “partly mapped”."
            if partly
            else ""
        )
        return Note(main=f"{main}.", partly=partly_words, is_draft=self.is_draft)


@dataclass(frozen=True)
class Note:
    """The sentence saying a round on another framework is shown through a mapping (`main`),
    which key areas are only partly mapped, and whether the mapping is the drafted one."""

    main: str
    partly: str
    is_draft: bool

    def __str__(self) -> str:
        return f"{self.main} {self.partly}".strip()


def counted(names: list[str]) -> str:
    """ "1 key area (Adding value)", "2 key areas (A, B)"."""
    return f"{len(names)} key area{'' if len(names) == 1 else 's'} ({', '.join(names)})"


def verb(names: list[str], one: str, many: str) -> str:
    return one if len(names) == 1 else many


def statement_levels(assessment_ids) -> dict[int, dict[int, int | None]]:
    """Each assessment's current level per statement, in one query."""
    levels: dict[int, dict[int, int | None]] = {pk: {} for pk in assessment_ids}
    rows = Answer.objects.filter(assessment__in=list(levels), statement__is_retired=False)
    for assessment, statement, level in rows.values_list(
        "assessment_id", "statement_id", "current_level"
    ):
        levels[assessment][statement] = level
    return levels


def project(
    levels: dict[int, dict[int, int | None]], *, source: Framework, target: Framework
) -> Projection | None:
    """Each assessment's levels (by statement, on `source`) shown on `target`'s key areas, or None
    when no mapping joins the two frameworks."""
    links = links_between(source, target)
    if not links:
        return None
    statements = list(statements_of(target))
    projection = Projection(source=source, target=target, is_draft=mapping_is_draft(source, target))
    for assessment, answered in levels.items():
        implied = implied_levels(
            answered, source=source, target=target, links=links, statements=statements
        )
        by_key_area: dict[int, list[Implied]] = defaultdict(list)
        for statement in statements:
            by_key_area[statement.key_area_id].append(implied[statement.pk])
        projection.levels[assessment] = {
            key_area: earlier_level(found) for key_area, found in by_key_area.items()
        }
    for shown in projection.levels.values():
        projection.unmapped |= {pk for pk, earlier in shown.items() if not earlier.comparable}
        projection.partly |= {pk for pk, earlier in shown.items() if earlier.partly}
    return projection


def earlier_level(implied: list[Implied]) -> Earlier:
    """A key area's level from its statements' implied levels: not comparable when none is
    mapped, else the key area's level over the mapped ones, partly mapped when some are not or
    rest on partial links."""
    reached = [found for found in implied if found.basis != Basis.UNMAPPED]
    if not reached:
        return NOT_COMPARABLE
    partly = len(reached) < len(implied) or any(found.needs_checking for found in reached)
    return Earlier(level=key_area_level([found.level for found in reached]), partly=partly)


def mapping_version(source: Framework, target: Framework) -> str:
    """A fingerprint of the links joining two frameworks, which changes whenever a link is added,
    removed or changed: figures projected through them are cached under it."""
    links = MappingLink.objects.filter(
        mapping__source__in=[source, target], mapping__target__in=[source, target]
    ).order_by("pk")
    rows = links.values_list("pk", "source_id", "target_id", "relation", "mapping__is_draft")
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def move(earlier: Earlier | None, current: int | None, *, source: str = "") -> peers.Trend:
    """The move since an earlier round, which may have been on another framework (`source`): a
    key area the mapping does not reach is not comparable (never a drop), one partly mapped is
    marked."""
    if earlier is not None and not earlier.comparable:
        return peers.Trend("new", "–", f"Not comparable: no counterpart in {source}")
    moved = peers.trend(earlier.level if earlier else None, current)
    if earlier is not None and earlier.partly and earlier.level is not None:
        return peers.Trend(moved.direction, moved.arrow, f"{moved.words} (partly mapped)")
    return moved


def earlier_words(earlier: Earlier | None) -> str:
    """A key area's earlier level in a table cell."""
    if earlier is not None and not earlier.comparable:
        return "Not comparable"
    name = peers.level_name(earlier.level if earlier else None)
    return f"{name} (partly mapped)" if earlier and earlier.partly else name
