"""The one rule for the level a framework's statement takes from answers to another framework's
statements, through a mapping's links (pure: plain values in, plain values out)."""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from assessments.scoring import Scale, convert_level


class Relation(StrEnum):
    """How a source statement relates to a target statement (MappingLink.Relation's values)."""

    SAME = "same"
    PART_OF = "part_of"
    CONTAINS = "contains"
    OVERLAPS = "overlaps"


# Read from the other side, "part of" is "contains": a mapping serves both directions.
INVERSE = {
    Relation.SAME: Relation.SAME,
    Relation.PART_OF: Relation.CONTAINS,
    Relation.CONTAINS: Relation.PART_OF,
    Relation.OVERLAPS: Relation.OVERLAPS,
}
# The source statement covers everything the target statement asks.
COVERS_ALL = {Relation.SAME, Relation.CONTAINS}


class Basis(StrEnum):
    """How well the answers support the implied level."""

    FULL = "full"  # a statement that covers all of this one was answered
    PARTIAL = "partial"  # only statements covering part of it, or overlapping it, were answered
    UNANSWERED = "unanswered"  # mapped, but none of the mapped statements is answered yet
    UNMAPPED = "unmapped"  # nothing in the answered framework covers it


@dataclass(frozen=True)
class LinkedAnswer:
    """One link into the target statement, and the level its source statement was given."""

    relation: Relation
    level: int | None  # on the source framework's scale; None when not answered


@dataclass(frozen=True)
class Implied:
    level: int | None  # on the target framework's scale
    basis: Basis

    @property
    def needs_checking(self) -> bool:
        return self.basis == Basis.PARTIAL


def implied_level(links: Sequence[LinkedAnswer], *, source: Scale, target: Scale) -> Implied:
    """The level a target statement takes from the answers linked to it.

    Answers to statements that cover all of it ("the same as", "contains") decide it; failing
    those, answers to statements covering part of it or overlapping it do, flagged as partial.
    Among several answers the lowest counts: a level claimed in another framework should hold for
    everything it rests on, as a key area's level does for its statements (scoring.key_area_level).
    """
    if not links:
        return Implied(level=None, basis=Basis.UNMAPPED)
    answered = [link for link in links if link.level is not None]
    full = [link.level for link in answered if link.relation in COVERS_ALL]
    partial = [link.level for link in answered]
    levels, basis = (full, Basis.FULL) if full else (partial, Basis.PARTIAL)
    if not levels:
        return Implied(level=None, basis=Basis.UNANSWERED)
    lowest = min(levels)
    return Implied(level=convert_level(lowest, source=source, target=target), basis=basis)
