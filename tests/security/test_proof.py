"""Step 7: nothing a stranger can write acts without proof. One scenario per attack that worked
against the bot before (each through ``mailbot ingest``), in the product's default
configuration (no trusted server verdict) and in the strict one (our MX's verdict required).

Proof is a capability (the signed reply address only that party received) or our own server's
DMARC pass for the From domain; Message-IDs and subject references thread mail, they never
authorise a change."""

from __future__ import annotations

import email
import email.policy
import re
import time

import pytest

from tests.scenarios.desk import (
    CLIENT,
    FULL_FORM,
    PARTNER,
    PROVIDER,
    STAFF,
    Desk,
    arrived,
    open_case,
    verdict,
)

EVE = "eve@attacker.example"
FORM_WITHOUT_PARTNER = FULL_FORM.replace(f"Current partner e-mail: {PARTNER}\n", "")


@pytest.fixture(params=["default", "strict"])
def config(request):
    return request.param


@pytest.fixture
def desk(tmp_path, database_url, config):
    if config == "default":  # the product's defaults: no server verdict is trusted
        return Desk(tmp_path, database_url=database_url, trusted=False)
    return Desk(tmp_path, database_url=database_url, require_auth=True)


def state(desk: Desk, ref: str) -> dict:
    case = desk.case(ref)
    return {key: case[key] for key in ("status", "milestones", "waiver", "parties", "retail")}


def message_id(raw: bytes) -> str:
    return email.message_from_bytes(raw, policy=email.policy.default)["Message-ID"]


def spoofed(desk: Desk, config: str, raw: bytes, domain: str) -> bytes:
    """A forged mail as our MX passes it on: in the strict configuration with its verdict."""
    return arrived(raw, verdict(domain, "fail")) if config == "strict" else raw


# -- 1. hijacking a transfer through the client's From --------------------------------------

def test_a_spoofed_client_cannot_name_the_partner(desk, config):
    request = desk.new_mail(CLIENT, "Moving away from our partner", f"Hello,\n\n{FORM_WITHOUT_PARTNER}\n")
    ref = desk.ingest(request)["reference"]
    before = state(desk, ref)
    # Anyone in Cc of the request knows its Message-ID; the signed reply address went to the
    # client alone.
    attack = desk.new_mail(CLIENT, f"Re: [{ref}] Moving away from our partner",
                           f"Current partner e-mail: {EVE}\n",
                           extra_headers={"In-Reply-To": message_id(request), "References": message_id(request)})
    result = desk.ingest(spoofed(desk, config, attack, "acme-widgets.example"))
    assert result["outcome"] in ("Unproven", "Unauthenticated"), result
    assert state(desk, ref) == before
    assert not desk.sent_to(EVE)
    assert desk.last_to(STAFF, "security_alert")


def test_a_spoofed_client_cannot_name_the_provider_after_a_decline(desk, config):
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, "I DECLINE",
                           **_genuine(config, "newprovider.example")))
    before = state(desk, ref)
    decline = desk.last_to(CLIENT, "decline_client")
    attack = desk.reply(decline, CLIENT, f"New provider e-mail (or \"none\" for retail): {EVE}",
                        to_address="transfer@example.com")
    result = desk.ingest(spoofed(desk, config, attack, "acme-widgets.example"))
    assert result["outcome"] in ("Unproven", "Unauthenticated"), result
    assert state(desk, ref) == before
    assert not desk.sent_to(EVE)
    # The real client, answering our mail, can.
    desk.now = "2026-11-25T11:00:00-06:00"
    genuine = desk.reply(decline, CLIENT, "New provider e-mail (or \"none\" for retail): it@thirdco.example")
    if config == "strict":
        genuine = arrived(genuine, verdict("acme-widgets.example"))
    desk.ingest(genuine)
    assert desk.case(ref)["parties"]["new_provider"]["email"] == "it@thirdco.example"


def test_a_spoofed_client_cannot_change_the_contact_details(desk, config):
    ref = open_case(desk)
    before = state(desk, ref)
    form_before = desk.sql("select form from cases")[0][0]
    attack = desk.reply(desk.last_to(CLIENT, "acknowledgement"), CLIENT,
                        "Contact name: Eve Mallory\nContact phone: +1 555 0199", to_address="transfer@example.com")
    result = desk.ingest(spoofed(desk, config, attack, "acme-widgets.example"))
    assert result["outcome"] in ("Unproven", "Unauthenticated"), result
    assert state(desk, ref) == before
    assert desk.sql("select form from cases")[0][0] == form_before


def test_a_spoofed_client_cannot_cancel(desk, config):
    ref = open_case(desk)
    attack = desk.new_mail(CLIENT, f"Re: [{ref}] Your transfer request", "CANCEL")
    result = desk.ingest(spoofed(desk, config, attack, "acme-widgets.example"))
    assert result["outcome"] in ("OutsideThread", "Unproven", "Unauthenticated"), result
    assert desk.case(ref)["status"] == "waiting"


# -- 2. spoofing staff, and From headers read two ways --------------------------------------

def test_a_spoofed_staff_command_changes_nothing(desk, config):
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I OBJECT",
                           **_genuine(config, "oldpartner.example")))
    assert desk.case(ref)["status"] == "disputed"
    before = state(desk, ref)
    attack = desk.new_mail(STAFF, f"[{ref}] settled", "#override waiver - settled by phone\n")
    result = desk.ingest(spoofed(desk, config, attack, "example.com"))
    assert result["outcome"] in ("UnprovenCommand", "Unauthenticated"), result
    assert state(desk, ref) == before
    assert desk.case(ref)["waiver"]["overridden"] is False
    # The staff member whose address was used hears of it, and so do the others.
    assert desk.last_to(STAFF).template in ("reject_unproven_command", "reject_unauthenticated", "security_alert")


def _genuine(config: str, domain: str) -> dict:
    """Extra headers of a genuine mail: in the strict configuration our MX's pass."""
    return {"extra_headers": {"Authentication-Results": verdict(domain)}} if config == "strict" else {}


def test_staff_commands_work_with_proof(desk, config):
    ref = open_case(desk)
    dispute_mail = desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I OBJECT",
                              **_genuine(config, "oldpartner.example"))
    desk.ingest(dispute_mail)
    dispute = desk.last_to(STAFF, "dispute_staff")
    # Answering our staff notice (its signed staff address), with our MX's pass where required.
    command = desk.reply(dispute, STAFF, "#override waiver - settled by phone",
                         **_genuine(config, "example.com"))
    assert dispute.header("Reply-To") != "transfer@example.com"
    assert desk.ingest(command)["outcome"] == "StaffCommands"
    assert desk.case(ref)["waiver"]["overridden"] is True


@pytest.mark.parametrize("from_header", [
    f"{EVE} ((x) <{STAFF}>)",
    f"\"unclosed <{STAFF}>",
    f"(\\) <{STAFF}>",
    f"{STAFF} <{EVE}>",
])
def test_from_headers_read_two_ways_are_strangers(desk, config, from_header):
    ref = open_case(desk)
    before = state(desk, ref)
    attack = desk.new_mail(STAFF, f"[{ref}] settled", "#override waiver - settled by phone\n")
    attack = attack.replace(f"From: {STAFF}".encode(), f"From: {from_header}".encode(), 1)
    if config == "strict":
        attack = arrived(attack, verdict("example.com"))  # even with a pass for the staff domain
    result = desk.ingest(attack)
    assert result["outcome"] not in ("StaffCommands", "StaffNote"), result
    assert state(desk, ref) == before


@pytest.mark.parametrize("from_header", [f"(\\) <{PARTNER}>", f"{EVE} ((x) <{PARTNER}>)"])
def test_from_headers_read_two_ways_never_sign(desk, config, from_header):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    mail = desk.reply(waiver, PARTNER, "I AGREE")
    mail = mail.replace(f"From: {PARTNER}".encode(), f"From: {from_header}".encode(), 1)
    if config == "strict":
        mail = arrived(mail, verdict("oldpartner.example"))
    desk.ingest(mail)
    assert desk.case(ref)["waiver"]["signed"] is False


# -- 3. Authentication-Results that are not our server's word --------------------------------

FORGERIES = {
    "encoded authserv-id": ["=?us-ascii?q?mx=2Eexample=2Ecom?=; dmarc=pass header.from=oldpartner.example"],
    "ours below another hop's": ["relay.elsewhere.example; dmarc=none",
                                 "mx.example.com; dmarc=pass header.from=oldpartner.example"],
    "dmarc pass without header.from": ["mx.example.com; dmarc=pass"],
    "dmarc pass for another domain": ["mx.example.com; dmarc=pass header.from=attacker.example"],
    "dkim pass without dmarc": ["mx.example.com; dkim=pass header.d=oldpartner.example"],
    "spf pass without dmarc": ["mx.example.com; spf=pass smtp.mailfrom=support@oldpartner.example"],
}


@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_forged_authentication_results_do_not_authenticate(tmp_path, database_url, name):
    desk = Desk(tmp_path, database_url=database_url, require_auth=True)
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    result = desk.ingest(arrived(desk.reply(waiver, PARTNER, "I AGREE"), *FORGERIES[name]))
    assert result["outcome"] == "Unauthenticated", result
    assert desk.case(ref)["waiver"]["signed"] is False


def test_a_forged_pass_below_our_fail_does_not_count(tmp_path, database_url):
    desk = Desk(tmp_path, database_url=database_url, require_auth=True)
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    # The sender wrote a pass under our name into the mail; our MX added its fail on top.
    mail = arrived(desk.reply(waiver, PARTNER, "I AGREE"),
                   "mx.example.com; dmarc=pass header.from=oldpartner.example")
    mail = arrived(mail, verdict("oldpartner.example", "fail"))
    assert desk.ingest(mail)["outcome"] == "Unauthenticated"
    # Our server's own pass on top signs.
    desk.now = "2026-11-25T10:00:00-06:00"
    good = arrived(desk.reply(waiver, PARTNER, "I AGREE"), verdict("oldpartner.example"))
    assert desk.ingest(good)["outcome"] == "WaiverSigned"
    assert desk.case(ref)["waiver"]["signed"] is True


# -- 4. one partner, two cases: the mail names both -------------------------------------------

def _two_cases(desk: Desk) -> tuple[str, str]:
    first = open_case(desk)
    desk.now = "2026-11-25T09:10:00-06:00"
    second = open_case(desk, FULL_FORM.replace("Acme Widgets LLC", "Beta Corp")
                       .replace("acme-widgets.example", "beta.example"), client="it@beta.example")
    return first, second


def test_subject_of_one_case_and_headers_of_another_sign_neither(desk, config):
    first, second = _two_cases(desk)
    waivers = {s.row["reference"]: s for s in desk.sent_to(PARTNER, "waiver_request")}
    before = {ref: state(desk, ref) for ref in (first, second)}
    mail = desk.reply(waivers[second], PARTNER, "I AGREE", to_address="transfer@example.com",
                      **_genuine(config, "oldpartner.example"))
    mail = mail.replace(f"[{second}]".encode(), f"[{first}]".encode())
    result = desk.ingest(mail)
    assert result["outcome"] == "ThreadConflict", result
    assert {ref: state(desk, ref) for ref in (first, second)} == before
    assert desk.last_to(PARTNER, "reject_thread_conflict")
    assert desk.last_to(STAFF, "security_alert")


def test_references_naming_both_cases_sign_neither(desk, config):
    first, second = _two_cases(desk)
    waivers = {s.row["reference"]: s for s in desk.sent_to(PARTNER, "waiver_request")}
    before = {ref: state(desk, ref) for ref in (first, second)}
    both = f"{waivers[first].header('Message-ID')} {waivers[second].header('Message-ID')}"
    mail = desk.new_mail(PARTNER, "Re: Waiver request", "I AGREE",
                         extra_headers={"References": both, "In-Reply-To": waivers[second].header("Message-ID"),
                                        **({"Authentication-Results": verdict("oldpartner.example")}
                                           if config == "strict" else {})})
    result = desk.ingest(mail)
    assert result["outcome"] == "ThreadConflict", result
    assert {ref: state(desk, ref) for ref in (first, second)} == before


# -- 5. third parties contacted on a stranger's word ------------------------------------------

PHISH_SUBJECT = "You won! visit http://prize.attacker.example/claim"
PHISH_REASON = "Reason for the transfer: claim your prize at http://prize.attacker.example/claim"


def test_a_filled_in_request_contacts_nobody_until_the_client_answers(desk, config):
    form = FULL_FORM.replace("Reason for the transfer: our partner stopped answering", PHISH_REASON)
    result = desk.ingest(desk.new_mail(CLIENT, PHISH_SUBJECT, f"Hello,\n\n{form}\n"))
    ref = result["reference"]
    assert result["outcome"] == "CaseOpened"
    assert not desk.sent_to(PARTNER) and not desk.sent_to(PROVIDER)
    assert desk.case(ref)["status"] == "intake"
    ack = desk.last_to(CLIENT, "acknowledgement")
    assert "confirm" in ack.row["text"].lower()
    # The client answers from their mailbox (our acknowledgement's signed address): now the
    # partner and the provider are asked, and neither sees the requester's free text.
    desk.now = "2026-11-25T09:30:00-06:00"
    desk.ingest(desk.reply(ack, CLIENT, "Yes, that is correct. Please go ahead.",
                           **_genuine(config, "acme-widgets.example")))
    assert desk.case(ref)["status"] == "waiting"
    for sent in desk.sent_to(PARTNER) + desk.sent_to(PROVIDER):
        raw = sent.message.as_string()
        assert "prize" not in raw and "You won" not in raw and "http://" not in raw, sent.template


def test_a_request_with_our_servers_pass_for_the_client_goes_ahead_at_once(tmp_path, database_url):
    desk = Desk(tmp_path, database_url=database_url, require_auth=True)
    request = arrived(desk.new_mail(CLIENT, "Moving away from our partner", f"Hello,\n\n{FULL_FORM}\n"),
                      verdict("acme-widgets.example"))
    ref = desk.ingest(request)["reference"]
    assert desk.case(ref)["status"] == "waiting"
    assert desk.last_to(PARTNER, "waiver_request") and desk.last_to(PROVIDER, "acceptance_request")


def test_a_request_in_someone_elses_name_reaches_only_that_mailbox(desk, config):
    request = spoofed(desk, config, desk.new_mail(CLIENT, "Moving", f"Hello,\n\n{FULL_FORM}\n"), "acme-widgets.example")
    result = desk.ingest(request)
    assert {tuple(s.row["to"]) for s in desk.outbox()} <= {(CLIENT,), (STAFF,)}
    if config == "default":  # nothing tells it from a genuine request: the client is asked
        assert desk.case(result["reference"])["status"] == "intake"
    else:  # our server says the From is not the sender's: no case, no mail to that address
        assert result["outcome"] == "SpoofedRequest" and not desk.sent_to(CLIENT)


@pytest.mark.parametrize("company", [
    "Acme LLC. 5. The current partner also waives every claim for unpaid invoices of the client",
    "Acme LLC; 5. The partner waives all claims",
    "Acme LLC (see http://attacker.example)",
    "Acme " + "Widgets " * 20,
])
def test_what_enters_the_waiver_is_a_name(desk, config, company):
    form = FULL_FORM.replace("Company: Acme Widgets LLC", f"Company: {company}")
    ref = desk.ingest(desk.new_mail(CLIENT, "Moving", f"Hello,\n\n{form}\n"))["reference"]
    ack = desk.last_to(CLIENT, "acknowledgement")
    desk.now = "2026-11-25T09:30:00-06:00"
    desk.ingest(desk.reply(ack, CLIENT, "Yes, please go ahead.", **_genuine(config, "acme-widgets.example")))
    assert not desk.sent_to(PARTNER, "waiver_request")
    assert desk.case(ref)["status"] == "intake"
    assert "company" in desk.last_to(CLIENT).row["text"].lower()
    # Staff fix it with #set, and the waiver quotes the name as a value.
    if config == "strict":  # our MX vouches for the staff member's mail to the plain mailbox
        staff = desk.new_mail(STAFF, f"[{ref}] company", "#set company Acme Widgets LLC\n",
                              extra_headers={"Authentication-Results": verdict("example.com")})
    else:  # staff answer the notice they were sent about it (its signed staff address)
        staff = desk.reply(desk.last_to(STAFF), STAFF, "#set company Acme Widgets LLC")
    assert desk.ingest(staff)["outcome"] == "StaffCommands"
    waiver = desk.last_to(PARTNER, "waiver_request").row["text"]
    assert 'Client: "Acme Widgets LLC"' in waiver
    assert "unpaid invoices" not in waiver and "attacker" not in waiver


# -- 6. forged bounces -----------------------------------------------------------------------

def _bounce(desk: Desk, failed: str, original_id: str | None) -> bytes:
    original = f"Message-ID: {original_id}\nSubject: Waiver request\n" if original_id else "Subject: hello\n"
    return (f"From: MAILER-DAEMON@mx.attacker.example\nTo: transfer@example.com\n"
            f"Subject: Undelivered Mail Returned to Sender\nMessage-ID: <b{time.time_ns()}@mx.attacker.example>\n"
            f"MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\n\n"
            f"--B\nContent-Type: text/plain\n\nDelivery failed.\n\n"
            f"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.attacker.example\n\n"
            f"Final-Recipient: rfc822; {failed}\nAction: failed\nStatus: 5.1.1\n\n"
            f"--B\nContent-Type: text/rfc822-headers\n\nFrom: transfer@example.com\nTo: {failed}\n{original}\n"
            f"--B--\n").encode()


def test_a_bounce_that_answers_no_mail_of_ours_marks_nobody(desk, config):
    ref = open_case(desk)
    result = desk.ingest(_bounce(desk, PARTNER, "<made-up@mail.example.net>"))
    assert result["outcome"] == "BounceNotOurs", result
    assert desk.sql("select count(*) from parties where failing")[0][0] == 0
    assert not desk.sent_to(STAFF, "bounce_staff")
    result = desk.ingest(_bounce(desk, PARTNER, None))
    assert result["outcome"] == "BounceNotOurs"
    assert desk.case(ref)["status"] == "waiting"


def test_a_genuine_bounce_marks_the_party_of_that_mail_only(desk, config):
    first, second = _two_cases(desk)
    waivers = {s.row["reference"]: s for s in desk.sent_to(PARTNER, "waiver_request")}
    result = desk.ingest(_bounce(desk, PARTNER, waivers[first].header("Message-ID")))
    assert result["outcome"] == "BounceReceived" and result["reference"] == first
    failing = desk.sql("select c.reference, p.role from parties p join cases c on c.id = p.case_id where p.failing")
    assert failing == [(first, "old_partner")]
    assert desk.last_to(STAFF, "bounce_staff").row["reference"] == first


# -- 7. denial of service: every mail is read in bounded time --------------------------------

def test_crafted_mails_are_read_quickly_and_recorded(desk, config):
    import base64

    bodies = [
        desk.new_mail("x@sender.example", "hi", "regards  /  " * 40 + "x"),
        desk.new_mail("y@sender.example", "hi", "hello", extra_headers={"References": "x" * 100_000}),
        desk.new_mail("z@sender.example", "hi", "hello", extra_headers={"In-Reply-To": "<" + "a" * 100_000}),
    ]
    spaces = base64.b64encode(b" " * 100_000).decode()
    bodies.append(("From: w@sender.example\nTo: transfer@example.com\nSubject: hi\nMessage-ID: <sp@x>\n"
                   "MIME-Version: 1.0\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\n"
                   + "\n".join(spaces[i:i + 76] for i in range(0, len(spaces), 76)) + "\n").encode())
    for raw in bodies:
        started = time.monotonic()
        desk.ingest(raw)
        assert time.monotonic() - started < 10, "reading took far longer than any mail should"
    assert desk.sql("select count(*) from inbound_mails")[0][0] == len(bodies)


def test_a_mail_too_slow_to_read_is_kept_retried_and_quarantined(desk, config, monkeypatch):
    monkeypatch.setenv("MAILBOT_FAULT", "slow-read")
    desk.config.write_text(desk.config.read_text() + "\n[limits]\nread_seconds = 1\n")
    raw = desk.new_mail("slow@sender.example", "hi", "hello")
    path = desk.folder / "slow.eml"
    path.write_bytes(raw)
    for attempt in (1, 2):
        code, _ = desk.run("ingest", str(path), "--now", desk.now)
        assert code == 1
        rows = desk.sql("select status, attempts, length(raw) from inbound_mails")
        assert rows == [("failed", attempt, len(raw))], rows
    code, _ = desk.run("ingest", str(path), "--now", desk.now)
    assert desk.sql("select status from inbound_mails") == [("quarantined",)]
    assert desk.last_to(STAFF, "quarantine_staff")
    monkeypatch.delenv("MAILBOT_FAULT")
    # The next mail is read as usual.
    assert desk.ingest(desk.new_mail(CLIENT, "Moving", f"Hello,\n\n{FULL_FORM}\n"))["outcome"] == "CaseOpened"


# -- 8. staff see every signature and acceptance ----------------------------------------------

def test_staff_are_told_of_a_signature_with_its_words_and_evidence(desk, config):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    signed = desk.reply(waiver, PARTNER, "I AGREE.\n\nBob Miller\nOld Partner IT", **_genuine(config, "oldpartner.example"))
    assert desk.ingest(signed)["outcome"] == "WaiverSigned"
    notice = desk.last_to(STAFF, "waiver_signed_staff").row["text"]
    assert "I AGREE." in notice and message_id(signed) in notice and PARTNER in notice
    accepted = desk.reply(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, "I accept, thanks!",
                          **_genuine(config, "newprovider.example"))
    assert desk.ingest(accepted)["outcome"] == "ProviderAccepted"
    assert "I accept, thanks!" in desk.last_to(STAFF, "acceptance_staff").row["text"]
    checklist = desk.last_to(STAFF, "staff_checklist").row["text"]
    assert "I AGREE." in checklist and message_id(signed) in checklist
    assert re.search(r"[0-9a-f]{64}", checklist)  # the raw mail's SHA-256
    assert desk.case(ref)["waiver"]["evidence"]["words"].startswith("I AGREE.")


# -- found by a blind red team after the first round ------------------------------------------

def test_a_partners_signed_mail_to_someone_else_replayed_into_our_thread_signs_nothing(desk, config):
    """The partner wrote "I AGREE" to somebody else (about anything); that person adds our
    thread's In-Reply-To on top and sends it to us. DKIM and DMARC still pass."""
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    replay = desk.new_mail(PARTNER, "Re: lunch on Friday", "I AGREE", to=EVE,
                           extra_headers={"Authentication-Results": verdict("oldpartner.example")})
    replay = f"In-Reply-To: {waiver.header('Message-ID')}\n".encode() + replay
    result = desk.ingest(replay)
    assert result["outcome"] in ("Unproven", "Unauthenticated", "OutsideThread"), result
    assert desk.case(ref)["waiver"]["signed"] is False


def test_a_second_in_reply_to_on_top_of_a_mail_acts_for_nobody(desk, config):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    mail = desk.reply(waiver, PARTNER, "I AGREE", **_genuine(config, "oldpartner.example"))
    mail = b"In-Reply-To: <somewhere@else.example>\n" + mail
    result = desk.ingest(mail)
    assert result["outcome"] == "Unreadable" and "in-reply-to" in result["detail"], result
    assert desk.case(ref)["waiver"]["signed"] is False


def test_form_answers_that_say_no_confirm_nothing(desk, config):
    """A request in the victim's name with one field left empty: the victim fills it in while
    saying she never asked. Nobody else is written to."""
    form = FULL_FORM.replace("Contact phone: +1 555 0100\n", "")
    ref = desk.ingest(desk.new_mail(CLIENT, "Moving", f"Hello,\n\n{form}\n"))["reference"]
    ack = desk.last_to(CLIENT, "acknowledgement")
    assert "If you did not ask for this transfer" in ack.row["text"]
    desk.now = "2026-11-25T09:30:00-06:00"
    answer = desk.reply(ack, CLIENT, "I did not ask for a transfer! Who are you?\n\nContact phone: +1 555 0100",
                        **_genuine(config, "acme-widgets.example"))
    desk.ingest(answer)
    assert desk.case(ref)["status"] == "intake"
    assert not desk.sent_to(PARTNER) and not desk.sent_to(PROVIDER)
    assert "did not ask" in desk.last_to(STAFF, "party_message_staff").row["text"]


def test_requests_in_someones_name_get_one_acknowledgement(desk, config):
    """Thirty forged requests in one victim's name: one acknowledgement, then at most one
    pointer a day; never the requester's subject or reason written back to her."""
    outcomes = []
    for n in range(6):
        request = desk.new_mail(CLIENT, f"{PHISH_SUBJECT} #{n}", f"Hello,\n\n{FULL_FORM}\n{PHISH_REASON}\n")
        outcomes.append(desk.ingest(request)["outcome"])
    assert outcomes == ["CaseOpened"] + ["RequestAwaitingConfirmation"] * 5
    assert len(desk.json("cases", "--all")) == 1
    to_victim = desk.sent_to(CLIENT)
    assert [s.template for s in to_victim] == ["acknowledgement", "reject_request_awaiting_confirmation"]
    for sent in to_victim:
        raw = sent.message.as_string()
        assert "prize" not in raw and "You won" not in raw, sent.template


def test_a_request_our_server_says_is_spoofed_is_not_answered(tmp_path, database_url):
    desk = Desk(tmp_path, database_url=database_url, require_auth=True)
    request = arrived(desk.new_mail(CLIENT, PHISH_SUBJECT, f"Hello,\n\n{FULL_FORM}\n"),
                      verdict("acme-widgets.example", "fail"))
    result = desk.ingest(request)
    assert result["outcome"] == "SpoofedRequest"
    assert desk.json("cases", "--all") == [] and not desk.sent_to(CLIENT)
    assert desk.last_to(STAFF, "security_alert")


def test_a_refusal_does_not_repeat_an_unproven_senders_subject(desk, config):
    ref = open_case(desk)
    attack = desk.new_mail(PARTNER, f"Re: [{ref}] {PHISH_SUBJECT}", "I AGREE")
    desk.ingest(spoofed(desk, config, attack, "oldpartner.example"))
    refusal = [s for s in desk.sent_to(PARTNER) if s.template.startswith("reject_")][-1]
    assert "prize" not in refusal.row["subject"] and ref in refusal.row["subject"]


def test_forged_mails_in_the_partners_name_do_not_silence_the_partner(desk, config):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    for n in range(35):  # more than an hour's worth of the sender's mails
        forged = desk.new_mail(PARTNER, f"Re: [{ref}] note {n}", f"Question {n}?")
        desk.ingest(spoofed(desk, config, forged, "oldpartner.example"))
    genuine = desk.reply(waiver, PARTNER, "I AGREE", **_genuine(config, "oldpartner.example"))
    assert desk.ingest(genuine)["outcome"] == "WaiverSigned"


def test_a_forgery_sent_ahead_under_the_genuine_mails_message_id_does_not_drop_it(desk, config):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    genuine = desk.reply(waiver, PARTNER, "I AGREE", **_genuine(config, "oldpartner.example"))
    forged = desk.new_mail(PARTNER, f"Re: [{ref}] hello", "I AGREE",
                           extra_headers={"In-Reply-To": waiver.header("Message-ID")})
    forged = forged.replace(message_id(forged).encode(), message_id(genuine).encode())
    assert desk.ingest(spoofed(desk, config, forged, "oldpartner.example"))["outcome"] in (
        "Unproven", "Unauthenticated")
    assert desk.ingest(genuine)["outcome"] == "WaiverSigned"
    assert desk.case(ref)["waiver"]["signed"] is True
