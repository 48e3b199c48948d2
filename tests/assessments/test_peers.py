import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.dashboards.peers import (
    MIN_PEER_GROUP,
    Spread,
    hidden_reason,
    level_name,
    peer_group,
    spread,
    spread_words,
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


def test_spread_in_words_writes_whole_levels_without_decimals():
    assert spread_words(Spread(6, 1, 2, 2.5, 3, 4)) == (
        "Median 2.5; middle half 2 to 3; range 1 to 4"
    )


def test_hidden_group_in_words_says_it_is_not_shown():
    assert peer_group("All England", [3, 3]).words == "Not shown (fewer than 5 councils)"


def test_the_matrix_levels_take_their_words_from_the_one_list():
    assert dict(Level.choices) == LEVEL_NAMES
