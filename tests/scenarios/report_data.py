"""Cases for the SLA report's tests, written straight into a database through the ORM models:
a handful whose figures are worked out by hand (``hand_cases``, ``HAND_EXPECTED``), and a
seeded year of about two hundred (``generate_year``) whose figures the tests count themselves.

Times are local to the desk's SLA calendar (America/Chicago, 08:00-17:00 Monday to Friday,
US holidays), written "2026-03-02 09:00".
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from mailbot.store.models import Case, Event, MilestoneRow, Party
from parsers.reference import make_reference
from scheduler.calendar import BusinessCalendar

TZ = ZoneInfo("America/Chicago")
CALENDAR = BusinessCalendar.build("America/Chicago", "08:00-17:00", ("mon", "tue", "wed", "thu", "fri"), "US")
HOUR = 3600


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def add_case(session: Session, reference: str, opened: datetime, status: str, closed: datetime | None = None,
             milestones: dict | None = None, events: list | None = None,
             partners: list | None = None) -> Case:
    """One case: ``milestones`` {name: (state, started, done, breached)}, ``events`` [(kind, at)],
    ``partners`` [(email, named at)] (the last one is the active one)."""
    case = Case(reference=reference, status=status, opened_at=opened, updated_at=closed or opened,
                closed_at=closed, form={"company": f"Company of {reference}"})
    session.add(case)
    session.flush()
    session.add(Party(case_id=case.id, role="client", email=f"client@{reference.lower()}.example",
                      created_at=opened))
    for i, (email, at) in enumerate(partners or []):
        session.add(Party(case_id=case.id, role="old_partner", email=email, created_at=at,
                          active=i == len(partners) - 1))
    for name, (state, started, done, breached) in (milestones or {}).items():
        session.add(MilestoneRow(case_id=case.id, name=name, state=state, started_at=started, done_at=done,
                                 breached=breached))
    session.add(Event(case_id=case.id, at=opened, kind="opened", actor="client"))
    for kind, at in events or []:
        session.add(Event(case_id=case.id, at=at, kind=kind, actor="system"))
    return case


def _references(seed: int):
    rand, seen = random.Random(seed), set()
    while True:
        ref = make_reference(rand)
        if ref not in seen:
            seen.add(ref)
            yield ref


# -- the cases worked out by hand ------------------------------------------------------------

HAND_PERIOD = ("2026-02-01", "2026-03-31")


def hand_cases(session: Session) -> dict[str, str]:
    """Ten cases; the figures of HAND_PERIOD in HAND_EXPECTED. Returns {name: reference}.

    Business hours by hand (08:00-17:00, Monday to Friday; no holiday in Feb-Mar 2026 but
    Presidents' Day, 16 February, which no case touches):
      intake:  C1 08-09 1h, C2 14-16 2h, C3 Fri 12-15 3h, C4 Thu 26 Feb 15:00 -> Tue 3 Mar 08:00
               = 2+9+9 = 20h (over 2d = 18h: breached), C5-C7 0h, C8 08-13 5h; C9 still open
      waiver:  C1 09-11 2h, C2 Mon 16 -> Tue 10 = 1+2 = 3h, C3 Fri 15 -> Mon 10 = 2+2 = 4h,
               C4 08:00-08:30 0.5h, C5 Wed 09 -> Thu 09 (objected at 12, overridden) = 8+1 = 9h,
               C6 Mon 12 -> Wed 12 = 5+9+4 = 18h, C7 Thu 5 -> Thu 12 Mar 10:00 = 7+9*4+2 = 45h
               (breached); C8 still pending (breached)
      partner answers: C1-C4, C6, C7 as the waiver; C5 objected after 3h
      transfer: C1 11-15 4h, C2 Tue 10 -> Wed 10 9h, C3 10-11 1h, C4 08:30-10:30 2h
    """
    refs = _references(2026)
    names = {}
    alpha, beta, gamma = "it@alpha.example", "desk@beta.example", "help@gamma.example"

    def retail(at):
        return ("skipped", None, at, False)

    def make(name, *args, **kwargs):
        names[name] = next(refs)
        add_case(session, names[name], *args, **kwargs)

    # Before the period: nothing of it counts.
    make("C0", local("2026-01-12 09:00"), "completed", local("2026-01-12 12:00"), milestones={
        "intake": ("done", local("2026-01-12 09:00"), local("2026-01-12 09:00"), False),
        "waiver": ("done", local("2026-01-12 09:00"), local("2026-01-12 10:00"), False),
        "acceptance": retail(local("2026-01-12 09:00")),
        "transfer": ("done", local("2026-01-12 10:00"), local("2026-01-12 12:00"), False)},
        events=[("intake_complete", local("2026-01-12 09:00")), ("waiver_signed", local("2026-01-12 10:00")),
                ("completed", local("2026-01-12 12:00"))],
        partners=[(alpha, local("2026-01-12 09:00"))])
    make("C1", local("2026-03-02 08:00"), "completed", local("2026-03-02 15:00"), milestones={
        "intake": ("done", local("2026-03-02 08:00"), local("2026-03-02 09:00"), False),
        "waiver": ("done", local("2026-03-02 09:00"), local("2026-03-02 11:00"), False),
        "acceptance": ("done", local("2026-03-02 09:00"), local("2026-03-02 10:00"), False),
        "transfer": ("done", local("2026-03-02 11:00"), local("2026-03-02 15:00"), False),
        "followup": ("pending", local("2026-03-02 15:00"), None, False)},
        events=[("intake_complete", local("2026-03-02 09:00")), ("provider_accepted", local("2026-03-02 10:00")),
                ("waiver_signed", local("2026-03-02 11:00")), ("completed", local("2026-03-02 15:00"))],
        partners=[(alpha, local("2026-03-02 09:00"))])
    make("C2", local("2026-03-02 14:00"), "completed", local("2026-03-04 10:00"), milestones={
        "intake": ("done", local("2026-03-02 14:00"), local("2026-03-02 16:00"), False),
        "waiver": ("done", local("2026-03-02 16:00"), local("2026-03-03 10:00"), False),
        "acceptance": retail(local("2026-03-02 16:00")),
        "transfer": ("done", local("2026-03-03 10:00"), local("2026-03-04 10:00"), False)},
        events=[("intake_complete", local("2026-03-02 16:00")), ("waiver_signed", local("2026-03-03 10:00")),
                ("completed", local("2026-03-04 10:00"))],
        partners=[(alpha, local("2026-03-02 16:00"))])
    make("C3", local("2026-03-06 12:00"), "completed", local("2026-03-09 11:00"), milestones={
        "intake": ("done", local("2026-03-06 12:00"), local("2026-03-06 15:00"), False),
        "waiver": ("done", local("2026-03-06 15:00"), local("2026-03-09 10:00"), False),
        "acceptance": retail(local("2026-03-06 15:00")),
        "transfer": ("done", local("2026-03-09 10:00"), local("2026-03-09 11:00"), False)},
        events=[("intake_complete", local("2026-03-06 15:00")), ("waiver_signed", local("2026-03-09 10:00")),
                ("completed", local("2026-03-09 11:00"))],
        partners=[(alpha, local("2026-03-06 15:00"))])
    make("C4", local("2026-02-26 15:00"), "completed", local("2026-03-03 10:30"), milestones={
        "intake": ("done", local("2026-02-26 15:00"), local("2026-03-03 08:00"), True),
        "waiver": ("done", local("2026-03-03 08:00"), local("2026-03-03 08:30"), False),
        "acceptance": retail(local("2026-03-03 08:00")),
        "transfer": ("done", local("2026-03-03 08:30"), local("2026-03-03 10:30"), False)},
        events=[("intake_complete", local("2026-03-03 08:00")), ("waiver_signed", local("2026-03-03 08:30")),
                ("completed", local("2026-03-03 10:30"))],
        partners=[(beta, local("2026-03-03 08:00"))])
    make("C5", local("2026-03-04 09:00"), "transferring", milestones={
        "intake": ("done", local("2026-03-04 09:00"), local("2026-03-04 09:00"), False),
        "waiver": ("overridden", local("2026-03-04 09:00"), local("2026-03-05 09:00"), False),
        "acceptance": retail(local("2026-03-04 09:00")),
        "transfer": ("pending", local("2026-03-05 09:00"), None, False)},
        events=[("intake_complete", local("2026-03-04 09:00")), ("waiver_objected", local("2026-03-04 12:00")),
                ("waiver_overridden", local("2026-03-05 09:00"))],
        partners=[(beta, local("2026-03-04 09:00"))])
    make("C6", local("2026-03-09 12:00"), "transferring", milestones={
        "intake": ("done", local("2026-03-09 12:00"), local("2026-03-09 12:00"), False),
        "waiver": ("done", local("2026-03-09 12:00"), local("2026-03-11 12:00"), False),
        "acceptance": retail(local("2026-03-09 12:00")),
        "transfer": ("pending", local("2026-03-11 12:00"), None, False)},
        events=[("intake_complete", local("2026-03-09 12:00")), ("waiver_signed", local("2026-03-11 12:00"))],
        partners=[(gamma, local("2026-03-09 12:00"))])
    make("C7", local("2026-03-05 10:00"), "transferring", milestones={
        "intake": ("done", local("2026-03-05 10:00"), local("2026-03-05 10:00"), False),
        "waiver": ("done", local("2026-03-05 10:00"), local("2026-03-12 10:00"), True),
        "acceptance": retail(local("2026-03-05 10:00")),
        "transfer": ("pending", local("2026-03-12 10:00"), None, False)},
        events=[("intake_complete", local("2026-03-05 10:00")), ("breached", local("2026-03-10 10:00")),
                ("waiver_signed", local("2026-03-12 10:00"))],
        partners=[(gamma, local("2026-03-05 10:00"))])
    make("C8", local("2026-03-02 08:00"), "waiting", milestones={
        "intake": ("done", local("2026-03-02 08:00"), local("2026-03-02 13:00"), False),
        "waiver": ("pending", local("2026-03-02 13:00"), None, True),
        "acceptance": retail(local("2026-03-02 13:00"))},
        events=[("intake_complete", local("2026-03-02 13:00")), ("breached", local("2026-03-05 13:00"))],
        partners=[(gamma, local("2026-03-02 13:00"))])
    # The last evening of the period: 04:30 UTC on 1 April, still 31 March at the desk.
    make("C9", local("2026-03-31 23:30"), "intake", milestones={
        "intake": ("pending", local("2026-03-31 23:30"), None, False)})
    # Half an hour after the period: nothing of it counts.
    make("C10", local("2026-04-01 00:30"), "intake", milestones={
        "intake": ("pending", local("2026-04-01 00:30"), None, False)})
    return names


def hand_expected(names: dict[str, str]) -> dict:
    """``report --json`` for HAND_PERIOD, worked out by hand (see ``hand_cases``)."""
    return {
        "from": "2026-02-01", "to": "2026-03-31", "timezone": "America/Chicago",
        "cases": {"opened": 9, "completed": 4, "cancelled": 0},
        "milestones": {
            # 0 0 0 1 2 3 5 20 h: median (1+2)/2, p90 the 8th of 8 (ceil(7.2))
            "intake": {"finished": 8, "median_seconds": 5400, "p90_seconds": 20 * HOUR, "started": 9, "breached": 1},
            # 0.5 2 3 4 9 18 45 h: median the 4th, p90 the 7th of 7 (ceil(6.3))
            "waiver": {"finished": 7, "median_seconds": 4 * HOUR, "p90_seconds": 45 * HOUR, "started": 8,
                       "breached": 2},
            "acceptance": {"finished": 1, "median_seconds": HOUR, "p90_seconds": HOUR, "started": 1, "breached": 0},
            # 1 2 4 9 h: median (2+4)/2, p90 the 4th of 4 (ceil(3.6)); started: C1-C7
            "transfer": {"finished": 4, "median_seconds": 3 * HOUR, "p90_seconds": 9 * HOUR, "started": 7,
                         "breached": 0},
        },
        # 0.5 2 3 3 4 18 45 h
        "partners": {"count": 7, "median_seconds": 3 * HOUR, "p90_seconds": 45 * HOUR,
                     "by_domain": [{"domain": "alpha.example", "count": 3, "median_seconds": 3 * HOUR},
                                   {"domain": "beta.example", "count": 2, "median_seconds": 6300},
                                   {"domain": "gamma.example", "count": 2, "median_seconds": 113400}]},
        "disputes": {"count": 1, "cases": [names["C5"]]},
        "overrides": {"count": 1, "cases": [names["C5"]]},
        "months": [{"month": "2026-02", "opened": 1, "completed": 0},
                   {"month": "2026-03", "opened": 8, "completed": 4}],
    }


# -- a generated year --------------------------------------------------------------------------

DOMAINS = ("alpha.example", "beta.example", "gamma.example", "delta.example", "epsilon.example")


@dataclass
class GeneratedCase:
    reference: str
    opened: datetime
    status: str
    closed: datetime | None = None
    # (name, started, done or None, breached, business seconds when done and not skipped)
    milestones: list = field(default_factory=list)
    answers: list = field(default_factory=list)  # (partner domain, answered at, business seconds)
    objected_at: datetime | None = None
    overridden_at: datetime | None = None


def generate_year(session: Session, seed: int = 7, count: int = 200) -> list[GeneratedCase]:
    """``count`` cases opened between 1 December 2024 and 31 December 2025 (so some open before
    a 2025 report and some close after it), each a plausible path through the workflow. Every
    business duration is whole minutes added with the SLA calendar, and kept here for the tests."""
    rand = random.Random(seed)
    refs = _references(seed)
    first = local("2024-12-01 00:00")
    cases = []

    def later(at: datetime, low: int, high: int) -> tuple[datetime, int]:
        minutes = rand.randint(low, high)
        return CALENDAR.add_time(at, timedelta(minutes=minutes)), minutes * 60

    for i in range(count):
        if i == 0:
            opened = local("2025-01-31 22:00")  # 04:00 UTC on 1 February: a January case at the desk
        else:
            opened = first + timedelta(minutes=rand.randrange(396 * 24 * 60))
        g = GeneratedCase(next(refs), opened, "intake")
        milestones, events, partners = {}, [], []
        roll = rand.random()
        if roll < 0.08:  # still in intake
            breached = rand.random() < 0.5
            milestones["intake"] = ("pending", opened, None, breached)
            g.milestones.append(("intake", opened, None, breached, None))
        else:
            intake_done, seconds = later(opened, 0, 30 * 60)
            intake_breached = seconds > 18 * HOUR
            milestones["intake"] = ("done", opened, intake_done, intake_breached)
            g.milestones.append(("intake", opened, intake_done, intake_breached, seconds))
            events.append(("intake_complete", intake_done))
            domain = rand.choice(DOMAINS)
            partners.append((f"it@{domain}", intake_done))
            g.status = "waiting"
            request = waiver_start = intake_done
            waiver_done = waiver_state = None
            waiver_breached = False
            path = rand.random()
            if path < 0.65:  # signed
                waiver_done, seconds = later(request, 0, 40 * 60)
                waiver_state, waiver_breached = "done", seconds > 27 * HOUR
                events.append(("waiver_signed", waiver_done))
                g.answers.append((domain, waiver_done, seconds))
            elif path < 0.85:  # objected, then overridden, or another partner named who signs, or still disputed
                objected, seconds = later(request, 0, 30 * 60)
                events.append(("waiver_objected", objected))
                g.answers.append((domain, objected, seconds))
                g.objected_at = objected
                after = rand.random()
                if after < 0.4:
                    waiver_done, _ = later(objected, 60, 20 * 60)
                    waiver_state = "overridden"
                    events.append(("waiver_overridden", waiver_done))
                    g.overridden_at = waiver_done
                elif after < 0.7:
                    named, _ = later(objected, 60, 10 * 60)
                    new_domain = rand.choice([d for d in DOMAINS if d != domain])
                    partners.append((f"it@{new_domain}", named))
                    events.append(("partner_set", named))
                    waiver_done, seconds = later(named, 0, 20 * 60)
                    waiver_state = "done"
                    events.append(("waiver_signed", waiver_done))
                    g.answers.append((new_domain, waiver_done, seconds))
                else:
                    g.status = "disputed"
            else:  # no answer yet
                waiver_breached = rand.random() < 0.6
            waiver_seconds = int(CALENDAR.between(waiver_start, waiver_done).total_seconds()) if waiver_done else None
            milestones["waiver"] = (waiver_state or "pending", waiver_start, waiver_done, waiver_breached)
            g.milestones.append(("waiver", waiver_start, waiver_done, waiver_breached, waiver_seconds))
            if rand.random() < 0.4:
                milestones["acceptance"] = ("skipped", None, intake_done, False)
                accepted = intake_done
            else:
                accepted, seconds = later(intake_done, 0, 30 * 60)
                milestones["acceptance"] = ("done", intake_done, accepted, False)
                g.milestones.append(("acceptance", intake_done, accepted, False, seconds))
                events.append(("provider_accepted", accepted))
            if waiver_done is not None:
                transfer_start = max(waiver_done, accepted)
                g.status = "transferring"
                if rand.random() < 0.85:
                    transfer_done, seconds = later(transfer_start, 30, 25 * 60)
                    breached = seconds > 18 * HOUR
                    milestones["transfer"] = ("done", transfer_start, transfer_done, breached)
                    g.milestones.append(("transfer", transfer_start, transfer_done, breached, seconds))
                    events.append(("completed", transfer_done))
                    g.status, g.closed = "completed", transfer_done
                else:
                    milestones["transfer"] = ("pending", transfer_start, None, False)
                    g.milestones.append(("transfer", transfer_start, None, False, None))
        if g.status in ("intake", "waiting", "disputed") and rand.random() < 0.25:
            last = max([opened] + [at for _, at in events])
            g.status, g.closed = "cancelled", last + timedelta(days=rand.randint(1, 20), hours=rand.randint(0, 23))
            events.append(("cancelled", g.closed))
        add_case(session, g.reference, opened, g.status, g.closed, milestones, events, partners)
        cases.append(g)
    return cases
