"""The watcher and the sender in-process against the pymap + aiosmtpd stack: quarantine of a
mail that keeps failing, parking of a mail the server refuses for good."""

from __future__ import annotations

import asyncio
import smtplib
import threading
import time
from datetime import UTC, datetime

import pytest
from imapclient import IMAPClient

from mailbot.app import App
from mailbot.config import config_from_dict
from mailbot.daemon import Daemon
from mailbot.demo.stack import DemoMailStack
from mailbot.pipeline.inbound import InboundPipeline

MAILBOX = "transfer@example.test"
USERS = {MAILBOX: "pw", "ops@example.test": "ops", "dana@acme.test": "dana"}


@pytest.fixture
def stack():
    with DemoMailStack(USERS, "example.test") as running:
        yield running


def make_app(stack, tmp_path, **limits) -> App:
    loopback = {"host": "127.0.0.1", "security": "none", "username": MAILBOX, "password": "pw"}
    return App(config_from_dict({
        "mailbox": {"address": MAILBOX},
        "imap": {**loopback, "port": stack.imap_port, "max_attempts": 3},
        "smtp": {**loopback, "port": stack.smtp_port, "username": ""},
        "database": {"url": f"sqlite:///{tmp_path / 'm.db'}"},
        "security": {"secret": "s", "staff": ["ops@example.test"]},
        "limits": limits,
    }))


def folder_count(stack, folder: str) -> int:
    client = IMAPClient("127.0.0.1", port=stack.imap_port, ssl=False)
    client.login(MAILBOX, "pw")
    if not client.folder_exists(folder):
        return 0
    count = client.select_folder(folder, readonly=True)[b"EXISTS"]
    client.logout()
    return count


def watch_until_quarantined(app, stack, *mails: bytes, timeout: float = 20) -> None:
    """Run the watcher (fast retries, three attempts) until a mail lands in Quarantine."""
    daemon = Daemon.build(app)
    daemon.watcher.settings = type(daemon.watcher.settings)(retry_delay=0.2, max_attempts=3, poll_interval=1)
    thread = threading.Thread(target=daemon.watcher.run, daemon=True)
    thread.start()
    with smtplib.SMTP("127.0.0.1", stack.smtp_port) as smtp:
        for mail in mails:
            smtp.sendmail("dana@acme.test", [MAILBOX], mail)
    deadline = time.monotonic() + timeout
    while folder_count(stack, "Quarantine") == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    daemon.watcher.stop()
    thread.join(10)
    app.pipeline.close()


def test_a_mail_that_keeps_failing_is_quarantined_and_kept(stack, tmp_path, monkeypatch):
    app = make_app(stack, tmp_path)
    original = InboundPipeline._process

    def poisoned(self, session, inbound, reading, now):
        if "POISON" in reading.message.subject:
            raise RuntimeError("cannot handle this one")
        return original(self, session, inbound, reading, now)

    monkeypatch.setattr(InboundPipeline, "_process", poisoned)
    watch_until_quarantined(app, stack, b"From: dana@acme.test\r\nSubject: POISON\r\n"
                            b"Message-ID: <poison@acme.test>\r\n\r\nhello\r\n")
    assert folder_count(stack, "Quarantine") == 1 and folder_count(stack, "INBOX") == 0
    from sqlalchemy import select

    from mailbot.store.models import InboundMail, OutboundMail
    from mailbot.store.uow import UnitOfWork

    with UnitOfWork(app.sessions) as uow:
        row = uow.session.scalars(select(InboundMail)).one()
        assert row.status == "quarantined" and row.attempts == 3 and b"POISON" in row.raw
        assert "cannot handle this one" in row.error
        notice = uow.session.scalars(select(OutboundMail)).one()
        assert notice.template == "quarantine_staff" and notice.to == ["ops@example.test"]


def test_a_mail_too_slow_to_read_is_quarantined_while_the_others_are_read(stack, tmp_path, monkeypatch):
    """A crafted mail that would take the reader minutes: its reader is stopped after
    read_seconds, it is retried and quarantined (raw bytes kept), and the mail behind it is
    read meanwhile."""
    monkeypatch.setenv("MAILBOT_FAULT", "slow-read:SLOWPOKE")
    app = make_app(stack, tmp_path, read_seconds=1)
    watch_until_quarantined(app, stack, b"From: dana@acme.test\r\nSubject: SLOWPOKE\r\n"
                            b"Message-ID: <slow@acme.test>\r\n\r\nhello\r\n",
                            b"From: dana@acme.test\r\nSubject: Moving\r\n"
                            b"Message-ID: <next@acme.test>\r\n\r\nHello, please help us move.\r\n", timeout=30)
    from sqlalchemy import select

    from mailbot.store.models import InboundMail
    from mailbot.store.uow import UnitOfWork

    with UnitOfWork(app.sessions) as uow:
        rows = {r.message_id: r for r in uow.session.scalars(select(InboundMail))}
        slow, other = rows["<slow@acme.test>"], rows["<next@acme.test>"]
        assert slow.status == "quarantined" and slow.attempts == 3 and b"SLOWPOKE" in slow.raw
        assert "longer than 1 s" in slow.error
        assert other.status == "processed" and other.outcome == "CaseOpened"
        assert other.processed_at is not None
    assert folder_count(stack, "Quarantine") == 1 and folder_count(stack, "Processed") >= 1


def test_a_permanent_refusal_parks_the_mail_and_tells_staff(stack, tmp_path):
    app = make_app(stack, tmp_path)
    # A client whose address the receiving server does not know (550 at RCPT).
    now = datetime.now(UTC)
    result = app.pipeline.process(
        b"From: ghost@example.test\r\nTo: transfer@example.test\r\nSubject: help\r\n"
        b"Message-ID: <ghost1@example.test>\r\n\r\nplease move us\r\n", now)
    assert result.outcome.name == "CaseOpened"
    daemon = Daemon.build(app)
    report = asyncio.run(daemon.sender.send_pending())
    assert report.parked == 1
    report = asyncio.run(daemon.sender.send_pending())
    assert report.sent == 1  # the staff notice about it
    from mailbot.store.cases import get_case
    from mailbot.store.uow import UnitOfWork
    from mailbot.views import case_json, outbox_json

    with UnitOfWork(app.sessions) as uow:
        rows = outbox_json(uow.session)
        case = case_json(uow.session, get_case(uow.session, result.reference))
    assert [(r["template"], r["status"]) for r in rows] == [("acknowledgement", "parked"), ("parked_staff", "sent")]
    assert case["parties"]["client"].get("failing") is True
    assert any(e["kind"] == "undeliverable" for e in case["events"])


def test_a_uidvalidity_change_rescans_without_reprocessing_or_skipping(stack, tmp_path):
    from sqlalchemy import select, update

    from mailbot.store.models import InboundMail, MailboxState
    from mailbot.store.uow import UnitOfWork

    app = make_app(stack, tmp_path)
    seen = (b"From: dana@acme.test\r\nTo: transfer@example.test\r\nSubject: already seen\r\n"
            b"Message-ID: <seen1@acme.test>\r\n\r\nplease move us\r\n")
    app.pipeline.process(seen, datetime.now(UTC))  # processed before, e.g. by an earlier mailbox
    daemon = Daemon.build(app)
    daemon.watcher.lease = None
    thread = threading.Thread(target=daemon.watcher.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not daemon.watcher.connected.is_set() and time.monotonic() < deadline:
        time.sleep(0.05)
    daemon.watcher.stop()
    thread.join(10)
    # The server's mailbox was recreated: a new UIDVALIDITY, and the old mail is there again
    # beside a new one.
    with UnitOfWork(app.sessions) as uow:
        uow.session.execute(update(MailboxState).values(uidvalidity=1, last_uid=9999))
        uow.commit()
    with smtplib.SMTP("127.0.0.1", stack.smtp_port) as smtp:
        smtp.sendmail("dana@acme.test", [MAILBOX], seen)
        smtp.sendmail("dana@acme.test", [MAILBOX], seen.replace(b"seen1", b"new1").replace(b"already seen", b"new"))
    daemon = Daemon.build(app)
    daemon.watcher.lease = None
    thread = threading.Thread(target=daemon.watcher.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while folder_count(stack, "INBOX") and time.monotonic() < deadline:
        time.sleep(0.1)
    daemon.watcher.stop()
    thread.join(10)
    assert folder_count(stack, "INBOX") == 0 and folder_count(stack, "Processed") == 2
    with UnitOfWork(app.sessions) as uow:
        rows = uow.session.execute(select(InboundMail.message_id, InboundMail.outcome)).all()
        uidvalidity = uow.session.scalars(select(MailboxState)).one().uidvalidity
    # The old mail is not processed again (its second copy is kept, marked a duplicate); the
    # new one is not skipped.
    # (the new one, a second request from the same address, waits for the first's confirmation)
    assert sorted(rows) == [("<new1@acme.test>", "RequestAwaitingConfirmation"), ("<seen1@acme.test>", "CaseOpened"),
                            ("<seen1@acme.test>", "Duplicate")]
    assert uidvalidity != 1  # the new UIDVALIDITY was taken over


def test_instances_racing_to_create_a_folder_both_start(stack, monkeypatch):
    from mailbot.mail.imap import ImapSettings, Mailbox

    settings = ImapSettings(host="127.0.0.1", port=stack.imap_port, security="none", username=MAILBOX, password="pw")
    Mailbox(settings).open().close()  # the first instance created the folders
    # The second looked before the first created them: its CREATE meets "already exists".
    looked: set[str] = set()

    def stale_first_look(self, folder):
        first = folder not in looked
        looked.add(folder)
        return not first

    monkeypatch.setattr(IMAPClient, "folder_exists", stale_first_look)
    mailbox = Mailbox(settings).open()
    assert mailbox.uidvalidity is not None
    mailbox.close()


def test_a_copy_that_arrives_late_after_a_crash_is_not_sent_twice(stack, tmp_path):
    """The server accepted a mail, then the instance died before recording it; the server is
    slow to put our copy into the mailbox. Half a minute of complete reads without the copy
    must not make the sender send it again, and the late copy confirms it."""
    from datetime import timedelta

    from sqlalchemy import select, update

    from mailbot.mail.imap import Mailbox
    from mailbot.store.models import OutboundMail
    from mailbot.store.uow import UnitOfWork

    now = [datetime(2026, 12, 7, 10, 0, tzinfo=UTC)]
    app = make_app(stack, tmp_path)
    result = app.pipeline.process(
        b"From: dana@acme.test\r\nTo: transfer@example.test\r\nSubject: move us\r\n"
        b"Message-ID: <late1@acme.test>\r\n\r\nplease move us\r\n", now[0])
    assert result.outcome.name == "CaseOpened"
    with UnitOfWork(app.sessions) as uow:
        row = uow.session.scalars(select(OutboundMail)).one()
        message_id, raw = row.message_id, row.raw
        # The send was under way when the instance died (no instance claims the row).
        uow.session.execute(update(OutboundMail).values(status="sending", claimed_by=None, attempts=1))
        uow.commit()
    with smtplib.SMTP("127.0.0.1", stack.smtp_port) as smtp:
        smtp.sendmail(MAILBOX, ["dana@acme.test"], raw)  # accepted; our copy is still on its way

    daemon = Daemon.build(app, clock=lambda: now[0])
    daemon.watcher.lease = None
    mailbox = Mailbox(daemon.watcher.imap).open()
    daemon.watcher._checkpoint(mailbox.uidvalidity)
    try:
        assert daemon.sender.recover() == 1
        for _ in range(6):  # complete reads of the mailbox, five seconds apart, and no copy
            now[0] += timedelta(seconds=5)
            daemon.watcher._drain(mailbox)
            asyncio.run(daemon.sender.send_pending())
        with smtplib.SMTP("127.0.0.1", stack.smtp_port) as smtp:
            smtp.sendmail(MAILBOX, [MAILBOX], raw)  # the copy, late
        deadline = time.monotonic() + 10
        while not folder_count(stack, "INBOX") and time.monotonic() < deadline:
            time.sleep(0.05)
        mailbox.client.noop()  # as the watcher's wait does: the server shows new mail then
        now[0] += timedelta(seconds=5)
        daemon.watcher._drain(mailbox)
    finally:
        mailbox.close(graceful=True)
    with UnitOfWork(app.sessions) as uow:
        assert uow.session.scalars(select(OutboundMail.status)).all() == ["sent"]
    client = IMAPClient("127.0.0.1", port=stack.imap_port, ssl=False)
    client.login("dana@acme.test", "dana")
    client.select_folder("INBOX", readonly=True)
    ids = [data[b"BODY[HEADER.FIELDS (MESSAGE-ID)]"] for data in client.fetch(
        client.search(["ALL"]), ["BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]"]).values()]
    client.logout()
    assert sum(message_id.encode() in header for header in ids) == 1
