"""The business calendar: DST, US holidays, closed dates, instants outside working hours."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.calendar import BusinessCalendar, CalendarError
from scheduler.deadlines import plan_timers
from scheduler.durations import BusinessDuration

CHI = ZoneInfo("America/Chicago")
WEEK = ["mon", "tue", "wed", "thu", "fri"]
CAL = BusinessCalendar.build("America/Chicago", "08:00-17:00", WEEK, "US")


def chi(*args) -> datetime:
    return datetime(*args, tzinfo=CHI)


def test_days_keep_the_time_of_day_across_thanksgiving():
    assert CAL.add(chi(2026, 11, 25, 9), "2d") == chi(2026, 11, 30, 9)  # Thu is Thanksgiving
    assert CAL.add(chi(2026, 11, 25, 9), "3d") == chi(2026, 12, 1, 9)


def test_christmas_and_new_year_are_skipped():
    assert CAL.add(chi(2026, 12, 24, 10), "1d") == chi(2026, 12, 28, 10)  # Fri 25 Dec closed
    assert CAL.add(chi(2026, 12, 31, 10), "1d") == chi(2027, 1, 4, 10)  # Fri 1 Jan closed
    assert not CAL.is_working_day(chi(2026, 12, 25).date())
    assert CAL.holiday_name(chi(2026, 11, 26).date()) == "Thanksgiving Day"


def test_across_the_end_of_daylight_saving_time():
    # US DST ends Sunday 1 Nov 2026: Friday is UTC-5, Monday UTC-6.
    friday = chi(2026, 10, 30, 10)
    monday = CAL.add(friday, "1d")
    assert monday == chi(2026, 11, 2, 10) and monday.utcoffset() == timedelta(hours=-6)
    assert friday.utcoffset() == timedelta(hours=-5)
    assert CAL.add(friday, "8h") == chi(2026, 11, 2, 9)  # 7 h on Friday, 1 h on Monday
    assert CAL.between(friday, chi(2026, 11, 2, 9)) == timedelta(hours=8)


def test_across_the_start_of_daylight_saving_time():
    friday = chi(2026, 3, 6, 16)
    assert CAL.add(friday, "2h") == chi(2026, 3, 9, 9)  # Sunday 8 Mar changes the clocks
    assert CAL.between(friday, chi(2026, 3, 9, 9)) == timedelta(hours=2)


def test_a_closed_date_is_skipped():
    calendar = BusinessCalendar.build("America/Chicago", "08:00-17:00", WEEK, "US", ["2026-12-23"])
    assert calendar.add(chi(2026, 12, 22, 9), "1d") == chi(2026, 12, 24, 9)


def test_deadlines_from_outside_working_hours_start_at_the_next_opening():
    saturday_night = chi(2026, 11, 28, 22)
    assert CAL.next_working_instant(saturday_night) == chi(2026, 11, 30, 8)
    assert CAL.add(saturday_night, "2d") == chi(2026, 12, 2, 8)
    assert CAL.add(chi(2026, 11, 25, 18, 30), "4h") == chi(2026, 11, 27, 12)  # Wed evening -> Fri
    assert CAL.add(chi(2026, 11, 25, 6), "1h") == chi(2026, 11, 25, 9)


def test_subtract_and_between():
    due = chi(2026, 11, 30, 9)
    assert CAL.subtract(due, "4h") == chi(2026, 11, 27, 14)
    assert CAL.between(chi(2026, 11, 25, 9), due) == timedelta(hours=18)
    assert CAL.between(due, chi(2026, 11, 25, 9)) == timedelta(0)


def test_nudge_plan_half_way_and_four_hours_before():
    start, due = chi(2026, 11, 25, 9), chi(2026, 11, 30, 9)
    plan = plan_timers(start, due, ["50%", "-4h"], CAL)
    assert [(t.kind, t.at) for t in plan] == [("nudge", chi(2026, 11, 27, 9)), ("nudge", chi(2026, 11, 27, 14)),
                                               ("escalation", due)]
    short = plan_timers(start, CAL.add(start, "2h"), ["50%", "-4h"], CAL)
    assert [t.kind for t in short] == ["nudge", "escalation"]  # -4h would fall before the start


def test_durations_and_mistakes():
    assert BusinessDuration.parse("2d") == BusinessDuration(days=2)
    assert BusinessDuration.parse("90m").minutes == 90 and BusinessDuration.parse("-4h").negative
    for bad in ("", "2", "two days", "2w"):
        with pytest.raises(ValueError):
            BusinessDuration.parse(bad)
    with pytest.raises(CalendarError):
        BusinessCalendar.build("America/Chicago", "08:00-17:00", WEEK, "XX")
    with pytest.raises(CalendarError):
        CAL.add(datetime(2026, 11, 25, 9), "1d")  # naive
