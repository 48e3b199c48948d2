"""Pure scoring rules: how complete a key area is and what level it is at (no database)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

# The matrix's five levels, lowest first: the one place their words are written (models.Level
# and the pure chart and peer modules read them from here).
LEVEL_NAMES = {1: "Minimum", 2: "Developing", 3: "Mature", 4: "Leader", 5: "Innovator"}
LEVELS = range(min(LEVEL_NAMES), max(LEVEL_NAMES) + 1)


@dataclass(frozen=True)
class Scale:
    """The levels of one framework family, lowest first, each with the NPS level it starts at.

    The NPS's five levels are the common scale: a level carried from one framework to another
    goes through it (`convert_level`), so each new scale is described once, against the NPS.
    """

    names: dict[int, str]
    nps_levels: dict[int, int]

    def name(self, level: int | None) -> str:
        return self.names.get(level, "") if level is not None else ""


NPS_SCALE = Scale(names=LEVEL_NAMES, nps_levels={level: level for level in LEVEL_NAMES})
# The CCIAF rates each area Not met, Good, Better or Best. Good is where the NPS's Mature begins:
# the council does it well where it matters most; Better, Leader; Best, Innovator.
CCIAF_SCALE = Scale(
    names={1: "Not met", 2: "Good", 3: "Better", 4: "Best"},
    nps_levels={1: 1, 2: 3, 3: 4, 4: 5},
)
# The NPPS has priorities, not levels: how far a council has gone with each is read on the NPS's.
SCALES = {"nps": NPS_SCALE, "cciaf": CCIAF_SCALE, "npps": NPS_SCALE}


def convert_level(level: int, *, source: Scale, target: Scale) -> int:
    """The level on the target scale that a level on the source scale reaches: the highest
    whose NPS starting point the source level has passed."""
    common = source.nps_levels[level]
    return max(value for value, start in target.nps_levels.items() if start <= common)


class Completion(StrEnum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"


def completion(levels: Sequence[int | None], *, started: bool, needs_review: bool = False):
    """Completed when every statement is rated and nothing awaits review; Not started when
    nothing has been saved; In progress otherwise."""
    if levels and all(level is not None for level in levels) and not needs_review:
        return Completion.COMPLETED
    if started or any(level is not None for level in levels):
        return Completion.IN_PROGRESS
    return Completion.NOT_STARTED


def key_area_level(levels: Sequence[int | None]) -> int | None:
    """The rounded-down mean of the statements' current levels, once every statement is rated.

    Rounding down keeps a key area from claiming a level that only some of its statements reach.
    """
    if not levels or any(level is None for level in levels):
        return None
    if any(level not in LEVELS for level in levels):
        raise ValueError(f"Levels run from 1 to 5, not {sorted(set(levels))}")
    return math.floor(sum(levels) / len(levels))


def count_completed(statuses: Sequence[Completion]) -> int:
    """How many key areas are completed."""
    return sum(1 for status in statuses if status == Completion.COMPLETED)
