"""Telling systemd how the daemon is doing: the sd_notify protocol, in pure Python.

A ``Type=notify`` unit (contrib/systemd/mailbot.service) sets ``$NOTIFY_SOCKET``; the daemon
sends ``READY=1`` once its servers answered and everything runs, ``WATCHDOG=1`` every half of
``$WATCHDOG_USEC`` while its asyncio loop turns, and ``STOPPING=1`` when it begins to stop.
The pings come from a coroutine on the daemon's own loop (``keep_alive``), never from a
thread: a loop that stalls (a blocking call, a deadlock) stops pinging, and systemd kills and
restarts the service after ``WatchdogSec=``.

The protocol is one datagram of ``KEY=VALUE`` lines to an AF_UNIX socket; a name starting
with ``@`` is in the abstract namespace (sd_notify(3), "NOTES"). sdnotify on PyPI does the same
but has had no release since 2017, and libsystemd bindings need a compiler and headers: the
dozen lines here are easier to keep.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

log = logging.getLogger("mailbot.systemd")


@dataclass
class Notifier:
    """Where to send notifications (``address``: None outside systemd, and every call is a
    no-op) and how often the watchdog wants a ping (``watchdog_seconds``: None when off)."""

    address: str | None = None
    watchdog_usec: int | None = None
    _failed: bool = field(default=False, repr=False)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None, pid: int | None = None) -> Notifier:
        environ = os.environ if environ is None else environ
        address = environ.get("NOTIFY_SOCKET") or None
        if address and not address.startswith(("/", "@")):
            # systemd 254+ may also hand out vsock: addresses (inside VMs): not ours to use.
            log.warning("NOTIFY_SOCKET %r is neither a path nor an abstract name; not notifying", address)
            address = None
        usec = None
        # sd_watchdog_enabled(3): WATCHDOG_PID, when set, names the process the watchdog is for
        # (a child that inherited the variables must not ping for its parent).
        watchdog_pid = environ.get("WATCHDOG_PID")
        if watchdog_pid is None or watchdog_pid == str(os.getpid() if pid is None else pid):
            with contextlib.suppress(ValueError):
                usec = int(environ.get("WATCHDOG_USEC", "")) or None
        return cls(address, usec)

    @property
    def watchdog_seconds(self) -> float | None:
        """How often to ping: half the interval systemd waits, as sd_watchdog_enabled(3) advises."""
        if not self.address or not self.watchdog_usec or self.watchdog_usec < 0:
            return None
        return self.watchdog_usec / 2 / 1_000_000

    def notify(self, *lines: str) -> bool:
        """Send ``KEY=VALUE`` lines in one datagram; False when not under systemd or it failed."""
        if not self.address:
            return False
        target = "\0" + self.address[1:] if self.address.startswith("@") else self.address
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
                # Never block the loop on a full queue: a lost ping is what the watchdog is for.
                sock.setblocking(False)
                sock.sendto("\n".join(lines).encode(), target)
        except OSError as exc:
            if not self._failed:  # once: a broken socket would otherwise fill the log every ping
                log.warning("cannot notify systemd at %s: %s", self.address, exc)
                self._failed = True
            return False
        return True

    def ready(self, status: str = "") -> bool:
        return self.notify("READY=1", *([f"STATUS={status}"] if status else []))

    def stopping(self, status: str = "") -> bool:
        return self.notify("STOPPING=1", *([f"STATUS={status}"] if status else []))

    def watchdog(self) -> bool:
        return self.notify("WATCHDOG=1")


async def keep_alive(notifier: Notifier, stop: asyncio.Event, healthy: Callable[[], bool] = lambda: True) -> None:
    """Ping the watchdog until ``stop`` is set, from the loop it runs on.

    A ping is only sent when this coroutine gets the loop, so a blocked loop sends none; and
    only while ``healthy()`` (the daemon's IMAP thread and outbox sender still run), so a
    daemon that lost a part of itself is restarted rather than left looking alive.
    """
    interval = notifier.watchdog_seconds
    if interval is None:
        return
    said = False
    while not stop.is_set():
        if healthy():
            notifier.watchdog()
        elif not said:
            log.error("a part of the daemon has stopped: no more systemd watchdog pings, systemd will restart it")
            said = True
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), interval)
