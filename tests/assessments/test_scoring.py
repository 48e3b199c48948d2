import itertools

import pytest

from assessments.scoring import Completion, completion, count_completed, key_area_level

ALL_LEVEL_LISTS = [
    list(levels) for n in range(1, 4) for levels in itertools.product(range(1, 6), repeat=n)
]


@pytest.mark.parametrize("levels", ALL_LEVEL_LISTS)
def test_key_area_level_is_the_rounded_down_mean_of_every_combination(levels):
    level = key_area_level(levels)
    assert level == sum(levels) // len(levels)
    assert min(levels) <= level <= max(levels)


@pytest.mark.parametrize(
    ("levels", "expected"),
    [([3], 3), ([1, 2], 1), ([4, 5], 4), ([2, 3, 3], 2), ([3, 3, 4], 3), ([5, 5, 5, 5], 5)],
)
def test_key_area_level_rounds_down(levels, expected):
    assert key_area_level(levels) == expected


@pytest.mark.parametrize("levels", [[], [None], [3, None], [None, None, 5]])
def test_a_key_area_has_no_level_until_every_statement_is_rated(levels):
    assert key_area_level(levels) is None


@pytest.mark.parametrize("levels", [[0], [6], [3, 7]])
def test_a_level_outside_one_to_five_is_refused(levels):
    with pytest.raises(ValueError, match="1 to 5"):
        key_area_level(levels)


@pytest.mark.parametrize(
    ("levels", "started", "needs_review", "expected"),
    [
        ([None, None], False, False, Completion.NOT_STARTED),
        ([], False, False, Completion.NOT_STARTED),
        ([None, None], True, False, Completion.IN_PROGRESS),
        ([2, None], True, False, Completion.IN_PROGRESS),
        ([2, None], False, False, Completion.IN_PROGRESS),
        ([2, 4], True, False, Completion.COMPLETED),
        ([2, 4], True, True, Completion.IN_PROGRESS),
        ([5], True, False, Completion.COMPLETED),
        ([], True, False, Completion.IN_PROGRESS),
    ],
)
def test_completion_of_a_key_area(levels, started, needs_review, expected):
    assert completion(levels, started=started, needs_review=needs_review) == expected


def test_completion_reads_as_the_task_list_shows_it():
    assert [str(c) for c in Completion] == ["Not started", "In progress", "Completed"]


def test_count_completed_counts_only_completed_sections():
    statuses = [Completion.COMPLETED, Completion.IN_PROGRESS, Completion.COMPLETED]
    assert count_completed(statuses) == 2
    assert count_completed([]) == 0
