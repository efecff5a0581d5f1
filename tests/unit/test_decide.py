"""The workflow as a pure function: no database, no clock, every outcome of ``decide``."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from mailbot.domain import outcomes
from mailbot.domain.decide import decide, preview
from mailbot.domain.incoming import Incoming, Rules, TokenFact
from mailbot.domain.model import (
    CaseView,
    Milestone,
    MilestoneState,
    MilestoneView,
    PartyView,
    Role,
    Status,
)
from parsers.commands import parse_commands
from parsers.intent import Intent
from scheduler.calendar import BusinessCalendar
from scheduler.durations import BusinessDuration

NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)  # Wednesday 09:00 in Chicago
RULES = Rules(
    calendar=BusinessCalendar.build("America/Chicago", "08:00-17:00", ["mon", "tue", "wed", "thu", "fri"], "US"),
    durations={m: BusinessDuration.parse(d) for m, d in
               ((Milestone.INTAKE, "2d"), (Milestone.WAIVER, "3d"), (Milestone.ACCEPTANCE, "3d"), (Milestone.TRANSFER, "2d"))},
    staff_addresses=("ops@example.com",))
FORM = {"company": "Acme", "contact_name": "Dana", "contact_phone": "+1 555 0100", "domains": "acme.example",
        "old_partner_email": "p@partner.example", "new_provider_email": "n@provider.example", "reason": "gone"}


def pending(name, due=NOW):
    return MilestoneView(name, MilestoneState.PENDING, NOW, due)


def done(name):
    return MilestoneView(name, MilestoneState.DONE, NOW, NOW, NOW)


def waiting_case(**changes) -> CaseView:
    case = CaseView(
        reference="XFER-4KZG3A1", status=Status.WAITING, opened_at=NOW,
        parties={Role.CLIENT: PartyView(Role.CLIENT, "dana@acme.example", "Dana"),
                 Role.OLD_PARTNER: PartyView(Role.OLD_PARTNER, "p@partner.example"),
                 Role.NEW_PROVIDER: PartyView(Role.NEW_PROVIDER, "n@provider.example")},
        milestones={Milestone.INTAKE: done(Milestone.INTAKE), Milestone.WAIVER: pending(Milestone.WAIVER),
                    Milestone.ACCEPTANCE: pending(Milestone.ACCEPTANCE)},
        form=dict(FORM))
    return replace(case, **changes)


def partner_says(intent: Intent, **changes) -> Incoming:
    values = dict(sender="p@partner.example", role=Role.OLD_PARTNER, intent=intent,
                  token=TokenFact(Role.OLD_PARTNER, True), message_id="<m@partner.example>",
                  evidence={"message_id": "<m@partner.example>"})
    values.update(changes)
    return Incoming(**values)


def provider_says(intent: Intent, **changes) -> Incoming:
    values = dict(sender="n@provider.example", role=Role.NEW_PROVIDER, intent=intent,
                  thread_role=Role.NEW_PROVIDER, token=TokenFact(Role.NEW_PROVIDER, True))
    values.update(changes)
    return Incoming(**values)


def staff_says(text: str, **changes) -> Incoming:
    # (answering a staff notice: the case's staff reply address is the proof)
    values = dict(sender="ops@example.com", role=Role.STAFF, commands=tuple(parse_commands(text)), text=text,
                  token=TokenFact(Role.STAFF, True))
    values.update(changes)
    return Incoming(**values)


def templates(d) -> list[tuple[str, str]]:
    return [(n.template, n.to) for n in d.notices]


# -- opening ----------------------------------------------------------------------------------

def test_new_request_with_the_whole_form_writes_to_nobody_but_the_client():
    d = decide(None, Incoming(sender="dana@acme.example", role=Role.STRANGER, form=dict(FORM)), NOW, RULES)
    assert isinstance(d.outcome, outcomes.CaseOpened) and d.open_case and d.status is Status.INTAKE
    assert templates(d) == [("acknowledgement", "client")] and d.notices[0].context["confirm"] is True
    assert d.client_verified is False


def test_the_clients_confirmation_from_their_mailbox_starts_waiver_and_acceptance():
    opened = decide(None, Incoming(sender="dana@acme.example", role=Role.STRANGER, form=dict(FORM)), NOW, RULES)
    case = preview(CaseView(reference="XFER-4KZG3A1", status=Status.INTAKE, opened_at=NOW), opened)
    yes = Incoming(sender="dana@acme.example", role=Role.CLIENT, text="Yes, go ahead", says_go_ahead=True,
                   token=TokenFact(Role.CLIENT, True))
    d = decide(case, yes, NOW, RULES)
    assert d.client_verified is True and d.status is Status.WAITING
    assert templates(d) == [("waiver_request", "old_partner"), ("acceptance_request", "new_provider"),
                            ("intake_complete", "client")]
    # The same words without proof (no signed reply address, no verdict) change nothing.
    unproven = decide(case, replace(yes, token=None, thread_role=Role.CLIENT), NOW, RULES)
    assert isinstance(unproven.outcome, outcomes.Unproven) and not unproven.milestones
    # "I never asked for this" from the real client is no confirmation.
    never = decide(case, replace(yes, text="I never asked for this", says_go_ahead=False), NOW, RULES)
    assert never.status is None and ("party_message_staff", "staff") in templates(never)


def test_new_request_with_our_servers_pass_starts_waiver_and_acceptance():
    event = Incoming(sender="dana@acme.example", role=Role.STRANGER, form=dict(FORM), authenticated=True)
    d = decide(None, event, NOW, RULES)
    assert isinstance(d.outcome, outcomes.CaseOpened) and d.open_case and d.status is Status.WAITING
    assert d.milestones[Milestone.WAIVER].due == datetime(2026, 12, 1, 15, tzinfo=UTC)
    assert templates(d) == [("waiver_request", "old_partner"), ("acceptance_request", "new_provider"),
                            ("acknowledgement", "client")]
    kinds = [t.kind for t in d.timers[Milestone.WAIVER]]
    assert kinds == ["nudge", "nudge", "escalation"]


def test_new_request_without_form_asks_for_it():
    d = decide(None, Incoming(sender="dana@acme.example", role=Role.STRANGER), NOW, RULES)
    assert d.status is Status.INTAKE and templates(d) == [("acknowledgement", "client")]
    assert d.notices[0].context["missing"][0] == "company"


def test_form_naming_ourselves_or_the_client_is_a_problem():
    form = {**FORM, "old_partner_email": "dana@acme.example", "new_provider_email": "ops@example.com"}
    d = decide(None, Incoming(sender="dana@acme.example", role=Role.STRANGER, form=form), NOW, RULES)
    assert d.status is Status.INTAKE and len(d.notices[0].context["problems"]) == 2


# -- the partner ------------------------------------------------------------------------------

def test_agree_signs_and_records_the_evidence():
    d = decide(waiting_case(), partner_says(Intent.AGREE), NOW, RULES)
    assert isinstance(d.outcome, outcomes.WaiverSigned)
    assert d.milestones[Milestone.WAIVER].state is MilestoneState.DONE
    assert d.waiver.signed and d.waiver.evidence == {"message_id": "<m@partner.example>", "words": "",
                                                     "proof": "its signed reply address"}
    assert d.timers[Milestone.WAIVER] == []


def test_agree_when_acceptance_is_done_starts_the_transfer():
    case = waiting_case(milestones={**waiting_case().milestones, Milestone.ACCEPTANCE: done(Milestone.ACCEPTANCE)})
    d = decide(case, partner_says(Intent.AGREE), NOW, RULES)
    assert d.status is Status.TRANSFERRING and ("staff_checklist", "staff") in templates(d)


def test_agree_twice_gets_the_status():
    case = preview(waiting_case(), decide(waiting_case(), partner_says(Intent.AGREE), NOW, RULES))
    d = decide(case, partner_says(Intent.AGREE), NOW, RULES)
    assert isinstance(d.outcome, outcomes.AlreadyDone) and templates(d) == [("status", "sender")]


def test_object_disputes():
    d = decide(waiting_case(), partner_says(Intent.OBJECT, text="I OBJECT, unpaid invoices"), NOW, RULES)
    assert isinstance(d.outcome, outcomes.WaiverObjected) and d.status is Status.DISPUTED
    assert ("dispute_staff", "staff") in templates(d)


@pytest.mark.parametrize("event, outcome", [
    (partner_says(Intent.AGREE, sender="eve@evil.example", role=Role.STRANGER, token=None,
                  thread_role=Role.OLD_PARTNER), outcomes.NotAParty),
    (partner_says(Intent.AGREE, token=TokenFact(Role.OLD_PARTNER, False)), outcomes.ForgedReplyAddress),
    (partner_says(Intent.AGREE, token=None, thread_role=Role.CLIENT), outcomes.OutsideThread),
    (partner_says(Intent.AGREE, token=None, thread_role=None), outcomes.OutsideThread),
    (provider_says(Intent.AGREE), outcomes.WrongParty),
    (partner_says(Intent.ACCEPT), outcomes.WrongParty),
    (partner_says(Intent.CANCEL), outcomes.WrongParty),
    (partner_says(Intent.AMBIGUOUS), outcomes.Ambiguous),
    (partner_says(Intent.NONE, commands=tuple(parse_commands("#override waiver"))), outcomes.NotStaff),
])
def test_refusals_change_nothing(event, outcome):
    d = decide(waiting_case(), event, NOW, RULES)
    assert type(d.outcome) is outcome
    assert not (d.status or d.milestones or d.parties or d.waiver or d.form or d.notices)
    assert [e.kind for e in d.events] == ["refused"]


def test_authentication_when_required():
    rules = replace(RULES, require_authenticated_sender=True)
    assert type(decide(waiting_case(), partner_says(Intent.AGREE, authenticated=False), NOW, rules).outcome) \
        is outcomes.Unauthenticated
    assert type(decide(waiting_case(), partner_says(Intent.AGREE, authenticated=None), NOW, rules).outcome) \
        is outcomes.Unauthenticated
    assert type(decide(waiting_case(), partner_says(Intent.AGREE, authenticated=True), NOW, rules).outcome) \
        is outcomes.WaiverSigned


def test_keyword_on_a_closed_case():
    d = decide(waiting_case(status=Status.CANCELLED), partner_says(Intent.AGREE), NOW, RULES)
    assert type(d.outcome) is outcomes.CaseClosed


def test_a_message_without_keyword_goes_to_staff():
    d = decide(waiting_case(), partner_says(Intent.NONE, text="Call me?"), NOW, RULES)
    assert type(d.outcome) is outcomes.PartyMessage and templates(d) == [("party_message_staff", "staff")]


def test_after_action_answer():
    d = decide(waiting_case(status=Status.COMPLETED), partner_says(Intent.NONE, text="All good"), NOW, RULES)
    assert type(d.outcome) is outcomes.AfterActionAnswer


# -- provider and client ----------------------------------------------------------------------

def test_accept_and_decline():
    assert type(decide(waiting_case(), provider_says(Intent.ACCEPT), NOW, RULES).outcome) is outcomes.ProviderAccepted
    d = decide(waiting_case(), provider_says(Intent.DECLINE), NOW, RULES)
    assert type(d.outcome) is outcomes.ProviderDeclined and d.parties[Role.NEW_PROVIDER] is None
    # The acceptance now waits on the client's choice, with a clock of its own.
    assert d.milestones[Milestone.ACCEPTANCE].state is MilestoneState.PENDING and d.timers[Milestone.ACCEPTANCE]
    assert ("decline_client", "client") in templates(d) and ("decline_receipt", "sender") in templates(d)


def test_client_cancel_and_form_update():
    client = dict(sender="dana@acme.example", role=Role.CLIENT, thread_role=Role.CLIENT,
                  token=TokenFact(Role.CLIENT, True))
    d = decide(waiting_case(), Incoming(**client, intent=Intent.CANCEL), NOW, RULES)
    assert type(d.outcome) is outcomes.CaseCancelled and d.status is Status.CANCELLED
    intake = waiting_case(status=Status.INTAKE, milestones={Milestone.INTAKE: pending(Milestone.INTAKE)}, form={})
    d = decide(intake, Incoming(**client, form={"company": "Acme"}), NOW, RULES)
    assert type(d.outcome) is outcomes.FormUpdated and templates(d) == [("form_incomplete", "client")]


# -- staff ------------------------------------------------------------------------------------

def test_staff_note_sends_nothing():
    d = decide(waiting_case(), staff_says("FYI the partner called"), NOW, RULES)
    assert type(d.outcome) is outcomes.StaffNote and not d.notices


def test_staff_commands_and_their_receipt():
    d = decide(waiting_case(status=Status.DISPUTED), staff_says("#override waiver - called them\n#note called them"), NOW, RULES)
    assert type(d.outcome) is outcomes.StaffCommands and d.status is Status.WAITING
    assert d.milestones[Milestone.WAIVER].state is MilestoneState.OVERRIDDEN
    assert templates(d)[-1] == ("command_receipt", "sender")


def test_complete_before_the_waiver_is_refused():
    d = decide(waiting_case(), staff_says("#complete"), NOW, RULES)
    assert type(d.outcome) is outcomes.BadCommand and "waiver" in d.outcome.detail
    assert d.reject_context["results"][0]["error"]


def test_extend_moves_the_deadline_and_its_timers():
    d = decide(waiting_case(), staff_says("#extend waiver 2d"), NOW, RULES)
    assert d.milestones[Milestone.WAIVER].due == datetime(2026, 11, 30, 15, tzinfo=UTC)  # Wed + 2d over Thanksgiving
    assert d.timers[Milestone.WAIVER][-1].due_at == d.milestones[Milestone.WAIVER].due


def test_set_partner_restarts_the_waiver_with_the_new_contact():
    d = decide(waiting_case(), staff_says("#set partner boss@partner.example"), NOW, RULES)
    assert d.parties[Role.OLD_PARTNER].email == "boss@partner.example"
    assert ("waiver_request", "old_partner") in templates(d)


def test_set_provider_none_makes_it_retail():
    d = decide(waiting_case(), staff_says("#set provider none"), NOW, RULES)
    assert d.retail is True and d.milestones[Milestone.ACCEPTANCE].state is MilestoneState.SKIPPED


def test_status_reopen_cancel():
    assert templates(decide(waiting_case(), staff_says("#status"), NOW, RULES))[0] == ("status", "sender")
    assert decide(waiting_case(), staff_says("#cancel - the client withdrew"), NOW, RULES).status is Status.CANCELLED
    assert decide(waiting_case(status=Status.CANCELLED), staff_says("#reopen"), NOW, RULES).status is Status.WAITING


def test_cancel_and_override_need_a_reason_on_the_line_or_from_the_console():
    for text in ("#cancel", "#cancel.", "#override waiver", "#override intake"):
        d = decide(waiting_case(), staff_says(text), NOW, RULES)
        assert type(d.outcome) is outcomes.BadCommand and "needs a reason" in d.outcome.detail, text
    by_mail = decide(waiting_case(), staff_says("#override waiver - partner confirmed by phone"), NOW, RULES)
    assert by_mail.waiver.evidence["reason"] == "partner confirmed by phone"
    # (the console asks for the reason in a field of its own and passes it as the evidence's)
    console = staff_says("#override waiver", evidence={"via": "console", "reason": "partner gone"})
    assert decide(waiting_case(), console, NOW, RULES).waiver.evidence["reason"] == "partner gone"
    d = decide(waiting_case(), staff_says("#extend waiver 2 days - partner on leave"), NOW, RULES)
    assert any("(note: partner on leave)" in e.detail for e in d.events)


# -- one clock per party: paused by a dispute or a bouncing address, resumed with the time left --

TUESDAY_9 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)  # Tuesday 1 December 09:00 in Chicago


def test_a_dispute_pauses_the_waiver_clock_and_a_later_signature_ends_it():
    case = waiting_case(milestones={Milestone.INTAKE: done(Milestone.INTAKE),
                                    Milestone.WAIVER: pending(Milestone.WAIVER, TUESDAY_9),
                                    Milestone.ACCEPTANCE: pending(Milestone.ACCEPTANCE, TUESDAY_9)})
    monday_11 = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    d = decide(case, partner_says(Intent.OBJECT, text="I OBJECT"), monday_11, RULES)
    waiver = d.milestones[Milestone.WAIVER]
    # Monday 11-17 and Tuesday 8-9: seven business hours were left.
    assert waiver.due is None and waiver.paused_at == monday_11 and waiver.remaining == timedelta(hours=7)
    assert d.timers[Milestone.WAIVER] == [] and Milestone.ACCEPTANCE not in d.milestones
    assert "clock_paused" in [e.kind for e in d.events]
    signed = decide(preview(case, d), partner_says(Intent.AGREE), monday_11, RULES).milestones[Milestone.WAIVER]
    assert signed.state is MilestoneState.DONE and not signed.paused and signed.remaining is None


def test_set_partner_resumes_a_bounced_waiver_with_the_time_left():
    friday_13 = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
    case = waiting_case(
        parties={**waiting_case().parties,
                 Role.OLD_PARTNER: PartyView(Role.OLD_PARTNER, "p@partner.example", failing=True)},
        milestones={Milestone.INTAKE: done(Milestone.INTAKE),
                    Milestone.WAIVER: MilestoneView(Milestone.WAIVER, MilestoneState.PENDING, NOW, None,
                                                    paused_at=friday_13, remaining=timedelta(hours=14)),
                    Milestone.ACCEPTANCE: pending(Milestone.ACCEPTANCE, TUESDAY_9)})
    wednesday_10 = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    refused = decide(case, staff_says("#extend waiver 1d"), wednesday_10, RULES)
    assert type(refused.outcome) is outcomes.BadCommand and "#set partner <e-mail> resumes it" in refused.outcome.detail
    # A mail that bounces again changes nothing: the clock stays paused with what it had.
    assert Milestone.WAIVER not in decide(case, staff_says("#note still bouncing"), wednesday_10, RULES).milestones
    d = decide(case, staff_says("#set partner legal@partner-group.example\n#extend waiver 1d"), wednesday_10, RULES)
    # 14 h from Wednesday 10:00 is Thursday 15:00; a working day more, Friday 4 December 15:00 Chicago.
    assert d.milestones[Milestone.WAIVER].due == datetime(2026, 12, 4, 21, 0, tzinfo=UTC)
    assert not d.milestones[Milestone.WAIVER].paused and d.timers[Milestone.WAIVER][-1].kind == "escalation"
    assert ("waiver_request", "old_partner") in templates(d)


def test_set_client_gives_the_client_another_address_and_resumes_their_clock():
    # The provider declined: the acceptance waits on the client, whose address bounces.
    parties = {Role.CLIENT: PartyView(Role.CLIENT, "dana@acme.example", "Dana", failing=True),
               Role.OLD_PARTNER: PartyView(Role.OLD_PARTNER, "p@partner.example")}
    paused = MilestoneView(Milestone.ACCEPTANCE, MilestoneState.PENDING, NOW, None,
                           paused_at=NOW, remaining=timedelta(hours=8))
    case = waiting_case(parties=parties, milestones={**waiting_case().milestones, Milestone.ACCEPTANCE: paused})
    for text, error in (("#set client p@partner.example", "the old partner's address"),
                        ("#set client ops@example.com", "one of our own addresses"),
                        ("#set client none", "not an e-mail address")):
        d = decide(case, staff_says(text), TUESDAY_9, RULES)
        assert type(d.outcome) is outcomes.BadCommand and error in d.outcome.detail, text
    refused = decide(case, partner_says(Intent.NONE, commands=tuple(parse_commands("#set client x@acme.example"))),
                     TUESDAY_9, RULES)
    assert type(refused.outcome) is outcomes.NotStaff
    d = decide(case, staff_says("#set client dana.smith@acme-mail.example"), TUESDAY_9, RULES)
    client = d.parties[Role.CLIENT]
    assert client.email == "dana.smith@acme-mail.example" and client.name == "Dana" and not client.failing
    assert d.milestones[Milestone.ACCEPTANCE].due == datetime(2026, 12, 1, 23, 0, tzinfo=UTC)  # Tuesday 17:00
    assert ("status", "client") in templates(d)
