"""Tiers that need servers: outside CI a machine that cannot run them skips them with a loud
reason; under CI (CI=true) that is a failure, never a silent skip."""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

# One lock for the whole machine (not per checkout): apt-get and dpkg hold locks of their own and
# fail at once, rather than wait, when another install holds them.
INSTALL_LOCK = Path(tempfile.gettempdir()) / "mailbot-tests-install.lock"


def unavailable(tier: str, reason: object) -> None:
    message = f"{tier} NOT RUN: {reason}"
    print(f"\n*** {message} ***", file=sys.stderr)
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@contextlib.contextmanager
def one_install_at_a_time() -> Iterator[None]:
    """Hold the machine's install lock while a tier's servers are installed when missing.

    The suite runs on several pytest-xdist workers, each starting its own servers: on a clean
    machine two of them would otherwise run apt-get at once (PostgreSQL on one, Dovecot on the
    other), and the second would fail on dpkg's lock. Under this lock the first installs while
    the others wait, then find the packages there (each ``ensure_installed`` looks first)."""
    try:
        lock = os.open(INSTALL_LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:  # another user's lock file: this user cannot install anyway (apt-get needs root)
        yield
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield
    finally:
        os.close(lock)  # closing releases the lock
