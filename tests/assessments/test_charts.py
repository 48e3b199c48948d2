import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.dashboards.charts import (
    PeerRow,
    band,
    bar_segments,
    label_anchor,
    label_lift,
    level_x,
    numbered_key,
    peer_chart,
    polar_point,
    polygon_points,
    radar_chart,
    stacked_bars,
    wrap_label,
)

SVG = "{http://www.w3.org/2000/svg}"
LABELS = ["Engaging councillors", "Working with partners", "Managing strategic risk"]


def parse(chart):
    return ET.fromstring(str(chart.svg))


def test_first_spoke_points_straight_up():
    assert polar_point(0, 4, 5, radius=100, centre=(200, 200)) == (200, 100)


def test_second_of_four_spokes_points_right():
    assert polar_point(1, 4, 5, radius=100, centre=(200, 200)) == (300, 200)


def test_level_sits_in_proportion_along_its_spoke():
    assert polar_point(2, 4, 2.5, radius=100, centre=(200, 200)) == (200, 250)


def test_values_beyond_the_scale_are_clamped_to_the_outer_ring():
    assert polar_point(0, 3, 9, radius=100, centre=(0, 0)) == polar_point(
        0, 3, 5, radius=100, centre=(0, 0)
    )


def test_missing_level_sits_at_the_centre():
    assert polygon_points([None, 5], radius=10, centre=(50, 50)).split()[0] == "50,50"


@given(st.lists(st.integers(1, 5), min_size=3, max_size=12))
def test_every_radar_point_lies_within_the_outer_ring(values):
    for pair in polygon_points(values, radius=100, centre=(0, 0)).split():
        x, y = (float(n) for n in pair.split(","))
        assert x * x + y * y <= 100.01**2


def test_labels_are_aligned_away_from_the_centre():
    assert [label_anchor(x, 100) for x in (40, 100.4, 160)] == ["end", "middle", "start"]


def test_long_labels_wrap_into_short_lines():
    assert wrap_label("Engaging local SMEs and micro-businesses") == [
        "Engaging local",
        "SMEs and micro-",
        "businesses",
    ]


def test_label_blocks_sit_above_around_or_below_their_point():
    assert label_lift(3, 10, "above") == -24
    assert label_lift(3, 10, "middle") == -12
    assert label_lift(3, 10, "below") == 0


def test_radar_is_well_formed_svg_with_title_and_description():
    chart = radar_chart(LABELS, [3, 2, 4], [4, 3, 4], title="Stockport: current and target")
    root = parse(chart)
    assert root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Stockport: current and target"
    assert "Engaging councillors: current Mature, target Leader" in root.find(f"{SVG}desc").text


def test_radar_summary_names_every_key_area_and_unassessed_ones():
    chart = radar_chart(LABELS, [3, None, 4], [4, 3, 4])
    assert chart.summary == (
        "Engaging councillors: current Mature, target Leader; "
        "Working with partners: current Not assessed, target Mature; "
        "Managing strategic risk: current Leader, target Leader."
    )


def test_radar_draws_current_solid_and_target_dashed():
    polygons = parse(radar_chart(LABELS, [3, 2, 4], [4, 3, 4])).findall(f"{SVG}polygon")
    dashed = [p for p in polygons if p.get("stroke-dasharray")]
    assert len(dashed) == 1  # the target
    assert len(polygons) == 5 + 2  # five rings, target, current


def test_radars_of_the_same_size_keep_their_own_labels_and_levels():
    first = str(radar_chart(LABELS, [3, 2, 4], [4, 3, 4]).svg)
    other = str(radar_chart(["Alpha", "Beta", "Gamma"], [1, 1, 1], [2, 2, 2]).svg)
    assert "Alpha" in other
    assert "Engaging" not in other
    assert first == str(radar_chart(LABELS, [3, 2, 4], [4, 3, 4]).svg)
    assert polygon_points([1, 1, 1], radius=170, centre=(320, 254)) in other


def test_radar_escapes_key_area_names():
    chart = radar_chart(["<script>", "B & C", "D"], [1, 2, 3], [1, 2, 3])
    assert "<script>" not in str(chart.svg)
    assert parse(chart) is not None


def test_radar_without_key_areas_still_renders_and_says_so():
    chart = radar_chart([], [], [])
    assert chart.summary == "No key areas to show."
    assert parse(chart).find(f"{SVG}title") is not None


def test_radar_refuses_mismatched_lists():
    with pytest.raises(ValueError, match="zip"):
        radar_chart(LABELS, [1, 2], [1, 2, 3])


def test_bar_segments_fill_the_bar_in_level_order():
    segments = bar_segments({1: 1, 3: 2, 5: 1}, 400)
    assert segments == [(1, 0, 100, 1), (3, 100, 200, 2), (5, 300, 100, 1)]


def test_bar_without_councils_has_no_segments():
    assert bar_segments({}, 400) == []


@given(st.dictionaries(st.integers(1, 5), st.integers(0, 400), min_size=1))
def test_bar_segments_add_up_to_the_whole_bar(counts):
    segments = bar_segments(counts, 470)
    if sum(counts.values()):
        assert abs(sum(s[2] for s in segments) - 470) < 0.05
        assert [s[0] for s in segments] == sorted(s[0] for s in segments)


def test_stacked_bars_describe_every_level_of_every_key_area():
    chart = stacked_bars([("Engaging councillors", {2: 3, 3: 4})])
    assert chart.summary == (
        "Engaging councillors (7 councils): Minimum 0, Developing 3, Mature 4, Leader 0, "
        "Innovator 0."
    )
    root = parse(chart)
    assert root.find(f"{SVG}desc").text == chart.summary
    tooltips = [t.text for t in root.iter(f"{SVG}title")]
    assert "Engaging councillors: 4 at Mature" in tooltips


def test_stacked_bars_without_rows_say_there_is_nothing_to_show():
    assert stacked_bars([]).summary == "No approved assessments to show."


def test_each_chart_labels_itself_by_its_own_ids():
    root = parse(radar_chart(LABELS, [1, 2, 3], [1, 2, 3], slug="own"))
    assert root.get("aria-labelledby") == "own-title own-desc"


def test_charts_use_no_inline_styles_so_the_content_security_policy_allows_them():
    assert "style=" not in str(radar_chart(LABELS, [1, 2, 3], [1, 2, 3]).svg)
    assert "style=" not in str(stacked_bars([("Engaging councillors", {2: 3})]).svg)


def font_sizes(svg: str) -> set[float]:
    return {float(t.get("font-size")) for t in ET.fromstring(svg).iter(f"{SVG}text")}


def width_of(svg: str) -> float:
    return float(ET.fromstring(svg).get("viewBox").split()[2])


def test_every_chart_has_a_narrow_layout_whose_text_stays_legible_at_320_pixels():
    charts = [
        radar_chart(LABELS, [3, 2, 4], [4, 3, 4]),
        stacked_bars([("Engaging councillors", {1: 2, 3: 5})]),
        peer_chart([PeerRow("Engaging councillors", 3, 2, 4)], own_label="Stockport"),
    ]
    for chart in charts:
        # Shown 290 px wide on a 320 px phone (its margins taken off): 12 px at the least.
        assert min(font_sizes(chart.narrow_svg)) * 290 / width_of(chart.narrow_svg) >= 12
        assert min(font_sizes(chart.svg)) >= 12  # the wide layout is shown at its own size
        assert ET.fromstring(chart.narrow_svg).get("role") == "img"


def test_narrow_radar_numbers_its_spokes_and_names_them_in_a_key():
    assert numbered_key(
        ["Engaging councillors", "Working with partners and other public bodies"]
    ) == [
        ("1", "Engaging councillors"),
        ("2", "Working with partners and other public"),
        ("", "bodies"),
    ]
    narrow = radar_chart(LABELS, [3, 2, 4], [4, 3, 4]).narrow_svg
    assert 'id="radar-narrow-title"' in narrow
    assert ">Managing strategic risk<" in narrow


def test_a_level_lies_in_proportion_along_the_peer_scale():
    assert [level_x(level, 100, 500) for level in (1, 2, 3, 4, 5)] == [100, 200, 300, 400, 500]
    assert level_x(9, 100, 500) == 500


def test_the_bar_of_most_similar_councils_spans_their_levels_and_never_vanishes():
    assert band(2, 4, 100, 500) == (200, 200)
    x, width = band(3, 3, 100, 500)
    assert width == 8
    assert x == 296


def test_peer_chart_draws_a_dot_and_a_bar_per_key_area_and_says_so_in_words():
    chart = peer_chart(
        [
            PeerRow("Engaging councillors", 3, 2, 2.5),
            PeerRow("Working with partners", None, None, None),
        ],
        own_label="Stockport",
        title="Stockport beside similar councils",
    )
    root = parse(chart)
    assert root.find(f"{SVG}title").text == "Stockport beside similar councils"
    assert root.find(f"{SVG}desc").text == (
        "Engaging councillors: Stockport Mature, most similar councils Developing to Developing; "
        "Working with partners: Stockport Not assessed, too few similar councils to show."
    )
    assert len(root.findall(f".//{SVG}circle")) == 2  # one in the key, one for the level
    assert "Too few similar councils" in chart.svg


def test_peer_chart_escapes_key_area_names():
    chart = peer_chart([PeerRow("<script>", 3, 2, 4)], own_label="A & B")
    assert "<script>" not in chart.svg + chart.narrow_svg
    assert "A &amp; B" in chart.svg
