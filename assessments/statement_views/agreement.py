"""Pure rules about colleagues' views of a statement (no database)."""

from collections.abc import Iterable

from assessments.scoring import LEVEL_NAMES

# Views this many levels apart (or more) need a reason for the level the council agrees.
APART = 2


def views_apart(levels: Iterable[int]) -> bool:
    """Whether the views' levels are two or more apart (highest less lowest)."""
    levels = list(levels)
    return bool(levels) and max(levels) - min(levels) >= APART


def spread_words(levels: Iterable[int]) -> str:
    """The views in words, lowest level first: "3 views: Developing, Developing, Leader"."""
    levels = sorted(levels)
    if not levels:
        return "No views yet"
    noun = "view" if len(levels) == 1 else "views"
    return f"{len(levels)} {noun}: {', '.join(LEVEL_NAMES[level] for level in levels)}"
