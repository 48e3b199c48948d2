"""Pure scoring rules: how complete a key area is and what level it is at (no database)."""

import math
from collections.abc import Sequence
from enum import StrEnum

# The matrix's five levels, lowest first: the one place their words are written (models.Level
# and the pure chart and peer modules read them from here).
LEVEL_NAMES = {1: "Minimum", 2: "Developing", 3: "Mature", 4: "Leader", 5: "Innovator"}
LEVELS = range(min(LEVEL_NAMES), max(LEVEL_NAMES) + 1)


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
