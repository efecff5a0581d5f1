"""What staff do by hand, outside a mail: the console's actions (and, later, the CLI's).

Each action is the same fact a staff mail gives ``decide``: a #command becomes an ``Incoming``
from that staff member, proven by the sign-in (as our server's pass proves a mailed one), and
``decide`` alone decides. Accepting an unclear reply gives ``decide`` the party's own mail again,
with the intent staff read in it and who read it. Nothing here changes a case's workflow state
directly; retry and replay put mail back where the normal loops pick it up.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from mailbot.app import App
from mailbot.domain import outcomes
from mailbot.domain.authorise import KEYWORD_OWNER
from mailbot.domain.decide import decide
from mailbot.domain.decision import SENDER
from mailbot.domain.incoming import Incoming
from mailbot.domain.model import Role
from mailbot.pipeline.inbound import ProcessingFailed
from mailbot.pipeline.threading import find_case
from mailbot.store.cases import apply_decision, case_views, get_case, to_view
from mailbot.store.models import Case, Event, InboundMail, OutboundMail
from mailbot.store.uow import UnitOfWork
from parsers.commands import USAGE, parse_commands
from parsers.intent import Intent


@dataclass
class ActionResult:
    ok: bool
    message: str
    notices: list[str] = field(default_factory=list)


def run_command(app: App, reference: str, staff: str, command: str, now: datetime,
                reason: str = "") -> ActionResult:
    """One #command on a case, as if ``staff`` had mailed it with proof."""
    commands = parse_commands(command if command.lstrip().startswith(("#", "＃")) else "#" + command.strip())
    if not commands:
        return ActionResult(False, "not a command; the commands are: " + ", ".join(USAGE.values()))
    with UnitOfWork(app.sessions) as uow:
        case = get_case(uow.session, reference, for_update=True)
        if case is None:
            return ActionResult(False, f"no case {reference}")
        merges = [c.args[0] for c in commands if c.name == "merge" and c.args and not c.error]
        event = Incoming(sender=staff, role=Role.STAFF, commands=tuple(commands), text=command,
                         authenticated=True, evidence={"via": "console", "reason": reason.strip()},
                         other_cases=case_views(uow.session, merges))
        decision = decide(to_view(case), event, now, app.rules)
        if isinstance(decision.outcome, outcomes.Reject):
            return ActionResult(False, decision.outcome.detail)
        # (the console shows the outcome at once: no receipt by mail)
        decision.notices = [n for n in decision.notices if n.to != SENDER]
        _, sent = apply_and_send(app, uow.session, case, decision, now)
        uow.commit()
    return ActionResult(True, f"{command.strip()}: done", sent)


def accept_reply(app: App, inbound_id: int, staff: str, intent: str, reason: str, now: datetime) -> ActionResult:
    """Take an unclear reply as the party's answer: ``decide`` gets the party's own mail, with
    the intent staff read in it; the evidence says who read it, why, and keeps the mail."""
    reason = reason.strip()
    if not reason:
        return ActionResult(False, "say why the reply means this (the reason is kept with the evidence)")
    try:
        chosen = Intent(intent)
    except ValueError:
        return ActionResult(False, f"{intent!r} is not an answer a party can give")
    if chosen not in KEYWORD_OWNER:
        return ActionResult(False, f"{intent!r} is not an answer a party can give")
    with UnitOfWork(app.sessions) as uow:
        row = uow.session.get(InboundMail, inbound_id)
        if row is None or row.case_id is None:
            return ActionResult(False, f"no mail #{inbound_id} on a case")
        reading = app.pipeline.reader.read(row.raw)
        thread = find_case(uow.session, reading, sender_is_staff=False)
        case = uow.session.get(Case, row.case_id)
        if thread.case is None or thread.case.id != case.id:
            return ActionResult(False, f"mail #{inbound_id} no longer threads to {case.reference}")
        event = app.pipeline.incoming(case, reading, thread.thread_role)
        if event.role is not KEYWORD_OWNER[chosen]:
            return ActionResult(False, f"{str(chosen).upper()} belongs to the {KEYWORD_OWNER[chosen]}; "
                                       f"mail #{inbound_id} is from the {event.role}")
        keyword = str(chosen).upper() if chosen is Intent.CANCEL else f"I {str(chosen).upper()}"
        event = replace(event, intent=chosen, intent_reason=f"read by {staff}: {reason}",
                        evidence={**event.evidence, "accepted_by": staff, "accepted_reason": reason,
                                  "accepted_at": now.isoformat(), "inbound_id": inbound_id})
        decision = decide(to_view(case), event, now, app.rules)
        if isinstance(decision.outcome, outcomes.Reject):
            return ActionResult(False, f"{decision.outcome.name}: {decision.outcome.detail}")
        decision.record("reply_accepted", Role.STAFF,
                        f"mail #{inbound_id} from {event.sender} taken as {keyword} by {staff}: {reason}",
                        row.message_id)
        _, sent = apply_and_send(app, uow.session, case, decision, now)
        uow.commit()
    return ActionResult(True, f"mail #{inbound_id} taken as {keyword}", sent)


def retry_outbound(app: App, outbound_id: int, staff: str, now: datetime) -> ActionResult:
    """A parked mail goes back in the queue, to be tried at once."""
    with UnitOfWork(app.sessions) as uow:
        row = uow.session.get(OutboundMail, outbound_id)
        if row is None:
            return ActionResult(False, f"no outbound mail #{outbound_id}")
        if row.status != "parked":
            return ActionResult(False, f"mail #{outbound_id} is {row.status}, not parked")
        row.status, row.next_attempt_at, row.attempts, row.claimed_by = "pending", now, 0, None
        if row.case_id is not None:
            uow.session.add(Event(case_id=row.case_id, at=now, kind="outbox_retry", actor="staff",
                                  detail=f"{row.template} to {', '.join(row.to)} queued again by {staff}"))
        uow.commit()
    return ActionResult(True, f"mail #{outbound_id} queued again")


def replay_quarantined(app: App, inbound_id: int, staff: str, now: datetime) -> ActionResult:
    """A quarantined mail goes through the pipeline again (after a fix, or a second look)."""
    with UnitOfWork(app.sessions) as uow:
        row = uow.session.get(InboundMail, inbound_id)
        if row is None:
            return ActionResult(False, f"no inbound mail #{inbound_id}")
        if row.status != "quarantined":
            return ActionResult(False, f"mail #{inbound_id} is {row.status}, not quarantined")
        # "failed" is the state the pipeline retries: the same record, its bytes untouched.
        row.status = "failed"
        raw, source = row.raw, row.source
        uow.commit()
    try:
        result = app.pipeline.process(raw, now, source=source)
    except ProcessingFailed as exc:
        with UnitOfWork(app.sessions) as uow:
            uow.session.get(InboundMail, inbound_id).status = "quarantined"
            uow.commit()
        return ActionResult(False, f"mail #{inbound_id} failed again ({exc}); it stays in quarantine")
    with UnitOfWork(app.sessions) as uow:
        row = uow.session.get(InboundMail, inbound_id)
        if row.case_id is not None:
            uow.session.add(Event(case_id=row.case_id, at=now, kind="quarantine_replay", actor="staff",
                                  detail=f"mail #{inbound_id} replayed by {staff}: {result.outcome.name}"))
        uow.commit()
    return ActionResult(True, f"mail #{inbound_id} replayed: {result.outcome.name} {result.outcome.detail}".strip(),
                        result.notices)


def apply_and_send(app: App, session, case: Case | None, decision, now: datetime) -> tuple[Case | None, list[str]]:
    """Write a decision and its notices into the store (the caller commits): the case, and
    the notices written, in words."""
    case = apply_decision(session, case, decision, now)
    sent = []
    for notice in decision.notices:
        row = app.notices.write(session, case, notice, now)
        if row is not None:
            sent.append(f"{notice.template} -> {', '.join(row.to)}")
    return case, sent
