"""The SLA report: how the desk did over a period, for ``mailbot report`` and the console's /report.

Two halves. ``load_rows`` reads what the report needs in one set of four queries (cases,
milestones, the events that matter, old partners) into plain tuples; ``build_report`` is a pure
function of those rows, the business calendar and the period, so it can be checked against
figures computed by hand. The text, JSON and CSV forms below are the same figures.

What each figure counts (the period is whole days in the ``[sla]`` timezone, both ends included):
- cases opened (``opened_at`` in the period), completed and cancelled (``closed_at`` in it);
- per milestone: business time from ``started_at`` to ``done_at`` of the milestones finished
  (done or overridden, not skipped) in the period, median and p90; and of the milestones started
  in the period, how many were breached;
- partners' response times: business time from the waiver request (the intake completing, or
  staff naming a partner) to the partner's signature or objection, answered in the period,
  per partner domain;
- disputes (cases whose partner objected in the period) and waiver overrides;
- per month: cases opened and completed.

Business time is the SLA calendar's (``BusinessCalendar.between``): a paused clock's pause is
counted, since the rows keep no history of pauses. p90 is the nearest-rank percentile: the
smallest value that at least 90% of the values do not exceed.
"""

from __future__ import annotations

import csv
import io
import math
import statistics
import textwrap
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from mailbot.domain.clocks import plain_duration
from mailbot.store.models import Case, Event, MilestoneRow, Party
from scheduler.calendar import BusinessCalendar

# The milestones with a business-time deadline (the follow-up counts calendar days).
MILESTONES = ("intake", "waiver", "acceptance", "transfer")
FINISHED = ("done", "overridden")
# Events after which the partner has a waiver request in hand, and the partner's answers.
WAIVER_REQUESTED = ("intake_complete", "partner_set")
PARTNER_ANSWERS = ("waiver_signed", "waiver_objected")
EVENT_KINDS = (*WAIVER_REQUESTED, *PARTNER_ANSWERS, "waiver_overridden")


class CaseRec(NamedTuple):
    id: int
    reference: str
    status: str
    opened_at: datetime
    closed_at: datetime | None


class MilestoneRec(NamedTuple):
    case_id: int
    name: str
    state: str
    started_at: datetime | None
    done_at: datetime | None
    breached: bool


class EventRec(NamedTuple):
    case_id: int
    id: int
    at: datetime
    kind: str


class PartyRec(NamedTuple):
    case_id: int
    id: int
    email: str
    active: bool
    created_at: datetime


@dataclass(frozen=True)
class Rows:
    """Everything the report reads, as plain tuples (no session behind them)."""

    cases: list[CaseRec]
    milestones: list[MilestoneRec]
    events: list[EventRec]
    partners: list[PartyRec]  # old partners, replaced ones included


@dataclass(frozen=True)
class Period:
    """Whole days in the SLA timezone, ``first`` and ``last`` included."""

    first: date
    last: date
    timezone: str

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time(), ZoneInfo(self.timezone))

    @property
    def end(self) -> datetime:
        """The first instant after the period (midnight after ``last``)."""
        return datetime.combine(self.last + timedelta(days=1), time(), ZoneInfo(self.timezone))

    def holds(self, instant: datetime | None) -> bool:
        return instant is not None and self.start <= instant < self.end

    def months(self) -> list[str]:
        months, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def month_of(self, instant: datetime) -> str:
        return f"{instant.astimezone(ZoneInfo(self.timezone)):%Y-%m}"


def default_period(today: date, timezone: str) -> Period:
    """The last twelve months: from the first of the month eleven months back to ``today``."""
    months = today.year * 12 + today.month - 1 - 11
    return Period(date(months // 12, months % 12 + 1, 1), today, timezone)


def parse_period(first: str | None, last: str | None, today: date, timezone: str) -> Period:
    """``--from``/``--to`` (YYYY-MM-DD, either may be missing); ValueError says what is wrong."""
    default = default_period(today, timezone)
    try:
        end = date.fromisoformat(last) if last else default.last
    except ValueError:
        raise ValueError(f"--to {last!r} is not a date (YYYY-MM-DD)") from None
    try:
        begin = date.fromisoformat(first) if first else default_period(end, timezone).first
    except ValueError:
        raise ValueError(f"--from {first!r} is not a date (YYYY-MM-DD)") from None
    if begin > end:
        raise ValueError(f"--from {begin} is after --to {end}")
    return Period(begin, end, timezone)


# -- reading -----------------------------------------------------------------------------------

def load_rows(session: Session, period: Period) -> Rows:
    """The rows of every case that was open at some time in the period: anything the report
    counts (an opening, a milestone started or finished, an answer, a closing) happened while
    its case was open."""
    start, end = period.start, period.end
    relevant = and_(Case.opened_at < end, or_(Case.closed_at.is_(None), Case.closed_at >= start))
    ids = select(Case.id).where(relevant).scalar_subquery()
    cases = [CaseRec(*row) for row in session.execute(
        select(Case.id, Case.reference, Case.status, Case.opened_at, Case.closed_at).where(relevant))]
    milestones = [MilestoneRec(*row) for row in session.execute(
        select(MilestoneRow.case_id, MilestoneRow.name, MilestoneRow.state, MilestoneRow.started_at,
               MilestoneRow.done_at, MilestoneRow.breached)
        .where(MilestoneRow.case_id.in_(ids), MilestoneRow.name.in_(MILESTONES)))]
    events = [EventRec(*row) for row in session.execute(
        select(Event.case_id, Event.id, Event.at, Event.kind)
        .where(Event.case_id.in_(ids), Event.kind.in_(EVENT_KINDS)))]
    partners = [PartyRec(*row) for row in session.execute(
        select(Party.case_id, Party.id, Party.email, Party.active, Party.created_at)
        .where(Party.case_id.in_(ids), Party.role == "old_partner"))]
    return Rows(cases, milestones, events, partners)


# -- the figures -------------------------------------------------------------------------------

def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def p90(values: list[float]) -> float | None:
    """Nearest rank: the ceil(0.9 n)-th smallest value."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


@dataclass(frozen=True)
class Durations:
    """Business times in seconds."""

    values: list[float] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def median(self) -> float | None:
        return median(self.values)

    @property
    def p90(self) -> float | None:
        return p90(self.values)


@dataclass(frozen=True)
class MilestoneFigures:
    name: str
    finished: Durations
    started: int
    breached: int


@dataclass(frozen=True)
class Report:
    period: Period
    opened: int
    completed: int
    cancelled: int
    milestones: list[MilestoneFigures]
    partners: Durations
    partners_by_domain: dict[str, Durations]
    disputes: list[str]  # references
    overrides: list[str]
    months: list[tuple[str, int, int]]  # (YYYY-MM, opened, completed)


def build_report(rows: Rows, calendar: BusinessCalendar, period: Period) -> Report:
    """The figures of ``period`` from ``rows`` (pure: no database, no clock)."""
    reference = {c.id: c.reference for c in rows.cases}
    months = period.months()
    opened_by_month: Counter[str] = Counter()
    completed_by_month: Counter[str] = Counter()
    cancelled = 0
    for case in rows.cases:
        if period.holds(case.opened_at):
            opened_by_month[period.month_of(case.opened_at)] += 1
        if period.holds(case.closed_at):
            if case.status == "completed":
                completed_by_month[period.month_of(case.closed_at)] += 1
            elif case.status == "cancelled":
                cancelled += 1

    finished: dict[str, list[float]] = {name: [] for name in MILESTONES}
    started: Counter[str] = Counter()
    breached: Counter[str] = Counter()
    for m in rows.milestones:
        if m.state in FINISHED and m.started_at is not None and period.holds(m.done_at):
            finished[m.name].append(calendar.between(m.started_at, m.done_at).total_seconds())
        if period.holds(m.started_at):
            started[m.name] += 1
            breached[m.name] += bool(m.breached)

    answers = _partner_answers(rows, calendar, period)
    by_domain: dict[str, list[float]] = defaultdict(list)
    for domain, seconds in answers:
        by_domain[domain].append(seconds)

    in_period = [e for e in rows.events if period.holds(e.at)]
    return Report(
        period=period,
        opened=sum(opened_by_month.values()),
        completed=sum(completed_by_month.values()),
        cancelled=cancelled,
        milestones=[MilestoneFigures(name, Durations(finished[name]), started[name], breached[name])
                    for name in MILESTONES],
        partners=Durations([seconds for _, seconds in answers]),
        partners_by_domain={domain: Durations(values) for domain, values in sorted(by_domain.items())},
        disputes=_references(in_period, "waiver_objected", reference),
        overrides=_references(in_period, "waiver_overridden", reference),
        months=[(month, opened_by_month[month], completed_by_month[month]) for month in months],
    )


def _references(events: Iterable[EventRec], kind: str, reference: dict[int, str]) -> list[str]:
    return sorted({reference[e.case_id] for e in events if e.kind == kind and e.case_id in reference})


def _partner_answers(rows: Rows, calendar: BusinessCalendar, period: Period) -> list[tuple[str, float]]:
    """(partner domain, business seconds) for each answer to a waiver request given in the
    period: an answer counts from the latest request before it that had no answer yet (a
    partner named after a dispute gets a request of its own)."""
    events: dict[int, list[EventRec]] = defaultdict(list)
    for e in rows.events:
        if e.kind in WAIVER_REQUESTED or e.kind in PARTNER_ANSWERS:
            events[e.case_id].append(e)
    partners: dict[int, list[PartyRec]] = defaultdict(list)
    for p in rows.partners:
        partners[p.case_id].append(p)
    answers = []
    for case_id, timeline in events.items():
        request: datetime | None = None
        for e in sorted(timeline, key=lambda e: (e.at, e.id)):
            if e.kind in WAIVER_REQUESTED:
                request = e.at
            elif request is not None:
                if period.holds(e.at):
                    domain = _domain(_partner_at(partners[case_id], e.at))
                    answers.append((domain, calendar.between(request, e.at).total_seconds()))
                request = None
    return answers


def _partner_at(parties: list[PartyRec], instant: datetime) -> PartyRec | None:
    """The old partner on record at ``instant``: the newest named by then (else the active one)."""
    named = [p for p in parties if p.created_at <= instant]
    if named:
        return max(named, key=lambda p: (p.created_at, p.id))
    return next((p for p in parties if p.active), parties[-1] if parties else None)


def _domain(party: PartyRec | None) -> str:
    return party.email.rpartition("@")[2].lower() if party else "(unknown)"


# -- its forms -------------------------------------------------------------------------------

def _seconds(value: float | None) -> int | None:
    return None if value is None else round(value)


def report_json(report: Report) -> dict:
    """The ``--json`` shape (keys as in the README); durations in business seconds."""
    p = report.period
    return {
        "from": p.first.isoformat(), "to": p.last.isoformat(), "timezone": p.timezone,
        "cases": {"opened": report.opened, "completed": report.completed, "cancelled": report.cancelled},
        "milestones": {m.name: {"finished": m.finished.count, "median_seconds": _seconds(m.finished.median),
                                "p90_seconds": _seconds(m.finished.p90), "started": m.started,
                                "breached": m.breached} for m in report.milestones},
        "partners": {"count": report.partners.count, "median_seconds": _seconds(report.partners.median),
                     "p90_seconds": _seconds(report.partners.p90),
                     "by_domain": [{"domain": domain, "count": d.count, "median_seconds": _seconds(d.median)}
                                   for domain, d in report.partners_by_domain.items()]},
        "disputes": {"count": len(report.disputes), "cases": report.disputes},
        "overrides": {"count": len(report.overrides), "cases": report.overrides},
        "months": [{"month": month, "opened": opened, "completed": completed}
                   for month, opened, completed in report.months],
    }


CSV_COLUMNS = ("section", "name", "metric", "value")


def report_csv(report: Report) -> str:
    """One figure a row: section, name, metric, value (durations in business seconds; an
    empty value where there is nothing to measure)."""
    data = report_json(report)
    rows: list[tuple] = [("period", "from", "", data["from"]), ("period", "to", "", data["to"]),
                         ("period", "timezone", "", data["timezone"])]
    rows += [("cases", key, "count", value) for key, value in data["cases"].items()]
    for name, figures in data["milestones"].items():
        rows += [("milestone", name, key, value) for key, value in figures.items()]
    rows += [("partners", "all", key, data["partners"][key]) for key in ("count", "median_seconds", "p90_seconds")]
    for entry in data["partners"]["by_domain"]:
        rows += [("partner_domain", entry["domain"], "count", entry["count"]),
                 ("partner_domain", entry["domain"], "median_seconds", entry["median_seconds"])]
    for key in ("disputes", "overrides"):
        rows.append((key, "all", "count", data[key]["count"]))
        rows += [(key, ref, "case", 1) for ref in data[key]["cases"]]
    for month in data["months"]:
        rows += [("month", month["month"], "opened", month["opened"]),
                 ("month", month["month"], "completed", month["completed"])]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return out.getvalue()


def business_time(seconds: float | None) -> str:
    """"13 h 30 min" of business time; "-" when there is nothing to measure."""
    return "-" if seconds is None else plain_duration(timedelta(seconds=round(seconds)))


def report_text(report: Report) -> str:
    p = report.period
    lines = [f"SLA report {p.first} to {p.last} ({p.timezone}; business time by the SLA calendar)", "",
             f"Cases: {report.opened} opened, {report.completed} completed, {report.cancelled} cancelled", "",
             f"{'milestone':<12}{'finished':>9}  {'median':<16}{'p90':<16}{'started':>8}{'breached':>9}"]
    for m in report.milestones:
        lines.append(f"{m.name:<12}{m.finished.count:>9}  {business_time(m.finished.median):<16}"
                     f"{business_time(m.finished.p90):<16}{m.started:>8}{m.breached:>9}")
    lines += ["", "Partners' answers to the waiver request (signed or objected):",
              f"  {'all':<30}{report.partners.count:>5}  median {business_time(report.partners.median)}, "
              f"p90 {business_time(report.partners.p90)}"]
    for domain, d in report.partners_by_domain.items():
        lines.append(f"  {domain:<30}{d.count:>5}  median {business_time(d.median)}")
    lines.append("")
    for label, references in (("Disputes", report.disputes), ("Overrides", report.overrides)):
        text = f"{label}: {len(references)}" + (f" ({', '.join(references)})" if references else "")
        lines += textwrap.wrap(text, 100, subsequent_indent="  ", break_on_hyphens=False)
    lines += ["", f"{'month':<9}{'opened':>7}{'completed':>10}"]
    lines += [f"{month:<9}{opened:>7}{completed:>10}" for month, opened, completed in report.months]
    return "\n".join(lines) + "\n"


def sla_report(session: Session, calendar: BusinessCalendar, period: Period) -> Report:
    """Read the rows and build the report: what the CLI and the console call."""
    return build_report(load_rows(session, period), calendar, period)
