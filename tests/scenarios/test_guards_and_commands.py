"""The guards, the refusals that need no case, and the operator commands' contracts."""

from __future__ import annotations

import json
import re

from tests.scenarios.desk import CLIENT, PARTNER, STAFF, Desk, open_case


def stored(desk: Desk, column: str = "status, outcome") -> list[tuple]:
    return desk.sql(f"select {column} from inbound_mails order by id")


def test_our_own_mail_coming_back_is_dropped(desk):
    open_case(desk)
    before = len(desk.outbox())
    ack = desk.last_to(CLIENT, "acknowledgement")
    raw = ack.message.as_bytes()
    assert desk.ingest(raw)["outcome"] == "FromOurselves"
    assert len(desk.outbox()) == before


def test_spam_is_dropped_and_kept(desk):
    mail = desk.new_mail("win@lottery.example", "You won", "I AGREE", extra_headers={"X-Spam-Flag": "YES"})
    assert desk.ingest(mail)["outcome"] == "Spam"
    assert desk.json("cases", "--all") == [] and desk.outbox() == []
    assert stored(desk, "status, outcome")[0] == ("processed", "Spam")


def test_a_flood_from_one_sender_is_rate_limited(tmp_path, database_url):
    desk = Desk(tmp_path, extra_config="\n[limits]\nmails_per_sender_per_hour = 3\n", database_url=database_url)
    outcomes = [desk.ingest(desk.new_mail("flood@elsewhere.example", f"Request {i}", "help"))["outcome"]
                for i in range(5)]
    # (the second and third wait for the first request's confirmation; all three count)
    assert outcomes == ["CaseOpened"] + ["RequestAwaitingConfirmation"] * 2 + ["RateLimited"] * 2
    assert [s.template for s in desk.sent_to("flood@elsewhere.example")] == [
        "acknowledgement", "reject_request_awaiting_confirmation"]  # the pointer once a day


def test_staff_mail_without_a_case(desk):
    result = desk.ingest(desk.new_mail(STAFF, "Question", "#status"))
    assert result["outcome"] == "StaffWithoutCase"
    assert desk.last_to(STAFF, "reject_staff_without_case")
    assert desk.json("cases", "--all") == []


def test_a_mail_too_large_is_kept_and_refused_politely(tmp_path, database_url):
    desk = Desk(tmp_path, extra_config="\n[limits]\nmax_mail_mb = 1\n", database_url=database_url)
    big = desk.new_mail(CLIENT, "Our files", "x" * (2 * 1024 * 1024))
    assert desk.ingest(big)["outcome"] == "TooLarge"
    assert desk.last_to(CLIENT, "reject_too_large")
    assert bytes(stored(desk, "raw")[0][0]) == big


def test_a_mail_without_a_readable_sender(desk):
    raw = b"To: transfer@example.com\r\nSubject: hello\r\nMessage-ID: <nofrom@x.example>\r\n\r\nI AGREE\r\n"
    assert desk.ingest(raw)["outcome"] == "Unreadable"
    assert desk.last_to(STAFF, "security_alert")


def test_explain_changes_nothing(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    path = desk.folder / "agree.eml"
    path.write_bytes(desk.reply(waiver, PARTNER, "I AGREE"))
    before_case, before_outbox, before_mail = desk.case(ref), len(desk.outbox()), stored(desk)
    code, out = desk.run("explain", str(path))
    assert code == 0
    assert "WaiverSigned" in out and "reply address" in out and "would send" in out
    assert desk.case(ref) == before_case and len(desk.outbox()) == before_outbox and stored(desk) == before_mail


def test_case_cases_and_outbox_json_shapes(desk):
    ref = open_case(desk)
    case = desk.case(ref)
    assert set(case) >= {"reference", "status", "retail", "parties", "milestones", "waiver", "events"}
    assert set(case["parties"]) == {"client", "old_partner", "new_provider"}
    for milestone in ("intake", "waiver", "acceptance", "transfer", "followup"):
        assert set(case["milestones"][milestone]) == {"state", "due", "done_at", "breached"}
    assert set(case["waiver"]) >= {"signed", "overridden", "version", "text_sha256", "evidence"}
    assert set(case["events"][0]) == {"at", "kind", "actor", "message_id", "detail"}
    cases = desk.json("cases", "--now", desk.now)
    assert cases == [{"reference": ref, "status": "waiting", "client": CLIENT, "company": "Acme Widgets LLC",
                      "opened_at": "2026-11-25T15:00:00+00:00",
                      "next_deadline": {"milestone": "waiver", "due": "2026-12-01T15:00:00+00:00",
                                        "breached": False}}]
    row = next(r for r in desk.json("outbox") if r["template"] == "waiver_request")
    assert set(row) == {"id", "reference", "template", "status", "to", "cc", "subject", "message_id",
                        "in_reply_to", "reply_to", "created_at", "text",
                        "attempts", "last_error", "next_attempt_at", "sent_at"}
    assert row["status"] == "pending" and row["subject"].startswith(f"[{ref}]")


def test_case_command_errors_are_one_line(desk):
    open_case(desk)
    code, _ = desk.run("case", "XFER-0000000")
    assert code == 1
    code, _ = desk.run("case", "nonsense")
    assert code == 1


def test_ticket_tags_of_the_partner_are_kept(desk):
    open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    mail = desk.reply(waiver, PARTNER, "Thanks, we are checking.")
    mail = mail.replace(b"Subject: Re: ", b"Subject: [Ticket#123456] Re: ", 1)
    desk.ingest(mail)
    desk.ingest(desk.reply(waiver, PARTNER, "I AGREE"))
    receipt = desk.last_to(PARTNER, "waiver_signed_receipt")
    assert receipt.row["subject"].startswith("[Ticket#123456] Re: [XFER-")


def test_check_config_and_db_upgrade(desk, monkeypatch):
    monkeypatch.setenv("MAILBOT_IMAP_PASSWORD", "imap-password")  # without it, run would refuse
    code, out = desk.run("check-config")
    assert code == 0 and "OK" in out and "secret is written in the config file" in out
    code, out = desk.run("db", "upgrade")
    assert code == 0 and re.search(r"at revision \d{4}$", out.strip())
    assert json.loads(desk.run("cases", "--json")[1]) == []
