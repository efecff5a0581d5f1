"""The reliability tier uses the real-server fixtures of tests/live."""

from tests.live.conftest import daemon, mailstack, people  # noqa: F401
