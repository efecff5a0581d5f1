"""Nobody can act for somebody else. Each attempt changes nothing, is recorded, staff are told."""

from __future__ import annotations

import pytest

from tests.scenarios.desk import CLIENT, FULL_FORM, PARTNER, PROVIDER, STAFF, Desk, open_case

EVE = "eve@elsewhere.example"


def snapshot(desk: Desk, ref: str) -> dict:
    case = desk.case(ref)
    return {"status": case["status"], "milestones": case["milestones"], "waiver": case["waiver"],
            "parties": case["parties"]}


def assert_refused(desk: Desk, ref: str, mail: bytes, outcome: str, staff_template: str = "security_alert"):
    before = snapshot(desk, ref)
    sent_before = len(desk.outbox())
    result = desk.ingest(mail)
    assert result["outcome"] == outcome, result
    assert snapshot(desk, ref) == before, "the case changed"
    new = desk.outbox()[sent_before:]
    assert staff_template in [s.template for s in new if s.row["to"] == [STAFF]], [s.template for s in new]
    events = desk.case(ref)["events"]
    assert events[-1]["kind"] in ("refused", "message"), events[-1]
    return new


def test_stranger_answering_on_the_partners_thread(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    # Eve was CC'd at the partner's and answers to the normal mailbox, on the thread.
    mail = desk.reply(waiver, EVE, "I AGREE", to_address="transfer@example.com")
    new = assert_refused(desk, ref, mail, "NotAParty")
    assert any(s.template == "reject_not_a_party" and s.row["to"] == [EVE] for s in new)


def test_stranger_using_the_partners_reply_address(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    assert_refused(desk, ref, desk.reply(waiver, EVE, "I AGREE"), "ForgedReplyAddress")


def test_display_name_pretending_to_be_the_partner(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    quoted = desk.reply(waiver, EVE, "I AGREE", name=f'"{PARTNER}"')  # "support@oldpartner.example" <eve@…>
    assert_refused(desk, ref, quoted, "ForgedReplyAddress")
    # Unquoted, the header reads two ways (a lenient reader takes the first address): nobody.
    desk.now = "2026-11-25T09:30:00-06:00"
    bare = desk.reply(waiver, EVE, "I AGREE, really", name=PARTNER)  # support@oldpartner.example <eve@…>
    assert_refused(desk, ref, bare, "Unreadable")


def test_partner_with_failed_dmarc_when_authentication_is_required(tmp_path, database_url):
    desk = Desk(tmp_path, require_auth=True, database_url=database_url)
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    fail = "mx.example.com; dkim=fail header.d=oldpartner.example; spf=fail; dmarc=fail header.from=oldpartner.example"
    mail = desk.reply(waiver, PARTNER, "I AGREE", extra_headers={"Authentication-Results": fail})
    assert_refused(desk, ref, mail, "Unauthenticated")
    # The same reply with a passing verdict from our MX signs.
    ok = "mx.example.com; dkim=pass header.d=oldpartner.example; spf=pass; dmarc=pass header.from=oldpartner.example"
    desk.now = "2026-11-25T10:00:00-06:00"
    good = desk.reply(waiver, PARTNER, "I AGREE", extra_headers={"Authentication-Results": ok})
    assert desk.ingest(good)["outcome"] == "WaiverSigned"


def test_keyword_only_in_quoted_text(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    mail = desk.reply(waiver, PARTNER, "Thanks, will look at it next week.", style="outlook")
    assert_refused(desk, ref, mail, "PartyMessage", staff_template="party_message_staff")


def test_negated_keyword(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    new = assert_refused(desk, ref, desk.reply(waiver, PARTNER, "I do not agree to this."), "Ambiguous")
    assert any(s.template == "reject_ambiguous" and s.row["to"] == [PARTNER] for s in new)


def test_agree_from_the_new_provider(desk):
    ref = open_case(desk)
    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    assert_refused(desk, ref, desk.reply(acceptance, PROVIDER, "I AGREE"), "WrongParty")


def test_partner_answering_on_the_providers_reply_address(desk):
    ref = open_case(desk)
    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    assert_refused(desk, ref, desk.reply(acceptance, PARTNER, "I AGREE"), "ForgedReplyAddress")


@pytest.mark.parametrize("mangle", ["forged", "truncated", "role"])
def test_forged_or_truncated_signature(desk, mangle):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    address = waiver.header("Reply-To")
    local, domain = address.split("@")
    base, sig = local.rsplit(".", 1)
    forged = {"forged": f"{base}.{'0' * len(sig)}", "truncated": f"{base}.{sig[:6]}",
              "role": local.replace(".partner.", ".client.")}[mangle]
    mail = desk.reply(waiver, PARTNER, "I AGREE", to_address=f"{forged}@{domain}")
    assert_refused(desk, ref, mail, "ForgedReplyAddress")


def test_staff_command_from_a_non_staff_sender(desk):
    ref = open_case(desk)
    ack = desk.last_to(CLIENT, "acknowledgement")
    assert_refused(desk, ref, desk.reply(ack, CLIENT, "#override waiver"), "NotStaff")


def test_partner_writing_a_new_mail_instead_of_replying(desk):
    ref = open_case(desk)
    mail = desk.new_mail(PARTNER, f"[{ref}] signed", "I AGREE")
    assert_refused(desk, ref, mail, "OutsideThread")


def test_reference_with_a_bad_check_character_is_never_matched(desk):
    ref = open_case(desk)
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    wrong = ref[:-1] + next(c for c in alphabet if c != ref[-1])
    before = snapshot(desk, ref)
    result = desk.ingest(desk.new_mail(PARTNER, f"Re: [{wrong}] Waiver request", "I AGREE"))
    assert result["outcome"] == "BadCheckCharacter" and result["reference"] is None
    assert snapshot(desk, ref) == before
    assert desk.last_to(PARTNER, "reject_bad_reference")
    assert desk.last_to(STAFF, "security_alert")
    assert len(desk.json("cases", "--all")) == 1  # no case opened either


def test_rejections_are_sent_once_per_sender_reason_and_day(desk):
    open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    for text in ("I AGREE", "I agree, thanks", "I AGREE - cheers"):
        desk.ingest(desk.reply(waiver, EVE, text, to_address="transfer@example.com"))
    assert len(desk.sent_to(EVE, "reject_not_a_party")) == 1
    assert len([s for s in desk.sent_to(STAFF, "security_alert")]) == 1
    desk.now = "2026-11-26T09:00:00-06:00"
    desk.ingest(desk.reply(waiver, EVE, "I agree. Many thanks", to_address="transfer@example.com"))
    assert len(desk.sent_to(EVE, "reject_not_a_party")) == 2


def test_unknown_reference_is_answered_not_guessed(desk):
    from parsers.reference import make_reference

    result = desk.ingest(desk.new_mail(PARTNER, f"Re: [{make_reference()}] Waiver", "I AGREE"))
    assert result["outcome"] == "UnknownReference"
    assert desk.last_to(PARTNER, "reject_unknown_reference")


def test_a_thread_cannot_be_bootstrapped_with_ones_own_mail(desk):
    """A forged From first files a mail of its own on the case, then 'answers' it: only mail we
    sent to a party makes its thread."""
    ref = open_case(desk)
    first = desk.new_mail(PARTNER, f"Question [{ref}]", "Hello, a quick question.")
    assert desk.ingest(first)["outcome"] == "PartyMessage"
    first_id = first.split(b"Message-ID: ")[1].split(b"\n")[0].strip().decode()
    second = desk.new_mail(PARTNER, f"Re: Question [{ref}]", "I AGREE",
                           extra_headers={"In-Reply-To": first_id, "References": first_id})
    assert desk.ingest(second)["outcome"] == "OutsideThread"
    assert desk.case(ref)["waiver"]["signed"] is False


def test_a_reply_address_naming_no_case_is_refused_not_a_new_request(desk):
    open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    made_up = waiver.header("Reply-To").split(".", 1)[0][:-3] + "zzz.partner.0000000000000000@example.com"
    result = desk.ingest(desk.new_mail(PARTNER, "Re: Waiver", "I AGREE", to=made_up))
    assert result["outcome"] in ("UnknownReference", "BadCheckCharacter", "ForgedReplyAddress")
    assert len(desk.json("cases", "--all")) == 1


def test_a_reply_address_of_another_case_is_refused_not_guessed(desk):
    # One partner, two clients: the partner answers case A's waiver (subject, headers, quote)
    # but the mail client autocompleted case B's reply address.
    first = open_case(desk)
    waiver_a = desk.last_to(PARTNER, "waiver_request")
    desk.now = "2026-11-25T09:10:00-06:00"
    second = open_case(desk, desk_form_for("Beta Corp", "beta.example"), client="it@beta.example")
    waiver_b = desk.last_to(PARTNER, "waiver_request")
    assert second != first and waiver_b.row["reference"] == second
    mail = desk.reply(waiver_a, PARTNER, "I AGREE", to_address=waiver_b.header("Reply-To"))
    before_a = snapshot(desk, first)
    assert_refused(desk, second, mail, "ThreadConflict")
    assert snapshot(desk, first) == before_a
    assert [s.row["to"] for s in desk.sent_to(PARTNER, "reject_thread_conflict")] == [[PARTNER]]


def desk_form_for(company: str, domain: str) -> str:
    from tests.scenarios.desk import FULL_FORM

    return FULL_FORM.replace("Acme Widgets LLC", company).replace("acme-widgets.example", domain)


def test_every_different_unclear_reply_reaches_staff(desk):
    # One partner, two clients: its conditional yes on the second case is news to staff too.
    first = open_case(desk)
    second = open_case(desk, FULL_FORM.replace("Acme Widgets LLC", "Beta Corp").replace(
        "acme-widgets.example", "beta-corp.example"), client="lee@beta-corp.example")
    waivers = {s.row["reference"]: s for s in desk.sent_to(PARTNER, "waiver_request")}
    for ref, text in ((first, "I agree once Acme pays invoice 4411."),
                      (second, "I agree provided Beta returns our firewall appliance."),
                      (second, "I agree provided Beta returns our firewall appliance.")):  # the same mail again
        assert desk.ingest(desk.reply(waivers[ref], PARTNER, text))["outcome"] == "Ambiguous"
    alerts = desk.sent_to(STAFF, "security_alert")
    assert [a.row["reference"] for a in alerts] == [first, second]
    assert "invoice 4411" in alerts[0].row["text"] and "firewall appliance" in alerts[1].row["text"]
    assert len(desk.sent_to(PARTNER, "reject_ambiguous")) == 1  # the partner is asked once a day


def test_a_colleague_of_the_partner_is_refused_and_staff_learn_how_to_let_them_sign(desk):
    ref = open_case(desk)
    colleague = "john@oldpartner.example"
    result = desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), colleague, "I AGREE"))
    assert result["outcome"] == "ForgedReplyAddress"
    assert desk.case(ref)["milestones"]["waiver"]["state"] == "pending"
    assert f"#set partner {colleague}" in desk.last_to(STAFF, "security_alert").row["text"]
    # A stranger from elsewhere gets no such hint.
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), "eve@elsewhere.example", "I AGREE"))
    assert "#set partner" not in desk.last_to(STAFF, "security_alert").row["text"]
