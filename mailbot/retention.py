"""Retention: the raw bytes of a closed case's mails are emptied ``[retention] raw_mail_days``
after the case closed.

What goes is only the raw bytes (``InboundMail.raw``, ``OutboundMail.raw`` set to empty): the
rows, their headers, hashes, text, the decision traces and the timeline stay, and the timeline
says what was removed and when. What stays whole (unless ``keep_waiver_evidence`` is false):
the mails the evidence bundle is built from (``mailbot.evidence.evidence_mails``), so a bundle
made after the removal still verifies.

Only mail that is done with is touched: inbound mail processed (or a duplicate), outbound mail
sent. Quarantined mail stays for staff to read and replay, unsent mail for the sender to send;
mail on no case is not touched. Running it twice changes nothing the second time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mailbot.config import RetentionConfig
from mailbot.evidence import evidence_mails
from mailbot.store.models import Case, DailyNotice, Event, InboundMail, OutboundMail
from mailbot.store.uow import UnitOfWork

log = logging.getLogger("mailbot.retention")

CLOSED = ("completed", "cancelled")
DONE_INBOUND = ("processed", "duplicate")  # not: received (in hand), failed (retried), quarantined
DONE_OUTBOUND = ("sent",)
EVENT_KIND = "raw_mail_removed"


@dataclass
class CaseRemoval:
    """What retention removes (or, in a dry run, would remove) from one case."""

    reference: str
    closed_at: datetime
    inbound: list[int]
    outbound: list[int]
    bytes: int
    kept: list[str] = field(default_factory=list)  # the evidence mails left whole, in words

    @property
    def mails(self) -> int:
        return len(self.inbound) + len(self.outbound)

    def describe(self, days: int) -> str:
        text = (f"raw bytes of {len(self.inbound)} inbound and {len(self.outbound)} outbound mail(s) removed "
                f"({self.bytes:,} bytes): the case closed at {self.closed_at.isoformat(timespec='seconds')}, more "
                f"than {days} day(s) ago ([retention] raw_mail_days); headers, text and hashes are kept")
        if self.kept:
            text += "; kept whole for the waiver evidence: " + ", ".join(self.kept)
        return text


def _has_raw(column):
    return func.length(column) > 0


def plan(session: Session, settings: RetentionConfig, now: datetime) -> list[CaseRemoval]:
    """The removals due at ``now``: closed cases past the limit that still hold raw mail."""
    if settings.raw_mail_days <= 0:
        return []
    cutoff = now - timedelta(days=settings.raw_mail_days)
    inbound_left = exists().where(InboundMail.case_id == Case.id, InboundMail.status.in_(DONE_INBOUND),
                                  _has_raw(InboundMail.raw))
    outbound_left = exists().where(OutboundMail.case_id == Case.id, OutboundMail.status.in_(DONE_OUTBOUND),
                                   _has_raw(OutboundMail.raw))
    cases = session.scalars(select(Case).where(Case.status.in_(CLOSED), Case.closed_at.is_not(None),
                                               Case.closed_at <= cutoff, inbound_left | outbound_left)
                            .order_by(Case.closed_at, Case.id)).all()
    removals = []
    for case in cases:
        keep_in, keep_out = evidence_mails(session, case, now) if settings.keep_waiver_evidence else ({}, {})
        inbound = session.execute(select(InboundMail.id, func.length(InboundMail.raw)).where(
            InboundMail.case_id == case.id, InboundMail.status.in_(DONE_INBOUND), _has_raw(InboundMail.raw))
            .order_by(InboundMail.id)).all()
        outbound = session.execute(select(OutboundMail.id, func.length(OutboundMail.raw)).where(
            OutboundMail.case_id == case.id, OutboundMail.status.in_(DONE_OUTBOUND), _has_raw(OutboundMail.raw))
            .order_by(OutboundMail.id)).all()
        inbound = [(i, size) for i, size in inbound if i not in keep_in]
        outbound = [(i, size) for i, size in outbound if i not in keep_out]
        if not inbound and not outbound:
            continue
        removals.append(CaseRemoval(case.reference, case.closed_at, [i for i, _ in inbound],
                                    [i for i, _ in outbound], sum(s for _, s in inbound + outbound),
                                    [*keep_in.values(), *keep_out.values()]))
    return removals


def remove(session: Session, removals: list[CaseRemoval], settings: RetentionConfig, now: datetime) -> None:
    """Empty the raw bytes ``plan`` found and say so on each case's timeline (not committed)."""
    for removal in removals:
        if removal.inbound:
            session.execute(update(InboundMail).where(InboundMail.id.in_(removal.inbound)).values(raw=b""))
        if removal.outbound:
            session.execute(update(OutboundMail).where(OutboundMail.id.in_(removal.outbound)).values(raw=b""))
        case_id = session.scalar(select(Case.id).where(Case.reference == removal.reference))
        session.add(Event(case_id=case_id, at=now, kind=EVENT_KIND, actor="system",
                          detail=removal.describe(settings.raw_mail_days)))
    session.flush()


def apply_retention(sessions, settings: RetentionConfig, now: datetime, dry_run: bool = False) -> list[CaseRemoval]:
    """One retention pass in one transaction; with ``dry_run`` only what it would remove."""
    with UnitOfWork(sessions) as uow:
        removals = plan(uow.session, settings, now)
        if not dry_run and removals:
            remove(uow.session, removals, settings, now)
            uow.commit()
    return removals


def daily_job(sessions, settings: RetentionConfig, timezone: str,
              clock: Callable[[], datetime]) -> Callable[[], None]:
    """The daemon's job: one pass per day in the SLA timezone, whatever restarts happen and
    however many instances share the database (the day is claimed in ``daily_notices`` in the
    same transaction as the removal)."""
    def job() -> None:
        now = clock()
        day = now.astimezone(ZoneInfo(timezone)).date().isoformat()
        with UnitOfWork(sessions) as uow:
            uow.session.add(DailyNotice(kind="retention", day=day, sent_at=now))
            try:
                uow.session.flush()
            except IntegrityError:
                return  # done today already (before a restart, or by another instance)
            removals = plan(uow.session, settings, now)
            remove(uow.session, removals, settings, now)
            uow.commit()
        if removals:
            log.info("retention: raw bytes of %s mail(s) (%s bytes) removed on %s closed case(s): %s",
                     sum(r.mails for r in removals), f"{sum(r.bytes for r in removals):,}", len(removals),
                     ", ".join(r.reference for r in removals))
    return job
