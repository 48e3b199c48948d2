import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.dashboards.peers import (
    MIN_PEER_GROUP,
    Spread,
    Standing,
    hidden_reason,
    level_name,
    peer_group,
    spread,
    spread_words,
    standing,
    trend,
)
from assessments.models import Level
from assessments.scoring import LEVEL_NAMES

levels = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=60)


def test_spread_of_five_levels_is_their_five_number_summary():
    assert spread([1, 2, 3, 4, 5]) == Spread(5, 1, 2, 3, 4, 5)


def test_spread_ignores_the_order_levels_come_in():
    assert spread([5, 1, 4, 2, 3]) == spread([1, 2, 3, 4, 5])


def test_spread_of_an_even_count_takes_the_middle_two_for_the_median():
    assert spread([1, 2, 3, 4]).median == 2.5


def test_spread_of_a_single_level_is_that_level_throughout():
    assert spread([3]) == Spread(1, 3, 3, 3, 3, 3)


def test_spread_of_no_levels_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        spread([])


@given(levels)
def test_spread_is_ordered_and_within_the_levels(values):
    s = spread(values)
    assert s.minimum <= s.lower_quartile <= s.median <= s.upper_quartile <= s.maximum
    assert (s.minimum, s.maximum, s.count) == (min(values), max(values), len(values))


def test_peer_group_of_five_councils_is_shown():
    group = peer_group("Same region", [3, 3, 2, 4, 5])
    assert not group.is_hidden
    assert group.spread.median == 3
    assert group.hidden_reason == ""


def test_peer_group_of_four_councils_is_hidden_with_the_reason():
    group = peer_group("Same region", [3, 3, 2, 4])
    assert group.is_hidden
    assert group.count == 4
    assert "Only 4 councils have an approved assessment" in group.hidden_reason
    assert f"fewer than {MIN_PEER_GROUP} are not shown" in group.hidden_reason


def test_peer_group_counts_only_councils_with_a_level():
    group = peer_group("Same kind", [3, None, 2, 4, None, 1])
    assert group.is_hidden
    assert group.count == 4


def test_empty_peer_group_says_nobody_has_been_approved_yet():
    assert "No council in this group" in peer_group("All England", []).hidden_reason


def test_hidden_reason_speaks_of_one_council_in_the_singular():
    assert hidden_reason(1).startswith("Only 1 council has")


def test_minimum_peer_group_is_five():
    assert MIN_PEER_GROUP == 5


@pytest.mark.parametrize(
    ("level", "name"),
    [(1, "Minimum"), (2, "Developing"), (3, "Mature"), (4, "Leader"), (5, "Innovator")],
)
def test_level_name_is_the_matrix_word(level, name):
    assert level_name(level) == name


def test_level_name_of_nothing_says_not_assessed():
    assert level_name(None) == "Not assessed"


def test_level_name_of_a_fraction_is_the_nearest_level():
    assert level_name(2.6) == "Mature"


@pytest.mark.parametrize(
    ("previous", "current", "direction", "arrow", "words"),
    [
        (2, 3, "up", "↑", "Up from Developing to Mature"),
        (4, 2, "down", "↓", "Down from Leader to Developing"),
        (3, 3, "same", "→", "No change: Mature"),
        (None, 3, "new", "–", "New this round: Mature"),
        (3, None, "new", "–", "Not assessed this round"),
    ],
)
def test_trend_gives_an_arrow_and_words(previous, current, direction, arrow, words):
    moved = trend(previous, current)
    assert (moved.direction, moved.arrow, moved.words) == (direction, arrow, words)


def test_spread_in_words_names_where_most_and_all_councils_are_without_statistics():
    assert spread_words(Spread(6, 1, 2, 2.5, 3, 4)) == (
        "Most: Developing to Mature. All: Minimum to Leader."
    )


def test_spread_in_words_names_one_level_once_and_rounds_quarter_levels():
    assert spread_words(Spread(5, 2.75, 3, 3, 3.25, 3.4)) == "Most: Mature. All: Mature."


def test_a_spread_in_words_never_speaks_of_medians_or_quartiles():
    words = spread_words(spread([1, 2, 2, 3, 4, 5])).lower()
    assert not {"median", "middle half", "quartile", "range"} & set(words.split())
    assert "median" not in words
    assert "middle half" not in words


MOST_2_TO_3 = Spread(8, 1, 2, 2.5, 3, 5)


@pytest.mark.parametrize(
    ("level", "expected", "words"),
    [
        (4, Standing.ABOVE, "Above most similar councils"),
        (3, Standing.IN_LINE, "In line with most similar councils"),
        (2, Standing.IN_LINE, "In line with most similar councils"),
        (1, Standing.BELOW, "Below most similar councils"),
        (None, Standing.NOT_ASSESSED, "Not assessed"),
    ],
)
def test_a_level_stands_above_in_line_with_or_below_most_similar_councils(level, expected, words):
    assert standing(level, MOST_2_TO_3) == expected
    assert standing(level, MOST_2_TO_3).words == words


def test_with_too_few_similar_councils_there_is_no_standing():
    assert standing(3, None).words == "Too few similar councils to compare"


@given(levels, st.integers(1, 5))
def test_a_level_above_every_similar_council_is_above_most(values, level):
    s = spread(values)
    if level > s.maximum:
        assert standing(level, s) == Standing.ABOVE
    if level < s.minimum:
        assert standing(level, s) == Standing.BELOW


def test_hidden_group_in_words_says_it_is_not_shown():
    assert peer_group("All England", [3, 3]).words == "Not shown (fewer than 5 councils)"


def test_the_matrix_levels_take_their_words_from_the_one_list():
    assert dict(Level.choices) == LEVEL_NAMES
