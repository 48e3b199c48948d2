"""Levels carried between frameworks go through the NPS's five levels, each scale described once."""

import pytest

from assessments.scoring import CCIAF_SCALE, NPS_SCALE, convert_level


@pytest.mark.parametrize(
    ("nps_level", "cciaf"),
    [(1, "Not met"), (2, "Not met"), (3, "Good"), (4, "Better"), (5, "Best")],
)
def test_an_nps_level_reaches_the_cciaf_rating_that_starts_at_or_below_it(nps_level, cciaf):
    level = convert_level(nps_level, source=NPS_SCALE, target=CCIAF_SCALE)
    assert CCIAF_SCALE.name(level) == cciaf


@pytest.mark.parametrize(("cciaf_level", "nps"), [(1, 1), (2, 3), (3, 4), (4, 5)])
def test_a_cciaf_rating_reads_as_the_nps_level_it_starts_at(cciaf_level, nps):
    assert convert_level(cciaf_level, source=CCIAF_SCALE, target=NPS_SCALE) == nps


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_the_same_scale_keeps_the_level(level):
    assert convert_level(level, source=NPS_SCALE, target=NPS_SCALE) == level


def test_an_unanswered_level_has_no_name():
    assert CCIAF_SCALE.name(None) == ""
