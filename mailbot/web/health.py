"""``/healthz`` and ``/metrics``: what a monitor needs, read from the store at each request.

Read from the database rather than counted in memory, so that every instance (and
``mailbot web`` on its own) reports the same figures, and a restart loses nothing. The IMAP
watcher's state comes from the daemon when it serves the pages itself, else from the
instances' heartbeats in the database.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from sqlalchemy import func, select, text

from mailbot.instances import DEAD_AFTER
from mailbot.store.models import Case, DaemonInstance, InboundMail, MilestoneRow, OutboundMail
from mailbot.store.uow import UnitOfWork

# A pending mail older than this (past its next try) means the sender is stuck or the server away.
OUTBOX_STALE = timedelta(minutes=30)


def watcher_state(sessions, now: datetime, in_process: Callable[[], bool | None] | None) -> bool | None:
    """True when a watcher is connected (or an instance's heartbeat is fresh); None: unknown."""
    if in_process is not None:
        state = in_process()
        if state is not None:
            return state
    with UnitOfWork(sessions) as uow:
        fresh = uow.session.scalar(select(func.count()).select_from(DaemonInstance)
                                   .where(DaemonInstance.heartbeat_at >= now - DEAD_AFTER))
    return bool(fresh)


def oldest_pending(session, now: datetime) -> float:
    """Seconds the oldest mail due for sending has waited (0: none waiting)."""
    due = session.scalar(select(func.min(OutboundMail.next_attempt_at))
                         .where(OutboundMail.status.in_(("pending", "sending", "unconfirmed")),
                                OutboundMail.next_attempt_at <= now))
    return max(0.0, (now - due).total_seconds()) if due else 0.0


def health(sessions, now: datetime, in_process=None) -> tuple[int, dict]:
    report: dict = {"status": "ok"}
    problems = []
    try:
        with UnitOfWork(sessions) as uow:
            uow.session.execute(text("SELECT 1"))
            waiting = oldest_pending(uow.session, now)
        report["database"] = "ok"
        report["outbox_oldest_pending_seconds"] = round(waiting)
        if waiting > OUTBOX_STALE.total_seconds():
            problems.append(f"outbox: a mail has waited {round(waiting / 60)} minutes to be sent")
    except Exception as exc:  # the database is what is wrong: say so, do not crash the page
        report["database"] = f"error: {type(exc).__name__}"
        problems.append("database unreachable")
        return 503, {**report, "status": "error", "problems": problems}
    watching = watcher_state(sessions, now, in_process)
    report["imap_watcher"] = {True: "connected", False: "not running", None: "unknown"}[watching]
    if watching is False:
        problems.append("imap watcher: no running instance is watching the mailbox")
    if problems:
        return 503, {**report, "status": "error", "problems": problems}
    return 200, report


class StoreCollector:
    """Prometheus metrics, computed from the store on each scrape."""

    def __init__(self, sessions, clock: Callable[[], datetime], in_process=None) -> None:
        self.sessions, self.clock, self.in_process = sessions, clock, in_process

    def collect(self):
        now = self.clock()
        with UnitOfWork(self.sessions) as uow:
            s = uow.session
            inbound = CounterMetricFamily("mailbot_mails_in", "Inbound mails by outcome", labels=["outcome"])
            for outcome, count in s.execute(select(InboundMail.outcome, func.count()).group_by(InboundMail.outcome)):
                inbound.add_metric([outcome or "pending"], count)
            yield inbound
            notices = GaugeMetricFamily("mailbot_notices", "Outbound notices by state", labels=["state"])
            states = dict.fromkeys(("pending", "sent", "parked"), 0)
            for status, count in s.execute(select(OutboundMail.status, func.count()).group_by(OutboundMail.status)):
                key = "pending" if status in ("sending", "unconfirmed") else status
                states[key] = states.get(key, 0) + count
            for state, count in states.items():
                notices.add_metric([state], count)
            yield notices
            cases = GaugeMetricFamily("mailbot_cases", "Cases by status", labels=["status"])
            for status, count in s.execute(select(Case.status, func.count()).group_by(Case.status)):
                cases.add_metric([status], count)
            yield cases
            breaches = GaugeMetricFamily("mailbot_breaches", "Milestones past their deadline", labels=["milestone"])
            for name, count in s.execute(select(MilestoneRow.name, func.count()).where(MilestoneRow.breached.is_(True))
                                         .group_by(MilestoneRow.name)):
                breaches.add_metric([name], count)
            yield breaches
            yield GaugeMetricFamily("mailbot_outbox_oldest_pending_seconds",
                                    "How long the oldest mail due for sending has waited",
                                    value=oldest_pending(s, now))
            quarantined = s.scalar(select(func.count()).select_from(InboundMail)
                                   .where(InboundMail.status == "quarantined"))
            yield GaugeMetricFamily("mailbot_quarantined_mails", "Inbound mails set aside for staff",
                                    value=quarantined)
        watching = watcher_state(self.sessions, now, self.in_process)
        yield GaugeMetricFamily("mailbot_imap_connected", "1 when an IMAP watcher is connected (-1: unknown)",
                                value={True: 1, False: 0, None: -1}[watching])


def metrics_text(sessions, clock, in_process=None) -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(StoreCollector(sessions, clock, in_process))
    return generate_latest(registry)
