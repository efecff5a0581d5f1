"""Firing deadline timers and writing the staff digest.

Timers are rows (planned by ``decide`` when a milestone starts or is extended). A sweep fires
what is due, once: the notice is written to the outbox and the timer marked fired in the same
transaction. Nothing goes out outside working hours or on a closed day; a sweep after a long
outage fires, per milestone, only the latest nudge and the escalation, and marks the older
points as skipped. The escalation marks the milestone breached and tells staff.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from mailbot.domain.decision import STAFF, Notice
from mailbot.domain.model import OWNERS, Milestone, MilestoneState, Role, Status
from mailbot.notices import NoticeWriter, plain_time
from mailbot.store.cases import active_parties
from mailbot.store.models import Case, DailyNotice, Event, MilestoneRow, Timer
from mailbot.store.uow import UnitOfWork
from mailbot.views import OPEN, next_deadline
from replies.i18n import N_
from scheduler.calendar import BusinessCalendar

log = logging.getLogger("mailbot.timers")

# What a reminder asks for, and the answer it asks for (translated for the party: N_).
ASK = {
    Milestone.INTAKE: (N_("we still need the details of the intake form to start your transfer."), ""),
    Milestone.WAIVER: (N_("we are waiting for your answer to the waiver request."), N_("I AGREE (or I OBJECT)")),
    Milestone.ACCEPTANCE: (N_("we are waiting for your answer to the transfer request."),
                           N_("I ACCEPT (or I DECLINE)")),
    Milestone.TRANSFER: ("the transfer checklist is waiting to be completed; reply #complete when done.", ""),
}
NEW_PROVIDER_ASK = N_('please name another provider, or "none" to be served by us directly (New provider e-mail: …).')


def _waits_on(case: Case, milestone: Milestone) -> Role:
    """Whose answer the milestone waits for: its owner, or the client once the provider
    declined (the client owes the choice of another)."""
    if milestone is Milestone.ACCEPTANCE and str(Role.NEW_PROVIDER) not in active_parties(case):
        return Role.CLIENT
    return OWNERS[milestone]


@dataclass
class SweepReport:
    nudges: int = 0
    escalations: int = 0
    followups: int = 0
    skipped: int = 0
    waiting: bool = False  # nothing fired because it is outside working hours
    lines: list[str] = field(default_factory=list)


class TimerSweep:
    def __init__(self, sessions: sessionmaker[Session], notices: NoticeWriter, calendar: BusinessCalendar,
                 timezone: str, report_url: str = "") -> None:
        self.sessions = sessions
        self.notices = notices
        self.calendar = calendar
        self.timezone = timezone
        self.report_url = report_url  # the console's /report, linked from the digest ("": not served)

    def sweep(self, now: datetime) -> SweepReport:
        report = SweepReport()
        if not self.calendar.may_notify(now):
            report.waiting = True
            return report
        with UnitOfWork(self.sessions) as uow:
            session = uow.session
            due = session.execute(
                select(Timer, Case).join(Case, Case.id == Timer.case_id)
                .where(Timer.fired_at.is_(None), Timer.cancelled.is_(False), Timer.due_at <= now,
                       Case.status.in_([*OPEN, Status.COMPLETED]))
                .order_by(Timer.case_id, Timer.milestone, Timer.due_at, Timer.id)
                # Parties and milestones of every case in one go, not one query per notice.
                .options(selectinload(Case.parties), selectinload(Case.milestones))
                .with_for_update(skip_locked=True, of=Timer)).all()
            for (_case_id, milestone), group in groupby(due, key=lambda row: (row[0].case_id, row[0].milestone)):
                rows = list(group)
                self._fire(session, rows[0][1], Milestone(milestone), [t for t, _ in rows], now, report)
            uow.commit()
        return report

    def _fire(self, session: Session, case: Case, milestone: Milestone, timers: list[Timer], now: datetime,
              report: SweepReport) -> None:
        for timer in timers:
            timer.fired_at = now
        row = next((m for m in case.milestones if m.name == str(milestone)), None)
        # A paused clock (a dispute, a bouncing address) neither nudges nor escalates; its
        # timers were cancelled when it paused, this is the last guard.
        if row is None or row.state != MilestoneState.PENDING or row.paused_at is not None:
            report.skipped += len(timers)
            return
        if (milestone is Milestone.FOLLOWUP) != (case.status == Status.COMPLETED):
            report.skipped += len(timers)
            return
        nudges = [t for t in timers if t.kind == "nudge"]
        escalations = [t for t in timers if t.kind == "escalation"]
        followups = [t for t in timers if t.kind == "followup"]
        # After an outage only the latest nudge is worth sending; the older ones are noted.
        report.skipped += max(0, len(nudges) - 1) + max(0, len(escalations) - 1)
        if followups:
            self._followup(session, case, row, now, report)
            return
        if nudges:
            self._nudge(session, case, milestone, row, now, report)
        if escalations:
            self._escalate(session, case, milestone, row, now, report)

    def _nudge(self, session: Session, case: Case, milestone: Milestone, row: MilestoneRow, now: datetime,
               report: SweepReport) -> None:
        owner = _waits_on(case, milestone)
        ask, keyword = ASK[milestone]
        if owner is not OWNERS[milestone]:  # the provider declined: the client chooses another
            keyword = ""
            ask = NEW_PROVIDER_ASK
        to = STAFF if owner is Role.STAFF else str(owner)
        party = active_parties(case).get(str(owner))
        if owner is not Role.STAFF and (party is None or party.failing):
            report.skipped += 1  # (nobody to remind, or an address that bounces)
            return
        context = {"milestone": str(milestone), "milestone_due": plain_time(row.due, self.timezone),
                   "milestone_due_at": row.due,  # (written again in the party's language)
                   "ask": ask, "keyword": keyword,
                   # a late sweep (the daemon was down) may send the last reminder after the deadline
                   "overdue": row.due is not None and row.due <= now}
        self.notices.write(session, case, Notice("nudge", to, context), now, flush=False)
        session.add(Event(case_id=case.id, at=now, kind="nudge", actor="system",
                          detail=f"{milestone} reminder to the {owner}; due {plain_time(row.due, self.timezone)}"))
        report.nudges += 1
        report.lines.append(f"{case.reference}: nudge {milestone} -> {owner}")

    def _escalate(self, session: Session, case: Case, milestone: Milestone, row: MilestoneRow, now: datetime,
                  report: SweepReport) -> None:
        row.breached = True
        owner = _waits_on(case, milestone)
        party = active_parties(case).get(str(owner))
        context = {"milestone": str(milestone), "milestone_due": plain_time(row.due, self.timezone),
                   "owner": str(owner), "owner_email": party.email if party else ""}
        self.notices.write(session, case, Notice("escalation", STAFF, context), now, flush=False)
        session.add(Event(case_id=case.id, at=now, kind="breached", actor="system",
                          detail=f"{milestone} deadline {plain_time(row.due, self.timezone)} passed; staff told"))
        report.escalations += 1
        report.lines.append(f"{case.reference}: {milestone} breached, staff told")

    def _followup(self, session: Session, case: Case, row: MilestoneRow, now: datetime,
                  report: SweepReport) -> None:
        row.state, row.done_at = str(MilestoneState.DONE), now
        self.notices.write(session, case, Notice("followup", str(Role.CLIENT)), now, flush=False)
        session.add(Event(case_id=case.id, at=now, kind="followup", actor="system",
                          detail="status check sent to the client"))
        report.followups += 1
        report.lines.append(f"{case.reference}: follow-up sent to the client")

    # -- the daily digest --------------------------------------------------------------------

    def digest(self, now: datetime) -> bool:
        """The staff digest, once per working day; False when not sent (closed day, or sent)."""
        if not self.calendar.is_working_day(now.astimezone(self.calendar.zone).date()):
            return False
        day = now.astimezone(self.calendar.zone).date().isoformat()
        with UnitOfWork(self.sessions) as uow:
            session = uow.session
            session.add(DailyNotice(kind="digest", day=day, sent_at=now))
            try:
                session.flush()
            except IntegrityError:
                return False  # already sent today (another instance, or before a restart)
            rows = []
            for case in session.scalars(select(Case).where(Case.status.in_(OPEN)).order_by(Case.opened_at)):
                nxt = next_deadline(case)
                breached = [m.name for m in case.milestones if m.breached and m.state == MilestoneState.PENDING]
                nxt_text = (f"{nxt['milestone']} due {plain_time(datetime.fromisoformat(nxt['due']), self.timezone)}"
                            if nxt else "-")
                if case.status == Status.DISPUTED:
                    # A dispute has no deadline of its own: staff must see how long it has waited on them.
                    since = session.scalar(select(func.max(Event.at)).where(
                        Event.case_id == case.id, Event.kind == "waiver_objected"))
                    if since is not None:
                        days = max(0, (now - since).days)
                        nxt_text = f"disputed since {plain_time(since, self.timezone)} ({days} day(s)), waiting on staff"
                rows.append({"reference": case.reference, "status": case.status,
                             "company": (case.form or {}).get("company") or "-",
                             "next": nxt_text, "breached": breached})
            local = now.astimezone(self.calendar.zone)
            context = {"open_cases": rows, "today": f"{local:%A} {local.day} {local:%B %Y}",
                       "report_url": self.report_url}
            self.notices.write(session, None, Notice("digest", STAFF, context), now)
            uow.commit()
        return True


def sweep_job(sweep: TimerSweep, clock: Callable[[], datetime], after: Callable[[], None]) -> Callable[[], None]:
    def job() -> None:
        report = sweep.sweep(clock())
        if report.nudges or report.escalations or report.followups:
            log.info("timers: %s nudge(s), %s escalation(s), %s follow-up(s): %s", report.nudges,
                     report.escalations, report.followups, "; ".join(report.lines))
            after()
    return job
