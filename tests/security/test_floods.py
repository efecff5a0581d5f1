"""Loops and floods: bounded, whatever the other side does."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from mailbot.app import App
from mailbot.config import config_from_dict
from mailbot.store.models import OutboundMail
from mailbot.store.uow import UnitOfWork
from tests.scenarios.desk import CLIENT, FULL_FORM, PARTNER, Desk, arrived, open_case, verdict


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
    # One case: the others wait for the first request's confirmation (the address may not be
    # the writer's); then the sender's hourly limit.
    assert outcomes == {"CaseOpened": 1, "RequestAwaitingConfirmation": 29, "RateLimited": 970}
    with UnitOfWork(app.sessions) as uow:
        templates = sorted(uow.session.scalars(select(OutboundMail.template).where(
            OutboundMail.recipient == "flood@elsewhere.example")))
    # An acknowledgement and one pointer to it (once a day): a thousand mails in somebody's
    # name make two mails to them.
    assert templates == ["acknowledgement", "reject_request_awaiting_confirmation"]


def test_a_partner_with_many_clients_gets_every_waiver_request_spread_over_hours(tmp_path):
    desk = Desk(tmp_path, extra_config="[limits]\nnotices_per_address_per_hour = 3\n")
    for i in range(7):
        form = FULL_FORM.replace("Acme Widgets LLC", f"Client {i}")
        mail = desk.new_mail(f"client{i}@acme{i}.example", "Moving away from our partner", f"Hello,\n\n{form}\n")
        # (our MX vouches for each client: the partner is written to at once)
        assert desk.ingest(arrived(mail, verdict(f"acme{i}.example")))["outcome"] == "CaseOpened"
    waivers = desk.sent_to(PARTNER, "waiver_request")
    assert len(waivers) == 7  # a workflow notice is delayed, never dropped
    when = dict(desk.sql("select id, next_attempt_at from outbound_mails"))
    due = sorted(datetime.fromisoformat(str(when[w.row["id"]])) for w in waivers)
    assert due[2] - due[0] < timedelta(hours=1) and due[3] - due[0] >= timedelta(hours=1)
    assert due[6] - due[3] >= timedelta(hours=1)


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
