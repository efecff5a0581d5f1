"""Outages against the real servers: SMTP gone then deferring, the database locked."""

from __future__ import annotations

import sqlite3
import time
from email.message import EmailMessage

import pytest

from tests.live.conftest import (
    CLIENT_PASS,
    FORM,
    MAILBOX,
    ROLES,
    message_ids,
    theirs,
    wait_delivered,
    wait_inbox_empty,
)
from tests.waiting import wait_until


def request(n: int = 1) -> bytes:
    message = EmailMessage()
    message["From"] = "Dana Smith <dana@acme.test>"
    message["To"] = MAILBOX
    message["Subject"] = f"Moving away from our IT partner ({n})"
    message["Message-ID"] = f"<outage{n}.{time.time()}@acme.test>"
    for key, value in CLIENT_PASS.items():  # (our MX vouches for the client: partner and provider are written to)
        message[key] = value
    message.set_content(f"Hello,\n\n{FORM}\n")
    return bytes(message)


def test_smtp_down_then_deferring_then_back(mailstack, daemon):
    daemon.start()
    mailstack.stop_postfix()  # connection refused
    mailstack.deliver_lmtp("dana@acme.test", [MAILBOX], request())
    daemon.wait_for("select count(*) from outbound_mails where last_error like '%refused%' "
                    "or last_error like '%cannot be reached%'", [(3,)])
    mailstack.defer_sender(MAILBOX)  # the same map, read when Postfix starts
    mailstack.start_postfix()  # now 451 for the bot
    daemon.wait_for("select count(*) from outbound_mails where last_error like '%451%'", [(3,)])
    mailstack.defer_sender(None)
    daemon.wait_for("select count(*) from outbound_mails where status = 'sent'", [(3,)], timeout=90)
    wait_delivered(mailstack)
    for address in (ROLES["client"], ROLES["old_partner"], ROLES["new_provider"]):
        ids = message_ids(mailstack, address)
        assert len(ids) == len(set(ids)) == 1, (address, ids)


@pytest.mark.parametrize("daemon", [""], indirect=True)
def test_database_locked_the_mail_waits_and_is_processed_once(mailstack, daemon):
    daemon.config.write_text(daemon.config.read_text().replace(
        f'url = "sqlite:///{daemon.db}"', f'url = "sqlite:///{daemon.db}?timeout=1"'))
    daemon.start()
    lock = sqlite3.connect(daemon.db, timeout=1)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        mailstack.deliver_lmtp("dana@acme.test", [MAILBOX], request(2))
        # The watcher tries, finds the database locked and backs off (and says so) while the lock is held.
        wait_until(lambda: "database is locked" in daemon.log.read_text(errors="replace"), 30,
                   "the daemon to report the locked database", explain=lambda: daemon.log.read_text()[-3000:])
    finally:
        lock.rollback()
        lock.close()
    daemon.wait_for("select count(*), min(status) from inbound_mails where message_id not like '<mailbot.%'",
                    [(1, "processed")], timeout=60)
    daemon.wait_for("select count(*) from outbound_mails where status = 'sent'", [(3,)], timeout=60)
    wait_inbox_empty(mailstack)
    assert len(theirs(message_ids(mailstack, MAILBOX, "Processed"))) == 1
    assert message_ids(mailstack, MAILBOX, "Quarantine") == []
