"""``mailbot run`` under a stand-in for systemd: a datagram socket as ``$NOTIFY_SOCKET`` and a
``$WATCHDOG_USEC``, as a ``Type=notify`` unit with ``WatchdogSec=`` gives it
(contrib/systemd/mailbot.service). The daemon runs against the demo mail stack on loopback."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from mailbot.demo.stack import DemoMailStack, free_port
from scripts.loopback import daemon_config

MAILBOX = "transfer@example.test"
USERS = {MAILBOX: "right-password"}
JSON_LOGS = """
[logging]
format = "json"
[logging.levels]
"mailbot.watcher" = "WARNING"
"""


@pytest.fixture(scope="module")
def stack():
    with DemoMailStack(USERS, "example.test") as running:
        yield running


def receive(sock: socket.socket, until: float) -> str | None:
    sock.settimeout(max(0.01, until - time.monotonic()))
    try:
        return sock.recv(4096).decode()
    except TimeoutError:
        return None


def start(tmp_path, imap_port: int, smtp_port: int, extra: str = ""):
    config = tmp_path / "mailbot.toml"
    config.write_text(daemon_config(MAILBOX, USERS[MAILBOX], imap_port, smtp_port,
                                    f"sqlite:///{tmp_path / 'mailbot.db'}", "ops@example.test", extra))
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify"))
    env = {**os.environ, "NOTIFY_SOCKET": str(tmp_path / "notify"), "WATCHDOG_USEC": "400000"}
    log = (tmp_path / "daemon.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--config", str(config)],
                               stdout=log, stderr=subprocess.STDOUT, env=env)
    return process, sock


def test_ready_then_watchdog_pings_then_stopping(tmp_path, stack):
    process, sock = start(tmp_path, stack.imap_port, stack.smtp_port, JSON_LOGS)
    try:
        first = receive(sock, time.monotonic() + 60)
        assert first is not None, (tmp_path / "daemon.log").read_text()
        assert first.splitlines() == ["READY=1", f"STATUS=running for {MAILBOX}"]
        pings, deadline = 0, time.monotonic() + 20
        while pings < 5 and time.monotonic() < deadline:  # every 0.2 s: half of WATCHDOG_USEC
            message = receive(sock, deadline)
            assert message in ("WATCHDOG=1", None), message
            pings += message == "WATCHDOG=1"
        assert pings == 5
        process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 30
        while (message := receive(sock, deadline)) == "WATCHDOG=1":
            pass
        assert message is not None and message.splitlines()[0] == "STOPPING=1"
        assert process.wait(60) == 0
        # [logging] format = "json" reached the daemon: every line it wrote is one JSON object.
        lines = [json.loads(line) for line in (tmp_path / "daemon.log").read_text().splitlines()]
        assert any(line["logger"] == "mailbot.daemon" and line["message"] == "stopped" for line in lines)
        assert not any(line["logger"] == "mailbot.watcher" for line in lines)  # [logging.levels]: WARNING
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        sock.close()


def test_no_ready_when_the_start_up_check_fails(tmp_path, stack):
    process, sock = start(tmp_path, free_port(), stack.smtp_port)  # nothing listens for IMAP
    try:
        assert process.wait(60) == 1
        assert receive(sock, time.monotonic() + 0.2) is None
    finally:
        sock.close()
