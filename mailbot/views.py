"""The JSON shapes of INTERFACES.md (``case``, ``cases``, ``outbox``) and their text forms."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.domain.model import Milestone, MilestoneState, Role
from mailbot.store.cases import OPEN_STATUSES, running_deadline, to_view
from mailbot.store.models import Case, Event, OutboundMail

OPEN = list(OPEN_STATUSES)


def iso(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant else None


def case_json(session: Session, case: Case) -> dict:
    view = to_view(case)
    client = view.party(Role.CLIENT)
    partner = view.party(Role.OLD_PARTNER)
    provider = view.party(Role.NEW_PROVIDER)
    milestones = {}
    for name in Milestone:
        m = view.milestone(name)
        state = MilestoneState.PENDING if m.state is MilestoneState.NOT_STARTED else m.state
        milestones[str(name)] = {"state": str(state), "due": iso(m.due), "done_at": iso(m.done_at),
                                 "breached": m.breached}
    evidence = view.waiver.evidence or {}
    events = session.scalars(select(Event).where(Event.case_id == case.id).order_by(Event.id)).all()
    return {
        "reference": view.reference,
        "status": str(view.status),
        "retail": view.retail,
        "parties": {
            "client": _party(client, company=True),
            "old_partner": _party(partner) if partner else None,
            "new_provider": _party(provider) if provider else None,
        },
        "milestones": milestones,
        "waiver": {
            "signed": view.waiver.signed,
            "overridden": view.waiver.overridden,
            "version": view.waiver.version,
            "text_sha256": view.waiver.text_sha256,
            "evidence": {key: evidence.get(key) for key in
                         ("message_id", "from", "date", "authentication_results", "raw_sha256", "words", "proof")}
            | {key: evidence[key] for key in ("accepted_by", "accepted_reason", "accepted_at") if key in evidence}
            if view.waiver.signed else ({"overridden_by": evidence.get("overridden_by"),
                                         "message_id": evidence.get("message_id")} if evidence else None),
        },
        "form": view.form,
        "opened_at": iso(view.opened_at),
        "events": [{"at": iso(e.at), "kind": e.kind, "actor": e.actor, "message_id": e.message_id,
                    "detail": e.detail} for e in events],
    }


def _party(party, company: bool = False) -> dict | None:
    if party is None:
        return None
    data = {"email": party.email}
    if company:
        data.update({"name": party.name, "company": party.company})
    if party.failing:
        data["failing"] = True
    return data


def next_deadline(case: Case) -> dict | None:
    running = running_deadline(case)
    return {"milestone": running[1], "due": iso(running[0])} if running else None


def cases_json(session: Session, include_closed: bool) -> list[dict]:
    query = select(Case).order_by(Case.opened_at, Case.id)
    if not include_closed:
        query = query.where(Case.status.in_(OPEN))
    out = []
    for case in session.scalars(query):
        view = to_view(case)
        client = view.party(Role.CLIENT)
        out.append({"reference": case.reference, "status": case.status, "client": client.email if client else None,
                    "company": view.form.get("company") or (client.company if client else ""),
                    "opened_at": iso(case.opened_at), "next_deadline": next_deadline(case)})
    return out


def outbox_json(session: Session, status: str | None = None, limit: int | None = None) -> list[dict]:
    query = select(OutboundMail, Case.reference).outerjoin(Case, Case.id == OutboundMail.case_id) \
        .order_by(OutboundMail.id)
    if status:
        query = query.where(OutboundMail.status == status)
    rows = session.execute(query).all()
    if limit:
        rows = rows[-limit:]
    # "sending" and "unconfirmed" are moments inside one delivery; to users the mail is pending.
    return [{"id": m.id, "reference": ref, "template": m.template,
             "status": "pending" if m.status in ("sending", "unconfirmed") else m.status, "to": list(m.to),
             "cc": list(m.cc or []), "subject": m.subject, "message_id": m.message_id,
             "in_reply_to": m.in_reply_to, "reply_to": m.reply_to, "created_at": iso(m.created_at),
             "text": m.text} for m, ref in rows]


def case_text(data: dict) -> str:
    lines = [f"{data['reference']}  {data['status']}{'  (retail)' if data['retail'] else ''}"]
    for role, party in data["parties"].items():
        if party:
            extra = f" — {party.get('name') or ''} {('(' + party['company'] + ')') if party.get('company') else ''}".rstrip(" —")
            lines.append(f"  {role:<13}{party['email']}{extra}{'  FAILING' if party.get('failing') else ''}")
    lines.append("  milestones:")
    for name, m in data["milestones"].items():
        extra = f" due {m['due']}" if m["state"] == "pending" and m["due"] else ""
        extra += f" done {m['done_at']}" if m["done_at"] else ""
        lines.append(f"    {name:<11}{m['state']}{extra}{'  BREACHED' if m['breached'] else ''}")
    w = data["waiver"]
    if w["signed"] or w["overridden"]:
        lines.append(f"  waiver: {'signed' if w['signed'] else 'overridden'}, version {w['version']}, "
                     f"text sha256 {w['text_sha256']}")
        for key, value in (w["evidence"] or {}).items():
            lines.append(f"    {key}: {' '.join(str(value).split())[:300]}")
    lines.append("  timeline:")
    for e in data["events"]:
        lines.append(f"    {e['at'][:16]}  {e['actor']:<12} {e['kind']:<18} {e['detail'][:110]}")
    return "\n".join(lines) + "\n"
