"""Crash safety: 300 inbound mails across 30 cases while the daemon is killed with SIGKILL at
random moments 5 times and restarted. Every inbound mail must be processed exactly once, every
outbound mail delivered exactly once, nothing left outside Processed (or Quarantine).

Prints a summary line; docs/reliability.md holds the figures of the last run.
"""

from __future__ import annotations

import random
import signal
import smtplib
import subprocess
import sys
import threading
import time
from collections import Counter
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from scripts.loopback import daemon_config
from tests.live.conftest import DaemonProcess, wait_delivered

LIMITS_OFF = "[limits]\nmails_per_sender_per_hour = 1000\nnotices_per_address_per_hour = 1000\n"
CASES = 30
MAILS_PER_CASE = 10
KILLS = 5
MAILBOX = "transfer@example.test"
STAFF = "ops@example.test"
# The test plays the receiving MX: every mail it sends carries that MX's DMARC pass for its
# sender, so requests go ahead at once and staff may mail #commands to the plain mailbox.
MX = "mx.example.test"


def users() -> dict[str, str]:
    people = {MAILBOX: "transfer-pw", STAFF: "staff-pw"}
    for i in range(CASES):
        people[f"client{i}@clients.test"] = "pw"
        people[f"partner{i}@partners.test"] = "pw"
        people[f"provider{i}@providers.test"] = "pw"
    return people


@pytest.fixture
def chaos_stack():
    from scripts.mailstack import MailStack, Unavailable, ensure_installed
    from tests.tiers import one_install_at_a_time, unavailable

    try:
        with one_install_at_a_time():
            ensure_installed()
        stack = MailStack(users()).start()
    except Unavailable as exc:
        unavailable("CHAOS TIER (Dovecot + Postfix)", exc)
    yield stack
    stack.stop()


class Chaos:
    def __init__(self, stack, daemon: DaemonProcess) -> None:
        self.stack, self.daemon = stack, daemon
        self.sent: list[str] = []  # Message-IDs of the inbound mails we sent
        self.kills = 0
        self.starts = 0
        self.lock = threading.Lock()

    # -- the daemon, killed and restarted -----------------------------------------------------

    def start(self) -> None:
        with self.lock:
            log = self.daemon.log.open("ab")
            self.daemon.process = subprocess.Popen(
                [sys.executable, "-m", "mailbot", "run", "--config", str(self.daemon.config)],
                stdout=log, stderr=subprocess.STDOUT)
            self.starts += 1

    def killer(self, stop: threading.Event, rng: random.Random) -> None:
        while self.kills < KILLS and not stop.is_set():
            time.sleep(rng.uniform(0.8, 2.5))
            with self.lock:
                self.daemon.process.send_signal(signal.SIGKILL)
                self.daemon.process.wait(10)
                self.kills += 1
            time.sleep(rng.uniform(0.0, 1.0))
            self.start()

    # -- mail --------------------------------------------------------------------------------

    def send(self, sender: str, subject: str, text: str, headers: dict | None = None) -> None:
        message = EmailMessage()
        headers = dict(headers or {})
        message["From"] = sender
        message["To"] = headers.pop("To", MAILBOX)
        message["Subject"] = subject
        message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
        message["Authentication-Results"] = f"{MX}; dmarc=pass header.from={sender.rpartition('@')[2]}"
        for key, value in headers.items():
            message[key] = value
        message.set_content(text)
        with smtplib.SMTP("127.0.0.1", self.stack.smtp_port, timeout=30) as smtp:
            smtp.send_message(message)
        self.sent.append(message["Message-ID"])

    def query(self, sql: str, *args):
        return self.daemon.query(sql, *args)

    def wait(self, sql: str, predicate, timeout: float = 180.0, what: str = ""):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.query(sql)
            if predicate(rows):
                return rows
            time.sleep(0.3)
        log = self.daemon.log.read_text(errors="replace")
        raise AssertionError(f"timed out waiting for {what or sql}: {rows!r}\n{log[-4000:]}")


def form(i: int) -> str:
    return (f"Company: Client {i} Ltd\nContact name: Client {i}\nContact phone: +1 555 01{i:02d}\n"
            f"Domains: client{i}.test\nCurrent partner e-mail: partner{i}@partners.test\n"
            f"New provider e-mail: provider{i}@providers.test\nReason: test {i}")


def test_300_mails_30_cases_5_kills(chaos_stack, tmp_path):
    from tests.live.conftest import message_ids

    daemon = DaemonProcess(chaos_stack, tmp_path)
    daemon.config.write_text(daemon_config(MAILBOX, "transfer-pw", chaos_stack.imap_port, chaos_stack.smtp_port,
                                           f"sqlite:///{daemon.db}", STAFF, LIMITS_OFF, trusted_authserv_ids=(MX,)))
    chaos = Chaos(chaos_stack, daemon)
    rng = random.Random(2026)
    chaos.start()
    daemon.wait_log("watching INBOX")
    stop = threading.Event()
    killer = threading.Thread(target=chaos.killer, args=(stop, rng), daemon=True)
    killer.start()
    started = time.monotonic()
    try:
        # 30 requests, then nine more mails per case: the partner's I AGREE and the provider's
        # I ACCEPT through their reply addresses, three client questions, three staff notes and
        # the staff's #complete, all by the case reference or the reply address.
        for i in range(CASES):
            chaos.send(f"client{i}@clients.test", f"Transfer request {i}", f"Hello,\n\n{form(i)}\n")
        cases = chaos.wait("select reference, id from cases order by id", lambda r: len(r) == CASES,
                           what="30 cases")
        references = {}
        for reference, case_id in cases:
            client = chaos.query("select email from parties where case_id = ? and role = 'client'", case_id)[0][0]
            references[int(client[len("client"):].split("@")[0])] = reference
        tokens = chaos.wait("select case_id, role, reply_to from outbound_mails where template in "
                            "('waiver_request', 'acceptance_request')", lambda r: len(r) == 2 * CASES,
                            what="the requests to partners and providers")
        reply_to = {(case_id, role): address for case_id, role, address in tokens}
        ids = {reference: case_id for reference, case_id in cases}
        for i in range(CASES):
            ref = references[i]
            chaos.send(f"partner{i}@partners.test", f"Re: [{ref}] Waiver", "I AGREE",
                       {"To": reply_to[(ids[ref], "old_partner")]})
            chaos.send(f"provider{i}@providers.test", f"Re: [{ref}] Transfer", "I ACCEPT",
                       {"To": reply_to[(ids[ref], "new_provider")]})
            for n in range(3):
                chaos.send(f"client{i}@clients.test", f"Re: [{ref}] question {n}", f"Question {n} about case {i}?")
                chaos.send(STAFF, f"Re: [{ref}] note {n}", f"#note staff note {n} on case {i}")
        chaos.wait("select count(*) from cases where status = 'transferring'", lambda r: r[0][0] == CASES,
                   what="every case transferring")
        for i in range(CASES):
            chaos.send(STAFF, f"Re: [{references[i]}] checklist", "#complete")
        assert len(chaos.sent) == CASES * MAILS_PER_CASE
        chaos.wait("select count(*) from cases where status = 'completed'", lambda r: r[0][0] == CASES,
                   what="every case completed")
        killer.join(60)  # all five kills happen while mail is flowing (they start with the first mail)
        assert chaos.kills == KILLS, f"only {chaos.kills} kills happened"
        chaos.wait("select count(*) from inbound_mails where status in ('received', 'failed')",
                   lambda r: r[0][0] == 0, what="no unfinished inbound mail")
        chaos.wait("select count(*) from outbound_mails where status != 'sent'", lambda r: r[0][0] == 0,
                   what="the outbox sent")
        deadline = time.monotonic() + 60
        while message_ids(chaos_stack, MAILBOX) and time.monotonic() < deadline:
            time.sleep(0.3)
        wait_delivered(chaos_stack)
    finally:
        stop.set()
        if daemon.process and daemon.process.poll() is None:
            daemon.process.send_signal(signal.SIGTERM)
            daemon.process.wait(60)
    elapsed = time.monotonic() - started

    # Every inbound mail processed exactly once.
    rows = chaos.query("select message_id, status, outcome from inbound_mails")
    processed = Counter(mid for mid, status, _ in rows if status == "processed")
    assert all(processed[mid] == 1 for mid in chaos.sent)
    copies = {mid for mid in processed if mid not in chaos.sent}  # our own mails' copies
    assert copies <= {mid for mid, _ in chaos.query("select message_id, recipient from outbound_mails")}
    outcomes = Counter(outcome for mid, status, outcome in rows if status == "processed" and mid in chaos.sent)
    assert not [mid for mid, status, _ in rows if status == "quarantined"]
    # Nothing left in the INBOX; each one moved to Processed once.
    assert message_ids(chaos_stack, MAILBOX) == []
    moved = Counter(message_ids(chaos_stack, MAILBOX, "Processed"))
    assert set(chaos.sent) <= set(moved) and max(moved[mid] for mid in chaos.sent) == 1
    # Every outbound mail delivered exactly once.
    outbound = chaos.query("select message_id, recipient from outbound_mails")
    per_recipient: dict[str, list[str]] = {}
    for mid, recipient in outbound:
        per_recipient.setdefault(recipient, []).append(mid)
    duplicated = lost = 0
    for recipient, expected in per_recipient.items():
        delivered = Counter(message_ids(chaos_stack, recipient))
        lost += sum(1 for mid in expected if delivered[mid] == 0)
        duplicated += sum(delivered[mid] - 1 for mid in expected if delivered[mid] > 1)
    confirmed = chaos.query("select count(*) from outbound_mails where last_error like 'delivery confirmed%'")[0][0]
    print(f"\nCHAOS: {len(chaos.sent)} inbound mails, {len(outbound)} outbound, {CASES} cases, "
          f"{chaos.kills} SIGKILLs, {chaos.starts} starts, {elapsed:.0f} s; outcomes {dict(outcomes)}; "
          f"{confirmed} interrupted send(s) confirmed by their copy; "
          f"lost {lost}, duplicated {duplicated}")
    assert lost == 0 and duplicated == 0
