"""Nudge and escalation plans for a milestone's deadline (pure).

Nudge points come from the config: ``"50%"`` is half-way through the milestone's business time,
``"-4h"`` is four business hours before the deadline. Points that fall before the start or at
or after the deadline are left out, and two points at the same instant become one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scheduler.calendar import BusinessCalendar
from scheduler.durations import BusinessDuration


@dataclass(frozen=True)
class PlannedTimer:
    kind: str  # "nudge" | "escalation"
    at: datetime


def nudge_instant(point: str, start: datetime, due: datetime, calendar: BusinessCalendar) -> datetime:
    point = point.strip()
    if point.endswith("%"):
        share = float(point[:-1]) / 100
        return calendar.add_time(start, calendar.between(start, due) * share)
    return calendar.subtract(due, BusinessDuration.parse(point))


def plan_timers(start: datetime, due: datetime, nudges: tuple[str, ...] | list[str],
                calendar: BusinessCalendar) -> list[PlannedTimer]:
    """Nudges (in time order, deduplicated) then the escalation at the deadline."""
    instants = set()
    for point in nudges:
        at = nudge_instant(point, start, due, calendar)
        if start < at < due:
            instants.add(at)
    return [PlannedTimer("nudge", at) for at in sorted(instants)] + [PlannedTimer("escalation", due)]
