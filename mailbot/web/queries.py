"""What the console's pages show, read from the store: "Needs you", the cases list, one case.

Read-only, and sized for 100,000 cases: lists are paginated in the database, filters use
indexes (status, milestones by state and due, parties by address), and a page loads the
parties and milestones of its own rows only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from mailbot.domain.authorise import KEYWORD_OWNER
from mailbot.store.cases import running_deadline
from mailbot.store.models import Case, Event, InboundMail, MilestoneRow, OutboundMail, Party
from mailbot.views import OPEN

PAGE_SIZE = 50
STATUSES = ("intake", "waiting", "disputed", "transferring", "completed", "cancelled")


def local_time(instant: datetime | None, timezone: str) -> str:
    """"2026-11-30 09:00 CST": every time a person reads is in the SLA timezone, zone shown."""
    if instant is None:
        return ""
    local = instant.astimezone(ZoneInfo(timezone))
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


@dataclass
class CasePage:
    rows: list[dict]
    total: int  # COUNT_LIMIT + 1 for a broad filter: more than COUNT_LIMIT
    page: int
    pages: int


# Counting every match of a broad filter costs more than the page itself: past this, "10,000+".
COUNT_LIMIT = 10_000
_REFERENCE = re.compile(r"^XFER-[A-Z0-9]{7}$")


def _matching(session: Session, q: str) -> list[int]:
    """Ids of the cases a search names: by reference, by a party's address (both indexed),
    else by a party's company or name (a scan of the parties, capped)."""
    if _REFERENCE.match(q.upper()):
        return list(session.scalars(select(Case.id).where(Case.reference == q.upper())))
    if "@" in q:
        return list(session.scalars(select(Party.case_id).where(Party.email == q.lower())))
    like = f"%{q.lower()}%"
    return list(session.scalars(select(Party.case_id).where(Party.role == "client", or_(
        func.lower(Party.company).like(like), func.lower(Party.name).like(like))).limit(COUNT_LIMIT)))


def list_cases(session: Session, now: datetime, status: str = "", q: str = "", overdue: bool = False,
               page: int = 1) -> CasePage:
    query = select(Case)
    capped = False  # (a broad filter is counted up to COUNT_LIMIT only)
    if status == "open":
        query = query.where(Case.status.in_(OPEN))
    elif status in STATUSES:
        query = query.where(Case.status == status)
    if overdue:
        # (the earliest running deadline, kept on the case with every decision, has passed)
        query = query.where(Case.next_due < now)
        capped = True
    q = q.strip()
    if q:
        query = query.where(Case.id.in_(_matching(session, q)))
    counted = query.limit(COUNT_LIMIT + 1) if capped else query
    total = session.scalar(select(func.count()).select_from(counted.subquery())) or 0
    pages = max(1, -(-min(total, COUNT_LIMIT) // PAGE_SIZE)) if capped else max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    cases = session.scalars(query.options(selectinload(Case.parties), selectinload(Case.milestones))
                            .order_by(Case.opened_at.desc(), Case.id.desc())
                            .offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    rows = []
    for case in cases:
        client = next((p for p in case.parties if p.role == "client" and p.active), None)
        running = running_deadline(case)
        deadline = {"milestone": running[1], "due_at": running[0]} if running else None
        late = case.next_due is not None and case.next_due < now
        rows.append({"reference": case.reference, "status": case.status,
                     "company": (case.form or {}).get("company") or (client.company if client else ""),
                     "client": client.email if client else "", "opened_at": case.opened_at,
                     "next": deadline, "overdue": late,
                     "breached": [m.name for m in case.milestones if m.breached]})
    return CasePage(rows, total, page, pages)


def needs_you(session: Session, now: datetime, read_reply) -> dict:
    """Everything waiting on a person, most urgent kinds first."""
    unclear = []
    for row in session.scalars(select(InboundMail).where(InboundMail.outcome == "Ambiguous",
                                                         InboundMail.case_id.is_not(None))
                               .order_by(InboundMail.id.desc()).limit(100)):
        case = session.get(Case, row.case_id)
        if case is None or case.status not in OPEN:
            continue
        answered = session.scalar(select(Event.id).where(Event.case_id == case.id, Event.kind == "reply_accepted",
                                                         Event.message_id == row.message_id))
        if answered:
            continue
        party = next((p for p in case.parties if p.email == row.sender and p.active), None)
        if party is None or not _still_waiting(case, party.role):
            continue
        text, why = read_reply(row)
        unclear.append({"id": row.id, "reference": case.reference, "sender": row.sender, "role": party.role,
                        "received_at": row.received_at, "subject": row.subject, "text": text, "why": why,
                        "intents": _intents_for(party.role)})
    disputes = []
    for case in session.scalars(select(Case).where(Case.status == "disputed").order_by(Case.updated_at)):
        since = session.scalar(select(func.max(Event.at)).where(Event.case_id == case.id,
                                                                  Event.kind == "waiver_objected")) or case.updated_at
        disputes.append({"reference": case.reference, "since": since, "waiting": _age(now - since)})
    breaches = session.execute(
        select(Case.reference, MilestoneRow.name, MilestoneRow.due).join(MilestoneRow, MilestoneRow.case_id == Case.id)
        .where(MilestoneRow.breached.is_(True), MilestoneRow.state == "pending", Case.status.in_(OPEN))
        .order_by(MilestoneRow.due).limit(200)).all()
    failing = session.execute(
        select(Case.reference, Party.role, Party.email, Party.failing_reason).join(Party, Party.case_id == Case.id)
        .where(Party.failing.is_(True), Party.active.is_(True), Case.status.in_(OPEN)).limit(200)).all()
    parked = session.scalars(select(OutboundMail).where(OutboundMail.status == "parked")
                             .order_by(OutboundMail.id.desc()).limit(200)).all()
    quarantined = session.scalars(select(InboundMail).where(InboundMail.status == "quarantined")
                                  .order_by(InboundMail.id.desc()).limit(200)).all()
    return {"unclear": unclear, "disputes": disputes,
            "breaches": [{"reference": r, "milestone": m, "due": d} for r, m, d in breaches],
            "failing": [{"reference": r, "role": role, "email": e, "reason": why or ""} for r, role, e, why in failing],
            "parked": parked, "quarantined": quarantined}


_WAITS_ON = {"old_partner": "waiver", "new_provider": "acceptance", "client": None}


def _still_waiting(case: Case, role: str) -> bool:
    """An unclear reply needs someone while its party's answer is still outstanding (a client's
    unclear CANCEL, while the case is open)."""
    milestone = _WAITS_ON.get(role)
    if milestone is None:
        return role == "client"
    return any(m.name == milestone and m.state == "pending" for m in case.milestones)


def _intents_for(role: str) -> list[str]:
    """The answers that belong to ``role`` (the keyword table of the trust chain)."""
    return [str(intent) for intent, owner in KEYWORD_OWNER.items() if str(owner) == role]


def _age(delta) -> str:
    hours = int(delta.total_seconds() // 3600)
    return f"{hours // 24} d {hours % 24} h" if hours >= 24 else f"{hours} h"


def outbox_rows(session: Session, status: str = "", page: int = 1) -> CasePage:
    query = select(OutboundMail, Case.reference).outerjoin(Case, Case.id == OutboundMail.case_id)
    if status == "pending":
        query = query.where(OutboundMail.status.in_(("pending", "sending", "unconfirmed")))
    elif status in ("sent", "parked"):
        query = query.where(OutboundMail.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    rows = session.execute(query.order_by(OutboundMail.id.desc()).offset((page - 1) * PAGE_SIZE)
                           .limit(PAGE_SIZE)).all()
    return CasePage([{"mail": m, "reference": ref} for m, ref in rows], total, page, pages)


def quarantine_rows(session: Session) -> list[dict]:
    rows = session.execute(select(InboundMail, Case.reference).outerjoin(Case, Case.id == InboundMail.case_id)
                           .where(InboundMail.status == "quarantined").order_by(InboundMail.id.desc())
                           .limit(500)).all()
    return [{"mail": m, "reference": ref} for m, ref in rows]


def case_mails(session: Session, case: Case) -> list[dict]:
    """Every mail in and out of a case, oldest first."""
    inbound = session.execute(select(InboundMail.id, InboundMail.received_at, InboundMail.sender, InboundMail.subject,
                                     InboundMail.outcome, InboundMail.status)
                              .where(InboundMail.case_id == case.id)).all()
    outbound = session.execute(select(OutboundMail.id, OutboundMail.created_at, OutboundMail.to, OutboundMail.subject,
                                      OutboundMail.template, OutboundMail.status)
                               .where(OutboundMail.case_id == case.id)).all()
    mails = [{"direction": "in", "id": i, "at": at, "who": sender or "", "subject": subject, "what": outcome or status}
             for i, at, sender, subject, outcome, status in inbound]
    mails += [{"direction": "out", "id": i, "at": at, "who": ", ".join(to), "subject": subject,
               "what": f"{template} ({status})"} for i, at, to, subject, template, status in outbound]
    return sorted(mails, key=lambda m: (m["at"], m["direction"] == "out", m["id"]))
