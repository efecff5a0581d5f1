"""The business calendar: when the support team works, and arithmetic in business time.

Pure: instants come in as timezone-aware datetimes and go out the same way; nothing here reads
the clock. Public holidays come from the ``holidays`` package for a country[/subdivision].

Durations (``scheduler.durations``) are read the way people mean them:
- ``"2d"``: two working days later at the same time of day (Wednesday 09:00 + 2d over
  Thanksgiving is Monday 09:00), which stays right across DST changes;
- ``"4h"``, ``"90m"``: that much working time, counted only inside working hours.
An instant outside working hours first moves to the next working instant.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holidays_lib

from scheduler.durations import BusinessDuration

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Far enough to cross any holiday season; a calendar open on no day at all is a config error.
_MAX_DAYS_SEARCHED = 3660


class CalendarError(ValueError):
    """A calendar that cannot be built or cannot answer. When one setting is to blame,
    ``setting`` names the ``build()`` argument (the ``[sla]`` key of the same name), so the
    config can say which line of the file to fix."""

    def __init__(self, message: str, setting: str = "") -> None:
        super().__init__(message)
        self.setting = setting


@dataclass(frozen=True)
class BusinessCalendar:
    timezone: str
    hours: dict[int, tuple[time, time]]  # weekday (0 = Monday) -> opening, closing
    country: str = ""  # "US", "DE/BY"; "" for no public holidays
    closed_dates: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def build(cls, timezone: str, work_hours: str | dict[str, str], work_days: Iterable[str],
              holidays: str = "", closed_dates: Iterable[str | date] = ()) -> BusinessCalendar:
        """From config values: ``"08:00-17:00"`` for every work day, or a per-day dict.

        Every value is checked here, once, so a wrong one fails at start-up with a
        ``CalendarError`` naming it rather than at the first deadline that meets it."""
        hours = {}
        for day in _parse_days(work_days):
            spec = work_hours if isinstance(work_hours, str) else work_hours.get(WEEKDAYS[day], "")
            if spec:
                hours[day] = _parse_hours(spec)
        if not hours:
            raise CalendarError("the calendar has no working day", "work_days")
        calendar = cls(_checked_zone(timezone), hours, holidays.strip(), _parse_dates(closed_dates))
        if calendar.country:
            _holiday_table(calendar.country, 2026)
        return calendar

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    # -- days --------------------------------------------------------------------------------

    def is_holiday(self, day: date) -> bool:
        return bool(self.country) and day in _holiday_table(self.country, day.year)

    def holiday_name(self, day: date) -> str | None:
        if self.country:
            return _holiday_table(self.country, day.year).get(day)
        return None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.hours and day not in self.closed_dates and not self.is_holiday(day)

    def working_interval(self, day: date) -> tuple[datetime, datetime] | None:
        """Opening and closing of ``day`` as aware instants, or None when closed."""
        if not self.is_working_day(day):
            return None
        opening, closing = self.hours[day.weekday()]
        return (datetime.combine(day, opening, self.zone), datetime.combine(day, closing, self.zone))

    def _intervals_from(self, instant: datetime) -> Iterator[tuple[datetime, datetime]]:
        day = instant.astimezone(self.zone).date()
        for offset in range(_MAX_DAYS_SEARCHED):
            interval = self.working_interval(day + timedelta(days=offset))
            if interval and interval[1] > instant:
                yield (max(interval[0], instant), interval[1])
        raise CalendarError("no working time within ten years: check work_days and closed_dates")

    # -- instants ----------------------------------------------------------------------------

    def is_working_instant(self, instant: datetime) -> bool:
        interval = self.working_interval(instant.astimezone(self.zone).date())
        return bool(interval) and interval[0] <= instant < interval[1]

    def may_notify(self, instant: datetime) -> bool:
        """Whether mail may go out now: inside working hours, closing time included (a deadline
        that ends the day is announced at that moment, not the next morning)."""
        interval = self.working_interval(instant.astimezone(self.zone).date())
        return bool(interval) and interval[0] <= instant <= interval[1]

    def next_working_instant(self, instant: datetime) -> datetime:
        """``instant`` itself when the team works then, else the next opening."""
        _require_aware(instant)
        start, _ = next(self._intervals_from(instant))
        return start

    def add(self, instant: datetime, duration: BusinessDuration | str) -> datetime:
        """``instant`` plus business time (see the module docstring for what a day means)."""
        _require_aware(instant)
        if isinstance(duration, str):
            duration = BusinessDuration.parse(duration)
        if duration.negative:
            raise CalendarError("use subtract() for negative durations")
        result = self.next_working_instant(instant)
        if duration.days:
            result = self._add_days(result, duration.days)
        if duration.minutes:
            result = self._add_working_time(result, timedelta(minutes=duration.minutes))
        return result

    def add_time(self, instant: datetime, amount: timedelta) -> datetime:
        """``instant`` plus exactly ``amount`` of working time (seconds count)."""
        _require_aware(instant)
        return self._add_working_time(self.next_working_instant(instant), amount)

    def subtract(self, instant: datetime, duration: BusinessDuration | str) -> datetime:
        """``instant`` minus working time (for "4 business hours before the deadline")."""
        _require_aware(instant)
        if isinstance(duration, str):
            duration = BusinessDuration.parse(duration)
        remaining = timedelta(minutes=abs(duration.minutes) + abs(duration.days) * self._day_minutes())
        day = instant.astimezone(self.zone).date()
        for offset in range(_MAX_DAYS_SEARCHED):
            interval = self.working_interval(day - timedelta(days=offset))
            if not interval or interval[0] >= instant:
                continue
            start, end = interval[0], min(interval[1], instant)
            if end - start >= remaining:
                return end - remaining
            remaining -= end - start
        raise CalendarError("no working time within ten years before this instant")

    def between(self, start: datetime, end: datetime) -> timedelta:
        """Working time from ``start`` to ``end`` (zero when ``end`` is not later)."""
        _require_aware(start)
        _require_aware(end)
        total = timedelta()
        if end <= start:
            return total
        for opening, closing in self._intervals_from(start):
            if opening >= end:
                break
            total += min(closing, end) - opening
        return total

    # -- helpers -----------------------------------------------------------------------------

    def _add_days(self, instant: datetime, days: int) -> datetime:
        local = instant.astimezone(self.zone)
        day, counted = local.date(), 0
        while counted < days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
            if (day - local.date()).days > _MAX_DAYS_SEARCHED:
                raise CalendarError("no working day within ten years")
        opening, closing = self.working_interval(day)
        wanted = datetime.combine(day, local.timetz().replace(tzinfo=None), self.zone)
        return min(max(wanted, opening), closing)

    def _add_working_time(self, instant: datetime, amount: timedelta) -> datetime:
        for opening, closing in self._intervals_from(instant):
            if closing - opening >= amount:
                return opening + amount
            amount -= closing - opening
        raise CalendarError("unreachable")

    def _day_minutes(self) -> int:
        """Length of the longest working day, used to turn days into minutes when subtracting."""
        longest = max((datetime.combine(date.min, c) - datetime.combine(date.min, o))
                      for o, c in self.hours.values())
        return int(longest.total_seconds() // 60)


def _parse_days(work_days: Iterable[str]) -> list[int]:
    days = []
    for name in work_days:
        if name.lower()[:3] not in WEEKDAYS:
            raise CalendarError(f"{name!r} is not a weekday ({', '.join(WEEKDAYS)})", "work_days")
        days.append(WEEKDAYS.index(name.lower()[:3]))
    return days


def _parse_hours(spec: str) -> tuple[time, time]:
    parts = [part.strip() for part in spec.split("-")]
    if len(parts) != 2:
        raise CalendarError(f"{spec!r} must look like 08:00-17:00", "work_hours")
    opening, closing = _clock_time(spec, parts[0]), _clock_time(spec, parts[1], closing=True)
    if opening >= closing:
        raise CalendarError(f"{spec!r} closes before it opens", "work_hours")
    return opening, closing


def _clock_time(spec: str, text: str, closing: bool = False) -> time:
    # "24:00" is how people write "until midnight", but a time of day has no hour 24.
    if closing and text == "24:00":
        return time(23, 59, 59, 999999)
    try:
        return time.fromisoformat(text)
    except ValueError as exc:
        raise CalendarError(f"{spec!r} has {text}, which is not a time of day ({exc}; "
                            "a day closes at 24:00 at the latest)", "work_hours") from None


def _parse_dates(closed_dates: Iterable[str | date]) -> frozenset[date]:
    closed = set()
    for value in closed_dates:
        if isinstance(value, date):
            closed.add(value)
            continue
        try:
            closed.add(date.fromisoformat(value))
        except ValueError as exc:
            raise CalendarError(f"{value!r} is not a date ({exc})", "closed_dates") from None
    return frozenset(closed)


def _checked_zone(timezone: str) -> str:
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise CalendarError(f"{timezone!r} is not a known IANA timezone", "timezone") from None
    return timezone


def _require_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise CalendarError("instants must carry a timezone")


@lru_cache(maxsize=64)
def _holiday_table(country: str, year: int) -> holidays_lib.HolidayBase:
    code, _, subdivision = country.partition("/")
    try:
        return holidays_lib.country_holidays(code.upper(), subdiv=subdivision.upper() or None, years=year)
    except NotImplementedError as exc:
        raise CalendarError(f"no public holidays known for {country!r}: {exc} (use e.g. US, DE/BY, GB)",
                            "holidays") from None
