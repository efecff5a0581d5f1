"""Business durations as written in the config and in ``#extend``: ``2d``, ``4h``, ``90m``, ``-4h``."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*([dhm])", re.IGNORECASE)
_WHOLE = re.compile(r"^\s*-?\s*(?:\d+(?:\.\d+)?\s*[dhm]\s*)+$", re.IGNORECASE)
# A fractional day ("1.5d") is turned into working hours at this rate.
HOURS_PER_DAY_FOR_FRACTIONS = 8


@dataclass(frozen=True)
class BusinessDuration:
    days: int = 0  # whole working days
    minutes: int = 0  # working minutes on top
    negative: bool = False

    @classmethod
    def parse(cls, text: str) -> BusinessDuration:
        if not text or not _WHOLE.match(text):
            raise ValueError(f"{text!r} is not a business duration like 2d, 4h or 90m")
        days, minutes = 0, 0.0
        for amount, unit in _PART.findall(text):
            value = float(amount)
            unit = unit.lower()
            if unit == "d":
                days += int(value)
                minutes += (value - int(value)) * HOURS_PER_DAY_FOR_FRACTIONS * 60
            elif unit == "h":
                minutes += value * 60
            else:
                minutes += value
        return cls(days, round(minutes), text.strip().startswith("-"))

    def __str__(self) -> str:
        parts = []
        if self.days:
            parts.append(f"{self.days}d")
        hours, minutes = divmod(self.minutes, 60)
        if hours:
            parts.append(f"{hours}h")
        if minutes:
            parts.append(f"{minutes}m")
        return ("-" if self.negative else "") + ("".join(parts) or "0m")
