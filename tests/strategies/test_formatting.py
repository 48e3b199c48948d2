from datetime import UTC, datetime

import pytest

from strategies.formatting import LONDON, govuk_datetime, govuk_time


@pytest.mark.parametrize(
    ("hour", "minute", "expected"),
    [
        (0, 0, "midnight"),
        (12, 0, "midday"),
        (9, 0, "9am"),
        (9, 5, "9:05am"),
        (0, 30, "12:30am"),
        (12, 30, "12:30pm"),
        (17, 30, "5:30pm"),
        (23, 59, "11:59pm"),
    ],
)
def test_times_are_written_the_govuk_way(hour, minute, expected):
    assert govuk_time(datetime(2017, 5, 12, hour, minute)) == expected


def test_a_utc_moment_in_summer_is_shown_in_british_summer_time():
    closes = datetime(2017, 5, 12, 22, 59, tzinfo=UTC)
    assert f"This consultation closes at {govuk_datetime(closes)}" == (
        "This consultation closes at 11:59pm on Friday 12 May 2017"
    )


def test_a_utc_moment_in_winter_is_shown_in_greenwich_mean_time():
    assert govuk_datetime(datetime(2026, 12, 4, 23, 59, tzinfo=UTC)) == (
        "11:59pm on Friday 4 December 2026"
    )


def test_the_day_is_the_london_day_not_the_utc_day():
    # 23:30 UTC on 31 July is 00:30 on 1 August in London.
    assert govuk_datetime(datetime(2026, 7, 31, 23, 30, tzinfo=UTC)) == (
        "12:30am on Saturday 1 August 2026"
    )


def test_midnight_and_midday_in_london():
    assert (
        govuk_datetime(datetime(2026, 3, 2, 0, 0, tzinfo=LONDON))
        == "midnight on Monday 2 March 2026"
    )
    assert (
        govuk_datetime(datetime(2026, 6, 2, 12, 0, tzinfo=LONDON))
        == "midday on Tuesday 2 June 2026"
    )
