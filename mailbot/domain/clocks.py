"""One clock per party: when a milestone's clock stops, and how it resumes (pure).

A pending milestone waits on one party (``waits_on``). Its clock is paused while that party
cannot answer us or is not the one to answer: the waiver while the partner disputes it (the
case waits on staff), any milestone whose party's address bounces (nobody reads our mail).
A paused clock has no due date and no timers; it keeps the business time that was left
(``remaining``) and gives exactly that back when the reason is gone (a new address, the end
of the dispute): due = calendar.add_time(resume, remaining). ``settle`` is the one place that
pauses and resumes; ``decide`` and the bounce handling both call it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from mailbot.domain.decision import TimelineEvent, TimerPlan
from mailbot.domain.incoming import Rules
from mailbot.domain.model import (
    OWNERS,
    CaseView,
    Milestone,
    MilestoneState,
    MilestoneView,
    Role,
    Status,
)
from scheduler.calendar import BusinessCalendar
from scheduler.deadlines import plan_timers

# The milestones that wait on a party outside (transfer waits on staff, follow-up on nobody).
PARTY_CLOCKS = (Milestone.INTAKE, Milestone.WAIVER, Milestone.ACCEPTANCE)

DISPUTE = "dispute"
BOUNCE = "bounce"

# What staff type to give a party another address (the bounce notices name it).
SET_ADDRESS = {Role.CLIENT: "#set client <e-mail>", Role.OLD_PARTNER: "#set partner <e-mail>",
               Role.NEW_PROVIDER: "#set provider <e-mail>"}


def waits_on(case: CaseView, milestone: Milestone) -> Role:
    """Whose answer the milestone waits for: its owner, or the client once the provider
    declined (the client owes the choice of another)."""
    if milestone is Milestone.ACCEPTANCE and case.party(Role.NEW_PROVIDER) is None and not case.retail:
        return Role.CLIENT
    return OWNERS[milestone]


def pause_reason(case: CaseView, milestone: Milestone) -> str | None:
    """Why the milestone's clock must stand still, or None when it should run."""
    if milestone not in PARTY_CLOCKS or case.milestone(milestone).state is not MilestoneState.PENDING:
        return None
    if milestone is Milestone.WAIVER and case.status is Status.DISPUTED:
        return DISPUTE
    party = case.party(waits_on(case, milestone))
    if party is not None and party.failing:
        return BOUNCE
    return None


def paused(milestone: MilestoneView, now: datetime, calendar: BusinessCalendar) -> MilestoneView:
    """The milestone with its clock stopped at ``now``: the business time left is kept."""
    left = calendar.between(now, milestone.due) if milestone.due is not None else timedelta()
    return replace(milestone, due=None, paused_at=now, remaining=left)


def resumed(milestone: MilestoneView, now: datetime, rules: Rules) -> tuple[MilestoneView, list[TimerPlan]]:
    """The milestone running again from ``now`` with the business time it had left, and its
    reminders replanned over that time."""
    left = milestone.remaining or timedelta()
    due = rules.calendar.add_time(now, left)
    running = replace(milestone, due=due, paused_at=None, remaining=None)
    if left <= timedelta() and milestone.breached:
        return running, []  # it was escalated before it paused; staff #extend it for more time
    plans = [TimerPlan(milestone.name, t.kind, t.at) for t in plan_timers(now, due, rules.nudges, rules.calendar)]
    return running, plans


@dataclass
class ClockChanges:
    milestones: dict[Milestone, MilestoneView] = field(default_factory=dict)
    timers: dict[Milestone, list[TimerPlan]] = field(default_factory=dict)
    events: list[TimelineEvent] = field(default_factory=list)
    paused: dict[Milestone, MilestoneView] = field(default_factory=dict)  # newly paused, for notices


def settle(case: CaseView, now: datetime, rules: Rules) -> ClockChanges:
    """Pause the clocks that must stand still, resume the ones whose reason is gone."""
    changes = ClockChanges()
    if not case.open:
        return changes  # a closed case runs no clock; #reopen settles them again
    for name in PARTY_CLOCKS:
        milestone = case.milestone(name)
        if milestone.state is not MilestoneState.PENDING:
            continue
        reason = pause_reason(case, name)
        party = waits_on(case, name)
        if reason and not milestone.paused:
            stopped = paused(milestone, now, rules.calendar)
            changes.milestones[name] = changes.paused[name] = stopped
            changes.timers[name] = []
            why = "the dispute" if reason == DISPUTE else f"the {party.replace('_', ' ')}'s address bounces"
            changes.events.append(TimelineEvent("clock_paused", str(Role.SYSTEM),
                                                f"{name} clock paused ({why}); {plain_duration(stopped.remaining)} "
                                                "of business time left"))
        elif not reason and milestone.paused:
            running, plans = resumed(milestone, now, rules)
            changes.milestones[name], changes.timers[name] = running, plans
            changes.events.append(TimelineEvent("clock_resumed", str(Role.SYSTEM),
                                                f"{name} clock resumed with {plain_duration(milestone.remaining)} "
                                                f"of business time left; due {running.due.isoformat()}"))
    return changes


def held_by(case: CaseView, role: Role) -> list[dict[str, str]]:
    """The paused clocks that wait on ``role``, for a staff notice: milestone and time left."""
    return [{"milestone": str(name), "remaining": plain_duration(case.milestone(name).remaining)}
            for name in PARTY_CLOCKS
            if case.milestone(name).state is MilestoneState.PENDING and case.milestone(name).paused
            and waits_on(case, name) is role]


def plain_duration(amount: timedelta | None) -> str:
    """Business time as a person reads it: "13 h 30 min", "0 min"."""
    minutes = int((amount or timedelta()).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return " ".join(part for part in (f"{hours} h" if hours else "", f"{minutes} min" if minutes or not hours else "")
                    if part)
