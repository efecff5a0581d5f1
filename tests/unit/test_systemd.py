"""sd_notify against a socket of our own in place of systemd's: the messages arrive, the
watchdog is pinged from the loop while it turns, and a loop that stalls stops pinging.

The watchdog is ``mailbot.systemd.keep_alive``, the coroutine ``Daemon.serve`` runs
(tests/live/test_systemd_notify.py runs the whole daemon against such a socket)."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time

import pytest

from mailbot.systemd import Notifier, keep_alive


def listen(address: str) -> socket.socket:
    """What systemd does: an AF_UNIX datagram socket, read without blocking here."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(address)
    sock.setblocking(False)
    return sock


def drain(sock: socket.socket) -> list[str]:
    """Every datagram waiting on the socket."""
    got = []
    while True:
        try:
            got.append(sock.recv(4096).decode())
        except BlockingIOError:
            return got


@pytest.fixture
def notify_socket(tmp_path):
    path = str(tmp_path / "notify")
    sock = listen(path)
    yield path, sock
    sock.close()


def test_ready_and_stopping_arrive_with_their_status(notify_socket):
    path, sock = notify_socket
    notifier = Notifier.from_environ({"NOTIFY_SOCKET": path})
    assert notifier.ready("running for transfer@example.com")
    assert notifier.stopping()
    assert drain(sock) == ["READY=1\nSTATUS=running for transfer@example.com", "STOPPING=1"]


def test_an_abstract_socket_name_starts_with_an_at_sign():
    name = f"mailbot-test-{os.getpid()}-{time.monotonic_ns()}"
    sock = listen("\0" + name)
    try:
        assert Notifier.from_environ({"NOTIFY_SOCKET": "@" + name}).ready()
        assert drain(sock) == ["READY=1"]
    finally:
        sock.close()


def test_outside_systemd_nothing_is_sent_and_nothing_fails():
    notifier = Notifier.from_environ({})
    assert not notifier.ready() and notifier.watchdog_seconds is None
    assert Notifier.from_environ({"NOTIFY_SOCKET": "relative/path"}).address is None


def test_a_socket_that_is_gone_is_said_once(tmp_path, caplog):
    notifier = Notifier(str(tmp_path / "nobody-listens"), 1_000_000)
    with caplog.at_level(logging.WARNING, "mailbot.systemd"):
        assert not notifier.watchdog() and not notifier.watchdog()
    assert len(caplog.records) == 1 and "cannot notify systemd" in caplog.text


@pytest.mark.parametrize("environ, seconds", [
    ({"WATCHDOG_USEC": "30000000"}, 15.0),  # half of systemd's interval
    ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": str(os.getpid())}, 15.0),
    ({"WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "1"}, None),  # meant for another process
    ({"WATCHDOG_USEC": "0"}, None),
    ({"WATCHDOG_USEC": "soon"}, None),
    ({}, None),
])
def test_the_watchdog_interval(notify_socket, environ, seconds):
    path, _ = notify_socket
    assert Notifier.from_environ({"NOTIFY_SOCKET": path, **environ}).watchdog_seconds == seconds


def test_the_loop_pings_while_it_turns_and_not_while_it_stalls(notify_socket, monkeypatch):
    path, sock = notify_socket
    monkeypatch.setenv("NOTIFY_SOCKET", path)
    monkeypatch.setenv("WATCHDOG_USEC", "100000")  # a ping every 50 ms
    notifier = Notifier.from_environ()

    async def stall(seconds: float) -> list[str]:
        # The loop is blocked from the first drain to the second: whatever the second finds was
        # sent while the loop could not run (a ping from a thread or a timer would be there).
        drain(sock)
        time.sleep(seconds)
        return drain(sock)

    async def main():
        stop = asyncio.Event()
        watchdog = asyncio.create_task(keep_alive(notifier, stop))
        await asyncio.sleep(0.6)
        turning = drain(sock)
        stalled = await asyncio.create_task(stall(0.6))
        await asyncio.sleep(0.6)
        again = drain(sock)
        stop.set()
        await asyncio.wait_for(watchdog, 1)  # stops at once when told
        return turning, stalled, again

    turning, stalled, again = asyncio.run(main())
    assert set(turning) == {"WATCHDOG=1"} and len(turning) >= 3
    assert stalled == []
    assert set(again) == {"WATCHDOG=1"} and len(again) >= 3


def test_no_ping_while_a_part_of_the_daemon_has_stopped(notify_socket, caplog):
    path, sock = notify_socket
    notifier = Notifier(path, 100_000)
    parts_run = [True]

    async def main():
        stop = asyncio.Event()
        watchdog = asyncio.create_task(keep_alive(notifier, stop, lambda: parts_run[0]))
        await asyncio.sleep(0.3)
        healthy = drain(sock)
        parts_run[0] = False
        await asyncio.sleep(0.06)  # a ping in flight when it changed
        drain(sock)
        await asyncio.sleep(0.4)
        sick = drain(sock)
        stop.set()
        await watchdog
        return healthy, sick

    with caplog.at_level(logging.ERROR, "mailbot.systemd"):
        healthy, sick = asyncio.run(main())
    assert len(healthy) >= 2 and sick == []
    assert len(caplog.records) == 1  # said once, not at every missed ping


def test_without_a_watchdog_the_coroutine_returns_at_once(notify_socket):
    path, sock = notify_socket
    asyncio.run(asyncio.wait_for(keep_alive(Notifier(path, None), asyncio.Event()), 1))
    assert drain(sock) == []
