"""Timer sweep with 100,000 open cases: nothing due, then 1,000 due; and the daemon's memory.

    python bench/sweep.py [--cases 100000] [--no-memory]

The cases are written straight into a fresh SQLite database (each with a waiting waiver, its
two nudges and its escalation: 300,000 timer rows), then the sweep the daemon runs every
minute is timed. Memory: ``mailbot run`` is started against that database and the demo mail
stack, and its resident set size read from /proc once it is watching.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, update  # noqa: E402

from mailbot.app import App  # noqa: E402
from mailbot.config import config_from_dict  # noqa: E402
from mailbot.store.models import Case, MilestoneRow, OutboundMail, Party, Timer  # noqa: E402
from mailbot.store.uow import UnitOfWork  # noqa: E402
from parsers.reference import make_reference  # noqa: E402
from scripts.loopback import daemon_config  # noqa: E402


def _next_wednesday_morning() -> datetime:
    today = datetime.now(UTC).replace(hour=15, minute=0, second=0, microsecond=0)
    return today + timedelta(days=(2 - today.weekday()) % 7 or 7)


# A Wednesday 09:00 in Chicago ahead of the clock: the daemon measured for memory runs at the
# real time and must find the timers written for NOW not yet due (a fixed date in the past
# made it sweep all 300,000 of them).
NOW = _next_wednesday_morning()


def make_app(url: str) -> App:
    return App(config_from_dict({"database": {"url": url},
                                 "security": {"secret": "bench", "staff": ["ops@example.com"]}}))


def populate(app: App, cases: int) -> None:
    """``cases`` open cases, each with its waiver due in a week and three open timers."""
    due = NOW + timedelta(days=7)
    batch = 10000
    references = set()
    with UnitOfWork(app.sessions) as uow:
        session = uow.session
        for start in range(0, cases, batch):
            rows = []
            for i in range(start, min(cases, start + batch)):
                reference = make_reference()
                while reference in references:
                    reference = make_reference()
                references.add(reference)
                rows.append({"id": i + 1, "reference": reference, "status": "waiting", "retail": False,
                             "opened_at": NOW, "updated_at": NOW, "form": {"company": f"Client {i}"},
                             "waiver_signed": False, "waiver_overridden": False})
            session.execute(insert(Case), rows)
            ids = [row["id"] for row in rows]
            session.execute(insert(Party), [
                {"case_id": i, "role": role, "email": f"{role}{i}@example.net", "name": "", "company": "",
                 "phone": "", "active": True, "failing": False, "subject_tags": [], "created_at": NOW}
                for i in ids for role in ("client", "old_partner")])
            session.execute(insert(MilestoneRow), [
                {"case_id": i, "name": "waiver", "state": "pending", "started_at": NOW, "due": due,
                 "breached": False} for i in ids])
            session.execute(insert(Timer), [
                {"case_id": i, "milestone": "waiver", "kind": kind, "due_at": at, "cancelled": False}
                for i in ids for kind, at in (("nudge", NOW + timedelta(days=3)), ("nudge", NOW + timedelta(days=6)),
                                              ("escalation", due))])
        uow.commit()


def time_sweep(app: App, now: datetime, repeat: int = 5) -> tuple[float, object]:
    timings, report = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        report = app.timers.sweep(now)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings), report


def resident_memory(db: Path) -> float:
    """RSS in MB of ``mailbot run`` on ``db`` once it watches the demo stack's mailbox."""
    from mailbot.demo.stack import DemoMailStack

    mailbox = "transfer@example.com"
    with DemoMailStack({mailbox: "pw"}, "example.com") as stack:
        config = db.parent / "mailbot.toml"
        config.write_text(daemon_config(mailbox, "pw", stack.imap_port, stack.smtp_port, f"sqlite:///{db}",
                                        "ops@example.com"))
        log = db.parent / "daemon.log"
        process = subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--config", str(config)],
                                   stdout=log.open("wb"), stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 60
            while "watching INBOX" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            time.sleep(3)  # the first sweep and outbox pass have run
            status = Path(f"/proc/{process.pid}/status").read_text()
            rss_kb = int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
        finally:
            process.terminate()
            process.wait(30)
    return rss_kb / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--no-memory", action="store_true")
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)
    folder = Path(tempfile.mkdtemp(prefix="bench-sweep-"))
    db = folder / "sweep.db"
    app = make_app(f"sqlite:///{db}")
    start = time.perf_counter()
    populate(app, args.cases)
    print(f"{args.cases} open cases with {3 * args.cases} timers written in {time.perf_counter() - start:.1f} s")

    idle, _ = time_sweep(app, NOW + timedelta(hours=1))
    with UnitOfWork(app.sessions) as uow:
        uow.session.execute(update(Timer).where(Timer.case_id <= args.due, Timer.kind == "escalation")
                            .values(due_at=NOW))
        uow.commit()
    start = time.perf_counter()
    report = app.timers.sweep(NOW + timedelta(hours=1))
    busy = time.perf_counter() - start
    with UnitOfWork(app.sessions) as uow:
        written = uow.session.query(OutboundMail).count()
    print()
    print("| measure | result | goal |")
    print("| --- | --- | --- |")
    print(f"| sweep, {args.cases:,} open cases, nothing due (median of 5) | {idle * 1000:.1f} ms | ≤ 20 ms |")
    print(f"| sweep, {args.cases:,} open cases, {args.due:,} escalations due | {busy:.2f} s "
          f"({report.escalations} escalations, {written} notices written) | ≤ 2 s |")
    if not args.no_memory:
        rss = resident_memory(db)
        print(f"| `mailbot run` resident memory with {args.cases:,} cases | {rss:.0f} MB | ≤ 150 MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
