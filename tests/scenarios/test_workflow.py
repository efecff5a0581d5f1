"""Whole transfers through ``mailbot ingest``, answered the way real mail clients answer."""

from __future__ import annotations

from tests.scenarios.desk import (
    CLIENT,
    FULL_FORM,
    PARTNER,
    PROVIDER,
    STAFF,
    STAFF_PASS,
    Sent,
    open_case,
)


def states(case: dict) -> dict:
    return {name: m["state"] for name, m in case["milestones"].items()}


def test_transfer_to_a_new_provider(desk):
    ref = open_case(desk)
    case = desk.case(ref)
    assert case["status"] == "waiting"
    assert case["parties"]["client"] == {"email": CLIENT, "name": "Dana Smith", "company": "Acme Widgets LLC"}
    assert case["milestones"]["waiver"]["due"] == "2026-12-01T15:00:00+00:00"  # 3 business days, Thanksgiving skipped
    ack = desk.last_to(CLIENT, "acknowledgement")
    assert "You gave us everything we need" in ack.row["text"] and "confirm these details" in ack.row["text"]
    assert "We have asked" in desk.last_to(CLIENT, "intake_complete").row["text"]  # once the client said yes
    # The acknowledgement answers the client's request: same thread in every client.
    request_id = desk.sql("select message_id from inbound_mails order by id")[0][0]
    assert ack.header("In-Reply-To") == request_id and ack.header("References") == request_id
    # (its subject is our own: the request may not be the client's, so its words are not echoed)
    assert ack.row["subject"] == f"[{ref}] Your transfer request for Acme Widgets LLC"
    assert desk.last_to(CLIENT, "intake_complete").row["subject"] == f"Re: [{ref}] Your transfer request for Acme Widgets LLC"

    waiver = desk.last_to(PARTNER, "waiver_request")
    assert "reply with I AGREE as the first words" in waiver.row["text"]
    desk.now = "2026-11-25T10:30:00-06:00"
    assert desk.ingest(desk.reply(waiver, PARTNER, "I AGREE", name="Bob Miller"))["outcome"] == "WaiverSigned"

    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    desk.now = "2026-11-25T11:00:00-06:00"
    result = desk.ingest(desk.reply(acceptance, PROVIDER, "I accept.\n\nPriya\nNewProvider Inc.", style="outlook"))
    assert result["outcome"] == "ProviderAccepted"
    assert desk.case(ref)["status"] == "transferring"
    checklist = desk.last_to(STAFF, "staff_checklist")
    assert "Credentials" in checklist.row["text"] and "#complete" in checklist.row["text"]
    assert desk.last_to(CLIENT, "transfer_started")

    desk.now = "2026-11-27T10:00:00-06:00"
    result = desk.ingest(desk.reply(checklist, STAFF, "#complete\n\nAll moved, Dana called."))
    assert result["outcome"] == "StaffCommands"
    case = desk.case(ref)
    assert case["status"] == "completed"
    assert states(case) == {"intake": "done", "waiver": "done", "acceptance": "done", "transfer": "done",
                            "followup": "pending"}
    assert case["milestones"]["followup"]["due"] == "2026-12-27T16:00:00+00:00"  # 30 days later
    assert desk.sent_to(CLIENT, "completion") and desk.sent_to(PROVIDER, "completion")
    after_action = desk.last_to(PARTNER, "after_action")
    assert "what could we" in after_action.row["text"].lower()

    waiver_record = case["waiver"]
    assert waiver_record["signed"] and waiver_record["version"] == "v2" and len(waiver_record["text_sha256"]) == 64
    evidence = waiver_record["evidence"]
    assert evidence["from"] == PARTNER and evidence["message_id"].startswith("<r") and len(evidence["raw_sha256"]) == 64
    kinds = [e["kind"] for e in case["events"]]
    assert kinds[:5] == ["opened", "client_confirmed", "intake_complete", "waiver_signed", "provider_accepted"]
    assert "completed" in kinds

    # The partner answers the after-action question: recorded and passed to staff.
    desk.now = "2026-11-27T11:00:00-06:00"
    result = desk.ingest(desk.reply(after_action, PARTNER, "All fine, a bit more notice would have helped."))
    assert result["outcome"] == "AfterActionAnswer"
    assert desk.last_to(STAFF, "party_message_staff")


def test_retail_transfer_skips_acceptance(desk):
    ref = open_case(desk, FULL_FORM.replace(PROVIDER, "none"))
    case = desk.case(ref)
    assert case["retail"] is True and case["parties"]["new_provider"] is None
    assert case["milestones"]["acceptance"]["state"] == "skipped"
    assert not desk.sent_to(PROVIDER)
    waiver = desk.last_to(PARTNER, "waiver_request")
    assert desk.ingest(desk.reply(waiver, PARTNER, "i agree."))["outcome"] == "WaiverSigned"
    assert desk.case(ref)["status"] == "transferring"
    checklist = desk.last_to(STAFF, "staff_checklist")
    assert "retail" in checklist.row["text"]
    desk.ingest(desk.reply(checklist, STAFF, "#complete"))
    assert desk.case(ref)["status"] == "completed"


def test_dispute_resolved_by_override(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    result = desk.ingest(desk.reply(waiver, PARTNER, "I OBJECT. The client owes us three invoices.", style="outlook"))
    assert result["outcome"] == "WaiverObjected"
    assert desk.case(ref)["status"] == "disputed"
    dispute = desk.last_to(STAFF, "dispute_staff")
    assert "owes us three invoices" in dispute.row["text"]
    assert desk.last_to(CLIENT, "dispute_client") and desk.last_to(PARTNER, "objection_receipt")

    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    desk.ingest(desk.reply(acceptance, PROVIDER, "I ACCEPT"))
    assert desk.case(ref)["status"] == "disputed"  # the dispute holds the transfer, not the provider

    desk.now = "2026-11-30T10:00:00-06:00"
    result = desk.ingest(desk.reply(dispute, STAFF, "Talked to them.\n#override waiver - invoices are a separate matter"))
    assert result["outcome"] == "StaffCommands"
    case = desk.case(ref)
    assert case["status"] == "transferring"
    assert case["milestones"]["waiver"]["state"] == "overridden"
    assert case["waiver"]["overridden"] and not case["waiver"]["signed"]
    assert desk.last_to(PARTNER, "waiver_overridden")
    assert desk.last_to(STAFF, "command_receipt")


def test_decline_then_staff_names_another_provider(desk):
    ref = open_case(desk)
    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    result = desk.ingest(desk.reply(acceptance, PROVIDER, "I DECLINE - we are not taking new clients this year."))
    assert result["outcome"] == "ProviderDeclined"
    case = desk.case(ref)
    assert case["parties"]["new_provider"] is None
    assert case["milestones"]["acceptance"]["state"] == "pending" and case["milestones"]["acceptance"]["due"]
    assert desk.last_to(CLIENT, "decline_client")
    assert "not taking new clients this year" in desk.last_to(STAFF, "decline_staff").row["text"]
    assert desk.last_to(PROVIDER, "decline_receipt")

    other = "hello@otherprovider.example"
    decline_staff = desk.last_to(STAFF, "decline_staff")
    desk.ingest(desk.reply(decline_staff, STAFF, f"#set provider {other}"))
    case = desk.case(ref)
    assert case["parties"]["new_provider"] == {"email": other}
    assert case["milestones"]["acceptance"]["state"] == "pending" and case["milestones"]["acceptance"]["due"]
    request = desk.last_to(other, "acceptance_request")
    assert desk.ingest(desk.reply(request, other, "I ACCEPT"))["outcome"] == "ProviderAccepted"


def test_client_names_another_provider_after_a_decline(desk):
    ref = open_case(desk)
    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    desk.ingest(desk.reply(acceptance, PROVIDER, "I decline"))
    ask = desk.last_to(CLIENT, "decline_client")
    result = desk.ingest(desk.reply(ask, CLIENT, 'New provider e-mail (or "none" for retail): none'))
    assert result["outcome"] == "FormUpdated"
    case = desk.case(ref)
    assert case["retail"] is True and case["milestones"]["acceptance"]["state"] == "skipped"


def test_client_cancels(desk):
    ref = open_case(desk)
    ack = desk.last_to(CLIENT, "acknowledgement")
    result = desk.ingest(desk.reply(ack, CLIENT, "CANCEL\n\nWe decided to stay after all.\nDana"))
    assert result["outcome"] == "CaseCancelled"
    assert desk.case(ref)["status"] == "cancelled"
    for party in (CLIENT, PARTNER, PROVIDER):
        assert desk.last_to(party, "cancelled")
    assert desk.last_to(STAFF, "cancelled_staff")
    # Staff can bring it back.
    desk.ingest(desk.reply(desk.last_to(STAFF, "cancelled_staff"), STAFF, "#reopen"))
    assert desk.case(ref)["status"] == "waiting"


def test_missing_fields_are_asked_for_again_and_quoted_form_answers_count(desk):
    ref = open_case(desk, form="Company: Acme Widgets LLC")
    case = desk.case(ref)
    assert case["status"] == "intake" and case["milestones"]["intake"]["due"] == "2026-11-30T15:00:00+00:00"
    ack = desk.last_to(CLIENT, "acknowledgement")
    assert "Contact phone:" in ack.row["text"]
    # The client types the answers after the labels of the quoted form (Gmail style).
    quoted_form = ack.row["text"].replace("Contact name: ", "Contact name: Dana Smith")
    body = "Here you go.\n\n" + "\n".join(
        f"> {line}" for line in quoted_form.replace("Contact phone: ", "Contact phone: +1 555 0100").split("\n"))
    reply = desk.new_mail(CLIENT, f"Re: {ack.row['subject']}", body, to=ack.row["reply_to"],
                          extra_headers={"In-Reply-To": ack.row["message_id"], "References": ack.row["message_id"]})
    result = desk.ingest(reply)
    assert result["outcome"] == "FormUpdated"
    case = desk.case(ref)
    assert case["status"] == "intake"
    incomplete = desk.last_to(CLIENT, "form_incomplete")
    assert "Domains" in incomplete.row["text"]
    rest = (f"Domains: acme-widgets.example\nCurrent partner e-mail: {PARTNER}\n"
            f"New provider e-mail: {PROVIDER}\nReason: partner gone")
    assert desk.ingest(desk.reply(incomplete, CLIENT, rest, style="outlook"))["outcome"] == "FormUpdated"
    assert desk.case(ref)["status"] == "waiting"
    assert desk.last_to(CLIENT, "intake_complete") and desk.last_to(PARTNER, "waiver_request")


def bounce(sent: Sent, address: str, n: int = 1) -> bytes:
    """Postfix's report that ``sent`` could not be delivered to ``address`` (the n-th report)."""
    return (
        "From: MAILER-DAEMON@mx.example.com (Mail Delivery System)\r\n"
        "To: transfer@example.com\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        f"Message-ID: <bounce{n}@mx.example.com>\r\nAuto-Submitted: auto-replied\r\n"
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\nMIME-Version: 1.0\r\n\r\n"
        "--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you that your message could not be delivered.\r\n"
        f"<{address}>: host mx.example.net said: 550 5.1.1 User unknown\r\n"
        "--B\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n\r\n"
        f"Final-Recipient: rfc822; {address}\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        "Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n"
        f"--B\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {sent.row['message_id']}\r\n"
        f"Subject: {sent.row['subject']}\r\n--B--\r\n").encode()


def bounce_notices(desk) -> list[str]:
    """The address each bounce notice to staff names in its subject, in order."""
    return [s.row["subject"].partition("Address failing: ")[2] for s in desk.sent_to(STAFF, "bounce_staff")]


def test_bounce_marks_the_party_failing_and_tells_staff(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    before = len(desk.outbox())
    result = desk.ingest(bounce(waiver, PARTNER))
    assert result["outcome"] == "BounceReceived"
    case = desk.case(ref)
    assert case["parties"]["old_partner"]["failing"] is True
    assert any(e["kind"] == "bounce" for e in case["events"])
    new = desk.outbox()[before:]
    assert [s.template for s in new] == ["bounce_staff"] and new[0].row["to"] == [STAFF]


def test_staff_hear_of_a_failing_address_once_per_case(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    for n in range(1, 5):  # the partner's server bounces the waiver request four times
        assert desk.ingest(bounce(waiver, PARTNER, n))["outcome"] == "BounceReceived"
    assert bounce_notices(desk) == [PARTNER]
    bounces = [e["detail"] for e in desk.case(ref)["events"] if e["kind"] == "bounce"]
    assert len(bounces) == 4 and all(PARTNER in detail for detail in bounces)  # each one is on the timeline
    # Another address failing on the same case is news.
    desk.ingest(bounce(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, 5))
    assert bounce_notices(desk) == [PARTNER, PROVIDER]
    # Staff give a new partner address; when that one fails too, they hear of it, once.
    other = "legal@oldpartner-group.example"
    desk.ingest(desk.new_mail(STAFF, f"[{ref}] partner", f"#set partner {other}\n", extra_headers=STAFF_PASS))
    for n in (6, 7):
        desk.ingest(bounce(desk.last_to(other, "waiver_request"), other, n))
    assert bounce_notices(desk) == [PARTNER, PROVIDER, other]


def test_staff_cc_without_command_is_an_internal_note(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    before = len(desk.outbox())
    mail = desk.new_mail(STAFF, f"Re: {waiver.row['subject']}",
                         "Bob, just a heads-up that the waiver is on its way.\n\nOps",
                         to=PARTNER, cc="transfer@example.com",
                         extra_headers={"In-Reply-To": waiver.row["message_id"]})
    result = desk.ingest(mail)
    assert result["outcome"] == "StaffNote"
    assert len(desk.outbox()) == before  # nothing to anybody
    note = desk.case(ref)["events"][-1]
    assert note["kind"] == "staff_note" and note["actor"] == "staff" and "heads-up" in note["detail"]


def test_the_same_mail_twice_changes_nothing_the_second_time(desk):
    open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    mail = desk.reply(waiver, PARTNER, "I AGREE")
    assert desk.ingest(mail)["outcome"] == "WaiverSigned"
    outbox, events = len(desk.outbox()), len(desk.case(desk.json("cases")[0]["reference"])["events"])
    assert desk.ingest(mail)["outcome"] == "Duplicate"
    assert len(desk.outbox()) == outbox
    assert len(desk.case(desk.json("cases")[0]["reference"])["events"]) == events


def test_auto_replies_and_bounces_are_never_answered(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    before = len(desk.outbox())
    ooo = desk.reply(waiver, PARTNER, "I am out of the office until Monday.",
                     extra_headers={"Auto-Submitted": "auto-replied"})
    result = desk.ingest(ooo)
    assert result["outcome"] == "AutoReply" and result["reference"] == ref
    # staff see on the case why the partner is silent; a second one the same day adds nothing
    away = [e for e in desk.case(ref)["events"] if e["kind"] == "auto_reply"]
    assert len(away) == 1 and "until Monday" in away[0]["detail"] and away[0]["actor"] == "old_partner"
    desk.ingest(desk.reply(waiver, PARTNER, "I am out of the office until Monday!",
                           extra_headers={"Auto-Submitted": "auto-replied"}))
    assert len([e for e in desk.case(ref)["events"] if e["kind"] == "auto_reply"]) == 1
    vacation = desk.new_mail("someone@elsewhere.example", "Automatic reply: hello", "Away.")
    assert desk.ingest(vacation)["outcome"] == "AutoReply"
    dsn = desk.new_mail("mailer-daemon@elsewhere.example", "Undeliverable: hello", "Delivery failed for nobody@x.example")
    assert desk.ingest(dsn)["outcome"] in ("BounceReceived", "NoCaseForBounce")
    assert len(desk.outbox()) == before


def test_a_replacement_provider_starts_a_thread_of_their_own(desk):
    ref = open_case(desk)
    declined = desk.last_to(PROVIDER, "acceptance_request")
    desk.ingest(desk.reply(declined, PROVIDER, "I DECLINE"))
    before = desk.case(ref)["milestones"]["acceptance"]["due"]
    ask = desk.last_to(CLIENT, "decline_client")
    other = "hello@thirdprovider.example"
    assert desk.ingest(desk.reply(ask, CLIENT, f"New provider e-mail: {other}"))["outcome"] == "FormUpdated"
    request = desk.last_to(other, "acceptance_request")
    # Not a reply to mail the new provider never saw: no Re:, no references to the declined thread.
    assert request.header("In-Reply-To") is None and request.header("References") is None
    assert not request.row["subject"].startswith("Re:") and f"[{ref}]" in request.row["subject"]
    # Their clock starts now, not where the declined provider's had got to.
    acceptance = desk.case(ref)["milestones"]["acceptance"]
    assert acceptance["state"] == "pending" and acceptance["due"] >= before


def test_after_intake_the_client_cannot_redirect_the_waiver_by_mail(desk):
    ref = open_case(desk)
    ack = desk.last_to(CLIENT, "acknowledgement")
    before = len(desk.outbox())
    result = desk.ingest(desk.reply(ack, CLIENT, "Sorry, wrong address.\n\nCurrent partner e-mail: bob@elsewhere.example"))
    assert result["outcome"] == "PartyMessage"
    case = desk.case(ref)
    assert case["parties"]["old_partner"]["email"] == PARTNER
    new = desk.outbox()[before:]
    assert [s.template for s in new] == ["party_message_staff", "form_change_receipt"]
    assert "bob@elsewhere.example" in new[0].row["text"] and "It changed nothing" in new[0].row["text"]
    assert "a change of Current partner e-mail is for our staff" in new[1].row["text"]
    # How to reach the client may still change; asked together, staff hear what did change.
    result = desk.ingest(desk.reply(ack, CLIENT, "New number.\n\nContact phone: +1 555 0199\n"
                                                 "Current partner e-mail: bob@elsewhere.example"))
    assert result["outcome"] == "FormUpdated"
    assert desk.case(ref)["form"]["contact_phone"] == "+1 555 0199"
    staff = desk.last_to(STAFF, "party_message_staff").row["text"]
    assert "It changed contact_phone = +1 555 0199, and nothing else" in staff
    receipt = desk.last_to(CLIENT, "form_change_receipt").row["text"]
    assert "We have updated: Contact phone." in receipt and "Current partner e-mail" in receipt


def test_a_quoted_form_after_intake_changes_nothing(desk):
    ref = open_case(desk)
    ack = desk.last_to(CLIENT, "acknowledgement")
    # The client quotes a form holding other values (an old draft, someone else's mail):
    # only what they wrote anew may act.
    quoted = "\n".join(f"> {line}" for line in ("Company: Evil Corp", "Current partner e-mail: bob@elsewhere.example"))
    mail = desk.new_mail(CLIENT, f"Re: {ack.row['subject']}", f"Thanks, all good.\n\n{quoted}",
                         extra_headers={"In-Reply-To": ack.row["message_id"]})
    assert desk.ingest(mail)["outcome"] == "PartyMessage"
    case = desk.case(ref)
    assert case["parties"]["old_partner"]["email"] == PARTNER
    assert case["parties"]["client"]["company"] == "Acme Widgets LLC"


def test_reopening_a_cancelled_dispute_keeps_it_disputed_and_tells_everybody(desk):
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I OBJECT - fees are still open"))
    desk.ingest(desk.new_mail(STAFF, f"[{ref}] stop", "#cancel - the client asked us to wait\n", extra_headers=STAFF_PASS))
    before = len(desk.outbox())
    assert desk.ingest(desk.new_mail(STAFF, f"[{ref}] resume", "#reopen\n", extra_headers=STAFF_PASS))["outcome"] == "StaffCommands"
    case = desk.case(ref)
    assert case["status"] == "disputed"
    sent = {(s.row["to"][0], s.template) for s in desk.outbox()[before:]}
    # The partner is not asked to sign again while the objection is open; the provider is asked again.
    assert {(CLIENT, "reopened"), (PARTNER, "reopened"), (PROVIDER, "acceptance_request")} <= sent
    assert "objection" in desk.last_to(PARTNER, "reopened").row["text"]
    assert not desk.sql(f"select t.id from timers t join cases c on c.id = t.case_id where c.reference = '{ref}' "
                        "and t.milestone = 'waiver' and t.cancelled = false and t.fired_at is null")


def test_a_provider_named_for_a_retail_case_in_transfer_must_accept_first(desk):
    ref = open_case(desk, form=FULL_FORM.replace(PROVIDER, "none"))
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE"))
    assert desk.case(ref)["status"] == "transferring"
    desk.ingest(desk.new_mail(STAFF, f"[{ref}] provider", f"#set provider {PROVIDER}\n", extra_headers=STAFF_PASS))
    case = desk.case(ref)
    assert case["status"] == "waiting" and case["retail"] is False
    assert case["milestones"]["acceptance"]["state"] == "pending"
    result = desk.ingest(desk.new_mail(STAFF, f"[{ref}] done", "#complete\n", extra_headers=STAFF_PASS))
    assert result["outcome"] == "BadCommand"
    assert desk.ingest(desk.reply(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, "I ACCEPT"))["outcome"] \
        == "ProviderAccepted"
    assert desk.case(ref)["status"] == "transferring"


def test_staff_complete_an_intake_the_client_cannot_finish(desk):
    form = "\n".join(line for line in FULL_FORM.splitlines() if not line.startswith(("Contact phone", "Domains")))
    ref = open_case(desk, form=form)
    refused = desk.ingest(desk.new_mail(STAFF, f"[{ref}] intake", "#override intake - no phone\n",
                                        extra_headers=STAFF_PASS))
    assert refused["outcome"] == "BadCommand" and "#set domains" in refused["detail"]
    assert desk.case(ref)["status"] == "intake"
    before = len(desk.outbox())
    desk.ingest(desk.new_mail(STAFF, f"[{ref}] intake", "#set domains acme-widgets.example\n#override intake - the client has no phone\n", extra_headers=STAFF_PASS))
    to_client = [s.template for s in desk.outbox()[before:] if s.row["to"] == [CLIENT]]
    assert to_client == ["intake_complete"]  # the last word on the form, not one mail per line
    case = desk.case(ref)
    assert case["status"] == "waiting" and case["milestones"]["intake"]["state"] == "done"
    assert desk.last_to(PARTNER, "waiver_request") and desk.last_to(CLIENT, "intake_complete")
    assert any(e["kind"] == "intake_overridden" and "contact_phone" in e["detail"] for e in case["events"])
    # what nobody gave is not written into the client's record or the provider's request
    assert "(not given)" not in desk.last_to(PROVIDER, "acceptance_request").row["text"]


def test_a_huge_extension_is_a_command_error_not_a_crash(desk):
    ref = open_case(desk)
    result = desk.ingest(desk.new_mail(STAFF, f"[{ref}] more time", "#extend waiver 99999999999d\n", extra_headers=STAFF_PASS))
    assert result["outcome"] == "BadCommand" and "more than a year" in result["detail"]
    assert desk.case(ref)["milestones"]["waiver"]["due"] == "2026-12-01T15:00:00+00:00"


def test_a_change_of_mind_after_signing_or_accepting_undoes_nothing_and_staff_decide(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    desk.ingest(desk.reply(waiver, PARTNER, "I AGREE"))
    desk.ingest(desk.reply(acceptance, PROVIDER, "I ACCEPT"))
    assert desk.case(ref)["status"] == "transferring"

    result = desk.ingest(desk.reply(acceptance, PROVIDER, "I DECLINE - sorry, we cannot take this on after all."))
    assert result["outcome"] == "ChangeOfMind"
    staff = desk.last_to(STAFF, "party_message_staff")
    assert "declines after accepting" in staff.row["text"] and "cannot take this on" in staff.row["text"]
    assert "stands" in desk.last_to(PROVIDER, "status").row["text"]

    result = desk.ingest(desk.reply(waiver, PARTNER, "I OBJECT, a colleague signed by mistake"))
    assert result["outcome"] == "ChangeOfMind"
    case = desk.case(ref)
    assert case["status"] == "transferring" and case["waiver"]["signed"] is True
    assert [e["kind"] for e in case["events"]].count("change_of_mind") == 2
    assert "signed by mistake" in desk.last_to(STAFF, "party_message_staff").row["text"]


def test_a_provider_named_after_a_decline_gets_the_intake_checks(desk):
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, "I decline"))
    ask = desk.last_to(CLIENT, "decline_client")
    for address in (PARTNER, CLIENT, "transfer@example.com", "ops@example.com"):
        desk.ingest(desk.reply(ask, CLIENT, f"New provider e-mail: {address}"))
        case = desk.case(ref)
        assert case["parties"]["new_provider"] is None, address
        assert case["milestones"]["acceptance"]["state"] == "pending"
    asked = desk.last_to(CLIENT, "form_incomplete")
    assert "one of our own addresses" in " ".join(asked.row["text"].split())
    staff = desk.last_to(STAFF, "decline_staff")
    desk.ingest(desk.reply(staff, STAFF, f"#set provider {CLIENT}"))
    assert "that is the client's address" in " ".join(desk.last_to(STAFF, "reject_bad_command").row["text"].split())
    assert desk.case(ref)["parties"]["new_provider"] is None


def test_a_partner_at_a_staff_domain_is_refused_at_intake(desk):
    form = FULL_FORM.replace(PARTNER, "tech@example.com")
    result = desk.ingest(desk.new_mail(CLIENT, "Transfer", f"Hello,\n\n{form}\n"))
    case = desk.case(result["reference"])
    assert case["status"] == "intake"
    assert "one of our own addresses" in " ".join(desk.last_to(CLIENT, "acknowledgement").row["text"].split())


def test_mail_on_a_closed_case_reaches_staff(desk):
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE"))
    desk.ingest(desk.reply(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, "I ACCEPT"))
    desk.ingest(desk.reply(desk.last_to(STAFF, "staff_checklist"), STAFF, "#complete"))
    assert desk.case(ref)["status"] == "completed"
    question = desk.last_to(PARTNER, "after_action")
    result = desk.ingest(desk.reply(question, PARTNER, "I object to the way this was handled: nobody phoned us."))
    assert result["outcome"] == "AfterActionAnswer"
    assert "nobody phoned us" in desk.last_to(STAFF, "party_message_staff").row["text"]
    result = desk.ingest(desk.reply(desk.last_to(CLIENT, "completion"), CLIENT, "CANCEL"))
    assert result["outcome"] == "CaseClosed"
    assert desk.last_to(CLIENT, "reject_case_closed")
    alert = desk.last_to(STAFF, "security_alert")
    assert alert.row["subject"] == f"[{ref}] An answer arrived on a closed case"
    assert desk.case(ref)["status"] == "completed"


def test_a_client_asking_about_their_case_by_reference_does_not_open_another(desk):
    ref = open_case(desk)
    result = desk.ingest(desk.new_mail(CLIENT, "Any news?", f"Hello, any news about case {ref}?\n\nDana"))
    assert result["reference"] == ref and result["outcome"] == "PartyMessage"
    assert len(desk.json("cases", "--all")) == 1


def test_a_second_request_from_a_client_with_an_open_case_is_flagged_to_staff(desk):
    first = open_case(desk)
    second = open_case(desk)  # the same request sent again as a new mail
    assert second != first
    flagged = desk.last_to(STAFF, "party_message_staff")
    assert flagged.row["reference"] == second and first in flagged.row["text"]
    assert "second_request" in [e["kind"] for e in desk.case(second)["events"]]


def test_the_status_names_only_what_is_still_outstanding(desk):
    open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.ingest(desk.reply(waiver, STAFF, "#override waiver - partner gone", to_address="transfer@example.com",
                           extra_headers=STAFF_PASS))
    receipt = " ".join(desk.last_to(STAFF, "command_receipt").row["text"].split())
    assert "Status now: waiting for the new provider's acceptance" in receipt
    acceptance = desk.last_to(PROVIDER, "acceptance_request")
    desk.ingest(desk.reply(acceptance, PROVIDER, "I DECLINE"))
    desk.ingest(desk.reply(waiver, STAFF, "#status", to_address="transfer@example.com", extra_headers=STAFF_PASS))
    assert "waiting for the client's choice of a new provider" in " ".join(desk.last_to(STAFF, "status").row["text"].split())


def test_the_word_xfer_in_a_new_request_is_not_a_reference(desk):
    result = desk.ingest(desk.new_mail(CLIENT, "Hosting", f"Hello, we would like to xfer hosting to a new provider.\n\n{FULL_FORM}\n"))
    assert result["outcome"] == "CaseOpened"


def test_an_extension_of_more_than_a_year_of_working_time_is_refused(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    due = desk.case(ref)["milestones"]["waiver"]["due"]
    result = desk.ingest(desk.reply(waiver, STAFF, "#extend waiver 8700h", to_address="transfer@example.com", extra_headers=STAFF_PASS))
    assert result["outcome"] == "BadCommand"
    assert desk.case(ref)["milestones"]["waiver"]["due"] == due


def test_cancel_and_reopen_in_one_staff_mail_keeps_a_dispute(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.ingest(desk.reply(waiver, PARTNER, "I OBJECT, we are owed money"))
    requests = len(desk.sent_to(PARTNER, "waiver_request"))
    desk.ingest(desk.reply(desk.last_to(STAFF, "dispute_staff"), STAFF, "#cancel - wrong case\n#reopen"))
    assert desk.case(ref)["status"] == "disputed"
    assert len(desk.sent_to(PARTNER, "waiver_request")) == requests


def test_a_keyword_sent_as_a_new_mail_opens_no_case(desk):
    ref = open_case(desk)
    result = desk.ingest(desk.new_mail(PARTNER, "Acme Widgets", "I AGREE to the release of Acme Widgets.\n\nBob"))
    assert result["outcome"] == "KeywordWithoutCase" and result["reference"] is None
    assert len(desk.json("cases", "--all")) == 1
    assert "reply to the mail from us that asked you" in desk.last_to(PARTNER, "reject_keyword_without_case").row["text"]
    assert "release of Acme Widgets" in desk.last_to(STAFF, "security_alert").row["text"]
    assert desk.case(ref)["milestones"]["waiver"]["state"] == "pending"  # nothing signed


def test_a_new_request_from_a_partner_of_an_open_case_is_flagged_to_staff(desk):
    ref = open_case(desk)
    result = desk.ingest(desk.new_mail(PARTNER, "Question", "Hello, who is the new provider for Acme?\n\nBob"))
    assert result["outcome"] == "CaseOpened"
    flag = desk.last_to(STAFF, "party_message_staff").row
    assert flag["reference"] == result["reference"]
    assert f"from the current partner on open case(s) {ref}" in flag["text"]


def test_a_client_unsure_about_cancelling_is_not_pushed_to_cancel(desk):
    open_case(desk)
    ack = desk.last_to(CLIENT, "acknowledgement")
    result = desk.ingest(desk.reply(ack, CLIENT, "Cancel? No - please don't cancel, we just want to move the date."))
    assert result["outcome"] == "Ambiguous"
    text = desk.last_to(CLIENT, "reject_ambiguous").row["text"]
    assert "If you want to cancel the transfer" in text and "plain yes or no" not in text


def test_a_party_replaced_by_staff_is_told_its_part_has_ended(desk):
    ref = open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    other = "legal@oldpartner-group.example"
    desk.ingest(desk.new_mail(STAFF, f"[{ref}] parties", f"#set partner {other}\n#set provider none\n", extra_headers=STAFF_PASS))
    for former in (PARTNER, PROVIDER):
        released = desk.last_to(former, "party_released").row
        assert released["reference"] == ref and "no longer needs your answer" in released["text"]
        assert released["reply_to"] == "transfer@example.com"  # no reply address that could act
    assert desk.last_to(PARTNER, "party_released").row["in_reply_to"] == waiver.row["message_id"]  # its thread
    assert desk.last_to(other, "waiver_request")
    assert desk.sent_to(other, "party_released") == []



def test_a_yes_after_the_override_gets_the_status_in_a_sentence(desk):
    open_case(desk)
    waiver = desk.last_to(PARTNER, "waiver_request")
    desk.ingest(desk.reply(waiver, STAFF, "#override waiver - partner gone", to_address="transfer@example.com",
                           extra_headers=STAFF_PASS))
    assert desk.ingest(desk.reply(waiver, PARTNER, "I AGREE"))["outcome"] == "AlreadyDone"
    assert "The waiver is already overridden." in desk.last_to(PARTNER, "status").row["text"]


def test_cancellation_speaks_to_the_client_as_the_client(desk):
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(CLIENT, "acknowledgement"), CLIENT, "CANCEL"))
    to_client = " ".join(desk.last_to(CLIENT, "cancelled").row["text"].split())
    assert "Hello Dana Smith," in to_client and "the transfer of your service" in to_client and "as you asked" in to_client
    to_partner = " ".join(desk.last_to(PARTNER, "cancelled").row["text"].split())
    assert "Acme Widgets LLC's service" in to_partner and "Nothing further is needed from you" in to_partner
    assert desk.case(ref)["status"] == "cancelled"


def test_status_alone_answers_with_the_status_only(desk):
    ref = open_case(desk)
    before = len(desk.outbox())
    desk.ingest(desk.new_mail(STAFF, f"[{ref}] status?", "#status\n", extra_headers=STAFF_PASS))
    assert [s.template for s in desk.outbox()[before:]] == ["status"]


def test_a_form_answered_after_its_deadline_is_not_asked_for_by_a_past_date(desk):
    form = "\n".join(line for line in FULL_FORM.splitlines() if not line.startswith(("Contact phone", "Domains")))
    open_case(desk, form=form)
    ack = desk.last_to(CLIENT, "acknowledgement")
    assert "We need these by" in ack.row["text"]
    desk.ingest(desk.reply(ack, CLIENT, "Contact phone: +1 555 0100"), now="2026-12-15T10:00:00-06:00")
    text = " ".join(desk.last_to(CLIENT, "form_incomplete").row["text"].split())
    assert "Still missing: Domains" in text and "We need these by" not in text
