"""Server-side SVG charts: pure geometry and markup, each with a title, a description and a summary.

Charts are drawn here rather than with pygal so that the markup is small, crisp at any size, carries
`role="img"` with `<title>` and `<desc>` (WeasyPrint turns the title into the PDF figure's alt text)
and needs no JavaScript or web fonts. Every text placed in the markup is escaped here, so a
template may show `svg` as it is (`|safe`).
"""

import functools
import math
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from assessments.dashboards.peers import level_name

LEVELS = (1, 2, 3, 4, 5)
# GOV.UK palette: dark blue for the current level, orange (dashed) for the target.
CURRENT_COLOUR = "#1d70b8"
TARGET_COLOUR = "#d4351c"
# A ramp from light to dark so that level order reads without telling hues apart.
LEVEL_COLOURS = ("#d2e2f1", "#8eb8dc", "#5694ca", "#1d70b8", "#003078")
LEVEL_TEXT_COLOURS = ("#0b0c0c", "#0b0c0c", "#0b0c0c", "#ffffff", "#ffffff")
FONT = 'font-family="Arial, Helvetica, sans-serif"'


@dataclass(frozen=True)
class Chart:
    """An SVG chart ready to place inline, with the same content in words."""

    title: str
    summary: str
    svg: str  # markup whose every text is escaped


def polar_point(
    index: int, count: int, value: float, *, radius: float, centre: tuple[float, float]
) -> tuple[float, float]:
    """Where `value` (0–5) lies on spoke `index` of `count`, the first spoke pointing up."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = radius * max(0.0, min(value, 5.0)) / 5.0
    return (
        round(centre[0] + distance * math.cos(angle), 2),
        round(centre[1] + distance * math.sin(angle), 2),
    )


def polygon_points(
    values: Sequence[float | None], *, radius: float, centre: tuple[float, float]
) -> str:
    """The `points` attribute of a radar polygon; a missing value sits at the centre."""
    count = len(values)
    points = [
        polar_point(i, count, value or 0, radius=radius, centre=centre)
        for i, value in enumerate(values)
    ]
    return " ".join(f"{x:g},{y:g}" for x, y in points)


def label_anchor(x: float, centre_x: float) -> str:
    """How a spoke's label is aligned: away from the centre, or centred near the vertical."""
    if abs(x - centre_x) < 1:
        return "middle"
    return "start" if x > centre_x else "end"


def wrap_label(text: str, width: int = 18) -> list[str]:
    """A long key-area name broken into short lines for a spoke label."""
    return textwrap.wrap(text, width) or [""]


def label_lift(lines: int, size: int, vertical: str) -> float:
    """How far the first line of a label moves up so the block sits above, around or below y."""
    extra = (lines - 1) * size * 1.2
    return {"above": -extra, "middle": -extra / 2, "below": 0.0}[vertical]


def _text(
    x: float, y: float, lines: list[str], anchor: str, size: int = 12, vertical: str = "middle"
) -> str:
    first_dy = label_lift(len(lines), size, vertical)
    spans = "".join(
        f'<tspan x="{x:g}" dy="{first_dy if i == 0 else size * 1.2:g}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" font-size="{size}" '
        f'{FONT} fill="#0b0c0c">{spans}</text>'
    )


def _svg(width: int, height: int, slug: str, title: str, desc: str, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        f'aria-labelledby="{slug}-title {slug}-desc">'
        f'<title id="{slug}-title">{escape(title)}</title>'
        f'<desc id="{slug}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def radar_summary(
    labels: Sequence[str], current: Sequence[float | None], target: Sequence[float | None]
) -> str:
    """The radar's content in words: each key area's current and target level."""
    parts = [
        f"{label}: current {level_name(now)}, target {level_name(aim)}"
        for label, now, aim in zip(labels, current, target, strict=True)
    ]
    return "; ".join(parts) + "." if parts else "No key areas to show."


# The grid and the spoke labels depend only on the framework's key areas, the same for every
# council: drawn once per process, leaving only the two polygons to draw per chart.
@functools.lru_cache(maxsize=32)
def _radar_grid(count: int, radius: float, centre: tuple[float, float]) -> str:
    rings = "".join(
        f'<polygon points="{polygon_points([level] * count, radius=radius, centre=centre)}" '
        f'fill="none" stroke="#b1b4b6" stroke-width="1"/>'
        for level in LEVELS
    )
    spokes = "".join(
        f'<line x1="{centre[0]:g}" y1="{centre[1]:g}" x2="{x:g}" y2="{y:g}" stroke="#b1b4b6"/>'
        for x, y in (polar_point(i, count, 5, radius=radius, centre=centre) for i in range(count))
    )
    ticks = "".join(
        f'<text x="{centre[0] + 4:g}" y="{centre[1] - radius * level / 5 + 4:g}" font-size="10" '
        f'{FONT} fill="#505a5f">{level}</text>'
        for level in LEVELS
    )
    return rings + spokes + ticks


@functools.lru_cache(maxsize=32)
def _radar_labels(labels: tuple[str, ...], radius: float, centre: tuple[float, float]) -> str:
    count = len(labels)
    out = []
    for i, label in enumerate(labels):
        # Just beyond the outer ring, on the spoke's line.
        x, y = polar_point(i, count, 5, radius=radius + 14, centre=centre)
        vertical = "above" if y < centre[1] - radius * 0.9 else "middle"
        if y > centre[1] + radius * 0.9:
            vertical, y = "below", y + 8
        out.append(_text(x, y + 4, wrap_label(label), label_anchor(x, centre[0]), 12, vertical))
    return "".join(out)


def _legend(x: float, y: float) -> str:
    return (
        f'<line x1="{x:g}" y1="{y:g}" x2="{x + 28:g}" y2="{y:g}" stroke="{CURRENT_COLOUR}" '
        f'stroke-width="3"/>'
        f'<text x="{x + 34:g}" y="{y + 4:g}" font-size="12" {FONT}>Current level</text>'
        f'<line x1="{x + 140:g}" y1="{y:g}" x2="{x + 168:g}" y2="{y:g}" stroke="{TARGET_COLOUR}" '
        f'stroke-width="3" stroke-dasharray="6 4"/>'
        f'<text x="{x + 174:g}" y="{y + 4:g}" font-size="12" {FONT}>Target level</text>'
    )


def radar_chart(
    labels: Sequence[str],
    current: Sequence[float | None],
    target: Sequence[float | None],
    *,
    title: str = "Current and target level by key area",
    slug: str = "radar",
) -> Chart:
    """A radar of current (solid) against target (dashed) level, one spoke per key area."""
    summary = radar_summary(labels, current, target)
    width, height, radius = 640, 520, 170
    centre = (width / 2, height / 2 - 6)
    count = len(labels)
    body = ""
    if count:
        body = (
            _radar_grid(count, radius, centre)
            + f'<polygon points="{polygon_points(target, radius=radius, centre=centre)}" '
            f'fill="none" stroke="{TARGET_COLOUR}" stroke-width="3" stroke-dasharray="6 4"/>'
            + f'<polygon points="{polygon_points(current, radius=radius, centre=centre)}" '
            f'fill="{CURRENT_COLOUR}" fill-opacity="0.2" stroke="{CURRENT_COLOUR}" '
            f'stroke-width="3"/>' + _radar_labels(tuple(labels), radius, centre)
        )
    body += _legend(width / 2 - 120, height - 12)
    return Chart(title=title, summary=summary, svg=_svg(width, height, slug, title, summary, body))


def distribution_summary(rows: Sequence[tuple[str, Mapping[int, int]]]) -> str:
    """The stacked bars' content in words: how many councils are at each level per key area."""
    parts = []
    for label, counts in rows:
        total = sum(counts.get(level, 0) for level in LEVELS)
        levels = ", ".join(f"{level_name(lv)} {counts.get(lv, 0)}" for lv in LEVELS)
        parts.append(f"{label} ({total} councils): {levels}")
    return "; ".join(parts) + "." if parts else "No approved assessments to show."


def bar_segments(counts: Mapping[int, int], width: float) -> list[tuple[int, float, float, int]]:
    """(level, x offset, width, count) of each non-empty segment of one 100% stacked bar."""
    total = sum(counts.get(level, 0) for level in LEVELS)
    segments, offset = [], 0.0
    if not total:
        return segments
    for level in LEVELS:
        count = counts.get(level, 0)
        if count:
            share = round(width * count / total, 2)
            segments.append((level, round(offset, 2), share, count))
            offset += share
    return segments


def _bar_row(y: float, label: str, counts: Mapping[int, int], x0: float, width: float) -> str:
    out = [_text(x0 - 8, y + 15, wrap_label(label, 28), "end", size=12)]
    for level, offset, share, count in bar_segments(counts, width):
        colour, ink = LEVEL_COLOURS[level - 1], LEVEL_TEXT_COLOURS[level - 1]
        out.append(
            f'<rect x="{x0 + offset:g}" y="{y:g}" width="{share:g}" height="24" fill="{colour}" '
            f'stroke="#ffffff" stroke-width="1"><title>{escape(label)}: {count} at '
            f"{level_name(level)}</title></rect>"
        )
        if share >= 22:  # room for the figure inside the segment
            out.append(
                f'<text x="{x0 + offset + share / 2:g}" y="{y + 16:g}" text-anchor="middle" '
                f'font-size="11" {FONT} fill="{ink}">{count}</text>'
            )
    return "".join(out)


def _level_legend(x: float, y: float) -> str:
    out = []
    for i, level in enumerate(LEVELS):
        left = x + i * 96
        out.append(
            f'<rect x="{left:g}" y="{y - 10:g}" width="14" height="14" '
            f'fill="{LEVEL_COLOURS[level - 1]}" stroke="#0b0c0c" stroke-width="0.5"/>'
            f'<text x="{left + 18:g}" y="{y + 2:g}" font-size="11" {FONT}>'
            f"{level} {level_name(level)}</text>"
        )
    return "".join(out)


def stacked_bars(
    rows: Sequence[tuple[str, Mapping[int, int]]],
    *,
    title: str = "Councils at each level, by key area",
    slug: str = "distribution",
) -> Chart:
    """One 100% stacked bar per key area: the share of councils at each level, light to dark."""
    summary = distribution_summary(rows)
    x0, bar_width, row_height = 200, 470, 34
    width, height = 680, 40 + row_height * len(rows) + 20
    body = _level_legend(x0, 18) + "".join(
        _bar_row(40 + i * row_height, label, counts, x0, bar_width)
        for i, (label, counts) in enumerate(rows)
    )
    return Chart(title=title, summary=summary, svg=_svg(width, height, slug, title, summary, body))
