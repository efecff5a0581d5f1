"""Staff act from the console: the same decisions as a mailed #command, with who and why kept."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from mailbot.pipeline.inbound import idempotency_key, quick_message_id
from mailbot.store.models import InboundMail
from mailbot.store.uow import UnitOfWork
from tests.scenarios.desk import PARTNER, PROVIDER, STAFF
from tests.web.conftest import CSRF, open_case, partner_answers, provider_answers, sign_in


def token(client) -> str:
    return CSRF.search(client.get("/cases").text).group(1)


def act(client, reference: str, command: str, args: str = "", reason: str = ""):
    answer = client.post(f"/cases/{reference}/command",
                         data={"command": command, "args": args, "reason": reason, "csrf_token": token(client)})
    assert answer.status_code == 303
    return client.get(answer.headers["location"]).text


def unclear_id(desk, reference: str) -> int:
    return desk.sql("select i.id from inbound_mails i join cases c on c.id = i.case_id "
                    f"where c.reference = '{reference}' and i.outcome = 'Ambiguous'")[-1][0]


def test_staff_take_an_unclear_reply_as_the_partners_signature(client, desk):
    reference = open_case(desk)
    assert partner_answers(desk, reference, "I agree, provided invoice 2291 is paid first.")["outcome"] == "Ambiguous"
    sign_in(client, desk)
    mail = unclear_id(desk, reference)
    answer = client.post(f"/mail/in/{mail}/accept", data={"intent": "agree", "reason": "invoice 2291 was paid "
                                                          "on 20 November", "csrf_token": token(client)})
    assert answer.status_code == 303
    case = desk.case(reference)
    assert case["waiver"]["signed"] and case["milestones"]["waiver"]["state"] == "done"
    evidence = case["waiver"]["evidence"]
    assert evidence["from"] == PARTNER and "invoice 2291 is paid first" in evidence["words"]
    accepted = [e for e in case["events"] if e["kind"] == "reply_accepted"]
    assert accepted and STAFF in accepted[0]["detail"] and "was paid on 20 November" in accepted[0]["detail"]
    # The reply's own bytes are the evidence: the raw mail's hash is the one kept.
    raw = desk.sql(f"select raw from inbound_mails where id = {mail}")[0][0]
    assert evidence["raw_sha256"] == hashlib.sha256(bytes(raw)).hexdigest()
    assert desk.last_to(PARTNER, "waiver_signed_receipt")
    assert f"unclear-{mail}" not in client.get("/").text


def test_an_unclear_reply_is_taken_only_as_its_partys_own_answer(client, desk):
    reference = open_case(desk)
    partner_answers(desk, reference, "I agree, provided invoice 2291 is paid first.")
    sign_in(client, desk)
    mail = unclear_id(desk, reference)
    for intent, reason in (("accept", "wrong keyword for a partner"), ("agree", ""), ("complete", "x")):
        client.post(f"/mail/in/{mail}/accept", data={"intent": intent, "reason": reason, "csrf_token": token(client)})
        assert not desk.case(reference)["waiver"]["signed"], intent


def test_an_override_needs_a_reason_and_keeps_it(client, desk):
    reference = open_case(desk)
    sign_in(client, desk)
    page = act(client, reference, "override waiver")
    assert "needs a reason" in page and not desk.case(reference)["waiver"]["overridden"]
    page = act(client, reference, "override waiver", reason="partner confirmed by phone on 24 November")
    case = desk.case(reference)
    assert case["waiver"]["overridden"] and case["milestones"]["waiver"]["state"] == "overridden"
    overridden = [e for e in case["events"] if e["kind"] == "waiver_overridden"][0]
    assert "partner confirmed by phone" in overridden["detail"] and STAFF in overridden["detail"]
    assert desk.last_to(PARTNER, "waiver_overridden")


def test_staff_complete_a_transfer_from_its_page(client, desk):
    reference = open_case(desk)
    partner_answers(desk, reference, "I AGREE")
    provider_answers(desk, reference, "I ACCEPT")
    assert desk.case(reference)["status"] == "transferring"
    sign_in(client, desk)
    page = act(client, reference, "complete")
    assert "#complete: done" in page
    assert desk.case(reference)["status"] == "completed"
    assert desk.last_to(PROVIDER, "completion")


def test_a_command_the_case_cannot_take_says_why_and_changes_nothing(client, desk):
    reference = open_case(desk)
    sign_in(client, desk)
    page = act(client, reference, "complete")
    assert "needs the waiver signed" in page
    assert desk.case(reference)["status"] == "waiting"


def test_staff_merge_a_duplicate_from_its_page(client, desk):
    target = open_case(desk)
    duplicate = open_case(desk)  # the client sent the same request twice
    sign_in(client, desk)
    page = act(client, duplicate, "merge", args=target.lower())
    assert f"#merge {target.lower()}: done" in page
    assert 'id="merged-into"' in page and f'href="/cases/{target}"' in page
    assert desk.case(duplicate)["merged_into"] == target and desk.case(target)["status"] == "waiting"
    assert "merge" in page.split('id="command"', 1)[1].split("</select>", 1)[0]


def test_a_parked_mail_is_queued_again(client, desk):
    reference = open_case(desk)
    row = desk.sql("select id from outbound_mails order by id desc limit 1")[0][0]
    _set(client, "update outbound_mails set status = 'parked', last_error = '550 no such user' where id = :id", id=row)
    sign_in(client, desk)
    assert "550 no such user" in client.get("/outbox?status=parked").text
    answer = client.post(f"/mail/out/{row}/retry", data={"csrf_token": token(client)})
    assert answer.status_code == 303
    assert desk.sql(f"select status, attempts from outbound_mails where id = {row}")[0] == ("pending", 0)
    assert any(e["kind"] == "outbox_retry" for e in desk.case(reference)["events"])


def test_a_quarantined_mail_is_replayed_through_the_pipeline(client, desk, console, clock):
    reference = open_case(desk)
    raw = desk.reply(desk.last_to(PARTNER, "waiver_request"), PARTNER, "I AGREE")
    with UnitOfWork(console.app.sessions) as uow:
        sha = hashlib.sha256(raw).hexdigest()
        row = InboundMail(idempotency_key=idempotency_key(quick_message_id(raw), sha),
                          message_id=quick_message_id(raw), raw_sha256=sha,
                          raw=raw, size=len(raw), source="imap:INBOX", received_at=clock.now, status="quarantined",
                          error="ReadingTimeout: took too long", attempts=3, trace=[])
        uow.session.add(row)
        uow.session.flush()
        mail = row.id
        uow.commit()
    sign_in(client, desk)
    assert "ReadingTimeout" in client.get("/quarantine").text
    answer = client.post(f"/mail/in/{mail}/replay", data={"csrf_token": token(client)})
    assert answer.status_code == 303
    assert desk.case(reference)["waiver"]["signed"]
    assert desk.sql(f"select status from inbound_mails where id = {mail}")[0][0] == "processed"


def _set(client, statement: str, **params) -> None:
    from sqlalchemy import text

    console = client.app
    with UnitOfWork(console.app.sessions) as uow:
        uow.session.execute(text(statement), params)
        uow.commit()


def test_the_overdue_filter_follows_deadlines_and_pauses_for_a_dispute(client, desk, clock):
    late = open_case(desk)
    disputed = open_case(desk)
    partner_answers(desk, disputed, "I OBJECT - we are still owed for November.")
    provider_answers(desk, disputed, "I ACCEPT")
    sign_in(client, desk)
    assert late not in client.get("/cases?overdue=1").text
    clock.now += timedelta(days=10)  # past the waiver's three business days
    client.cookies.clear()
    sign_in(client, desk)
    listing = client.get("/cases?status=open&overdue=1").text
    assert late in listing and disputed not in listing  # (a dispute waits on staff: its clock is paused)
    assert disputed in client.get("/cases?status=disputed").text
