"""Three daemons on one PostgreSQL database and one mailbox; one is killed midway. Every mail
processed once, every notice sent once: one IMAP watcher at a time (a lease in the database),
outbox rows and timers claimed with FOR UPDATE SKIP LOCKED."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import text

from mailbot.store.db import make_engine
from scripts.loopback import daemon_config
from tests.live.conftest import message_ids, wait_delivered
from tests.reliability.test_chaos import (  # noqa: F401
    CASES,
    LIMITS_OFF,
    MAILBOX,
    MX,
    STAFF,
    Chaos,
    chaos_stack,
    form,
)


def test_three_instances_on_postgresql_one_killed(chaos_stack, postgres_server, tmp_path):  # noqa: F811
    url = postgres_server.create_database("three_instances")
    config = tmp_path / "mailbot.toml"
    config.write_text(daemon_config(MAILBOX, "transfer-pw", chaos_stack.imap_port, chaos_stack.smtp_port, url,
                                    STAFF, LIMITS_OFF, trusted_authserv_ids=(MX,)))
    assert subprocess.run([sys.executable, "-m", "mailbot", "db", "upgrade", "--config", str(config)],
                          capture_output=True).returncode == 0
    engine = make_engine(url)

    def query(sql: str):
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]

    def wait(sql: str, predicate, timeout: float = 180.0):
        deadline = time.monotonic() + timeout
        rows = None
        while time.monotonic() < deadline:
            rows = query(sql)
            if predicate(rows):
                return rows
            time.sleep(0.3)
        logs = "\n".join(Path(tmp_path / f"d{i}.log").read_text()[-1500:] for i in range(3))
        raise AssertionError(f"timed out: {sql} -> {rows!r}\n{logs}")

    daemons = []
    for i in range(3):
        log = (tmp_path / f"d{i}.log").open("ab")
        daemons.append(subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--config", str(config)],
                                        stdout=log, stderr=subprocess.STDOUT))
    sender = Chaos(chaos_stack, None)
    sender.query = query
    try:
        wait("select count(*) from daemon_instances", lambda r: r[0][0] == 3, timeout=60)
        for i in range(CASES):
            sender.send(f"client{i}@clients.test", f"Transfer request {i}", f"Hello,\n\n{form(i)}\n")
        # Midway: kill the instance that watches the mailbox, so another has to take over.
        wait("select count(*) from cases", lambda r: r[0][0] >= CASES // 2)
        holder = query("select i.pid from leases l join daemon_instances i on i.id = l.holder")[0][0]
        victim = next(d for d in daemons if d.pid == holder)
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        cases = wait("select reference, id from cases order by id", lambda r: len(r) == CASES)
        tokens = wait("select case_id, role, reply_to from outbound_mails where template in "
                      "('waiver_request', 'acceptance_request')", lambda r: len(r) == 2 * CASES)
        reply_to = {(case_id, role): address for case_id, role, address in tokens}
        by_client = {}
        for reference, case_id in cases:
            client = query(f"select email from parties where case_id = {case_id} and role = 'client'")[0][0]
            by_client[int(client[len("client"):].split("@")[0])] = (reference, case_id)
        for i in range(CASES):
            reference, case_id = by_client[i]
            sender.send(f"partner{i}@partners.test", f"Re: [{reference}] Waiver", "I AGREE",
                        {"To": reply_to[(case_id, "old_partner")]})
            sender.send(f"provider{i}@providers.test", f"Re: [{reference}] Transfer", "I ACCEPT",
                        {"To": reply_to[(case_id, "new_provider")]})
            for n in range(3):
                sender.send(f"client{i}@clients.test", f"Re: [{reference}] question {n}", f"Question {n} of {i}?")
                sender.send(STAFF, f"Re: [{reference}] note {n}", f"#note note {n} on case {i}")
        wait("select count(*) from cases where status = 'transferring'", lambda r: r[0][0] == CASES)
        for i in range(CASES):
            sender.send(STAFF, f"Re: [{by_client[i][0]}] checklist", "#complete")
        wait("select count(*) from cases where status = 'completed'", lambda r: r[0][0] == CASES)
        wait("select count(*) from outbound_mails where status != 'sent'", lambda r: r[0][0] == 0)
        wait("select count(*) from inbound_mails where status in ('received', 'failed')", lambda r: r[0][0] == 0)
        deadline = time.monotonic() + 60
        while message_ids(chaos_stack, MAILBOX) and time.monotonic() < deadline:
            time.sleep(0.3)
        wait_delivered(chaos_stack)
    finally:
        for daemon in daemons:
            if daemon.poll() is None:
                daemon.send_signal(signal.SIGTERM)
        for daemon in daemons:
            daemon.wait(60)
        engine.dispose()

    assert len(sender.sent) == 300
    rows = query("select message_id, status from inbound_mails")
    processed = Counter(mid for mid, status in rows if status == "processed")
    assert all(processed[mid] == 1 for mid in sender.sent)
    assert message_ids(chaos_stack, MAILBOX) == []
    outbound = query("select message_id, recipient from outbound_mails")
    delivered: dict[str, Counter] = {}
    lost = duplicated = 0
    for mid, recipient in outbound:
        counts = delivered.setdefault(recipient, Counter(message_ids(chaos_stack, recipient)))
        lost += counts[mid] == 0
        duplicated += max(0, counts[mid] - 1)
    took_over = sum("now watches" in (tmp_path / f"d{i}.log").read_text() for i in range(3))
    print(f"\nTHREE INSTANCES: 300 inbound, {len(outbound)} outbound, 1 of 3 killed (the watcher), "
          f"{took_over} instances held the lease in turn; lost {lost}, duplicated {duplicated}")
    assert lost == 0 and duplicated == 0 and took_over == 2
