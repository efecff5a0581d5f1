"""Every way to act for somebody else we could think of, beyond tests/scenarios/test_security.py.
None may change a case; each is recorded; staff hear of the ones that look deliberate."""

from __future__ import annotations

import email
import email.policy
import re

import pytest

from parsers.reference import ALPHABET, make_reference
from tests.scenarios.desk import CLIENT, FULL_FORM, PARTNER, PROVIDER, STAFF, Desk, open_case

EVE = "eve@elsewhere.example"


def state(desk: Desk, ref: str) -> dict:
    case = desk.case(ref)
    return {key: case[key] for key in ("status", "milestones", "waiver", "parties", "retail")}


def test_replaying_an_approval_into_another_case(desk):
    first = open_case(desk)
    signed = desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE")
    assert desk.ingest(signed)["outcome"] == "WaiverSigned"
    second = open_case(desk)  # the same partner loses a second client
    before = state(desk, second)
    # 1. The very same mail again: a duplicate, whatever its subject claims.
    assert desk.ingest(signed)["outcome"] == "Duplicate"
    # 2. Re-sent with a new Message-ID and the other case's reference in the subject: the reply
    #    address and headers name the first case, the subject the second; no guess is made.
    replay = signed.replace(f"[{first}]".encode(), f"[{second}]".encode())
    replay = re.sub(rb"Message-ID: <[^>]+>", b"Message-ID: <replay1@mail.example.net>", replay)
    assert desk.ingest(replay)["outcome"] == "ThreadConflict"
    # 3. Stripped of the threading and sent to the plain mailbox with the second reference.
    bare = desk.new_mail(PARTNER, f"Re: [{second}] Waiver request", "I AGREE")
    assert desk.ingest(bare)["outcome"] == "OutsideThread"
    assert state(desk, second) == before


@pytest.mark.parametrize("from_header", [
    f'"{PARTNER}" <{EVE}>',
    f"{PARTNER} <{EVE}>",
    f"{EVE} ({PARTNER})",
    f"=?utf-8?q?{PARTNER.replace('@', '=40')}?= <{EVE}>",
    f"{PARTNER}, {EVE}",
])
def test_display_name_and_from_header_tricks(desk, from_header):
    ref = open_case(desk)
    before = state(desk, ref)
    waiver = desk.last_to(PARTNER, "waiver_request")
    mail = desk.reply(waiver, EVE, "I AGREE", to_address="transfer@example.com")
    mail = mail.replace(f"From: {EVE}".encode(), f"From: {from_header}".encode(), 1)
    result = desk.ingest(mail)
    assert result["outcome"] in ("NotAParty", "Unreadable"), result
    assert state(desk, ref) == before


def test_sender_header_does_not_make_a_party(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    mail = desk.reply(waiver, EVE, "I AGREE", to_address="transfer@example.com",
                      extra_headers={"Sender": PARTNER, "Reply-To": PARTNER})
    assert desk.ingest(mail)["outcome"] == "NotAParty"
    assert desk.case(ref)["waiver"]["signed"] is False


@pytest.mark.parametrize("lookalike", [
    "support@oldpartnеr.example",  # Cyrillic е
    "support@xn--oldpartnr-h0h.example",  # its punycode form
    "support@oldpartner.example.evil.example",
    "support@0ldpartner.example",
    "suppοrt@oldpartner.example",  # Greek omicron in the local part
])
def test_look_alike_addresses(desk, lookalike):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    mail = desk.reply(waiver, PARTNER, "I AGREE", to_address="transfer@example.com")
    mail = mail.replace(f"From: {PARTNER}".encode(), f"From: {lookalike}".encode(), 1)
    result = desk.ingest(mail)
    assert result["outcome"] in ("NotAParty", "Unreadable"), result
    assert desk.case(ref)["waiver"]["signed"] is False


def test_header_injection_through_names_and_subjects_never_reaches_our_mail(desk):
    injected_subject = "=?utf-8?q?Moving=0D=0ABcc=3A_victim=40example=2Enet?="
    mail = desk.new_mail(CLIENT, "placeholder", f"Hi\n\n{FULL_FORM.replace('Acme Widgets LLC', 'Acme')}\n",
                         name="Dana")
    mail = mail.replace(b"Subject: placeholder", f"Subject: {injected_subject}".encode())
    mail = mail.replace(b"From: Dana <", b"From: =?utf-8?q?Dana=0D=0ABcc=3A_victim2=40example=2Enet?= <")
    desk.ingest(mail)
    for sent in desk.outbox():
        raw = sent.message.as_bytes()
        head = raw.split(b"\r\n\r\n", 1)[0] if b"\r\n\r\n" in raw else raw.split(b"\n\n", 1)[0]
        for line in re.split(rb"\r?\n", head):
            assert not line.lower().startswith(b"bcc"), line
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert "victim" not in " ".join(parsed.get_all("To") or [])


def test_template_and_html_injection_through_the_form(desk):
    evil = "{{ config }}{% for x in range(99999999) %}x{% endfor %}<img src=x onerror=alert(1)>"
    # In the company name it is no name: refused, and it reaches nobody but the client.
    ref = open_case(desk, FULL_FORM.replace("Acme Widgets LLC", evil))
    assert desk.case(ref)["status"] == "intake" and not desk.sent_to(PARTNER)
    # In the reason (free text for staff) it is data, in text and HTML alike.
    ref = open_case(desk, FULL_FORM.replace("our partner stopped answering", evil), client="it@beta.example")
    # (shown back once the client has confirmed the request from their mailbox)
    ack = desk.last_to("it@beta.example", "intake_complete")
    assert "{{ config }}" in ack.row["text"] and "{% for x" in ack.row["text"]
    html = ack.message.get_body(("html",)).get_content()
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert desk.case(ref)["status"] == "waiting"


def test_guessing_references_matches_nothing(desk):
    ref = open_case(desk)
    before = state(desk, ref)
    outcomes = set()
    for i in range(40):
        guess = make_reference() if i % 2 else ref[:-1] + ALPHABET[(ALPHABET.index(ref[-1]) + i) % 32]
        if guess == ref:
            continue
        result = desk.ingest(desk.new_mail(f"guesser{i % 3}@elsewhere.example", f"Re: [{guess}] Waiver", "I AGREE"))
        outcomes.add(result["outcome"])
        assert result["reference"] != ref
    assert outcomes <= {"UnknownReference", "BadCheckCharacter"}
    assert state(desk, ref) == before
    assert len(desk.json("cases", "--all")) == 1


def test_a_keyword_from_staff_is_not_a_signature(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    result = desk.ingest(desk.reply(waiver, STAFF, "I AGREE", to_address="transfer@example.com"))
    assert result["outcome"] == "StaffNote"
    assert desk.case(ref)["waiver"]["signed"] is False


def test_the_client_cannot_accept_for_the_provider(desk):
    ref = open_case(desk)
    ack = desk.last_to(CLIENT, "acknowledgement")
    assert desk.ingest(desk.reply(ack, CLIENT, "I ACCEPT"))["outcome"] == "WrongParty"
    assert desk.case(ref)["milestones"]["acceptance"]["state"] == "pending"
    assert desk.last_to(STAFF, "security_alert")
    assert not desk.sent_to(PROVIDER, "acceptance_receipt")
