"""Dates and times are written one way, the GOV.UK way, in London time, on every page."""

from datetime import UTC, date, datetime

import pytest

from npsportal.formatting import LONDON, govuk_date, govuk_datetime, govuk_deadline, govuk_time


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


def test_a_moment_is_its_london_date_and_time():
    assert govuk_datetime(datetime(2026, 11, 30, 6, 24, 25, 965457, tzinfo=UTC)) == (
        "30 November 2026, 6:24am"
    )
    assert govuk_datetime(datetime(2026, 7, 31, 23, 30, tzinfo=UTC)) == "1 August 2026, 12:30am"
    assert govuk_datetime(None) == ""


def test_a_moment_s_date_is_the_london_date_not_the_utc_date():
    assert govuk_date(datetime(2026, 7, 31, 23, 30, tzinfo=UTC)) == "1 August 2026"
    assert govuk_date(date(2027, 5, 2)) == "2 May 2027"


def test_a_utc_deadline_in_summer_is_shown_in_british_summer_time():
    closes = datetime(2017, 5, 12, 22, 59, tzinfo=UTC)
    assert f"This consultation closes at {govuk_deadline(closes)}" == (
        "This consultation closes at 11:59pm on Friday 12 May 2017"
    )


def test_a_utc_deadline_in_winter_is_shown_in_greenwich_mean_time():
    assert govuk_deadline(datetime(2026, 12, 4, 23, 59, tzinfo=UTC)) == (
        "11:59pm on Friday 4 December 2026"
    )


def test_the_deadline_s_day_is_the_london_day_not_the_utc_day():
    # 23:30 UTC on 31 July is 00:30 on 1 August in London.
    assert govuk_deadline(datetime(2026, 7, 31, 23, 30, tzinfo=UTC)) == (
        "12:30am on Saturday 1 August 2026"
    )


def test_midnight_and_midday_in_london():
    assert (
        govuk_deadline(datetime(2026, 3, 2, 0, 0, tzinfo=LONDON))
        == "midnight on Monday 2 March 2026"
    )
    assert (
        govuk_deadline(datetime(2026, 6, 2, 12, 0, tzinfo=LONDON))
        == "midday on Tuesday 2 June 2026"
    )
