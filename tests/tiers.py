"""Tiers that need servers: outside CI a machine that cannot run them skips them with a loud
reason; under CI (CI=true) that is a failure, never a silent skip."""

from __future__ import annotations

import os
import sys

import pytest


def unavailable(tier: str, reason: object) -> None:
    message = f"{tier} NOT RUN: {reason}"
    print(f"\n*** {message} ***", file=sys.stderr)
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
