"""Peer statistics over plain lists of levels: spread, small-group suppression, standing among
similar councils, trend."""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from assessments.scoring import LEVEL_NAMES

# A peer group smaller than this is never shown, so that no council can be picked out of it.
MIN_PEER_GROUP = 5
LOWEST, HIGHEST = min(LEVEL_NAMES), max(LEVEL_NAMES)


@dataclass(frozen=True)
class Spread:
    """The five-number summary of a group's levels."""

    count: int
    minimum: float
    lower_quartile: float
    median: float
    upper_quartile: float
    maximum: float


@dataclass(frozen=True)
class PeerGroup:
    """A named group of peers: its spread, or why it is hidden."""

    label: str
    count: int
    spread: Spread | None
    hidden_reason: str = ""

    @property
    def is_hidden(self) -> bool:
        return self.spread is None

    @property
    def words(self) -> str:
        """The spread in words for a table cell, or that the group is not shown."""
        if self.spread is None:
            return f"Not shown (fewer than {MIN_PEER_GROUP} councils)"
        return spread_words(self.spread)


@dataclass(frozen=True)
class Trend:
    """How a level moved between two rounds, in an arrow and in words."""

    direction: str  # "up", "down", "same" or "new"
    arrow: str
    words: str


def spread(levels: Sequence[float]) -> Spread:
    """Minimum, quartiles (inclusive method), median and maximum of at least one level."""
    if not levels:
        raise ValueError("A spread needs at least one level.")
    values = sorted(levels)
    if len(values) == 1:
        only = values[0]
        return Spread(1, only, only, only, only, only)
    lower, middle, upper = statistics.quantiles(values, n=4, method="inclusive")
    return Spread(len(values), values[0], lower, middle, upper, values[-1])


def figure(value: float) -> str:
    """A level as written in a table: 2, or 2.5 (never 2.0)."""
    return f"{value:g}"


def level_span(low: float, high: float) -> str:
    """Two levels by name as a span ("Developing to Mature"), or one name when they share it."""
    first, last = level_name(low), level_name(high)
    return first if first == last else f"{first} to {last}"


def spread_words(s: Spread) -> str:
    """The spread in words councillors use: "Most: Developing to Mature. All: Minimum to Leader."
    ("most" is the middle half: the highest and lowest quarters left out)."""
    return (
        f"Most: {level_span(s.lower_quartile, s.upper_quartile)}. "
        f"All: {level_span(s.minimum, s.maximum)}."
    )


class Standing(StrEnum):
    """Where a council's level sits among similar councils."""

    ABOVE = "above", "Above most similar councils"
    IN_LINE = "in_line", "In line with most similar councils"
    BELOW = "below", "Below most similar councils"
    NOT_ASSESSED = "not_assessed", "Not assessed"
    NO_PEERS = "no_peers", "Too few similar councils to compare"

    def __new__(cls, value: str, words: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.words = words
        return member


def standing(level: float | None, s: Spread | None) -> Standing:
    """Above most similar councils when the level is above the middle half of theirs (over the
    upper quartile), below most when under it, otherwise in line with them."""
    if level is None:
        return Standing.NOT_ASSESSED
    if s is None:
        return Standing.NO_PEERS
    if level > s.upper_quartile:
        return Standing.ABOVE
    if level < s.lower_quartile:
        return Standing.BELOW
    return Standing.IN_LINE


def hidden_reason(count: int) -> str:
    """Why a group of this size is not shown, or "" when it may be."""
    if count >= MIN_PEER_GROUP:
        return ""
    if count == 0:
        return "No council in this group has an approved assessment for this round yet."
    councils = "council has" if count == 1 else "councils have"
    return (
        f"Only {count} {councils} an approved assessment in this group. Groups of fewer than "
        f"{MIN_PEER_GROUP} are not shown, so that no council can be identified."
    )


def peer_group(label: str, levels: Iterable[float | None]) -> PeerGroup:
    """The group's spread, or the reason it is hidden when fewer than MIN_PEER_GROUP answered."""
    known = [level for level in levels if level is not None]
    reason = hidden_reason(len(known))
    if reason:
        return PeerGroup(label=label, count=len(known), spread=None, hidden_reason=reason)
    return PeerGroup(label=label, count=len(known), spread=spread(known))


def level_name(level: float | None) -> str:
    """The level's name (Mature), the nearest one for a fractional level, or "Not assessed"."""
    if level is None:
        return "Not assessed"
    return LEVEL_NAMES[min(max(round(level), LOWEST), HIGHEST)]


def trend(previous: float | None, current: float | None) -> Trend:
    """The move from last round's level to this round's, with an arrow and words."""
    if current is None:
        return Trend("new", "–", "Not assessed this round")
    if previous is None:
        return Trend("new", "–", f"New this round: {level_name(current)}")
    if current > previous:
        return Trend("up", "↑", f"Up from {level_name(previous)} to {level_name(current)}")
    if current < previous:
        return Trend("down", "↓", f"Down from {level_name(previous)} to {level_name(current)}")
    return Trend("same", "→", f"No change: {level_name(current)}")
