"""The console's server time at 100,000 cases: the cases list, filtered lists, one case page.

    python bench/web.py [--cases 100000] [--postgres]

The cases are written straight into a fresh database (statuses mixed as on a busy desk, a
client with a company, a partner, milestones with deadlines of which some have passed), a
staff member signs in through a real sign-in link, and each page is requested in-process
(Starlette's test client: the console's own time, no network) 60 times; p50 and p95 are
printed. Goal: p95 at most 100 ms.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from mailbot.app import App  # noqa: E402
from mailbot.config import config_from_dict  # noqa: E402
from mailbot.store.models import Case, Event, MilestoneRow, Party  # noqa: E402
from mailbot.store.uow import UnitOfWork  # noqa: E402
from parsers.reference import make_reference  # noqa: E402

NOW = datetime(2026, 12, 2, 15, tzinfo=UTC)
STATUSES = ["waiting"] * 40 + ["intake"] * 15 + ["transferring"] * 10 + ["disputed"] * 3 + \
    ["completed"] * 25 + ["cancelled"] * 7
REPEAT = 60


def make_app(url: str) -> App:
    return App(config_from_dict({"database": {"url": url},
                                 "security": {"secret": "bench", "staff": ["ops@example.com"]}}))


def populate(app: App, cases: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    references: list[str] = []
    seen: set[str] = set()
    batch = 5000
    with UnitOfWork(app.sessions) as uow:
        session = uow.session
        for start in range(0, cases, batch):
            rows, parties, milestones, events = [], [], [], []
            dues: dict[int, list] = {}
            for i in range(start, min(cases, start + batch)):
                reference = make_reference()
                while reference in seen:
                    reference = make_reference()
                seen.add(reference)
                references.append(reference)
                status = rng.choice(STATUSES)
                opened = NOW - timedelta(minutes=rng.randrange(0, 60 * 24 * 365))
                rows.append({"id": i + 1, "reference": reference, "status": status, "retail": False,
                             "opened_at": opened, "updated_at": opened, "form": {"company": f"Client {i} GmbH"},
                             "waiver_signed": status in ("transferring", "completed"), "waiver_overridden": False,
                             "client_verified": True})
                parties += [{"case_id": i + 1, "role": "client", "email": f"client{i}@example.net", "name": f"Dana {i}",
                             "company": f"Client {i} GmbH", "phone": "+1 555 0100", "active": True, "failing": False,
                             "subject_tags": [], "created_at": opened},
                            {"case_id": i + 1, "role": "old_partner", "email": f"support@partner{i % 500}.example",
                             "name": "", "company": "", "phone": "", "active": True, "failing": False,
                             "subject_tags": [], "created_at": opened}]
                for name, state in (("intake", "done" if status != "intake" else "pending"),
                                    ("waiver", "pending" if status in ("waiting", "disputed") else "done"),
                                    ("acceptance", "pending" if status == "waiting" else "done")):
                    due = opened + timedelta(days=rng.randrange(1, 8))
                    if state == "pending" and not (status == "disputed" and name == "waiver"):
                        dues.setdefault(i + 1, []).append(due)
                    milestones.append({"case_id": i + 1, "name": name, "state": state, "started_at": opened,
                                       "due": due, "done_at": None if state == "pending" else due,
                                       "breached": state == "pending" and due < NOW})
                events += [{"case_id": i + 1, "at": opened, "kind": "opened", "actor": "client",
                            "detail": "case opened"}]
            for row in rows:  # (what apply_decision keeps on every case)
                row["next_due"] = min(dues.get(row["id"], []), default=None)
            session.execute(insert(Case), rows)
            session.execute(insert(Party), parties)
            session.execute(insert(MilestoneRow), milestones)
            session.execute(insert(Event), events)
        uow.commit()
    return references


def signed_in_client(app: App):
    from starlette.testclient import TestClient

    from mailbot.web.app import Console
    from mailbot.web.auth import SignIn

    console = Console(app, clock=lambda: NOW)
    client = TestClient(console, follow_redirects=False)
    web = app.config.web
    link = SignIn(app, web.base_url, web.login_minutes, web.session_hours).issue("ops@example.com", NOW)
    assert client.get(link.removeprefix(web.base_url)).status_code == 303
    return client


def time_pages(app: App, references: list[str]) -> list[tuple[str, float, float]]:
    client = signed_in_client(app)
    rng = random.Random(3)
    pages = [
        ("cases list (newest first, page 1)", lambda: "/cases"),
        ("cases list, page 1,000", lambda: "/cases?page=1000"),
        ("filtered: open and overdue", lambda: "/cases?status=open&overdue=1"),
        ("filtered: waiting, page 20", lambda: "/cases?status=waiting&page=20"),
        ("search by client address", lambda: f"/cases?q=client{rng.randrange(len(references))}@example.net"),
        ("search by reference", lambda: f"/cases?q={rng.choice(references)}"),
        ("one case page", lambda: f"/cases/{rng.choice(references)}"),
    ]
    results = []
    for name, path in pages:
        client.get(path())  # warm the caches once
        timings = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            answer = client.get(path())
            timings.append((time.perf_counter() - start) * 1000)
            assert answer.status_code == 200, (name, answer.status_code)
        timings.sort()
        results.append((name, statistics.median(timings), timings[int(len(timings) * 0.95) - 1]))
    return results


def run(url: str, cases: int) -> list[tuple[str, float, float]]:
    app = make_app(url)
    started = time.perf_counter()
    references = populate(app, cases)
    print(f"  {cases} cases written in {time.perf_counter() - started:.0f} s", flush=True)
    return time_pages(app, references)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL server")
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)
    tables = []
    folder = Path(tempfile.mkdtemp(prefix="bench-web-"))
    tables.append(("SQLite", run(f"sqlite:///{folder / 'bench.db'}", args.cases)))
    if args.postgres:
        from scripts.postgres import PostgresServer, Unavailable

        try:
            with PostgresServer(durable=True) as server:
                url = server.create_database("bench")
                from mailbot.store.db import make_engine, upgrade

                upgrade(make_engine(url))
                tables.append(("PostgreSQL", run(url, args.cases)))
        except Unavailable as exc:
            print(f"PostgreSQL not run: {exc}")
    print(f"\nconsole server time at {args.cases:,} cases ({REPEAT} requests each; goal p95 <= 100 ms)\n")
    print("| database | page | p50 ms | p95 ms |")
    print("| --- | --- | --- | --- |")
    worst = 0.0
    for database, rows in tables:
        for name, p50, p95 in rows:
            worst = max(worst, p95)
            print(f"| {database} | {name} | {p50:.1f} | {p95:.1f} |")
    print(f"\nworst p95: {worst:.1f} ms ({'meets' if worst <= 100 else 'MISSES'} the 100 ms goal)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
