"""The real-server tier: Dovecot and Postfix from a temp dir on loopback, and the daemon as a
process of its own. Outside CI a machine that cannot run them skips this tier with a loud
reason; under CI (CI=true) that is a failure."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mailbot.demo.actors import Person
from scripts.loopback import daemon_config
from tests.tiers import one_install_at_a_time, unavailable

MAILBOX = "transfer@example.test"
USERS = {
    MAILBOX: "transfer-pw",
    "dana@acme.test": "client-pw",
    "bob@oldpartner.test": "partner-pw",
    "sales@newprovider.test": "provider-pw",
    "ops@example.test": "staff-pw",
}
NAMES = {"dana@acme.test": "Dana Smith", "bob@oldpartner.test": "Bob Miller",
         "sales@newprovider.test": "Priya Shah", "ops@example.test": "Olivia"}
ROLES = {"client": "dana@acme.test", "old_partner": "bob@oldpartner.test",
         "new_provider": "sales@newprovider.test", "staff": "ops@example.test"}


# The tests play the receiving MX where they need its word: a request with its DMARC pass for
# the client goes ahead at once (without it the client first confirms from their mailbox).
MX = "mx.example.test"
CLIENT_PASS = {"Authentication-Results": f"{MX}; dmarc=pass header.from=acme.test"}

# The request every live test's client sends.
FORM = """Company: Acme Widgets LLC
Contact name: Dana Smith
Contact phone: +1 555 0100
Domains: acme.test
Current partner e-mail: bob@oldpartner.test
New provider e-mail (or "none" for retail): sales@newprovider.test
Reason for the transfer: our partner stopped answering"""


@pytest.fixture
def mailstack():
    from scripts.mailstack import MailStack, Unavailable, ensure_installed

    try:
        with one_install_at_a_time():
            ensure_installed()
        stack = MailStack(dict(USERS)).start()
    except Unavailable as exc:
        unavailable("REAL-SERVER TIER (Dovecot + Postfix)", exc)
    yield stack
    stack.stop()


class DaemonProcess:
    """``mailbot run`` against the stack, with its own SQLite file and log."""

    def __init__(self, stack, folder: Path, extra: str = "") -> None:
        self.stack, self.folder = stack, folder
        self.db = folder / "mailbot.db"
        self.log = folder / "daemon.log"
        self.config = folder / "mailbot.toml"
        self.config.write_text(daemon_config(MAILBOX, USERS[MAILBOX], stack.imap_port, stack.smtp_port,
                                             f"sqlite:///{self.db}", "ops@example.test", extra,
                                             trusted_authserv_ids=(MX,)))
        self.process: subprocess.Popen | None = None

    def start(self, **env: str) -> DaemonProcess:
        log = self.log.open("ab")
        self.process = subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--config", str(self.config)],
                                        stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **env})
        self.wait_log("watching INBOX")
        return self

    def stop(self) -> int:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(30)
        return self.process.returncode if self.process else 0

    def wait_exit(self, timeout: float = 30) -> int:
        return self.process.wait(timeout)

    def wait_log(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.log.exists() and text in self.log.read_text(errors="replace"):
                return
            if self.process and self.process.poll() is not None:
                raise AssertionError(f"daemon exited ({self.process.returncode}):\n{self.log.read_text()[-3000:]}")
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not in the daemon's log:\n{self.log.read_text()[-3000:]}")

    def query(self, sql: str, *args) -> list[tuple]:
        db = sqlite3.connect(self.db, timeout=30)
        try:
            return db.execute(sql, args).fetchall()
        finally:
            db.close()

    def wait_for(self, sql: str, expected, timeout: float = 30, *args) -> None:
        deadline = time.monotonic() + timeout
        got = None
        while time.monotonic() < deadline:
            got = self.query(sql, *args)
            if got == expected:
                return
            time.sleep(0.1)
        raise AssertionError(f"{sql}: {got!r} != {expected!r}\n{self.log.read_text()[-3000:]}")


@pytest.fixture
def daemon(mailstack, tmp_path, request):
    process = DaemonProcess(mailstack, tmp_path, getattr(request, "param", ""))
    yield process
    process.stop()


@pytest.fixture
def people(mailstack):
    return {role: Person(address, USERS[address], NAMES[address], "127.0.0.1", mailstack.imap_port,
                         "127.0.0.1", mailstack.smtp_port) for role, address in ROLES.items()}


def message_ids(stack, user: str, folder: str = "INBOX") -> list[str]:
    """Message-IDs of every mail in a user's folder (to count deliveries)."""
    from imapclient import IMAPClient

    client = IMAPClient("127.0.0.1", port=stack.imap_port, ssl=False)
    try:
        client.login(user, stack.users[user])
        client.select_folder(folder, readonly=True)
        data = client.fetch(client.search("ALL"), ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"])
        return [bytes(v[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"]).decode().split(":", 1)[-1].strip()
                for v in data.values()]
    finally:
        client.logout()


def theirs(ids: list[str]) -> list[str]:
    """Message-IDs other than our own mails' copies (which come back to our mailbox)."""
    return [mid for mid in ids if not mid.startswith("<mailbot.")]


def wait_delivered(stack, timeout: float = 60.0) -> None:
    """Wait until Postfix has handed every accepted mail to Dovecot.

    The outbox marks a row sent when Postfix accepts it; delivery into the mailbox follows a
    moment later, so a count of deliveries taken before the queue is empty can miss mails.
    """
    deadline = time.monotonic() + timeout
    while not stack.queue_empty() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert stack.queue_empty(), "Postfix still holds mail after the wait"


def wait_inbox_empty(stack, user: str = MAILBOX, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while message_ids(stack, user) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert message_ids(stack, user) == []
