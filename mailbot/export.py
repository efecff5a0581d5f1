"""``mailbot export``: cases as JSON lines, one case a line, with their mails byte for byte.

Each line is ``{"case": …, "inbound": […], "outbound": […]}``: ``case`` exactly as
``mailbot case REF --json`` gives it (``mailbot.views.case_json``), and every mail stored on the
case, oldest first, with its raw bytes base64-encoded (``raw_base64``) and their SHA-256. A mail
whose raw bytes retention removed has ``raw_base64`` empty and ``raw_removed`` true; its
recorded hash (inbound mail) still says what it was.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.store.models import Case, InboundMail, OutboundMail
from mailbot.views import case_json, iso

FORMAT = "mailbot-export/1"


def _raw(raw: bytes | None) -> dict:
    raw = bytes(raw or b"")
    return {"raw_base64": base64.b64encode(raw).decode("ascii"), "bytes": len(raw),
            "sha256": hashlib.sha256(raw).hexdigest() if raw else None, "raw_removed": not raw}


def inbound_json(row: InboundMail) -> dict:
    return {"id": row.id, "message_id": row.message_id, "received_at": iso(row.received_at),
            "processed_at": iso(row.processed_at), "sender": row.sender, "subject": row.subject,
            "status": row.status, "outcome": row.outcome, "size": row.size, "raw_sha256": row.raw_sha256,
            "trace": row.trace or [], **_raw(row.raw)}


def outbound_json(row: OutboundMail) -> dict:
    return {"id": row.id, "message_id": row.message_id, "template": row.template, "role": row.role,
            "status": row.status, "to": list(row.to), "cc": list(row.cc or []), "subject": row.subject,
            "in_reply_to": row.in_reply_to, "created_at": iso(row.created_at), "sent_at": iso(row.sent_at),
            **_raw(row.raw)}


def case_export(session: Session, case: Case) -> dict:
    """One line of the export: the case and every mail stored on it."""
    inbound = session.scalars(select(InboundMail).where(InboundMail.case_id == case.id).order_by(InboundMail.id))
    outbound = session.scalars(select(OutboundMail).where(OutboundMail.case_id == case.id)
                               .order_by(OutboundMail.id))
    return {"format": FORMAT, "case": case_json(session, case),
            "inbound": [inbound_json(row) for row in inbound],
            "outbound": [outbound_json(row) for row in outbound]}


def export_cases(sessions, references: list[str] | None) -> Iterator[dict]:
    """The export of the cases named (``None``: every case, oldest first), one at a time: a
    large database is never held in memory whole."""
    with sessions() as session:
        if references is None:
            ids = session.scalars(select(Case.id).order_by(Case.opened_at, Case.id)).all()
        else:
            ids = [session.scalar(select(Case.id).where(Case.reference == ref)) for ref in references]
        for case_id in ids:
            yield case_export(session, session.get(Case, case_id))
            session.expunge_all()  # (the mails just written out need not stay in memory)
