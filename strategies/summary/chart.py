"""A horizontal bar chart of a choice question's answers: server-side SVG, the same on the page
and in the PDF, with a title, a description and the figures in words."""

from collections.abc import Sequence
from html import escape

from assessments.dashboards.charts import CURRENT_COLOUR, FONT, Chart, wrap_label

WIDTH, NARROW, LABELS, BAR_HEIGHT, GAP, SIZE = 640, 320, 220, 24, 14, 14
BAR_LEFT, BAR_RIGHT = LABELS + 10, WIDTH - 60


def bar_lengths(counts: Sequence[int], width: float) -> list[float]:
    """Each count's bar length, the largest filling `width` (all zero when nothing was counted)."""
    largest = max(counts, default=0)
    return [round(width * n / largest, 2) if largest else 0.0 for n in counts]


def describe(counts: Sequence[tuple[str, int]]) -> str:
    """The chart's figures in words, as a screen reader and the PDF's alternative text read it."""
    if not counts:
        return "No options to show."
    return "; ".join(f"{label}: {n} response{'s' if n != 1 else ''}" for label, n in counts) + "."


def bar_chart(title: str, counts: Sequence[tuple[str, int]], *, slug: str) -> Chart:
    """Bars for (label, count) pairs, in the order given, each count written at its bar's end;
    laid out wide (labels beside the bars) and narrow (labels above them, for a phone)."""
    desc = describe(counts)
    wide = _svg(title, desc, slug, WIDTH, *_wide_body(counts))
    narrow = _svg(title, desc, f"{slug}-narrow", NARROW, *_narrow_body(counts))
    return Chart(title=title, summary=desc, svg=wide, narrow_svg=narrow)


def _svg(title: str, desc: str, slug: str, width: int, body: str, height: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:g}" '
        f'width="{width}" height="{height:g}" role="img" '
        f'aria-labelledby="{slug}-title {slug}-desc"><title id="{slug}-title">{escape(title)}'
        f'</title><desc id="{slug}-desc">{escape(desc)}</desc>{body}</svg>'
    )


def _bar(x: float, y: float, length: float, n: int) -> str:
    baseline = y + BAR_HEIGHT / 2 + SIZE * 0.35
    return (
        f'<rect x="{x:g}" y="{y:g}" width="{length:g}" height="{BAR_HEIGHT}" '
        f'fill="{CURRENT_COLOUR}"/><text x="{x + length + 6:g}" y="{baseline:g}" '
        f'font-size="{SIZE}" {FONT} fill="#0b0c0c">{n}</text>'
    )


def _narrow_body(counts: Sequence[tuple[str, int]]) -> tuple[str, float]:
    """Each label on its own lines, its bar below it, the bars starting at the left edge."""
    lengths = bar_lengths([n for _label, n in counts], NARROW - 50)
    rows, y = [], GAP / 2
    for (label, n), length in zip(counts, lengths, strict=True):
        for line in wrap_label(label, 34)[:3]:
            y += SIZE * 1.2
            rows.append(
                f'<text x="0" y="{y:g}" font-size="{SIZE}" {FONT} fill="#0b0c0c">'
                f"{escape(line)}</text>"
            )
        rows.append(_bar(0, y + 6, length, n))
        y += 6 + BAR_HEIGHT + GAP
    return "".join(rows), y


def _wide_body(counts: Sequence[tuple[str, int]]) -> tuple[str, float]:
    """Labels right-aligned beside the bars, which start at an axis."""
    lengths = bar_lengths([n for _label, n in counts], BAR_RIGHT - BAR_LEFT)
    rows, y = [], GAP
    for (label, n), length in zip(counts, lengths, strict=True):
        lines = wrap_label(label, 26)[:3]
        height = max(BAR_HEIGHT, len(lines) * SIZE * 1.2)
        middle = y + height / 2
        rows.append(_label(lines, middle))
        rows.append(_bar(BAR_LEFT, middle - BAR_HEIGHT / 2, length, n))
        y += height + GAP
    axis = f'<line x1="{BAR_LEFT}" y1="0" x2="{BAR_LEFT}" y2="{y:g}" stroke="#0b0c0c"/>'
    return axis + "".join(rows), y


def _label(lines: list[str], middle: float) -> str:
    first = -(len(lines) - 1) * SIZE * 1.2 / 2
    spans = "".join(
        f'<tspan x="{LABELS}" dy="{first if i == 0 else SIZE * 1.2:g}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{LABELS}" y="{middle + SIZE * 0.35:g}" text-anchor="end" font-size="{SIZE}" '
        f'{FONT} fill="#0b0c0c">{spans}</text>'
    )
