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
# A chart's narrow layout is drawn NARROW units wide and shown at its natural width, shrinking to
# 290 px on a 320 px phone: text of NARROW_TEXT units then still shows at 12.7 px, legible. The wide
# layouts are shown at their natural width or not at all (the page switches to the narrow one), so
# their smallest text, WIDE_TEXT, is the size on screen.
NARROW, NARROW_TEXT, WIDE_TEXT = 320, 14, 12
LINE = 1.2  # line height, in font sizes


@dataclass(frozen=True)
class Chart:
    """An SVG chart ready to place inline, with the same content in words."""

    title: str
    summary: str
    svg: str  # markup whose every text is escaped
    narrow_svg: str = ""  # the same chart laid out for a phone, where it has one


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
def _radar_grid(count: int, radius: float, centre: tuple[float, float], size: int) -> str:
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
        f'<text x="{centre[0] + 4:g}" y="{centre[1] - radius * level / 5 + 4:g}" '
        f'font-size="{size}" {FONT} fill="#505a5f">{level}</text>'
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


def _legend(x: float, y: float, size: int = WIDE_TEXT) -> str:
    return (
        f'<line x1="{x:g}" y1="{y:g}" x2="{x + 28:g}" y2="{y:g}" stroke="{CURRENT_COLOUR}" '
        f'stroke-width="3"/>'
        f'<text x="{x + 34:g}" y="{y + 4:g}" font-size="{size}" {FONT}>Current level</text>'
        f'<line x1="{x + 140:g}" y1="{y:g}" x2="{x + 168:g}" y2="{y:g}" stroke="{TARGET_COLOUR}" '
        f'stroke-width="3" stroke-dasharray="6 4"/>'
        f'<text x="{x + 174:g}" y="{y + 4:g}" font-size="{size}" {FONT}>Target level</text>'
    )


def _radar_polygons(
    current: Sequence[float | None],
    target: Sequence[float | None],
    radius: float,
    centre: tuple[float, float],
) -> str:
    return (
        f'<polygon points="{polygon_points(target, radius=radius, centre=centre)}" '
        f'fill="none" stroke="{TARGET_COLOUR}" stroke-width="3" stroke-dasharray="6 4"/>'
        f'<polygon points="{polygon_points(current, radius=radius, centre=centre)}" '
        f'fill="{CURRENT_COLOUR}" fill-opacity="0.2" stroke="{CURRENT_COLOUR}" stroke-width="3"/>'
    )


def numbered_key(labels: Sequence[str], width: int = 38) -> list[tuple[str, str]]:
    """(number, words) lines naming each numbered spoke, a long name wrapped onto lines of its
    own without a number."""
    lines = []
    for number, label in enumerate(labels, start=1):
        wrapped = wrap_label(label, width)
        lines.append((str(number), wrapped[0]))
        lines.extend(("", rest) for rest in wrapped[1:])
    return lines


def _key(x: float, y: float, lines: list[tuple[str, str]], size: int) -> str:
    """A numbered key: figures in one column, words aligned in the next."""
    step = size * LINE
    return "".join(
        (_text(x, y + i * step, [number], "start", size) if number else "")
        + _text(x + 2 * size, y + i * step, [words], "start", size)
        for i, (number, words) in enumerate(lines)
    )


def narrow_radar(
    labels: Sequence[str],
    current: Sequence[float | None],
    target: Sequence[float | None],
    *,
    title: str,
    summary: str,
    slug: str,
) -> str:
    """The radar for a phone: spokes numbered, the key areas named in a key beneath."""
    size, radius = NARROW_TEXT, 116
    centre = (NARROW / 2, radius + 2 * size)
    count = len(labels)
    body, y = "", centre[1] + radius + 4 * size
    if count:
        numbers = "".join(
            _text(*_spoke_label_at(i, count, radius, centre, size), [str(i + 1)], "middle", size)
            for i in range(count)
        )
        key = numbered_key(labels)
        body = (
            _radar_grid(count, radius, centre, size)
            + _radar_polygons(current, target, radius, centre)
            + numbers
            + _key(0, y, key, size)
        )
        y += len(key) * size * LINE + size
    body += _legend(0, y, size)
    return _svg(NARROW, round(y + size), f"{slug}-narrow", title, summary, body)


def _spoke_label_at(
    index: int, count: int, radius: float, centre: tuple[float, float], size: int
) -> tuple[float, float]:
    x, y = polar_point(index, count, 5, radius=radius + size, centre=centre)
    return x, y + size / 3  # the figure's middle, not its baseline, on the spoke's line


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
            _radar_grid(count, radius, centre, WIDE_TEXT)
            + _radar_polygons(current, target, radius, centre)
            + _radar_labels(tuple(labels), radius, centre)
        )
    body += _legend(width / 2 - 120, height - 12)
    narrow = narrow_radar(labels, current, target, title=title, summary=summary, slug=slug)
    return Chart(
        title=title,
        summary=summary,
        svg=_svg(width, height, slug, title, summary, body),
        narrow_svg=narrow,
    )


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


def _bar(
    y: float, label: str, counts: Mapping[int, int], x0: float, width: float, size: int
) -> str:
    """One stacked bar, 24 high, each segment's count written inside when it has room."""
    out = []
    for level, offset, share, count in bar_segments(counts, width):
        colour, ink = LEVEL_COLOURS[level - 1], LEVEL_TEXT_COLOURS[level - 1]
        out.append(
            f'<rect x="{x0 + offset:g}" y="{y:g}" width="{share:g}" height="24" fill="{colour}" '
            f'stroke="#ffffff" stroke-width="1"><title>{escape(label)}: {count} at '
            f"{level_name(level)}</title></rect>"
        )
        if share >= 2 * size:  # room for the figure inside the segment
            out.append(
                f'<text x="{x0 + offset + share / 2:g}" y="{y + 12 + size / 3:g}" '
                f'text-anchor="middle" font-size="{size}" {FONT} fill="{ink}">{count}</text>'
            )
    return "".join(out)


def _level_legend(x: float, y: float, size: int = WIDE_TEXT, per_row: int = 5) -> str:
    """The level colours' key, `per_row` levels a row."""
    out = []
    column = (NARROW if per_row < 5 else 480) / per_row
    for i, level in enumerate(LEVELS):
        left, top = x + (i % per_row) * column, y + (i // per_row) * size * 1.6
        out.append(
            f'<rect x="{left:g}" y="{top - size + 2:g}" width="{size:g}" height="{size:g}" '
            f'fill="{LEVEL_COLOURS[level - 1]}" stroke="#0b0c0c" stroke-width="0.5"/>'
            f'<text x="{left + size + 4:g}" y="{top:g}" font-size="{size}" {FONT}>'
            f"{level} {level_name(level)}</text>"
        )
    return "".join(out)


def narrow_stacked_bars(
    rows: Sequence[tuple[str, Mapping[int, int]]], *, title: str, summary: str, slug: str
) -> str:
    """The stacked bars for a phone: each key area's name above its bar, the key in rows."""
    size = NARROW_TEXT
    y, body = size + 3 * size * 1.6, [_level_legend(0, size, size, per_row=2)]
    for label, counts in rows:
        lines = wrap_label(label, 38)
        body.append(_text(0, y, lines, "start", size, "below"))
        y += len(lines) * size * LINE
        body.append(_bar(y - size / 2, label, counts, 0, NARROW, size))
        y += 24 + size * 1.4
    return _svg(NARROW, round(y), f"{slug}-narrow", title, summary, "".join(body))


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
        _text(x0 - 8, 55 + i * row_height, wrap_label(label, 28), "end", size=WIDE_TEXT)
        + _bar(40 + i * row_height, label, counts, x0, bar_width, WIDE_TEXT)
        for i, (label, counts) in enumerate(rows)
    )
    return Chart(
        title=title,
        summary=summary,
        svg=_svg(width, height, slug, title, summary, body),
        narrow_svg=narrow_stacked_bars(rows, title=title, summary=summary, slug=slug),
    )


@dataclass(frozen=True)
class PeerRow:
    """A key area's line of the peers chart: the council's level and where most similar councils
    sit (their middle half), either unknown as None."""

    label: str
    own: float | None
    lower: float | None
    upper: float | None


def level_x(level: float, left: float, right: float) -> float:
    """Where a level (1 to 5) lies on a scale drawn from `left` to `right`."""
    return round(left + (right - left) * (min(max(level, 1), 5) - 1) / 4, 2)


def band(lower: float, upper: float, left: float, right: float, least: float = 8) -> tuple:
    """(x, width) of the bar from `lower` to `upper`, at least `least` wide so one level shows."""
    start, end = level_x(lower, left, right), level_x(upper, left, right)
    if end - start < least:
        middle = (start + end) / 2
        start, end = max(left - least / 2, middle - least / 2), middle + least / 2
    return round(start, 2), round(end - start, 2)


def peer_summary(rows: Sequence[PeerRow], own_label: str) -> str:
    """The peers chart in words: each key area's level beside where most similar councils sit."""
    parts = []
    for row in rows:
        most = "too few similar councils to show"
        if row.lower is not None and row.upper is not None:
            most = f"most similar councils {level_name(row.lower)} to {level_name(row.upper)}"
        parts.append(f"{row.label}: {own_label} {level_name(row.own)}, {most}")
    return "; ".join(parts) + "." if parts else "No key areas to show."


def _peer_scale(y: float, height: float, left: float, right: float, size: int) -> str:
    """The levels 1 to 5 along the top, each with a faint line down the chart."""
    out = []
    for level in LEVELS:
        x = level_x(level, left, right)
        out.append(
            f'<line x1="{x:g}" y1="{y + 6:g}" x2="{x:g}" y2="{y + height:g}" stroke="#b1b4b6"/>'
            + _text(x, y, [str(level)], "middle", size)
        )
    return "".join(out)


def _peer_mark(row: PeerRow, y: float, left: float, right: float, size: int) -> str:
    """One key area's bar (where most similar councils sit) and dot (the council's level)."""
    out = []
    if row.lower is None or row.upper is None:
        out.append(_text(left, y + 5, ["Too few similar councils"], "start", size))
    else:
        x, width = band(row.lower, row.upper, left, right)
        out.append(
            f'<rect x="{x:g}" y="{y - 8:g}" width="{width:g}" height="16" rx="3" '
            f'fill="{LEVEL_COLOURS[0]}" stroke="{CURRENT_COLOUR}" stroke-width="2"/>'
        )
    if row.own is not None:
        out.append(
            f'<circle cx="{level_x(row.own, left, right):g}" cy="{y:g}" r="7" fill="#0b0c0c" '
            f'stroke="#ffffff" stroke-width="2"/>'
        )
    return "".join(out)


def _peer_legend(x: float, y: float, own_label: str, size: int) -> str:
    return (
        f'<circle cx="{x + 7:g}" cy="{y - size / 3:g}" r="7" fill="#0b0c0c"/>'
        + _text(x + 20, y, [f"{own_label}’s level"], "start", size)
        + f'<rect x="{x:g}" y="{y + size * 0.9:g}" width="24" height="14" rx="3" '
        f'fill="{LEVEL_COLOURS[0]}" stroke="{CURRENT_COLOUR}" stroke-width="2"/>'
        + _text(x + 32, y + size * 1.8, ["Where most similar councils are"], "start", size)
    )


def _peer_body(rows: Sequence[PeerRow], own_label: str, *, narrow: bool) -> tuple[str, float]:
    """The chart's markup and height: names beside the bars (wide) or above them (narrow)."""
    size = NARROW_TEXT
    width = NARROW if narrow else 640
    left, right = (12, width - 12) if narrow else (262, width - 20)
    scale_y = 4.6 * size
    y, out = scale_y + 1.6 * size, []
    for row in rows:
        lines = wrap_label(row.label, 38 if narrow else 30)
        block = len(lines) * size * LINE
        if narrow:
            out.append(_text(0, y + size, lines, "start", size, "below"))
            y += block + 4
            mark_y = y + 12
            y += 30
        else:
            mark_y = y + max(block, 24) / 2
            out.append(_text(left - 20, mark_y + size / 3, lines, "end", size))
            y += max(block, 24) + 14
        out.append(_peer_mark(row, mark_y, left, right, size))
    scale = _peer_scale(scale_y, y - scale_y, left, right, size)
    key = _text(0 if narrow else left, y + 1.4 * size, level_key(narrow), "start", size, "below")
    legend = _peer_legend(0, size, own_label, size)
    return legend + scale + "".join(out) + key, y + (3.6 if narrow else 2.4) * size


def level_key(narrow: bool) -> list[str]:
    """The levels' names by number, on two lines on a phone."""
    names = [f"{level} {level_name(level)}" for level in LEVELS]
    if narrow:
        return [", ".join(names[:3]) + ",", ", ".join(names[3:])]
    return [", ".join(names)]


def peer_chart(
    rows: Sequence[PeerRow],
    *,
    own_label: str,
    title: str = "Your level beside similar councils, by key area",
    slug: str = "peers",
) -> Chart:
    """A dot for the council's level on each key area over a bar of where most similar councils
    sit (the middle half of their levels), on a scale of 1 to 5."""
    summary = peer_summary(rows, own_label)
    wide, wide_height = _peer_body(rows, own_label, narrow=False)
    narrow, narrow_height = _peer_body(rows, own_label, narrow=True)
    return Chart(
        title=title,
        summary=summary,
        svg=_svg(640, round(wide_height), slug, title, summary, wide),
        narrow_svg=_svg(NARROW, round(narrow_height), f"{slug}-narrow", title, summary, narrow),
    )
