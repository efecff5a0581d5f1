"""Waiting in tests: poll a condition until it holds or a deadline passes, never a fixed sleep.

A fixed sleep is too short on a loaded CI machine (a flaky failure) and too long everywhere
else (a slow suite); a condition with a deadline returns as soon as the system is there and,
when it never gets there, fails saying what did not happen."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float, what: str, interval: float = 0.1,
               explain: Callable[[], str] | None = None) -> T:
    """Call ``predicate`` until it returns something true and return that. After ``timeout``
    seconds fail with "timed out after N s waiting for <what>", plus ``explain()`` (say, the
    tail of a daemon's log) to show why."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            break
        time.sleep(interval)
    details = f"\n{explain()}" if explain else ""
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}{details}")
