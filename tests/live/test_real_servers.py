"""The daemon against real Dovecot (IMAP IDLE, MOVE) and Postfix (SMTP, LMTP delivery)."""

from __future__ import annotations

import io
from collections import Counter

import pytest

from mailbot.demo.run import REQUEST, play
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


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_a_whole_transfer_end_to_end(mailstack, daemon, people):
    daemon.start()
    play(people, io.StringIO(), mailbox=MAILBOX)
    daemon.wait_for("select status from cases", [("completed",)])
    daemon.wait_for("select count(*) from outbound_mails where status != 'sent'", [(0,)])
    # Every inbound mail (and every copy of ours) moved out of INBOX after its commit, once.
    wait_delivered(mailstack)
    wait_inbox_empty(mailstack)
    processed = message_ids(mailstack, MAILBOX, "Processed")
    assert len(processed) == len(set(processed)) == daemon.query("select count(*) from inbound_mails")[0][0]
    assert len(theirs(processed)) == 5  # request, form, I AGREE, I accept, #complete
    # Every notice arrived exactly once.
    sent = daemon.query("select message_id, recipient from outbound_mails")
    for address in ROLES.values():
        ids = Counter(message_ids(mailstack, address))
        expected = {mid for mid, rcpt in sent if rcpt == address}
        assert set(ids) >= expected and all(ids[mid] == 1 for mid in expected)
    # SIGTERM stops it cleanly.
    assert daemon.stop() == 0
    assert "watcher stopped" in daemon.log.read_text()


def test_dovecot_restart_while_the_daemon_runs(mailstack, daemon, people):
    daemon.start()
    client = people["client"]
    client.write(MAILBOX, "Moving away from our IT partner", f"Hello,\n\n{FORM}\n", CLIENT_PASS)
    waiver = people["old_partner"].wait_for(lambda m: "I AGREE" in body(m))

    mailstack.restart_dovecot(pause=2.0)
    people["old_partner"].reply(waiver, "I AGREE", style="outlook")

    people["old_partner"].wait_for(lambda m: "signature on the waiver" in body(m), timeout=60)
    daemon.wait_for("select outcome from inbound_mails where message_id not like '<mailbot.%' order by id",
                    [("CaseOpened",), ("WaiverSigned",)])
    wait_inbox_empty(mailstack)
    assert daemon.process.poll() is None  # still running: it reconnected
    assert "reconnecting" in daemon.log.read_text(), daemon.log.read_text()[-3000:]


def test_smtp_refusing_with_4xx_for_a_while(mailstack, daemon, people):
    daemon.start()
    mailstack.defer_sender(MAILBOX)
    people["client"].write(MAILBOX, "Moving away from our IT partner", f"Hello,\n\n{FORM}\n", CLIENT_PASS)
    daemon.wait_for("select count(*) from outbound_mails where last_error like '%451%'", [(3,)])

    def every_notice_refused_twice() -> bool:
        return daemon.query("select min(attempts) from outbound_mails where last_error like '%451%'")[0][0] >= 2

    # The sender keeps trying (retry_seconds = 1) and keeps being refused, sending nothing.
    wait_until(every_notice_refused_twice, 30, "a second refused attempt at every notice",
               explain=lambda: daemon.log.read_text()[-3000:])
    assert daemon.query("select count(*) from outbound_mails where status = 'sent'") == [(0,)]
    mailstack.defer_sender(None)
    daemon.wait_for("select count(*) from outbound_mails where status = 'sent'", [(3,)], timeout=60)
    wait_delivered(mailstack)
    for address in (ROLES["client"], ROLES["old_partner"], ROLES["new_provider"]):
        ids = message_ids(mailstack, address)
        assert len(ids) == len(set(ids)) == 1, ids


def test_killed_between_commit_and_move_the_mail_is_processed_once(mailstack, daemon, people):
    daemon.start(MAILBOT_FAULT="exit-after-commit")
    people["client"].write(MAILBOX, "Moving away from our IT partner", REQUEST)
    assert daemon.wait_exit() == 70
    # Committed, but still in the INBOX: the move never happened.
    assert daemon.query("select status, outcome from inbound_mails") == [("processed", "CaseOpened")]
    assert len(message_ids(mailstack, MAILBOX)) == 1

    daemon.start()
    daemon.wait_for("select count(*) from outbound_mails where status = 'sent'", [(1,)])
    wait_inbox_empty(mailstack)
    assert len(theirs(message_ids(mailstack, MAILBOX, "Processed"))) == 1
    assert daemon.query("select count(*) from inbound_mails where message_id not like '<mailbot.%'") == [(1,)]
    assert daemon.query("select count(*) from cases") == [(1,)]
    wait_delivered(mailstack)
    assert len(message_ids(mailstack, ROLES["client"])) == 1  # one acknowledgement, not two


@pytest.mark.parametrize("daemon", ["[sla.milestones]\nintake = \"1m\"\n"], indirect=True)
def test_the_daemon_nudges_when_the_time_comes(mailstack, daemon, people):
    daemon.start()
    client = people["client"]
    client.write(MAILBOX, "Moving away from our IT partner", "Hello, please help us move.")
    client.wait_for(lambda m: "Company:" in body(m))
    # Half of one business minute later the scheduler's sweep sends the reminder...
    nudge = client.wait_for(lambda m: "reminder" in body(m), timeout=45)
    assert "intake form" in body(nudge)
    # ...and at the deadline staff hear of it.
    people["staff"].wait_for(lambda m: "Deadline passed" in (m["Subject"] or ""), timeout=45)
    daemon.wait_for("select breached from milestones where name = 'intake'", [(1,)])
