"""Loops and floods: bounded, whatever the other side does."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta

from mailbot.app import App
from mailbot.config import config_from_dict
from mailbot.store.models import OutboundMail
from mailbot.store.uow import UnitOfWork
from tests.scenarios.desk import CLIENT, Desk, open_case


def app_for(tmp_path, **limits) -> App:
    return App(config_from_dict({"database": {"url": f"sqlite:///{tmp_path / 'f.db'}"},
                                 "security": {"secret": "s", "staff": ["ops@example.com"]},
                                 "limits": limits}))


def mail(sender: str, i: int, subject: str = "help", body: str = "please help") -> bytes:
    return (f"From: {sender}\r\nTo: transfer@example.com\r\nSubject: {subject} {i}\r\n"
            f"Message-ID: <flood{i}@elsewhere.example>\r\n\r\n{body} {i}\r\n").encode()


def test_a_thousand_mails_from_one_sender_in_a_minute(tmp_path):
    app = app_for(tmp_path, mails_per_sender_per_hour=30, notices_per_address_per_hour=10)
    start = datetime(2026, 11, 25, 15, tzinfo=UTC)
    outcomes = {}
    for i in range(1000):
        result = app.pipeline.process(mail("flood@elsewhere.example", i), start + timedelta(milliseconds=60 * i))
        outcomes[result.outcome.name] = outcomes.get(result.outcome.name, 0) + 1
    assert outcomes == {"CaseOpened": 30, "RateLimited": 970}
    with UnitOfWork(app.sessions) as uow:
        rows = uow.session.query(OutboundMail).filter(OutboundMail.recipient == "flood@elsewhere.example").all()
        due_this_hour = [r for r in rows if r.next_attempt_at <= start + timedelta(hours=1)]
    assert 0 < len(due_this_hour) <= 10  # never more than the configured number of notices an hour


def test_a_dumb_auto_responder_answering_every_notice_stops(tmp_path, database_url):
    """The client's responder (no Auto-Submitted, same text every time) answers each of our
    mails; we answer its mails while the form is incomplete. The loop must end by itself."""
    desk = Desk(tmp_path, database_url=database_url)
    open_case(desk, form="Company: Acme Widgets LLC")
    answered: set[str] = set()
    outcomes = []
    for _ in range(50):
        new = [s for s in desk.sent_to(CLIENT) if s.row["message_id"] not in answered]
        if not new:
            break
        for notice in new:
            answered.add(notice.row["message_id"])
            auto = desk.reply(notice, CLIENT, "Thank you for your message. We will answer as soon as possible.")
            outcomes.append(desk.ingest(auto)["outcome"])
    assert outcomes[-1] == "LoopSuspected"
    notices = desk.sent_to(CLIENT)
    assert len(notices) <= 4, [s.template for s in notices]
    kinds = [e["kind"] for e in desk.case(desk.json("cases")[0]["reference"])["events"]]
    assert kinds.count("message") <= 3


def test_our_own_notices_forwarded_back_in_a_loop_are_dropped(tmp_path):
    app = app_for(tmp_path)
    now = datetime(2026, 11, 25, 15, tzinfo=UTC)
    app.pipeline.process(mail("dana@acme.example", 1), now)
    with UnitOfWork(app.sessions) as uow:
        raw = uow.session.query(OutboundMail).first().raw
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Auto-Submitted"] == "auto-generated"
    for i in range(5):
        assert app.pipeline.process(raw.replace(b"Message-ID: <", f"Message-ID: <x{i}".encode(), 1), now).outcome.name \
            == "FromOurselves"
