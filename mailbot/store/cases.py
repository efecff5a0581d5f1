"""Cases in and out of the database: rows -> ``CaseView``, ``Decision`` -> rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from mailbot.domain import clocks
from mailbot.domain.decision import Decision, TimerPlan
from mailbot.domain.incoming import Rules
from mailbot.domain.model import (
    PARTY_ROLES,
    CaseView,
    Milestone,
    MilestoneState,
    MilestoneView,
    PartyView,
    Role,
    Status,
    WaiverView,
)
from mailbot.store.models import Case, Event, MilestoneRow, Party, ThreadMessage, Timer
from parsers.reference import make_reference


def get_case(session: Session, reference: str, for_update: bool = False) -> Case | None:
    query = (select(Case).where(Case.reference == reference)
             .options(selectinload(Case.parties), selectinload(Case.milestones)))
    if for_update:
        query = query.with_for_update()
    return session.scalars(query).first()


def get_case_by_id(session: Session, case_id: int) -> Case | None:
    return session.get(Case, case_id)


def active_parties(case: Case) -> dict[str, Party]:
    return {p.role: p for p in case.parties if p.active}


def to_view(case: Case) -> CaseView:
    parties = {
        Role(p.role): PartyView(Role(p.role), p.email, p.name, p.company, p.phone, p.failing,
                                tuple(p.subject_tags or ()), p.language or "", p.language_source or "")
        for p in case.parties if p.active
    }
    milestones = {
        Milestone(m.name): MilestoneView(Milestone(m.name), MilestoneState(m.state), m.started_at,
                                         m.due, m.done_at, m.breached, m.paused_at,
                                         None if m.remaining_seconds is None else timedelta(seconds=m.remaining_seconds))
        for m in case.milestones
    }
    waiver = WaiverView(case.waiver_version, case.waiver_text_sha256, case.waiver_signed,
                        case.waiver_overridden, case.waiver_evidence, case.waiver_language)
    return CaseView(case.reference, Status(case.status), case.opened_at, parties, milestones,
                    dict(case.form or {}), waiver, case.retail,
                    Status(case.cancelled_from) if case.cancelled_from else None,
                    bool(case.client_verified), merged_into=case.merged_into)


def new_reference(session: Session) -> str:
    """A random reference not yet in use (collisions are rare: 32^6 possibilities)."""
    while True:
        reference = make_reference()
        if session.scalar(select(Case.id).where(Case.reference == reference)) is None:
            return reference


def apply_decision(session: Session, case: Case | None, decision: Decision, now: datetime) -> Case | None:
    """Write a decision's changes; returns the (possibly new) case row."""
    if decision.open_case:
        case = Case(reference=new_reference(session), status=Status.INTAKE, retail=False, opened_at=now,
                    updated_at=now, form={}, waiver_signed=False, waiver_overridden=False, client_verified=False)
        session.add(case)
        session.flush()
    if case is None or not decision.changes_case:
        return case
    if decision.status and decision.status != case.status:
        if decision.status is Status.CANCELLED:
            case.cancelled_from = case.status
        case.status = decision.status
        if decision.status in (Status.COMPLETED, Status.CANCELLED):
            case.closed_at = now
        else:
            case.closed_at = None
    if decision.retail is not None:
        case.retail = decision.retail
    if decision.client_verified is not None:
        case.client_verified = decision.client_verified
    if decision.form:
        case.form = {**(case.form or {}), **decision.form}
    _apply_parties(session, case, decision, now)
    _apply_milestones(session, case, decision.milestones)
    if decision.waiver:
        case.waiver_signed = decision.waiver.signed
        case.waiver_overridden = decision.waiver.overridden
        case.waiver_evidence = decision.waiver.evidence
        if decision.waiver.version:
            case.waiver_version = decision.waiver.version
    for item in decision.events:
        session.add(Event(case_id=case.id, at=now, kind=item.kind, actor=str(item.actor),
                          message_id=item.message_id, detail=item.detail))
    _apply_timers(session, case, decision.timers)
    if decision.merge_into is not None:
        _apply_merge(session, case, decision.merge_into, now)
    case.next_due = next_due(case)
    case.updated_at = now
    session.flush()
    return case


def _apply_merge(session: Session, case: Case, target_reference: str, now: datetime) -> None:
    """#merge: mail to ``case`` threads to the target from now on, and the target's timeline
    says so; "" (a merged case reopened) makes it stand on its own again."""
    former = case.merged_into
    case.merged_into = target_reference or None
    target = get_case(session, target_reference or former) if (target_reference or former) else None
    if target is None or target.id == case.id:
        return
    if target_reference:
        detail = (f"{case.reference}, a duplicate of this case, was merged into it: mail to {case.reference} "
                  f"comes here from now on; its own mails and timeline stay on {case.reference}")
    else:
        detail = f"{case.reference} was reopened: it is no longer merged into this case"
    session.add(Event(case_id=target.id, at=now, kind="merged_in" if target_reference else "unmerged",
                      actor=str(Role.STAFF), detail=detail))


def merged_target(session: Session, case: Case, hops: int = 10) -> Case:
    """The case a merged duplicate's mail belongs to now (following merges of merges)."""
    seen = {case.id}
    while case.merged_into and hops > 0:
        target = get_case(session, case.merged_into)
        if target is None or target.id in seen:
            break
        seen.add(target.id)
        case, hops = target, hops - 1
    return case


def case_views(session: Session, references: list[str]) -> dict[str, CaseView]:
    """The cases named by reference (a staff command's arguments), as views for ``decide``."""
    views = {}
    for reference in dict.fromkeys(references):
        case = get_case(session, reference)
        if case is not None:
            views[reference] = to_view(case)
    return views


OPEN_STATUSES = (str(Status.INTAKE), str(Status.WAITING), str(Status.DISPUTED), str(Status.TRANSFERRING))


def running_deadline(case: Case) -> tuple[datetime, str] | None:
    """(due, milestone) of the earliest deadline running on ``case``: none once it is closed,
    and a disputed waiver's clock is paused (it waits on staff, not on the partner)."""
    if case.status not in OPEN_STATUSES:
        return None
    order = [str(m) for m in Milestone]
    pending = [(m.due, order.index(m.name), m.name) for m in case.milestones
               if m.state == str(MilestoneState.PENDING) and m.due is not None
               and not (case.status == str(Status.DISPUTED) and m.name == str(Milestone.WAIVER))]
    if not pending:
        return None
    due, _, name = min(pending)
    return due, name


def next_due(case: Case) -> datetime | None:
    """The earliest running deadline, kept on the case for the console's "overdue"."""
    running = running_deadline(case)
    return running[0] if running else None


def _apply_parties(session: Session, case: Case, decision: Decision, now: datetime) -> None:
    current = active_parties(case)
    for role, party in decision.parties.items():
        row = current.get(role)
        if party is None:
            if row:
                row.active = False
            continue
        # What people typed can be longer than a column: keep the start (the form keeps it all).
        name, company, phone = party.name[:200], party.company[:200], party.phone[:60]
        if row and row.email == party.email:
            row.name, row.company, row.phone = name, company, phone
            if party.language:  # (a view built afresh, with no language, leaves the row's alone)
                row.language, row.language_source = party.language, party.language_source or None
            # Staff giving the same address again (#set) say its mailbox works: it is tried again.
            row.failing = row.failing and party.failing
            continue
        if row:
            row.active = False  # replaced: kept for the record
        # Appended through the relationship, so the case sees it without reloading.
        case.parties.append(Party(role=str(role), email=party.email[:320], name=name, company=company,
                                  phone=phone, active=True, failing=False,
                                  subject_tags=list(party.subject_tags), created_at=now,
                                  language=party.language or None, language_source=party.language_source or None))


def _apply_milestones(session: Session, case: Case, milestones: dict[Milestone, MilestoneView]) -> None:
    rows = {m.name: m for m in case.milestones}
    for name, view in milestones.items():
        row = rows.get(name)
        if row is None:
            row = MilestoneRow(case=case, name=str(name))
            session.add(row)
        row.state = str(view.state)
        row.started_at, row.due, row.done_at, row.breached = view.started_at, view.due, view.done_at, view.breached
        row.paused_at = view.paused_at
        row.remaining_seconds = None if view.remaining is None else int(view.remaining.total_seconds())


def settle_clocks(session: Session, case: Case, now: datetime, rules: Rules) -> dict[Milestone, MilestoneView]:
    """Pause or resume the case's clocks after a change made outside ``decide`` (an address
    marked failing by a bounce); returns the milestones newly paused."""
    changes = clocks.settle(to_view(case), now, rules)
    if changes.milestones:
        _apply_milestones(session, case, changes.milestones)
        for item in changes.events:
            session.add(Event(case_id=case.id, at=now, kind=item.kind, actor=str(item.actor), detail=item.detail))
        _apply_timers(session, case, changes.timers)
        case.next_due = next_due(case)
        session.flush()
    return changes.paused


def _apply_timers(session: Session, case: Case, timers: dict[Milestone, list[TimerPlan]]) -> None:
    if not timers:
        return
    # One statement cancels the open timers of every milestone replanned, one inserts the new.
    session.execute(update(Timer).where(
        Timer.case_id == case.id, Timer.milestone.in_([str(m) for m in timers]),
        Timer.fired_at.is_(None), Timer.cancelled.is_(False)).values(cancelled=True))
    session.add_all([Timer(case_id=case.id, milestone=str(plan.milestone), kind=plan.kind, due_at=plan.due_at,
                           cancelled=False) for plans in timers.values() for plan in plans])


def remember_message(session: Session, message_id: str | None, case: Case, role: str,
                     party_email: str | None, direction: str, now: datetime, subject: str = "") -> None:
    """Index a Message-ID for threading replies to it back to this case and party (the subject
    keeps the party's thread under one subject line)."""
    if message_id:
        session.add(ThreadMessage(message_id=message_id, case_id=case.id, role=role, party_email=party_email,
                                  direction=direction, at=now, subject=(subject or "")[:500]))


@dataclass(frozen=True)
class ThreadMatch:
    case_id: int
    role: str | None  # the party our referenced mail was sent to; None when we sent none of them


def thread_of(session: Session, message_ids: list[str]) -> ThreadMatch | None:
    """The case the referenced messages belong to, and whose thread the mail answers.

    Any known message places the mail in its case, but only a message *we sent* says whose
    thread it is: a mail the sender wrote themselves (however it was filed) must not let their
    next mail pass as an answer to a request we sent to somebody else.
    """
    if not message_ids:
        return None
    rows = session.scalars(select(ThreadMessage).where(ThreadMessage.message_id.in_(message_ids[-50:]))).all()
    if not rows:
        return None
    order = {mid: i for i, mid in enumerate(message_ids)}
    latest = max(rows, key=lambda r: (order.get(r.message_id, -1), r.id))
    ours = [r for r in rows if r.direction == "out" and r.case_id == latest.case_id]
    answered = max(ours, key=lambda r: (order.get(r.message_id, -1), r.id)) if ours else None
    return ThreadMatch(latest.case_id, answered.role if answered else None)


def cases_named(session: Session, message_ids: list[str]) -> list[int]:
    """Every case the referenced messages belong to (a mail naming two is a conflict)."""
    if not message_ids:
        return []
    rows = session.scalars(select(ThreadMessage.case_id).where(ThreadMessage.message_id.in_(message_ids[-50:]))
                           .distinct()).all()
    return sorted(set(rows))


def party_thread(session: Session, case: Case, role: str, email: str | None = None) -> list[ThreadMessage]:
    """A party's thread, oldest first (ours and theirs).

    With ``email`` only that address's messages count: a provider who replaces one who
    declined starts a thread of their own, not a reply to a conversation they never saw.
    """
    query = select(ThreadMessage).where(ThreadMessage.case_id == case.id, ThreadMessage.role == role)
    if email:
        query = query.where(ThreadMessage.party_email == email)
    return list(session.scalars(query.order_by(ThreadMessage.id)))


PARTY_ROLE_NAMES = [str(r) for r in PARTY_ROLES]
