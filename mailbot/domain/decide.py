"""``decide(case, event, now, rules) -> Decision``: the whole workflow of PRODUCT.md, pure.

Nothing here touches the database, the network or the clock. The pipeline builds the
``Incoming`` facts, this module decides, the store applies. Read top to bottom:
opening a case, the parties' mails (client, old partner, new provider), then staff commands.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from mailbot.domain import clocks, outcomes
from mailbot.domain.authorise import (
    KEYWORD_OWNER,
    proof_text,
    refuse_client_change,
    refuse_keyword,
    refuse_staff,
    refuse_unproven,
)
from mailbot.domain.decision import SENDER, STAFF, Decision, TimerPlan
from mailbot.domain.incoming import Incoming, Rules
from mailbot.domain.intake import LABELS, NOT_GIVEN, form_problems, value_problem
from mailbot.domain.model import (
    CaseView,
    Milestone,
    MilestoneState,
    MilestoneView,
    PartyView,
    Role,
    Status,
)
from parsers.commands import REASON_REQUIRED, SET_TEXT_FIELDS, USAGE, Command
from parsers.intent import Intent
from scheduler.deadlines import plan_timers

_KEYWORD_INTENTS = (Intent.AGREE, Intent.OBJECT, Intent.ACCEPT, Intent.DECLINE, Intent.CANCEL)


def decide(case: CaseView | None, event: Incoming, now: datetime, rules: Rules) -> Decision:
    if case is None:
        if event.intent in _KEYWORD_INTENTS:
            # "I AGREE" as a new mail is an answer that lost its thread, not a request.
            return _reject(outcomes.KeywordWithoutCase(f"{event.intent} in a mail that names no case"), event)
        return _open_case(event, now, rules)
    if event.role is Role.STAFF:
        d = _staff_mail(case, event, now, rules)
    else:
        d = _party_mail(case, event, now, rules)
    _settle_clocks(case, d, now, rules)
    return d


# -- helpers that keep the decision and its preview in step -----------------------------------

def preview(case: CaseView, d: Decision) -> CaseView:
    """The case as it will be once ``d`` is applied."""
    parties = {**case.parties}
    for role, party in d.parties.items():
        if party is None:
            parties.pop(role, None)
        else:
            parties[role] = party
    cancelled_from = case.cancelled_from
    if d.status is Status.CANCELLED and case.status is not Status.CANCELLED:
        cancelled_from = case.status  # "#cancel" then "#reopen" in one mail resumes as it was
    return replace(
        case,
        status=d.status or case.status,
        cancelled_from=cancelled_from,
        retail=case.retail if d.retail is None else d.retail,
        form={**case.form, **d.form},
        parties=parties,
        milestones={**case.milestones, **d.milestones},
        waiver=d.waiver or case.waiver,
        client_verified=case.client_verified if d.client_verified is None else d.client_verified,
        merged_into=case.merged_into if d.merge_into is None else (d.merge_into or None),
    )


def _start(d: Decision, milestone: Milestone, now: datetime, rules: Rules) -> None:
    due = rules.due(milestone, now)
    d.milestones[milestone] = MilestoneView(milestone, MilestoneState.PENDING, started_at=now, due=due)
    if milestone is Milestone.FOLLOWUP:
        d.timers[milestone] = [TimerPlan(milestone, "followup", due)]
    else:
        d.timers[milestone] = [TimerPlan(milestone, t.kind, t.at)
                               for t in plan_timers(now, due, rules.nudges, rules.calendar)]


def _start_or_resume(d: Decision, case: CaseView, milestone: Milestone, now: datetime, rules: Rules) -> None:
    """A new contact for a milestone: a paused clock stays paused here and resumes with the
    business time it had left (``_settle_clocks``, once nothing holds it); a running one
    starts afresh."""
    if not preview(case, d).milestone(milestone).paused:
        _start(d, milestone, now, rules)


def _settle_clocks(case: CaseView, d: Decision, now: datetime, rules: Rules) -> None:
    """Pause the clocks the decision stops (a dispute, a bouncing address), resume those it
    frees (see ``clocks.settle``)."""
    changes = clocks.settle(preview(case, d), now, rules)
    d.milestones.update(changes.milestones)
    d.timers.update(changes.timers)
    d.events.extend(changes.events)


def _finish(d: Decision, case: CaseView, milestone: Milestone, now: datetime,
            state: MilestoneState = MilestoneState.DONE) -> None:
    current = preview(case, d).milestone(milestone)
    d.milestones[milestone] = replace(current, state=state, done_at=now, paused_at=None, remaining=None)
    d.timers[milestone] = []


def _reset(d: Decision, milestone: Milestone) -> None:
    d.milestones[milestone] = MilestoneView(milestone)
    d.timers[milestone] = []


def _status_of(case: CaseView) -> Status:
    """The status an open case's milestones imply (used by #reopen)."""
    m = case.milestone
    if not m(Milestone.INTAKE).state.finished:
        return Status.INTAKE
    if not (m(Milestone.WAIVER).state.finished and m(Milestone.ACCEPTANCE).state.finished):
        return Status.WAITING
    return Status.TRANSFERRING


# -- opening a case and the intake form -------------------------------------------------------

def _open_case(event: Incoming, now: datetime, rules: Rules) -> Decision:
    d = Decision(outcomes.CaseOpened(f"new request from {event.sender}"), open_case=True, status=Status.INTAKE)
    # A request can be written in anybody's name: unless our server vouches for its sender,
    # nobody but that address is written to until the client answers from it.
    d.client_verified = bool(event.authenticated)
    # (a display name is free text too: used as the name only when it is one)
    names = (event.form.get("contact_name", ""), event.sender_name)
    name = next((n for n in names if n and not value_problem("contact_name", n)), "")
    d.parties[Role.CLIENT] = PartyView(
        Role.CLIENT, event.sender,
        name=name,
        company=event.form.get("company", ""), phone=event.form.get("contact_phone", ""))
    d.form.update(event.form)
    _start(d, Milestone.INTAKE, now, rules)
    d.record("opened", Role.CLIENT, f"transfer requested by {event.sender}"
             + (" (our server's DMARC pass proves the mailbox)" if d.client_verified else ""), event.message_id)
    blank = CaseView(reference="", status=Status.INTAKE, opened_at=now)
    _intake_progress(preview(blank, d), d, now, rules, first=True)
    _refused_company(event.form, d)
    return d


def _refused_company(given: dict[str, str], d: Decision) -> None:
    """A company name that is not a name would have gone into the legal waiver: the client is
    asked to correct it (with the form), and staff see it (they can #set company)."""
    problem = value_problem("company", given.get("company", ""))
    if problem:
        d.record("form_problem", Role.CLIENT, f"{problem}: {given['company'][:500]!r}")
        d.notify("party_message_staff", STAFF, role=str(Role.CLIENT), changed="It did not change the company",
                 text=f"The client's company name was refused ({problem}). It would have gone into the "
                      f"waiver as written:\n\n{given['company'][:500]}\n\nIf the client cannot give a plain "
                      "name, reply with #set company <name>.")


def _intake_progress(case: CaseView, d: Decision, now: datetime, rules: Rules, first: bool) -> None:
    client = case.party(Role.CLIENT)
    missing, problems = form_problems(case.form, client.email, rules.mailbox,
                                      rules.is_staff)
    if missing or problems:
        d.notify("acknowledgement" if first else "form_incomplete", Role.CLIENT,
                 missing=missing, problems=problems)
        return
    if not case.client_verified:
        # Complete, but the client has not answered from their mailbox yet: they confirm the
        # details (or correct them) before their partner and provider hear of it.
        d.notify("acknowledgement" if first else "confirm_details", Role.CLIENT, missing=[], problems=[],
                 confirm=True)
        return
    form = case.form
    _finish(d, case, Milestone.INTAKE, now)
    d.status = Status.WAITING
    given = {k: ("" if v == NOT_GIVEN else v) for k, v in form.items()}  # (#override intake)
    d.parties[Role.CLIENT] = replace(client, name=given["contact_name"], company=given["company"],
                                     phone=given["contact_phone"])
    # (the partner's and the provider's contact person, when the client named them: for staff)
    d.parties[Role.OLD_PARTNER] = PartyView(Role.OLD_PARTNER, form["old_partner_email"],
                                            name=given.get("old_partner_name", ""),
                                            phone=given.get("old_partner_phone", ""))
    _start(d, Milestone.WAIVER, now, rules)
    d.notify("waiver_request", Role.OLD_PARTNER)
    if form["new_provider_email"] == "none":
        d.retail = True
        _finish(d, case, Milestone.ACCEPTANCE, now, MilestoneState.SKIPPED)
    else:
        d.parties[Role.NEW_PROVIDER] = PartyView(Role.NEW_PROVIDER, form["new_provider_email"],
                                                 name=given.get("new_provider_name", ""),
                                                 phone=given.get("new_provider_phone", ""))
        _start(d, Milestone.ACCEPTANCE, now, rules)
        d.notify("acceptance_request", Role.NEW_PROVIDER)
    d.record("intake_complete", Role.CLIENT, "form complete; waiver"
             + (" requested (retail)" if d.retail else " and acceptance requested"))
    d.notify("acknowledgement" if first else "intake_complete", Role.CLIENT, missing=[], problems=[])


# -- mail from the parties --------------------------------------------------------------------

def _party_mail(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    if event.commands:
        return _reject(outcomes.NotStaff(f"#{event.commands[0].name} from {event.sender}"), event)
    if not case.open and event.role in (Role.CLIENT, Role.OLD_PARTNER, Role.NEW_PROVIDER):
        return _closed_case_mail(case, event, now, rules)
    if event.intent is Intent.AMBIGUOUS:
        why = f" ({event.intent_reason})" if event.intent_reason else ""
        return _reject(outcomes.Ambiguous(f"unclear reply from {event.sender}{why}: {event.text[:120]!r}"), event,
                       role=event.role)
    if event.intent is Intent.NONE:
        return _message(case, event, now, rules)
    owner = KEYWORD_OWNER[event.intent]
    refusal = refuse_keyword(case, event, owner, rules)
    if refusal:
        d = _reject(refusal, event, role=event.role)
        d.reject_context = _meant_for(case, event, refusal, owner)
        return d
    if not case.open:
        return _reject(outcomes.CaseClosed(f"{event.intent} on a {case.status} case"), event, role=owner)
    return {
        Intent.AGREE: _agree,
        Intent.OBJECT: _object,
        Intent.ACCEPT: _accept,
        Intent.DECLINE: _decline,
        Intent.CANCEL: _client_cancel,
    }[event.intent](case, event, now, rules)


def _meant_for(case: CaseView, event: Incoming, refusal: outcomes.Reject, owner: Role) -> dict:
    """Whom the refused answer was for, so that the sender's notice can say what to do: the
    party whose reply address was used (else the keyword's owner) and, to a colleague of that
    party (the same mail domain, who usually holds our mail to it already), its address."""
    forged = isinstance(refusal, outcomes.ForgedReplyAddress) and event.token is not None
    role = event.token.role if forged and event.token.role in (Role.CLIENT, Role.OLD_PARTNER, Role.NEW_PROVIDER) \
        else owner
    party = case.party(role)
    colleague = party is not None and event.sender != party.email and \
        event.sender.rpartition("@")[2] == party.email.rpartition("@")[2]
    return {"meant_role": str(role), "meant_email": party.email if colleague else ""}


def _closed_case_mail(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    """A party writes on a completed or cancelled case: nothing can change, but staff read
    it. The old partner's answer to the after-action question is an answer whatever words
    it uses ("I object to how this was handled" is feedback, not a dispute)."""
    if event.role is Role.OLD_PARTNER and case.status is Status.COMPLETED:
        d = Decision(outcomes.AfterActionAnswer(f"after-action answer from {event.sender}"))
        d.record("after_action_answer", Role.OLD_PARTNER, event.text[:2000], event.message_id)
        if event.text.strip():
            d.notify("party_message_staff", STAFF, role=str(event.role), text=event.text)
        return d
    if event.intent is Intent.NONE:
        return _message(case, event, now, rules)
    return _reject(outcomes.CaseClosed(f"{event.intent} on a {case.status} case"), event, role=event.role)


def _reject(outcome: outcomes.Reject, event: Incoming, role: Role | None = None) -> Decision:
    d = Decision(outcome)
    d.record("refused", str(role or event.role), f"{outcome.name}: {outcome.detail}", event.message_id)
    return d


def _message(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    """A mail without a keyword: form answers or the confirmation from the client, otherwise a
    message for staff."""
    if event.role is Role.CLIENT and case.open:
        changes = _form_changes(case, event)
        if changes:
            refusal = refuse_client_change(event, rules, f"change {', '.join(sorted(changes))}")
            if refusal:
                d = _reject(refusal, event, role=Role.CLIENT)
                d.reject_context = _meant_for(case, event, refusal, Role.CLIENT)
                return d
            return _client_form(case, event, changes, now, rules)
        if case.status is Status.INTAKE and not case.client_verified and event.says_go_ahead:
            refusal = refuse_unproven(event, Role.CLIENT, rules, "confirm the request")
            if refusal:
                return _reject(refusal, event, role=Role.CLIENT)
            return _client_confirms(case, event, now, rules)
    actor = event.role if event.role is not Role.STRANGER else Role.STRANGER
    d = Decision(outcomes.PartyMessage(f"message from the {actor}"))
    d.record("message", str(actor), event.text[:2000], event.message_id)
    if event.text.strip():
        # Staff may act on what a party writes: they see whether it is proven to be the party.
        proof = proof_text(event, event.role) if event.role in (Role.CLIENT, Role.OLD_PARTNER,
                                                                Role.NEW_PROVIDER) else "none"
        d.notify("party_message_staff", STAFF, role=str(actor), text=event.text, proof=proof)
    if event.role is Role.CLIENT and case.status is Status.INTAKE:
        _intake_progress(case, d, now, rules, first=False)  # and the form goes out again
    elif event.role is Role.CLIENT and event.new_mail:
        # The client wrote anew about their case ("any news on our move?"): they hear at once
        # where it stands (to their own address on record), and staff have their words.
        d.notify("status", SENDER, note="our staff have your message as well" if event.text.strip() else "")
    return d


# After intake the client may still correct how to reach them (and whom to talk to at the
# partner and the provider) and, once a provider declined, name another; what the waiver and
# the provider were told (company, domains, partner) is not changed by a mail: staff are asked
# instead.
_CLIENT_MAY_CHANGE = {"contact_name", "contact_phone", "old_partner_name", "old_partner_phone",
                      "new_provider_name", "new_provider_phone"}
# The form's fields for the contact person of each party the client names.
_PARTY_CONTACT = {Role.OLD_PARTNER: ("old_partner_name", "old_partner_phone"),
                  Role.NEW_PROVIDER: ("new_provider_name", "new_provider_phone")}


def _party_contacts(case: CaseView, d: Decision, values: dict[str, str]) -> None:
    """The partner's and the provider's contact person, as the client gave them, on the party."""
    after = preview(case, d)
    for role, (name_field, phone_field) in _PARTY_CONTACT.items():
        party = after.party(role)
        if party is not None and (name_field in values or phone_field in values):
            d.parties[role] = replace(party, name=values.get(name_field, party.name),
                                      phone=values.get(phone_field, party.phone))


def _form_changes(case: CaseView, event: Incoming) -> dict[str, str]:
    """Form values that differ from what the case has. During intake the quoted form counts
    too (answers typed after its labels); afterwards only what the client wrote anew."""
    values = {**event.quoted_form, **event.form} if case.status is Status.INTAKE else dict(event.form)
    return {k: v for k, v in values.items() if case.form.get(k) != v}


def _how_to_change(refused: dict[str, str]) -> str:
    """What staff can do about a change the client asked for after the intake."""
    commands = [f"#set {word} <address>" for field, word in (("old_partner_email", "partner"),
                                                            ("new_provider_email", "provider")) if field in refused]
    if commands:
        return "talk to them, and if it is right use " + " / ".join(commands)
    return "talk to them: the waiver and the requests already went out with the intake's values"


def _client_confirms(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    """The client answered "yes, go ahead" from their mailbox: the request is theirs."""
    d = Decision(outcomes.FormUpdated("the client confirmed the request from their mailbox"))
    d.client_verified = True
    d.record("client_confirmed", Role.CLIENT, f"{event.sender} confirmed the request: {event.text[:300]}",
             event.message_id)
    _intake_progress(preview(case, d), d, now, rules, first=False)
    return d


def _client_form(case: CaseView, event: Incoming, changes: dict[str, str], now: datetime,
                 rules: Rules) -> Decision:
    d = Decision(outcomes.FormUpdated(f"form fields: {', '.join(sorted(changes))}"))
    if case.status is Status.INTAKE:
        d.form.update(changes)
        # Answers from the client's proven mailbox are their word, unless they also say no
        # ("I did not ask for a transfer", written beside a phone number): then they confirm
        # nothing, and the confirmation is asked for again.
        if not event.denies:
            d.client_verified = True
        elif not case.client_verified:
            d.notify("party_message_staff", STAFF, role=str(Role.CLIENT), text=event.text,
                     changed="It filled in the form but did not confirm the request",
                     proof=proof_text(event, Role.CLIENT))
        d.record("form", Role.CLIENT, ", ".join(f"{k}={v}" for k, v in sorted(changes.items())), event.message_id)
        _intake_progress(preview(case, d), d, now, rules, first=False)
        _refused_company(changes, d)
        return d
    awaiting_provider = (case.party(Role.NEW_PROVIDER) is None and not case.retail
                         and not case.milestone(Milestone.ACCEPTANCE).state.finished)
    allowed = {k: v for k, v in changes.items()
               if k in _CLIENT_MAY_CHANGE or (k == "new_provider_email" and awaiting_provider)}
    refused = {k: v for k, v in changes.items() if k not in allowed}
    # A name or phone goes to the new provider: it must be one (not a sentence, not a link).
    invalid = [problem for k, v in allowed.items() if (problem := value_problem(k, v))]
    allowed = {k: v for k, v in allowed.items() if not value_problem(k, v)}
    if allowed:
        d.form.update(allowed)
        d.record("form", Role.CLIENT, ", ".join(f"{k}={v}" for k, v in sorted(allowed.items())), event.message_id)
        client = case.party(Role.CLIENT)
        if client and ("contact_name" in allowed or "contact_phone" in allowed):
            d.parties[Role.CLIENT] = replace(client, name=allowed.get("contact_name", client.name),
                                             phone=allowed.get("contact_phone", client.phone))
    if refused:
        asked = ", ".join(f"{k} = {v}" for k, v in sorted(refused.items()))
        d.record("message", Role.CLIENT, f"asked to change {asked}: {event.text[:1500]}", event.message_id)
        noted = ", ".join(f"{k} = {v}" for k, v in sorted(allowed.items()))
        d.notify("party_message_staff", STAFF, role="client",
                 changed=f"It changed {noted}, and nothing else" if allowed else "",
                 text=f"The client asks to change {asked} after the intake was complete. That was not "
                      f"changed; {_how_to_change(refused)}.\n\n{event.text}")
        if not allowed:
            d.outcome = outcomes.PartyMessage(f"client asked to change {', '.join(sorted(refused))}")
    elif not allowed:
        d.outcome = outcomes.PartyMessage(f"client's change not taken: {'; '.join(invalid)}")
    if "new_provider_email" in allowed:
        problem = _address_problem(case, Role.NEW_PROVIDER, allowed["new_provider_email"], rules)
        if problem:
            del d.form["new_provider_email"]
            d.outcome = outcomes.FormUpdated(f"new provider refused: {problem}")
            d.record("form_problem", Role.CLIENT, problem, event.message_id)
            d.notify("form_incomplete", Role.CLIENT, missing=["new_provider_email"], problems=[problem])
        else:
            _set_provider(case, d, allowed["new_provider_email"], now, rules, actor=Role.CLIENT)
    _party_contacts(case, d, allowed)
    # The client hears what was taken and what went to staff (a new provider hears of its own).
    noted = [LABELS[k].split(" (")[0] for k in sorted(allowed) if k in d.form and k != "new_provider_email"]
    if "new_provider_email" in d.form:
        noted.append("New provider e-mail")
    if noted or refused or invalid:
        d.notify("form_change_receipt", Role.CLIENT, noted=noted,
                 asked=[LABELS.get(k, k).split(" (")[0] for k in sorted(refused)], problems=invalid)
    return d


def _agree(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    if case.milestone(Milestone.WAIVER).state.finished:
        return _already(case, event, "the waiver is already " + ("signed" if case.waiver.signed else "overridden"))
    d = Decision(outcomes.WaiverSigned(f"waiver signed by {event.sender}"))
    _finish(d, case, Milestone.WAIVER, now)
    evidence = {**event.evidence, "words": event.text[:2000], "proof": proof_text(event, Role.OLD_PARTNER)}
    d.waiver = replace(case.waiver, signed=True, evidence=evidence)
    if case.status is Status.DISPUTED:
        d.status = Status.WAITING
    d.record("waiver_signed", Role.OLD_PARTNER, f"I AGREE from {event.sender}", event.message_id)
    d.notify("waiver_signed_receipt", Role.OLD_PARTNER)
    # Staff see every signature: the words that signed, and the evidence kept.
    d.notify("waiver_signed_staff", STAFF, words=event.text[:2000], evidence=evidence)
    _maybe_ready(case, d, now, rules)
    return d


def _object(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    if case.milestone(Milestone.WAIVER).state.finished:
        if case.waiver.signed:
            return _change_of_mind(event, "the partner objects after signing the waiver",
                                   "your signature of the waiver stands until our staff have read your objection")
        return _already(case, event, "the waiver is already settled")
    if case.status is Status.DISPUTED:
        return _already(case, event, "the objection is already with our staff")
    d = Decision(outcomes.WaiverObjected(f"waiver disputed by {event.sender}"), status=Status.DISPUTED)
    # The case now waits on staff, not on the partner: the partner's clock pauses (no due
    # date, no nudges or escalation; _settle_clocks keeps the business time left); staff end
    # the dispute by override, or by #set partner (the same contact after mediation, or
    # another), which resumes the clock with the time that was left.
    d.timers[Milestone.WAIVER] = []
    d.record("waiver_objected", Role.OLD_PARTNER, event.text[:2000], event.message_id)
    d.notify("objection_receipt", Role.OLD_PARTNER)
    d.notify("dispute_staff", STAFF, text=event.text)
    d.notify("dispute_client", Role.CLIENT)
    return d


def _accept(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    if case.milestone(Milestone.ACCEPTANCE).state is not MilestoneState.PENDING:
        return _already(case, event, "the transfer is already accepted")
    d = Decision(outcomes.ProviderAccepted(f"accepted by {event.sender}"))
    _finish(d, case, Milestone.ACCEPTANCE, now)
    d.record("provider_accepted", Role.NEW_PROVIDER, f"I ACCEPT from {event.sender}", event.message_id)
    d.notify("acceptance_receipt", Role.NEW_PROVIDER)
    d.notify("acceptance_staff", STAFF, words=event.text[:2000],
             evidence={**event.evidence, "proof": proof_text(event, Role.NEW_PROVIDER)})
    _maybe_ready(case, d, now, rules)
    return d


def _decline(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    if case.milestone(Milestone.ACCEPTANCE).state is MilestoneState.DONE:
        return _change_of_mind(event, "the new provider declines after accepting",
                               "your acceptance stands until our staff have read your message")
    if case.milestone(Milestone.ACCEPTANCE).state is not MilestoneState.PENDING:
        return _already(case, event, "the transfer is already accepted")
    d = Decision(outcomes.ProviderDeclined(f"declined by {event.sender}"))
    d.notify("decline_receipt", SENDER)  # the provider leaves the case: answered as the sender
    d.parties[Role.NEW_PROVIDER] = None
    # The acceptance now waits on the client's choice: its clock runs again, nudging the
    # client and escalating to staff if nobody answers.
    _start(d, Milestone.ACCEPTANCE, now, rules)
    d.form["new_provider_email"] = ""
    d.record("provider_declined", Role.NEW_PROVIDER, f"I DECLINE from {event.sender}: {event.text[:500]}",
             event.message_id)
    d.notify("decline_client", Role.CLIENT, provider=event.sender)
    d.notify("decline_staff", STAFF, provider=event.sender, words=event.text[:1500])
    return d


def _client_cancel(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    d = Decision(outcomes.CaseCancelled(f"cancelled by the client {event.sender}"))
    _cancel(case, d, now, Role.CLIENT, event.message_id)
    return d


def _change_of_mind(event: Incoming, detail: str, note: str) -> Decision:
    """A party takes back an answer already acted on. Undoing a signed release or an
    acceptance by mail would let one mail unwind a transfer under way: nothing changes, the
    words are kept, and staff decide (#cancel, #set provider, or talk to them)."""
    d = Decision(outcomes.ChangeOfMind(detail))
    d.record("change_of_mind", str(event.role), f"{event.intent}: {event.text[:2000]}", event.message_id)
    d.notify("party_message_staff", STAFF, role=str(event.role),
             text=f"{detail.capitalize()}. Nothing was undone; decide what happens next "
                  f"(#cancel, #set provider|partner, or talk to them).\n\n{event.text}")
    d.notify("status", SENDER, note=note)
    return d


def _already(case: CaseView, event: Incoming, detail: str) -> Decision:
    d = Decision(outcomes.AlreadyDone(detail))
    d.record("repeated", str(event.role), f"{event.intent}: {detail}", event.message_id)
    d.notify("status", SENDER, note=detail)
    return d


def _maybe_ready(case: CaseView, d: Decision, now: datetime, rules: Rules) -> None:
    after = preview(case, d)
    ready = (after.status is Status.WAITING
             and after.milestone(Milestone.WAIVER).state.finished
             and after.milestone(Milestone.ACCEPTANCE).state.finished)
    if not ready:
        return
    d.status = Status.TRANSFERRING
    _start(d, Milestone.TRANSFER, now, rules)
    d.record("transfer_started", Role.SYSTEM, "waiver and acceptance settled; checklist sent to staff")
    d.notify("staff_checklist", STAFF)
    d.notify("transfer_started", Role.CLIENT)


def _cancel(case: CaseView, d: Decision, now: datetime, actor: Role, message_id: str | None) -> None:
    d.status = Status.CANCELLED
    for name, milestone in case.milestones.items():
        if milestone.state is MilestoneState.PENDING:
            d.timers[name] = []
    d.record("cancelled", actor, f"case cancelled by the {actor}", message_id)
    for role in (Role.CLIENT, Role.OLD_PARTNER, Role.NEW_PROVIDER):
        if case.party(role) and (role is Role.CLIENT or case.milestone(Milestone.INTAKE).state.finished):
            d.notify("cancelled", role, by=str(actor))
    d.notify("cancelled_staff", STAFF, by=str(actor))


def _address_problem(case: CaseView, role: Role, address: str, rules: Rules, for_staff: bool = False) -> str | None:
    """Why ``address`` cannot become the partner or provider after intake (the checks of the
    form), or None."""
    if role is Role.NEW_PROVIDER and address == "none":
        return None
    field = {Role.OLD_PARTNER: "old_partner_email", Role.NEW_PROVIDER: "new_provider_email"}
    other_role = Role.NEW_PROVIDER if role is Role.OLD_PARTNER else Role.OLD_PARTNER
    client, other = case.party(Role.CLIENT), case.party(other_role)
    form = {field[role]: address, **({field[other_role]: other.email} if other else {})}
    _, problems = form_problems(form, client.email if client else "", rules.mailbox, rules.is_staff, for_staff)
    # (one problem stays one: a notice can say it in the client's language)
    return problems[0] if len(problems) == 1 else "; ".join(problems) or None


def _release_former(case: CaseView, d: Decision, role: Role, replacement: str) -> None:
    """The party ``replacement`` takes over from is told its answer is no longer needed."""
    former = case.party(role)
    if former is not None and former.email != replacement:
        d.notify_former("party_released", role, former.email)


def _set_provider(case: CaseView, d: Decision, provider: str, now: datetime, rules: Rules,
                  actor: Role) -> None:
    _release_former(case, d, Role.NEW_PROVIDER, provider)
    if provider == "none":
        d.retail = True
        d.parties[Role.NEW_PROVIDER] = None
        _finish(d, case, Milestone.ACCEPTANCE, now, MilestoneState.SKIPPED)
        d.record("provider_set", actor, "no new provider: retail")
        _maybe_ready(case, d, now, rules)
        return
    d.retail = False
    d.parties[Role.NEW_PROVIDER] = PartyView(Role.NEW_PROVIDER, provider)
    d.form["new_provider_email"] = provider
    _start_or_resume(d, case, Milestone.ACCEPTANCE, now, rules)
    if case.status is Status.TRANSFERRING:
        # A retail case gets a provider after all: the transfer waits for their acceptance.
        d.status = Status.WAITING
        _reset(d, Milestone.TRANSFER)
    d.record("provider_set", actor, f"new provider {provider}")
    d.notify("acceptance_request", Role.NEW_PROVIDER)


# -- staff ------------------------------------------------------------------------------------

def _staff_mail(case: CaseView, event: Incoming, now: datetime, rules: Rules) -> Decision:
    refusal = refuse_staff(event, rules)
    if not event.commands and not isinstance(refusal, outcomes.Unauthenticated | outcomes.ForgedReplyAddress):
        # A staff member CC'd the mailbox: a note changes nothing, so it is kept even without
        # proof, marked as such (anyone can write a staff address into From).
        d = Decision(outcomes.StaffNote(f"note from {event.sender}"))
        unverified = " (sender not verified)" if refusal else ""
        d.record("staff_note", Role.STAFF, f"{event.sender}{unverified}: {event.text[:2000]}", event.message_id)
        return d
    if refusal:
        return _reject(refusal, event, role=Role.STAFF)
    d = Decision(outcomes.StaffCommands())
    results, applied = [], 0
    for command in event.commands:
        error = command.error or _staff_command(case, d, command, event, now, rules)
        results.append({"command": _command_text(command), "error": error})
        applied += error is None
    if not applied:
        failed = "; ".join(f"{r['command']}: {r['error']}" for r in results)
        d = _reject(outcomes.BadCommand(failed), event, role=Role.STAFF)
        d.reject_context = {"results": results}
        return d
    d.outcome = outcomes.StaffCommands(", ".join(r["command"] for r in results if not r["error"]))
    # Several #set lines during intake each re-check the form: the client hears only the last
    # word on it, not one mail per line.
    intake = [n for n in d.notices if n.to == Role.CLIENT and n.template in _INTAKE_NOTICES]
    superseded = {id(n) for n in intake[:-1]}
    d.notices = [n for n in d.notices if id(n) not in superseded]
    if any(c.name != "status" for c in event.commands) or applied < len(results):
        d.notify("command_receipt", SENDER, results=results)  # (#status alone answers with the status)
    return d


_INTAKE_NOTICES = ("acknowledgement", "form_incomplete", "intake_complete")


def _command_text(command: Command) -> str:
    return "#" + " ".join([command.name, *command.args])


def _staff_command(case: CaseView, d: Decision, command: Command, event: Incoming,
                   now: datetime, rules: Rules) -> str | None:
    """Apply one command to ``d``; return an error in plain words, or None."""
    # The why of the command: typed on its line ("#cancel - client withdrew"), or given in
    # the console's reason field. A legal override and the end of a case must say it.
    reason = command.reason[:2000] or _reason(event)
    if command.name in REASON_REQUIRED and not reason:
        return f"#{command.name} needs a reason, on the same line: {USAGE[command.name]}"
    event = replace(event, evidence={**event.evidence, "reason": reason})  # (what _reason reads)
    current = preview(case, d)
    handler = _COMMANDS[command.name]
    error = handler(current, d, command.args, event, now, rules)
    if error is None:
        label = "reason" if command.name in REASON_REQUIRED else "note"
        d.record("command", Role.STAFF, f"{_command_text(command)} by {event.sender}" + (f" ({label}: {reason})" if reason else ""),
                 event.message_id)
    return error


def _cmd_complete(case, d, args, event, now, rules):
    ready = (case.milestone(Milestone.WAIVER).state.finished
             and case.milestone(Milestone.ACCEPTANCE).state.finished)
    if case.status is not Status.TRANSFERRING or not ready:
        return (f"the case is {case.status}: #complete needs the waiver signed or overridden and the "
                "new provider's acceptance (or retail) first")
    _finish(d, case, Milestone.TRANSFER, now)
    d.status = Status.COMPLETED
    _start(d, Milestone.FOLLOWUP, now, rules)
    d.record("completed", Role.STAFF, f"transfer completed by {event.sender}")
    d.notify("completion", Role.CLIENT)
    if case.party(Role.NEW_PROVIDER):
        d.notify("completion", Role.NEW_PROVIDER)
    d.notify("after_action", Role.OLD_PARTNER)
    return None


def _cmd_cancel(case, d, args, event, now, rules):
    if not case.open:
        return f"the case is already {case.status}"
    _cancel(case, d, now, Role.STAFF, event.message_id)
    return None


def _cmd_reopen(case, d, args, event, now, rules):
    if case.open:
        return f"the case is open ({case.status}); nothing to reopen"
    if case.status is Status.COMPLETED:
        _reset(d, Milestone.FOLLOWUP)
        _start(d, Milestone.TRANSFER, now, rules)
        d.status = Status.TRANSFERRING
        d.record("reopened", Role.STAFF, f"reopened by {event.sender}")
        return None
    # A cancelled case resumes where it stopped, with fresh deadlines from now; a dispute is
    # still a dispute (the partner's clock stays stopped until staff settle it).
    status = _status_of(case)
    disputed = (status is Status.WAITING and case.cancelled_from is Status.DISPUTED
                and case.milestone(Milestone.WAIVER).state is MilestoneState.PENDING)
    d.status = Status.DISPUTED if disputed else status
    if case.merged_into:
        d.merge_into = ""  # (a merged duplicate stands on its own again: its mail threads here)
    for name, milestone in case.milestones.items():
        # (a paused clock keeps the time it had left: it resumes below once nothing holds it)
        if milestone.state is MilestoneState.PENDING and not milestone.paused \
                and not (disputed and name is Milestone.WAIVER):
            _start(d, name, now, rules)
    d.record("reopened", Role.STAFF, f"reopened by {event.sender}")
    _settle_clocks(case, d, now, rules)
    # Everybody told of the cancellation is told it resumed; a party whose answer is still
    # outstanding gets the request again (the earlier one was withdrawn).
    for role in (Role.CLIENT, Role.OLD_PARTNER, Role.NEW_PROVIDER):
        if not case.party(role) or (role is not Role.CLIENT and not case.milestone(Milestone.INTAKE).state.finished):
            continue
        if role is Role.OLD_PARTNER and not disputed and \
                case.milestone(Milestone.WAIVER).state is MilestoneState.PENDING:
            d.notify("waiver_request", role)
        elif role is Role.NEW_PROVIDER and case.milestone(Milestone.ACCEPTANCE).state is MilestoneState.PENDING:
            d.notify("acceptance_request", role)
        elif role is Role.CLIENT and status is Status.INTAKE:
            _intake_progress(case.with_status(Status.INTAKE), d, now, rules, first=False)
        else:
            d.notify("reopened", role)
    return None


def _cmd_override(case, d, args, event, now, rules):
    if args[0] == "intake":
        return _override_intake(case, d, event, now, rules)
    waiver = case.milestone(Milestone.WAIVER)
    if waiver.state.finished:
        return f"the waiver is already {waiver.state}"
    if waiver.state is not MilestoneState.PENDING or not case.open:
        return f"the case is {case.status}: no waiver is outstanding"
    _finish(d, case, Milestone.WAIVER, now, MilestoneState.OVERRIDDEN)
    reason = _reason(event)
    evidence = {"overridden_by": event.sender, "message_id": event.message_id, "at": now.isoformat()}
    if reason:
        evidence["reason"] = reason
    d.waiver = replace(case.waiver, overridden=True, evidence=evidence)
    if case.status is Status.DISPUTED:
        d.status = Status.WAITING
    d.record("waiver_overridden", Role.STAFF, f"waiver overridden by {event.sender}" + (f": {reason}" if reason else ""))
    d.notify("waiver_overridden", Role.OLD_PARTNER)
    _maybe_ready(case, d, now, rules)
    return None


def _reason(event: Incoming) -> str:
    """The reason staff gave with a command: in the console (a required field there), or on
    the command's line in a mail (``_staff_command`` puts it here)."""
    return str(event.evidence.get("reason") or "").strip()[:2000]


# What a transfer cannot go without; the rest of the form staff may leave unanswered.
_INTAKE_ESSENTIAL = ("company", "domains", "old_partner_email", "new_provider_email")


def _override_intake(case, d, event, now, rules):
    """Staff end an intake the client cannot finish (no phone to give, gone silent)."""
    if case.status is not Status.INTAKE:
        return f"the case is {case.status}: the intake is already complete"
    form = dict(case.form)
    missing, problems = form_problems(form, case.party(Role.CLIENT).email, rules.mailbox,
                                      rules.is_staff)
    essential = [name for name in missing if name in _INTAKE_ESSENTIAL]
    if essential or problems:
        wanted = [f"{LABELS[name]} (#set {_SET_WORD[name]} ...)" for name in essential]
        return "the intake cannot be completed without " + "; ".join(wanted + problems)
    filled = {name: NOT_GIVEN for name in missing}
    d.form.update(filled)
    d.client_verified = True  # staff vouch for the request: the partner and provider may be written to
    d.record("intake_overridden", Role.STAFF, f"intake completed by {event.sender}"
             + (f"; not given: {', '.join(sorted(filled))}" if filled else ""), event.message_id)
    _intake_progress(preview(case, d), d, now, rules, first=False)
    return None


# The #set word for each form field (what to tell staff to type).
_SET_WORD = {field: word for word, field in SET_TEXT_FIELDS.items()} | {
    "old_partner_email": "partner", "new_provider_email": "provider"}


def _cmd_extend(case, d, args, event, now, rules):
    from scheduler.durations import BusinessDuration

    name = Milestone(args[0])
    milestone = case.milestone(name)
    if milestone.state is MilestoneState.PENDING and clocks.pause_reason(case, name) == clocks.DISPUTE:
        return ("the waiver clock is stopped by the dispute; end it with #override waiver or "
                "#set partner, which resumes it with the business time that was left")
    if milestone.state is MilestoneState.PENDING and milestone.paused:
        role = clocks.waits_on(case, name)
        return (f"the {name} clock is paused: the {role.replace('_', ' ')}'s address bounces; "
                f"{clocks.SET_ADDRESS[role]} resumes it with the business time that was left")
    if milestone.state is not MilestoneState.PENDING or milestone.due is None:
        return f"the {name} milestone is not running ({milestone.state})"
    try:
        amount = BusinessDuration.parse(args[1])
        if name is Milestone.FOLLOWUP:
            due = milestone.due + timedelta(days=amount.days, minutes=amount.minutes)
            timers = [TimerPlan(name, "followup", due)]
        else:
            # A deadline already passed is extended from now: staff giving "two more days"
            # after a breach mean two days from today, not a date that is already over.
            due = rules.calendar.add(max(milestone.due, now), amount)
            start = max(now, milestone.started_at or now)
            timers = [TimerPlan(name, t.kind, t.at) for t in plan_timers(start, due, rules.nudges, rules.calendar)]
    except (ValueError, OverflowError) as exc:  # the parser caps the size; this is the last guard
        return f"cannot move the {name} deadline by {args[1]}: {exc}"
    if due - max(milestone.due, now) > timedelta(days=366):
        # The parser's cap counts clock time; working days and hours stretch further.
        return f"cannot move the {name} deadline by {args[1]}: more than a year"
    d.milestones[name] = replace(milestone, due=due, breached=False)
    d.timers[name] = timers
    d.record("extended", Role.STAFF, f"{name} deadline moved to {due.isoformat()} by {event.sender}")
    return None


def _cmd_set(case, d, args, event, now, rules):
    if args[0] == "language":
        return _set_language(case, d, args[1:], rules)
    what, value = args
    if not case.open:
        return f"the case is {case.status}"
    if what in SET_TEXT_FIELDS:
        if case.status is not Status.INTAKE:
            return (f"the case is {case.status}: #set {what} only fills in the intake form; "
                    "after it the waiver and the requests are already out")
        field = SET_TEXT_FIELDS[what]
        problem = value_problem(field, value)
        if problem:
            return problem
        d.form[field] = value
        d.record("form", Role.STAFF, f"{field}={value} set by {event.sender}")
        _intake_progress(preview(case, d), d, now, rules, first=False)
        return None
    if what == "client":
        return _set_client(case, d, value, event, now, rules)
    field = "old_partner_email" if what == "partner" else "new_provider_email"
    if what == "partner" and value == "none":
        return "the case needs a partner to sign the waiver; use #override waiver if the partner is gone"
    if case.status is Status.INTAKE:
        d.form[field] = value
        d.record("form", Role.STAFF, f"{field}={value} set by {event.sender}")
        _intake_progress(preview(case, d), d, now, rules, first=False)
        return None
    problem = _address_problem(case, Role.OLD_PARTNER if what == "partner" else Role.NEW_PROVIDER, value, rules,
                               for_staff=True)
    if problem:
        return problem
    if what == "partner":
        if case.milestone(Milestone.WAIVER).state.finished:
            return "the waiver is already settled; the partner can no longer change"
        _release_former(case, d, Role.OLD_PARTNER, value)
        d.parties[Role.OLD_PARTNER] = PartyView(Role.OLD_PARTNER, value)
        d.form[field] = value
        # A clock paused by a dispute or a bouncing address resumes with the time it had left.
        _start_or_resume(d, case, Milestone.WAIVER, now, rules)
        if case.status is Status.DISPUTED:
            d.status = Status.WAITING
        d.record("partner_set", Role.STAFF, f"old partner now {value} (set by {event.sender})")
        _settle_clocks(case, d, now, rules)  # (before the request goes out with its due date)
        d.notify("waiver_request", Role.OLD_PARTNER)
        return None
    if case.milestone(Milestone.ACCEPTANCE).state is MilestoneState.DONE:
        return "the new provider has already accepted"
    _set_provider(case, d, value, now, rules, actor=Role.STAFF)
    _settle_clocks(case, d, now, rules)
    return None


def _set_client(case, d, address, event, now, rules):
    """Staff give the client another address (the one on record bounces): mail goes there
    from now on, and a clock that waited on the client resumes with the time it had left."""
    client = case.party(Role.CLIENT)
    others = {Role.OLD_PARTNER: case.party(Role.OLD_PARTNER), Role.NEW_PROVIDER: case.party(Role.NEW_PROVIDER)}
    if address.rpartition("@")[2] == rules.mailbox.rpartition("@")[2].lower() or rules.is_staff(address):
        return f"{address} is one of our own addresses"
    for role, party in others.items():
        if party is not None and party.email == address:
            return f"{address} is the {role.replace('_', ' ')}'s address"
    # The same contact again (its mailbox works again) is tried again: no longer failing.
    d.parties[Role.CLIENT] = PartyView(Role.CLIENT, address, client.name, client.company, client.phone,
                                       subject_tags=client.subject_tags if client.email == address else (),
                                       language=client.language, language_source=client.language_source)
    d.record("client_set", Role.STAFF, f"client now {address} (set by {event.sender})")
    _settle_clocks(case, d, now, rules)
    if case.status is Status.INTAKE:
        _intake_progress(preview(case, d), d, now, rules, first=False)  # the form, to the new address
    else:
        d.notify("status", Role.CLIENT, note="our staff now write to you at this address")
    return None


_LANGUAGE_ROLE = {"client": Role.CLIENT, "partner": Role.OLD_PARTNER, "provider": Role.NEW_PROVIDER}


def _set_language(case, d, args, rules):
    """``#set language [client|partner|provider] <code>``: the language a party (without a
    role: every party of the case) reads from now on; no mail of theirs changes it. A partner
    or provider whose answer is outstanding gets the request again, in that language."""
    *who, code = args
    if code not in rules.languages:
        return f"no notices are written in {code!r}; these are: {', '.join(rules.languages)}"
    roles = [_LANGUAGE_ROLE[who[0]]] if who else [Role.CLIENT, Role.OLD_PARTNER, Role.NEW_PROVIDER]
    found = [(role, case.party(role)) for role in roles if case.party(role) is not None]
    if not found:
        return f"the case has no {who[0]} yet (the intake names it)" if who else "the case has no parties yet"
    for role, party in found:
        d.parties[role] = replace(party, language=code, language_source="staff")
        if party.language == code or not case.open or case.status is Status.DISPUTED:
            continue
        if role is Role.OLD_PARTNER and case.milestone(Milestone.WAIVER).state is MilestoneState.PENDING:
            d.notify("waiver_request", role)
        elif role is Role.NEW_PROVIDER and case.milestone(Milestone.ACCEPTANCE).state is MilestoneState.PENDING:
            d.notify("acceptance_request", role)
    return None


def _cmd_note(case, d, args, event, now, rules):
    d.record("note", Role.STAFF, f"{event.sender}: {args[0]}", event.message_id)
    return None


def _cmd_status(case, d, args, event, now, rules):
    d.notify("status", SENDER, note="")
    return None


def _cmd_merge(case, d, args, event, now, rules):
    """Fold this case, a duplicate, into another open case: it is closed as cancelled with
    "merged into X" on its timeline, its mails and timeline stay on record here, and mail to it
    threads to X from now on (``mailbot.pipeline.threading``). Nothing on X changes: no party
    and no form value is overwritten; what this case has that X lacks is listed for staff to
    copy by hand. Answers already recorded here (a signature, an acceptance) would not carry
    over, so such a case is not folded away."""
    reference = args[0]
    target = event.other_cases.get(reference)
    if reference == case.reference:
        return "a case cannot be merged into itself"
    if not case.open:
        return f"the case is already {case.status}"
    if target is None:
        return f"there is no case {reference}"
    if not target.open:
        return f"{reference} is {target.status}: a duplicate is merged into an open case"
    if case.waiver.signed or case.waiver.overridden or \
            case.milestone(Milestone.ACCEPTANCE).state is MilestoneState.DONE:
        return (f"this case has answers on record (the waiver {'signed' if case.waiver.signed else 'settled'} "
                f"or the provider's acceptance) that would not carry over to {reference}: merge the other "
                f"way (#merge {case.reference} sent on {reference}), or #cancel one of them with a reason")
    d.status = Status.CANCELLED
    for name, milestone in case.milestones.items():
        if milestone.state is MilestoneState.PENDING:
            d.timers[name] = []
    d.merge_into = reference
    leftovers = _merge_leftovers(case, target)
    d.record("merged", Role.STAFF, f"merged into {reference} by {event.sender}: mail to this case goes to "
             f"{reference} from now on" + (f"; not on {reference}, to copy by hand: " + "; ".join(leftovers)
                                           if leftovers else ""), event.message_id)
    # Whoever heard of this case hears where it went: the client, and the partner and the
    # provider once the intake had written to them.
    for role in (Role.CLIENT, Role.OLD_PARTNER, Role.NEW_PROVIDER):
        if case.party(role) and (role is Role.CLIENT or case.milestone(Milestone.INTAKE).state.finished):
            d.notify("merged", role, target=reference)
    d.notify("merged_staff", STAFF, target=reference, by=event.sender, leftovers=leftovers)
    return None


def _merge_leftovers(case: CaseView, target: CaseView) -> list[str]:
    """What ``case`` knows that ``target`` lacks or has otherwise, in words, for staff to copy
    by hand (a merge overwrites nothing)."""
    lines = []
    mine, theirs = case.party(Role.CLIENT), target.party(Role.CLIENT)
    if mine and theirs and mine.email != theirs.email:
        lines.append(f"client e-mail {mine.email} ({target.reference} has {theirs.email})")
    for field, label in LABELS.items():
        value, other = case.form.get(field, ""), target.form.get(field, "")
        if not value or value in (NOT_GIVEN, other):
            continue
        label = label.split(" (")[0]
        lines.append(f"{label}: {value}" + (f" ({target.reference} has {other})" if other and other != NOT_GIVEN
                                              else f" (missing on {target.reference})"))
    return lines


_COMMANDS = {
    "complete": _cmd_complete,
    "cancel": _cmd_cancel,
    "reopen": _cmd_reopen,
    "override": _cmd_override,
    "extend": _cmd_extend,
    "set": _cmd_set,
    "note": _cmd_note,
    "status": _cmd_status,
    "merge": _cmd_merge,
}
