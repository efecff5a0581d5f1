"""The guards, the refusals that need no case, and the operator commands' contracts."""

from __future__ import annotations

import json
import re

from tests.scenarios.desk import CLIENT, PARTNER, PROVIDER, STAFF, Desk, open_case, staff_command


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


# -- staff commands as staff type them; the reason of a legal override ----------------------------

def _events(desk: Desk, ref: str, kind: str) -> list[str]:
    return [e["detail"] for e in desk.case(ref)["events"] if e["kind"] == kind]


def test_staff_commands_keep_every_word_and_an_override_carries_its_reason(desk):
    ref = open_case(desk)
    due = desk.case(ref)["milestones"]["waiver"]["due"]
    assert desk.ingest(staff_command(desk, ref, "#extend waiver 2 days."))["outcome"] == "StaffCommands"
    assert desk.case(ref)["milestones"]["waiver"]["due"] > due
    result = desk.ingest(staff_command(desk, ref, "#override waiver - partner confirmed by phone"))
    assert result["outcome"] == "StaffCommands"
    case = desk.case(ref)
    assert case["waiver"]["overridden"] and case["waiver"]["evidence"]["reason"] == "partner confirmed by phone"
    assert case["waiver"]["evidence"]["overridden_by"] == STAFF
    assert _events(desk, ref, "waiver_overridden") == [f"waiver overridden by {STAFF}: partner confirmed by phone"]
    assert any("(reason: partner confirmed by phone)" in d for d in _events(desk, ref, "command"))
    assert desk.last_to(STAFF, "command_receipt").row["text"].count("done") == 1
    desk.ingest(desk.reply(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, "I ACCEPT"))
    assert desk.ingest(staff_command(desk, ref, "#complete - all four items done, Dana told by phone"))["outcome"] \
        == "StaffCommands"
    assert desk.case(ref)["status"] == "completed"
    assert any("(note: all four items done, Dana told by phone)" in d for d in _events(desk, ref, "command"))
    assert desk.ingest(staff_command(desk, ref, "#reopen: one more domain to move"))["outcome"] == "StaffCommands"
    assert any("(note: one more domain to move)" in d for d in _events(desk, ref, "command"))


def test_a_trailing_full_stop_is_no_argument(desk):
    ref = open_case(desk)
    desk.ingest(staff_command(desk, ref, "#override waiver: the partner closed down."))
    desk.ingest(desk.reply(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, "I ACCEPT"))
    assert desk.ingest(staff_command(desk, ref, "#complete."))["outcome"] == "StaffCommands"
    assert desk.case(ref)["status"] == "completed"
    assert desk.case(ref)["waiver"]["evidence"]["reason"] == "the partner closed down."


def test_cancel_and_override_without_a_reason_are_refused_and_say_how(desk):
    ref = open_case(desk)
    assert desk.ingest(staff_command(desk, ref, "#cancel"))["outcome"] == "BadCommand"
    refusal = " ".join(desk.last_to(STAFF, "reject_bad_command").row["text"].split())
    assert "#cancel: #cancel needs a reason, on the same line: #cancel - <reason>" in refusal
    # ... and the refusal lists every command with its form
    assert "#override waiver|intake - <reason>" in refusal and "#complete [- note]" in refusal
    assert "#extend <milestone> <duration: 2 days" in refusal
    assert desk.ingest(staff_command(desk, ref, "#override waiver."))["outcome"] == "BadCommand"
    assert any("#override needs a reason" in d for d in _events(desk, ref, "refused"))
    case = desk.case(ref)
    assert case["status"] == "waiting" and case["milestones"]["waiver"]["state"] == "pending"
    assert desk.ingest(staff_command(desk, ref, "#cancel because the client withdrew the request"))["outcome"] \
        == "StaffCommands"
    assert desk.case(ref)["status"] == "cancelled"
    assert any("(reason: the client withdrew the request)" in d for d in _events(desk, ref, "command"))


def test_an_unknown_command_is_answered_with_the_commands_and_their_forms(desk):
    ref = open_case(desk)
    assert desk.ingest(staff_command(desk, ref, "#compelte"))["outcome"] == "BadCommand"
    refusal = desk.last_to(STAFF, "reject_bad_command")
    text = refusal.row["text"]
    assert "unknown command #compelte" in text and "#cancel - <reason>" in text and "#set partner|provider" in text


# -- what staff and senders read about a refused mail ---------------------------------------------

_KEYWORDS = re.compile(r"\b(agree|object|accept|decline|cancel)", re.IGNORECASE)


def test_every_staff_alert_says_what_happened_in_words():
    from mailbot.domain import outcomes
    from parsers.reading import ReaderSettings, read_mail

    rejects = [cls for cls in outcomes.Reject.__subclasses__()]
    assert rejects
    for cls in rejects:
        assert cls.summary and cls.__name__ not in cls.summary, cls.__name__
        assert not _KEYWORDS.search(cls.summary), cls.summary  # a subject a reply repeats
        # ... and no negation either: a yes under "Re: <it>" stays a plain yes
        reply = read_mail(f"From: bob@partner.example\r\nSubject: Re: [XFER-7K2P9QM] {cls.summary}\r\n\r\n"
                          "I AGREE\r\n".encode(), ReaderSettings("transfer@example.com", b"s"))
        assert str(reply.intent) == "agree", cls.summary


def test_a_colleague_of_the_partner_is_told_what_to_do_and_staff_in_plain_words(desk):
    ref = open_case(desk)
    colleague = "john@oldpartner.example"
    assert desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), colleague, "I AGREE"))["outcome"] \
        == "ForgedReplyAddress"
    alert = desk.last_to(STAFF, "security_alert")
    assert alert.row["subject"] == f"[{ref}] A reply came from another address than the one we wrote to"
    assert "ForgedReplyAddress" not in alert.row["text"] and "Refused" not in alert.row["text"]
    assert "old_partner" not in alert.row["text"] and f"#set partner {colleague}" in alert.row["text"]
    told = " ".join(desk.last_to(colleague, "reject_forged_address").row["text"].split())
    assert "issued to someone else" not in told
    assert f"belongs to another person on this case ({PARTNER}, the current partner)" in told
    assert f"Please ask {PARTNER} to answer from their own mailbox" in told
    assert "reply to this mail to say so" in told
    # ... and saying so reaches staff
    notice = desk.last_to(colleague, "reject_forged_address")
    result = desk.ingest(desk.reply(notice, colleague, "Bob left last month; I handle Acme for Old Partner now.\n\nJohn"))
    assert result["outcome"] == "PartyMessage"
    assert "I handle Acme" in desk.last_to(STAFF, "party_message_staff").row["text"]
    # A stranger elsewhere is not given the partner's address.
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), "eve@elsewhere.example", "I AGREE"))
    stranger = desk.last_to("eve@elsewhere.example", "reject_forged_address").row["text"]
    assert PARTNER not in stranger and "the current partner" in stranger


def test_an_unclear_answer_reaches_staff_under_a_clean_subject(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    assert desk.ingest(desk.reply(waiver, PARTNER, "I agree once Acme pays invoice 4411."))["outcome"] == "Ambiguous"
    alert = desk.last_to(STAFF, "security_alert")
    assert alert.row["subject"] == f"[{ref}] An unclear answer needs a person to read it"
    assert "Ambiguous" not in alert.row["text"] and "invoice 4411" in alert.row["text"]
    # Staff answer the alert itself: their reply (quoting it, subject and all) runs the command.
    result = desk.ingest(desk.reply(alert, STAFF, "#override waiver - invoice 4411 was paid, partner confirmed"))
    assert result["outcome"] == "StaffCommands"
    assert desk.case(ref)["waiver"]["evidence"]["reason"] == "invoice 4411 was paid, partner confirmed"
