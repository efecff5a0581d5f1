"""The JSON shapes of INTERFACES.md (``case``, ``cases``, ``outbox``) and their text forms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.domain.clocks import pause_reason, plain_duration
from mailbot.domain.model import Milestone, MilestoneState, Role, Status
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
        if m.state is MilestoneState.PENDING and m.paused:
            # Its clock stands still: no due date; the business time left comes back on resume.
            milestones[str(name)].update({
                "paused": True, "paused_at": iso(m.paused_at),
                "paused_for": pause_reason(view.with_status(view.cancelled_from or view.status), name),
                "remaining_seconds": int(m.remaining.total_seconds()) if m.remaining is not None else 0})
    evidence = view.waiver.evidence or {}
    events = session.scalars(select(Event).where(Event.case_id == case.id).order_by(Event.id)).all()
    return {
        "reference": view.reference,
        "status": str(view.status),
        "retail": view.retail,
        "merged_into": view.merged_into,  # a duplicate folded into that case by #merge
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
            "language": view.waiver.language,  # of the text sent, whose SHA-256 this is
            "text_sha256": view.waiver.text_sha256,
            "evidence": {key: evidence.get(key) for key in
                         ("message_id", "from", "date", "authentication_results", "raw_sha256", "words", "proof")}
            | {key: evidence[key] for key in ("accepted_by", "accepted_reason", "accepted_at") if key in evidence}
            if view.waiver.signed else ({"overridden_by": evidence.get("overridden_by"),
                                         "message_id": evidence.get("message_id"),
                                         "reason": evidence.get("reason")} if evidence else None),
        },
        "form": view.form,
        # Each party's language and where it came from ("staff", "header", "text"); null: the
        # configured [notices] language.
        "languages": {str(role): {"language": party.language or None, "source": party.language_source or None}
                      for role, party in view.parties.items()},
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
    else:
        # the partner's or the provider's contact person, as the client named them
        data.update({key: value for key, value in (("name", party.name), ("phone", party.phone)) if value})
    if party.failing:
        data["failing"] = True
    return data


def next_deadline(case: Case) -> dict | None:
    running = running_deadline(case)
    return {"milestone": running[1], "due": iso(running[0])} if running else None


def listed_deadline(case: Case, now: datetime) -> dict | None:
    """The deadline a listing shows: the earliest running one, or a completed case's follow-up;
    ``breached`` once it has passed (at ``now``) or the bot has recorded it as breached."""
    running = running_deadline(case)
    if running is None and case.status == str(Status.COMPLETED):
        followup = next((m for m in case.milestones if m.name == str(Milestone.FOLLOWUP)
                         and m.state == str(MilestoneState.PENDING) and m.due is not None), None)
        running = (followup.due, followup.name) if followup else None
    if running is None:
        return None
    due, name = running
    recorded = any(m.name == name and m.breached for m in case.milestones)
    return {"milestone": name, "due": iso(due), "breached": recorded or due <= now}


def cases_json(session: Session, include_closed: bool, now: datetime | None = None) -> list[dict]:
    now = now or datetime.now(UTC)
    query = select(Case).order_by(Case.opened_at, Case.id)
    if not include_closed:
        query = query.where(Case.status.in_(OPEN))
    out = []
    for case in session.scalars(query):
        view = to_view(case)
        client = view.party(Role.CLIENT)
        out.append({"reference": case.reference, "status": case.status, "client": client.email if client else None,
                    "company": view.form.get("company") or (client.company if client else ""),
                    "opened_at": iso(case.opened_at), "next_deadline": listed_deadline(case, now)})
    return out


def outbox_json(session: Session, status: str | None = None, limit: int | None = None,
                reference: str | None = None) -> list[dict]:
    """Outbound mail, oldest first (with ``limit``, the newest that many)."""
    query = select(OutboundMail, Case.reference).outerjoin(Case, Case.id == OutboundMail.case_id)
    if status == "pending":
        query = query.where(OutboundMail.status.in_(("pending", "sending", "unconfirmed")))
    elif status:
        query = query.where(OutboundMail.status == status)
    if reference:
        query = query.where(Case.reference == reference)
    if limit:
        query = query.order_by(OutboundMail.id.desc()).limit(limit)
        rows = list(reversed(session.execute(query).all()))
    else:
        rows = session.execute(query.order_by(OutboundMail.id)).all()
    # "sending" and "unconfirmed" are moments inside one delivery; to users the mail is pending.
    return [{"id": m.id, "reference": ref, "template": m.template,
             "status": "pending" if m.status in ("sending", "unconfirmed") else m.status, "to": list(m.to),
             "cc": list(m.cc or []), "subject": m.subject, "message_id": m.message_id,
             "in_reply_to": m.in_reply_to, "reply_to": m.reply_to, "created_at": iso(m.created_at),
             "text": m.text, "attempts": m.attempts or 0, "last_error": m.last_error,
             "next_attempt_at": iso(m.next_attempt_at) if m.status != "sent" else None,
             "sent_at": iso(m.sent_at)} for m, ref in rows]


def outbox_text(rows: list[dict], timezone: str) -> str:
    """``outbox`` for a person: each mail, and for one not sent yet its tries and last error."""
    lines = []
    for row in rows:
        lines.append(f"#{row['id']:<5} {row['status']:<8} {row['reference'] or '-':<13} {row['template']:<24} "
                     f"{', '.join(row['to'])}")
        if row["status"] == "sent":
            continue
        tries = f"{row['attempts']} attempt(s)" if row["attempts"] else "not tried yet"
        when = f", next try {local(row['next_attempt_at'], timezone)}" if row["status"] == "pending" else ""
        lines.append(f"       {tries}{when}")
        if row["last_error"]:
            lines.append(f"       last error: {' '.join(row['last_error'].split())}")
    return "".join(line + "\n" for line in lines)


def local(value: str | datetime | None, timezone: str) -> str:
    """An instant as a person reads it: in the SLA timezone, with its zone ("2026-12-01 09:00 CST")."""
    if not value:
        return "-"
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    return instant.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d %H:%M %Z")


def cases_text(rows: list[dict], timezone: str) -> str:
    """``cases`` for a person: a header row, nothing cut, a passed deadline flagged."""
    table = [("REFERENCE", "STATUS", "COMPANY", "CLIENT", f"NEXT DEADLINE ({timezone})")]
    for row in rows:
        nxt = row["next_deadline"]
        due = (f"{nxt['milestone']} {local(nxt['due'], timezone)}{'  BREACHED' if nxt['breached'] else ''}"
               if nxt else "-")
        table.append((row["reference"], row["status"], row["company"] or "-", row["client"] or "-", due))
    widths = [max(len(line[i]) for line in table) for i in range(4)]
    return "".join("  ".join(cell.ljust(width) for cell, width in zip(line[:4], widths, strict=True))
                   + "  " + line[4] + "\n" for line in table)


_FORM_SHOWN = (("company", "company"), ("contact_name", "contact"), ("contact_phone", "phone"),
               ("domains", "domains"), ("reason", "reason"))


def case_text(data: dict, timezone: str) -> str:
    """``case`` for a person: times in the SLA timezone with the zone, every value whole."""
    lines = [f"{data['reference']}  {data['status']}{'  (retail)' if data['retail'] else ''}"
             f"{'  merged into ' + data['merged_into'] if data.get('merged_into') else ''}  (times in {timezone})"]
    for role, party in data["parties"].items():
        if party:
            who = ", ".join(value for value in (party.get("name"), party.get("phone")) if value)
            extra = f" — {who} {('(' + party['company'] + ')') if party.get('company') else ''}".rstrip(" —")
            lines.append(f"  {role:<13}{party['email']}{extra}{'  FAILING' if party.get('failing') else ''}")
    form = data.get("form") or {}
    for key, label in _FORM_SHOWN:
        if form.get(key):
            lines.append(f"  {label:<13}{' '.join(str(form[key]).split())}")
    lines.append("  milestones:")
    for name, m in data["milestones"].items():
        extra = f", due {local(m['due'], timezone)}" if m["state"] == "pending" and m["due"] else ""
        if m.get("paused"):
            why = {"dispute": " by the dispute", "bounce": " (the address bounces)"}.get(m.get("paused_for"), "")
            extra = (f", paused{why} since {local(m['paused_at'], timezone)}, "
                     f"{plain_duration(timedelta(seconds=m['remaining_seconds']))} of business time left")
        extra += f" on {local(m['done_at'], timezone)}" if m["done_at"] else ""
        lines.append(f"    {name:<11}{m['state']}{extra}{'  BREACHED' if m['breached'] else ''}")
    w = data["waiver"]
    if w["signed"] or w["overridden"]:
        written = f" ({w['language']})" if w.get("language") not in (None, "en") else ""  # (English: as before)
        lines.append(f"  waiver: {'signed' if w['signed'] else 'overridden'}, version {w['version']}{written}, "
                     f"text sha256 {w['text_sha256']}")
        for key, value in (w["evidence"] or {}).items():
            if value not in (None, ""):
                lines.append(f"    {key}: {' '.join(str(value).split())}")
    lines.append("  timeline:")
    for e in data["events"]:
        head = f"    {local(e['at'], timezone)}  {e['actor']:<12} {e['kind']:<18} "
        lines.extend(_wrapped(head, e["detail"] or ""))
    return "\n".join(lines) + "\n"


def _wrapped(head: str, detail: str, width: int = 110) -> list[str]:
    """A timeline line whose detail is wrapped under itself, never cut."""
    import textwrap

    words = " ".join(detail.split())
    parts = textwrap.wrap(words, width, break_long_words=True, break_on_hyphens=False) or [""]
    return [head + parts[0]] + [" " * len(head) + part for part in parts[1:]]
