"""The charts' SVG text shaped a run at a time in the PDFs, where SVG lets it be.

WeasyPrint (up to 70 at least) lays out and draws every character of an SVG `<text>` or `<tspan>`
on its own, so that lists of `x`, `y`, `dx`, `dy` or `rotate` values can place each one. The
portal's charts place only the first character of each run, so that costs a Pango layout and a
text object per character (the report's two charts hold ~600: a tenth of its layout, measured),
and loses kerning and any combining mark with it. WeasyPrint's maintainers count the splitting as
a bug and suggest this remedy: shape the whole run when nothing places a single character
(Kozea/WeasyPrint#2249, open). Any run that does place characters one by one, or spaces or
stretches them, is drawn by WeasyPrint's own code, unchanged.
"""

import importlib
from math import inf

from weasyprint import svg as weasy_svg
from weasyprint.css.properties import INITIAL_VALUES
from weasyprint.draw.text import draw_emojis, draw_first_line
from weasyprint.matrix import Matrix
from weasyprint.svg.bounding_box import extend_bounding_box
from weasyprint.svg.utils import normalize, size
from weasyprint.text.line_break import split_first_line

# `weasyprint.svg.text` is also the name of the function the package imports from the module.
_weasy_text = importlib.import_module("weasyprint.svg.text")
_TAGS = ("text", "tspan", "a")
# Attributes that place, space or stretch characters one by one: WeasyPrint's own code draws those.
_PER_CHARACTER = ("rotate", "letter-spacing", "textLength")


def mend_svg_text() -> None:
    """Hands WeasyPrint's SVG drawing the run-at-a-time text (see the module); run once, when the
    portal starts. Left alone if a later WeasyPrint draws text some other way."""
    original = getattr(_weasy_text, "text", None)
    if original is None or getattr(weasy_svg, "text", None) is not original:
        return
    for tag in _TAGS:
        if weasy_svg.TAGS.get(tag) is original:
            weasy_svg.TAGS[tag] = text_in_runs
    # The drawing code recognises text nodes by comparing their tag's function with this name.
    weasy_svg.text = text_in_runs
    text_in_runs.weasyprint_text = original


def text_in_runs(svg, node, font_size):
    """Draws a text node's run as one shaped line, or hands it to WeasyPrint's own code."""
    if not is_one_run(node):
        return text_in_runs.weasyprint_text(svg, node, font_size)
    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
    x, y, dx, dy = (_first(node, name, font_size, svg) for name in ("x", "y", "dx", "dy"))
    if not node.text:  # an empty run only moves the cursor
        cursor_x, cursor_y = svg.cursor_position
        svg.cursor_position = (
            (cursor_x if x is None else x) + (dx or 0),
            (cursor_y if y is None else y) + (dy or 0),
        )
        return
    # As WeasyPrint places a run's first character (svg/text.py), the rest following it.
    if x:
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    svg.cursor_d_position[0] += dx or 0
    svg.cursor_d_position[1] += dy or 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + _vertical_shift(node, font_size, height)
    top = y_position - baseline
    node.text_bounding_box = extend_bounding_box(
        node.text_bounding_box, ((x_position, top), (x_position + width, top + height))
    )
    _draw(svg, node, font_size, layout, style, baseline, x_position, y_position, (x, y))


def is_one_run(node) -> bool:
    """True when nothing in the node places, spaces or stretches a single character."""
    if node.get("direction") == "rtl" or any(node.get(name) for name in _PER_CHARACTER):
        return False
    if "\n" in (node.text or ""):
        return False
    return all(len(_values(node, name)) <= 1 for name in ("x", "y", "dx", "dy"))


def _values(node, name: str) -> list[str]:
    return normalize(node.attrib.get(name, "")).split()


def _first(node, name: str, font_size, svg) -> float | None:
    values = _values(node, name)
    if not values:
        return None
    reference = svg.inner_height if name in ("y", "dy") else svg.inner_width
    return size(values[0], font_size, reference)


def _style(svg, node, font_size):
    """The text's style as WeasyPrint's SVG text makes it (family, style, weight, size)."""
    style = _weasy_text.Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [
        font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
    ]
    style["font_style"] = node.get("font-style", "normal")
    style["font_size"] = font_size
    if node.get("direction") == "ltr":
        style["direction"] = "ltr"
    style["font_weight"] = _weight(node.get("font-weight", 400))
    return style


def _weight(value) -> int:
    named = {"normal": 400, "bold": 700}
    try:
        return named.get(value) or int(value)
    except ValueError:
        return 400


def _vertical_shift(node, font_size, height) -> float:
    """How far the baseline moves for the node's alignment, as WeasyPrint's SVG text moves it."""
    ascent, descent = font_size * 0.8, font_size * 0.2
    anchor = node.get("display-anchor")
    alignment = node.get("dominant-baseline", node.get("alignment-baseline"))
    if anchor == "middle":
        return -height / 2
    if anchor == "top":
        return 0
    if anchor == "bottom":
        return -height
    if alignment in ("central", "middle"):
        return (ascent + descent) / 2 - descent
    if alignment in ("text-before-edge", "before_edge", "top", "hanging", "text-top"):
        return ascent
    if alignment in ("text-after-edge", "after_edge", "bottom", "text-bottom"):
        return -descent
    return 0


def _draw(svg, node, font_size, layout, style, baseline, x_position, y_position, cursor):
    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    text_box = _weasy_text.TextBox(layout, style)
    text_box.baseline = baseline
    matrix = Matrix(a=1, d=-1, e=x_position, f=y_position)
    emojis = draw_first_line(svg.stream, text_box, "none", "none", matrix)
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, *cursor, emojis)
