"""``mailbot run`` with ``[web] listen`` serves the console beside the mail loops: its health
reports the watcher's own connection, and a sign-in link asked for there is sent by the
daemon's own sender, over Postfix, to the staff member's mailbox."""

from __future__ import annotations

import json
import re
import socket
import time
import urllib.request

import pytest

from tests.live.conftest import DaemonProcess


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def served(mailstack, tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    process = DaemonProcess(mailstack, tmp_path, f'\n[web]\nlisten = "127.0.0.1:{port}"\nbase_url = "{base}"\n')
    process.start()
    process.wait_log("console at")
    yield process, base
    process.stop()


def test_the_daemon_serves_the_console_and_mails_its_sign_in_links(served, people):
    process, base = served
    with urllib.request.urlopen(base + "/healthz", timeout=10) as answer:
        health = json.load(answer)
    assert health["status"] == "ok" and health["imap_watcher"] == "connected"
    with urllib.request.urlopen(base + "/metrics", timeout=10) as answer:
        assert b"mailbot_imap_connected 1.0" in answer.read()

    # Ask for a sign-in link the way a browser does (cookie, CSRF token), then read the mail.
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = opener.open(base + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    form = f"email=ops%40example.test&csrf_token={token}".encode()
    assert b"on its way" in opener.open(base + "/login", data=form, timeout=10).read()
    mail = people["staff"].wait_for(lambda m: "sign-in link" in (m["Subject"] or "").lower(), timeout=30)
    link = re.search(re.escape(base) + r"/login/\S+", mail.get_body(("plain",)).get_content()).group(0)
    started = time.monotonic()
    landed = opener.open(link, timeout=10)
    assert landed.url == base + "/" and b"Needs you" in landed.read()
    assert time.monotonic() - started < 10
    process.stop()
    assert "Traceback" not in process.log.read_text()
