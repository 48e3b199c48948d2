"""The one rule of projection, exhaustively: every relation, every level, one and two links, on
the NPS's scale and on the CCIAF's (no database)."""

import itertools

import pytest

from assessments.mappings.projection import (
    COVERS_ALL,
    INVERSE,
    Basis,
    Implied,
    LinkedAnswer,
    Relation,
    implied_level,
)
from assessments.mappings.selectors import scale_in_words
from assessments.scoring import CCIAF_SCALE, NPS_SCALE

LEVELS = [None, 1, 2, 3, 4, 5]
# NPS level to CCIAF rating, as the scale's definition reads: Good begins at Mature.
NPS_TO_CCIAF = {1: 1, 2: 1, 3: 2, 4: 3, 5: 4}
SCALES = {
    "nps": (NPS_SCALE, dict(zip(range(1, 6), range(1, 6), strict=True))),
    "cciaf": (CCIAF_SCALE, NPS_TO_CCIAF),
}


def expected(links, convert) -> Implied:
    """The rule written out as the page's sentence says it, for comparison."""
    if not links:
        return Implied(None, Basis.UNMAPPED)
    covering = [level for relation, level in links if relation in ("same", "contains") and level]
    any_answer = [level for _, level in links if level]
    if covering:
        return Implied(convert[min(covering)], Basis.FULL)
    if any_answer:
        return Implied(convert[min(any_answer)], Basis.PARTIAL)
    return Implied(None, Basis.UNANSWERED)


ONE = list(itertools.product(Relation, LEVELS))


@pytest.mark.parametrize("target", SCALES)
@pytest.mark.parametrize(("relation", "level"), ONE)
def test_one_link_gives_its_level_fully_or_partly_by_its_relation(target, relation, level):
    scale, convert = SCALES[target]
    found = implied_level([LinkedAnswer(relation, level)], source=NPS_SCALE, target=scale)
    assert found == expected([(relation, level)], convert)


@pytest.mark.parametrize("target", SCALES)
def test_two_links_take_the_lowest_of_the_answers_that_cover_all_else_of_any(target):
    scale, convert = SCALES[target]
    for first, second in itertools.product(ONE, repeat=2):
        links = [LinkedAnswer(*first), LinkedAnswer(*second)]
        found = implied_level(links, source=NPS_SCALE, target=scale)
        assert found == expected([first, second], convert), (first, second)


def test_no_link_means_not_covered():
    assert implied_level([], source=NPS_SCALE, target=CCIAF_SCALE) == Implied(None, Basis.UNMAPPED)


def test_only_a_partial_basis_needs_checking():
    assert [basis for basis in Basis if Implied(1, basis).needs_checking] == [Basis.PARTIAL]


def test_nps_mature_is_cciaf_good():
    found = implied_level([LinkedAnswer(Relation.SAME, 3)], source=NPS_SCALE, target=CCIAF_SCALE)
    assert CCIAF_SCALE.name(found.level) == "Good"


def test_read_from_the_other_side_part_of_is_contains_and_back():
    assert INVERSE[Relation.PART_OF] == Relation.CONTAINS
    assert all(INVERSE[INVERSE[relation]] == relation for relation in Relation)
    assert {Relation.SAME, Relation.CONTAINS} == COVERS_ALL


def test_the_scale_conversion_in_words():
    assert scale_in_words(NPS_SCALE, CCIAF_SCALE) == (
        "Minimum and Developing count as Not met; Mature counts as Good; Leader counts as "
        "Better; Innovator counts as Best"
    )
    assert scale_in_words(NPS_SCALE, NPS_SCALE) == ""
