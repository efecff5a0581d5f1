"""The tests' wait: as quick as the condition, and a failure that says what never happened."""

from __future__ import annotations

import time

import pytest

from tests.waiting import wait_until


def test_returns_what_the_condition_found_as_soon_as_it_holds():
    calls = iter([None, 0, "there"])
    started = time.monotonic()
    assert wait_until(lambda: next(calls), timeout=5, what="a value", interval=0.01) == "there"
    assert time.monotonic() - started < 1


def test_a_condition_that_never_holds_fails_naming_it_and_why():
    with pytest.raises(AssertionError, match=r"timed out after 0.2 s waiting for the outbox to empty\nlog tail"):
        wait_until(lambda: False, timeout=0.2, what="the outbox to empty", interval=0.05,
                   explain=lambda: "log tail")
