"""Step 11, operator truth (9, 13): a client asking for news without a reference, the sender's
words in staff notices, #merge of a duplicate case, and everyone's contact details."""

from __future__ import annotations

import json

from parsers.reference import check_character
from tests.scenarios.desk import (
    CLIENT,
    FULL_FORM,
    PARTNER,
    PROVIDER,
    STAFF,
    arrived,
    open_case,
    verdict,
)

UNKNOWN = "XFER-7K2P9Q" + check_character("7K2P9Q")  # a well-formed reference no case has
CONTACTS = ("Current partner contact name: Bob Miller\nCurrent partner phone (optional): +1 555 0199\n"
            "New provider contact name: Priya Raman\nNew provider phone (optional): +1 555 0142\n")


def text_of(sent) -> str:
    return " ".join(sent.row["text"].split())


def news(desk, body: str = "Hello,\n\nany news on our Exchange move?\n\nDana", subject: str = "Exchange move"):
    return desk.ingest(desk.new_mail(CLIENT, subject, body, name="Dana Smith"))


# -- (9) news without a reference --------------------------------------------------------------

def test_news_from_the_client_of_one_open_case_threads_to_it_and_gets_its_status(desk):
    ref = open_case(desk)
    acknowledgements = len(desk.sent_to(CLIENT, "acknowledgement"))
    result = news(desk)
    assert result["outcome"] == "PartyMessage" and result["reference"] == ref
    assert len(desk.json("cases", "--all")) == 1  # nothing opened
    assert len(desk.sent_to(CLIENT, "acknowledgement")) == acknowledgements  # no new intake form
    status = desk.last_to(CLIENT, "status")
    assert status.row["reference"] == ref
    assert f"here is where case {ref} (Acme Widgets LLC) stands: waiting for the partner's waiver" in text_of(status)
    assert "Our staff have your message as well." in text_of(status)
    staff = desk.last_to(STAFF, "party_message_staff")
    assert staff.row["reference"] == ref and "any news on our Exchange move?" in staff.row["text"]
    trace = desk.sql("select trace from inbound_mails order by id desc limit 1")[0][0]
    assert '"sender address"' in (trace if isinstance(trace, str) else json.dumps(trace))


def test_news_from_a_client_with_two_open_cases_asks_which_and_opens_nothing(desk):
    first = open_case(desk)
    second = open_case(desk, form=FULL_FORM.replace("Acme Widgets LLC", "Acme Labs Inc"))
    result = news(desk)
    assert result["outcome"] == "WhichCase" and result["reference"] is None
    assert len(desk.json("cases", "--all")) == 2
    asked = text_of(desk.last_to(CLIENT, "reject_which_case"))
    assert f"{first} Acme Widgets LLC" in asked and f"{second} Acme Labs Inc" in asked
    assert "no new case was opened" in asked


def test_a_mail_that_is_a_new_request_still_opens_a_case(desk):
    ref = open_case(desk)
    result = news(desk, "Hello,\n\nwe need another transfer, for our subsidiary's mail this time.\n\nDana",
                  subject="Subsidiary")
    assert result["outcome"] == "CaseOpened" and result["reference"] != ref
    # ... and staff, told of the second request, read the client's own words, quoted
    flagged = desk.last_to(STAFF, "party_message_staff").row
    assert flagged["reference"] == result["reference"] and ref in flagged["text"]
    assert "> we need another transfer, for our subsidiary's mail this time." in flagged["text"]


def test_the_address_only_threads_a_keyword_still_needs_its_proof(desk):
    ref = open_case(desk)
    result = news(desk, "CANCEL", subject="Stop")
    assert result["reference"] == ref and result["outcome"] == "OutsideThread"
    assert desk.case(ref)["status"] == "waiting"
    # Our server's pass proves the sender, but the mail still answers none of the client's mails.
    signed = arrived(desk.new_mail(CLIENT, "Stop", "CANCEL"), verdict("acme-widgets.example"))
    assert desk.ingest(signed)["outcome"] == "OutsideThread"
    assert desk.case(ref)["status"] == "waiting"


def test_a_request_waiting_for_its_confirmation_still_gets_the_pointer(desk):
    ref = open_case(desk, confirm=False)
    result = news(desk)
    assert result["outcome"] == "RequestAwaitingConfirmation" and result["reference"] == ref


def test_every_staff_notice_about_a_mail_quotes_its_words(desk):
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(CLIENT, "intake_complete"), CLIENT,
                           "CANCEL\n\nWe found another way, thank you for your help."))
    assert desk.case(ref)["status"] == "cancelled"
    staff = desk.last_to(STAFF, "cancelled_staff")
    assert f"Their mail, from {CLIENT}" in staff.row["text"]
    assert "> CANCEL\n>\n> We found another way, thank you for your help." in staff.row["text"]
    html = staff.message.get_body(("html",)).get_content()
    assert "We found another way" in html and "<blockquote" in html
    # A notice that already shows the words does not repeat them.
    ref = open_case(desk)
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I OBJECT, we are owed money"))
    dispute = desk.last_to(STAFF, "dispute_staff").row["text"]
    assert dispute.count("we are owed money") == 1


def test_a_long_mail_is_cut_in_the_staff_notice(desk):
    open_case(desk)
    long = "Hello,\n\nwe need another transfer. " + "Our second office moves as well. " * 60 + "\n\nDana"
    news(desk, long)
    text = desk.last_to(STAFF, "party_message_staff").row["text"]
    assert "> we need another transfer." in text and "more characters, in the mail itself]" in text
    assert len(text) < 2500


# -- #merge ------------------------------------------------------------------------------------

def test_merge_folds_a_duplicate_into_the_case_that_goes_on(desk):
    target = open_case(desk)
    duplicate = open_case(desk, form=FULL_FORM.replace("+1 555 0100", "+1 555 0111")
                          + "\nCurrent partner contact name: Bob Miller")
    flagged = desk.last_to(STAFF, "party_message_staff")  # "this client already has an open case"
    assert flagged.row["reference"] == duplicate and "#merge" in flagged.row["text"]
    before = desk.case(target)
    result = desk.ingest(desk.reply(flagged, STAFF, f"#merge {target} - the same request sent twice"))
    assert result["outcome"] == "StaffCommands", result

    merged = desk.case(duplicate)
    assert merged["status"] == "cancelled" and merged["merged_into"] == target
    assert any(e["kind"] == "merged" and f"merged into {target}" in e["detail"] for e in merged["events"])
    _, shown = desk.run("case", duplicate)
    assert f"merged into {target}" in shown
    kept = desk.case(target)
    assert kept["form"] == before["form"] and kept["parties"] == before["parties"]  # nothing overwritten
    assert kept["status"] == "waiting" and kept["merged_into"] is None
    assert any(e["kind"] == "merged_in" and duplicate in e["detail"] for e in kept["events"])
    # Staff are told what to copy by hand; the client and the parties where the duplicate went.
    copy = text_of(desk.last_to(STAFF, "merged_staff"))
    assert f"Contact phone: +1 555 0111 ({target} has +1 555 0100)" in copy
    assert f"Current partner contact name: Bob Miller (missing on {target})" in copy
    told = desk.last_to(CLIENT, "merged")
    assert told.row["reference"] == duplicate and f"everything goes on under {target}" in text_of(told)
    assert desk.last_to(PARTNER, "merged").row["reference"] == duplicate
    assert desk.sent_to(CLIENT, "cancelled") == []

    # The duplicate's mails stay on record; replies to it thread to the case that goes on.
    on_record = desk.sql(f"select count(*) from inbound_mails i join cases c on c.id = i.case_id "
                         f"where c.reference = '{duplicate}'")[0][0]
    assert on_record >= 2
    ack = [s for s in desk.sent_to(CLIENT, "acknowledgement") if s.row["reference"] == duplicate][-1]
    answer = desk.ingest(desk.reply(ack, CLIENT, "Thanks. Who is our contact at the new provider?"))
    assert answer["reference"] == target and answer["outcome"] == "PartyMessage"
    # ... but only thread: the partner's yes to the duplicate's waiver request signs nothing.
    waiver = [s for s in desk.sent_to(PARTNER, "waiver_request") if s.row["reference"] == duplicate][-1]
    signed = desk.ingest(desk.reply(waiver, PARTNER, "I AGREE"))
    assert signed["reference"] == target and signed["outcome"] == "OutsideThread"
    assert desk.case(target)["milestones"]["waiver"]["state"] == "pending"

    # #reopen on the duplicate undoes the merge.
    desk.ingest(desk.reply(desk.last_to(STAFF, "merged_staff"), STAFF, "#reopen"))
    assert desk.case(duplicate)["merged_into"] is None and desk.case(duplicate)["status"] != "cancelled"
    assert desk.ingest(desk.reply(ack, CLIENT, "And the date?"))["reference"] == duplicate


def test_merge_refuses_what_is_no_duplicate_fold(desk):
    target = open_case(desk)
    duplicate = open_case(desk)
    flagged = desk.last_to(STAFF, "party_message_staff")
    for command, error in ((f"#merge {duplicate}", "cannot be merged into itself"),
                           ("#merge XFER-AAAAAAA", "wrong check character"),
                           (f"#merge {UNKNOWN}", f"there is no case {UNKNOWN}")):
        result = desk.ingest(desk.reply(flagged, STAFF, command))
        assert result["outcome"] == "BadCommand" and error in result["detail"], result
    # A case with an answer on record is more than a duplicate: it is not folded away.
    desk.ingest(desk.reply([s for s in desk.sent_to(PROVIDER, "acceptance_request")
                            if s.row["reference"] == duplicate][-1], PROVIDER, "I ACCEPT"))
    result = desk.ingest(desk.reply(flagged, STAFF, f"#merge {target}"))
    assert result["outcome"] == "BadCommand"
    assert f"merge the other way (#merge {duplicate} sent on {target})" in result["detail"]
    assert desk.case(duplicate)["status"] == "waiting" and desk.case(duplicate)["merged_into"] is None


# -- (13) contact details for everyone ----------------------------------------------------------

def test_the_partners_and_providers_contacts_are_asked_for_kept_and_shown_to_staff(desk):
    ref = open_case(desk, form=FULL_FORM + "\n" + CONTACTS)
    ack_form = desk.last_to(CLIENT, "acknowledgement").row["text"]
    for label in ("Current partner contact name:", "Current partner phone (optional):",
                  "New provider contact name:", "New provider phone (optional):"):
        assert label in ack_form
    case = desk.case(ref)
    assert case["parties"]["old_partner"] == {"email": PARTNER, "name": "Bob Miller", "phone": "+1 555 0199"}
    assert case["parties"]["new_provider"] == {"email": PROVIDER, "name": "Priya Raman", "phone": "+1 555 0142"}
    assert case["parties"]["client"] == {"email": CLIENT, "name": "Dana Smith", "company": "Acme Widgets LLC"}
    _, shown = desk.run("case", ref)
    assert f"old_partner  {PARTNER} — Bob Miller, +1 555 0199" in shown
    assert f"new_provider {PROVIDER} — Priya Raman, +1 555 0142" in shown
    desk.ingest(desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE"))
    desk.ingest(desk.reply(desk.last_to(PROVIDER, "acceptance_request"), PROVIDER, "I ACCEPT"))
    checklist = desk.last_to(STAFF, "staff_checklist").row["text"]
    assert f"Current partner: Bob Miller <{PARTNER}>, +1 555 0199" in checklist
    assert f"New provider: Priya Raman <{PROVIDER}>, +1 555 0142" in checklist


def test_without_the_contacts_the_intake_still_completes_and_a_later_answer_fills_them_in(desk):
    ref = open_case(desk)  # the form as clients answered it before these fields existed
    case = desk.case(ref)
    assert case["status"] == "waiting" and case["parties"]["old_partner"] == {"email": PARTNER}
    intake_complete = desk.last_to(CLIENT, "intake_complete")
    desk.ingest(desk.reply(intake_complete, CLIENT, "Ansprechpartner aktueller Partner: Bob Miller\n"
                                                    "Telefon aktueller Partner: +49 30 1234567"))
    partner = desk.case(ref)["parties"]["old_partner"]
    assert partner == {"email": PARTNER, "name": "Bob Miller", "phone": "+49 30 1234567"}


def test_a_contact_that_is_no_name_or_phone_is_asked_for_again(desk):
    form = FULL_FORM + "\nCurrent partner phone (optional): call Bob, he knows"
    result = desk.ingest(desk.new_mail(CLIENT, "Transfer", f"Hello,\n\n{form}\n"))
    case = desk.case(result["reference"])
    assert case["status"] == "intake"
    assert "Current partner phone (optional) — 'call Bob, he knows' is not a phone number" in text_of(
        desk.last_to(CLIENT, "acknowledgement"))
