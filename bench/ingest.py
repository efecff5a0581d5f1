"""Ingest throughput: generated mails through the whole inbound pipeline, against bare parsing.

    python bench/ingest.py [--mails 5000] [--postgres]

The corpus is what a busy transfer mailbox receives: replies in open cases (threaded by their
headers: partners agreeing, providers accepting, clients and partners asking questions),
new requests, and auto-replies. The same corpus is parsed with bare mail-parser in the same run,
and the ratio of the two rates is printed (goal: at least 0.5 on SQLite).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import mailparser  # noqa: E402

from mailbot.app import App  # noqa: E402
from mailbot.config import config_from_dict  # noqa: E402
from mailbot.store.models import OutboundMail  # noqa: E402
from mailbot.store.uow import UnitOfWork  # noqa: E402

START = datetime(2026, 11, 25, 15, tzinfo=UTC)
QUOTE = ("Dear partner,\n\nyour client asked to move their service. To sign the waiver, reply with I AGREE "
         "as the first words of your reply. To dispute it, reply I OBJECT.\n\n") * 3


MX = "mx.bench.example"
CLIENT_PASS = {"Authentication-Results": f"{MX}; dmarc=pass header.from=clients.example"}


def mail(sender: str, subject: str, body: str, *, reply_to: EmailMessage | None = None, to: str = "transfer@example.com",
         headers: dict | None = None, html: bool = True, when: datetime = START) -> bytes:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(when)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    if reply_to is not None:
        message["In-Reply-To"] = reply_to["Message-ID"]
        message["References"] = reply_to["Message-ID"]
        body += "\n\nOn Wed, 25 Nov 2026 at 09:00, Transfer desk <transfer@example.com> wrote:\n" + \
            "\n".join("> " + line for line in QUOTE.split("\n"))
    for key, value in (headers or {}).items():
        message[key] = value
    message.set_content(body + "\n\n-- \nSent from my phone\n")
    if html:
        message.add_alternative(f"<html><body><p>{body.replace(chr(10), '<br>')}</p></body></html>", subtype="html")
    return bytes(message)


def form(i: int) -> str:
    return (f"Company: Client {i} GmbH\nContact name: Person {i}\nContact phone: +49 30 {i:06d}\n"
            f"Domains: client{i}.example\nCurrent partner e-mail: partner{i}@partners.example\n"
            f"New provider e-mail: provider{i}@providers.example\nReason: reason {i}")


class Workload:
    """Opens cases, then yields the mixed stream of the benchmark."""

    def __init__(self, app: App, rng: random.Random) -> None:
        self.app, self.rng = app, rng
        self.requests = 0

    def open_cases(self, count: int) -> list[dict]:
        cases = []
        for _ in range(count):
            i = self.requests
            self.requests += 1
            # (our MX vouches for the client: the partner and provider are written to at once)
            self.app.pipeline.process(mail(f"client{i}@clients.example", f"Transfer request {i}",
                                           f"Hello,\n\n{form(i)}\n", headers=CLIENT_PASS), START)
            cases.append(i)
        with UnitOfWork(self.app.sessions) as uow:
            rows = uow.session.query(OutboundMail.template, OutboundMail.to, OutboundMail.raw).all()
        notices = {}
        for template, to, raw in rows:
            notices[(template, to[0])] = raw
        return [{"i": i, "waiver": notices.get(("waiver_request", f"partner{i}@partners.example")),
                 "acceptance": notices.get(("acceptance_request", f"provider{i}@providers.example")),
                 "ack": notices.get(("acknowledgement", f"client{i}@clients.example"))} for i in cases]

    def stream(self, count: int, cases: list[dict]) -> list[bytes]:
        import email
        import email.policy

        out = []
        for n in range(count):
            roll = self.rng.random()
            when = START + timedelta(seconds=n)
            if roll < 0.25:
                i = self.requests
                self.requests += 1
                out.append(mail(f"client{i}@clients.example", f"Transfer request {i}", f"Hello,\n\n{form(i)}\n",
                                when=when))
                continue
            if roll < 0.40:
                case = self.rng.choice(cases)
                out.append(mail(f"partner{case['i']}@partners.example", "Automatic reply: Waiver request",
                                "I am out of the office.", headers={"Auto-Submitted": "auto-replied"}, when=when))
                continue
            case = self.rng.choice(cases)
            kind = self.rng.choice(["agree", "accept", "question", "client"])
            if kind == "agree":
                original = email.message_from_bytes(case["waiver"], policy=email.policy.default)
                sender, text = f"partner{case['i']}@partners.example", "I AGREE"
            elif kind == "accept":
                original = email.message_from_bytes(case["acceptance"], policy=email.policy.default)
                sender, text = f"provider{case['i']}@providers.example", "I accept, thanks."
            elif kind == "question":
                original = email.message_from_bytes(case["waiver"], policy=email.policy.default)
                sender, text = f"partner{case['i']}@partners.example", f"Who is the new provider? ({n})"
            else:
                original = email.message_from_bytes(case["ack"], policy=email.policy.default)
                sender, text = f"client{case['i']}@clients.example", f"When will it be done? ({n})"
            out.append(mail(sender, f"Re: {original['Subject']}", text, reply_to=original,
                            to=original["Reply-To"], when=when))
        return out


def make_app(url: str) -> App:
    return App(config_from_dict({
        "database": {"url": url},
        "security": {"secret": "bench", "staff": ["ops@example.com"], "trusted_authserv_ids": [MX]},
        "limits": {"mails_per_sender_per_hour": 100000, "notices_per_address_per_hour": 100000},
    }))


def run(url: str, mails: int, seed: int = 2026) -> tuple[float, float, int]:
    app = make_app(url)
    workload = Workload(app, random.Random(seed))
    cases = workload.open_cases(200)
    corpus = workload.stream(mails, cases)
    start = time.perf_counter()
    for raw in corpus:
        mailparser.parse_from_bytes(raw)
    bare = len(corpus) / (time.perf_counter() - start)
    start = time.perf_counter()
    for n, raw in enumerate(corpus):
        app.pipeline.process(raw, START + timedelta(seconds=n))
    full = len(corpus) / (time.perf_counter() - start)
    with UnitOfWork(app.sessions) as uow:
        notices = uow.session.query(OutboundMail).count()
    return bare, full, notices


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mails", type=int, default=5000)
    parser.add_argument("--postgres", action="store_true", help="also on a throwaway PostgreSQL server")
    args = parser.parse_args()
    import logging

    logging.disable(logging.WARNING)
    rows = []
    folder = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    bare, full, notices = run(f"sqlite:///{folder / 'bench.db'}", args.mails)
    rows.append(("SQLite (WAL, synchronous=NORMAL)", bare, full, notices))
    if args.postgres:
        from scripts.postgres import PostgresServer

        with PostgresServer(durable=True) as server:
            url = server.create_database("bench")
            from mailbot.store.db import make_engine, upgrade

            upgrade(make_engine(url))
            bare, full, notices = run(url, args.mails)
            rows.append(("PostgreSQL (default durability)", bare, full, notices))
    print(f"\ningest: {args.mails} mails (25% new requests, 15% auto-replies, 60% replies in 200 open cases)\n")
    print("| database | bare mail-parser mails/s | whole pipeline mails/s | ratio | notices written |")
    print("| --- | --- | --- | --- | --- |")
    for name, bare, full, notices in rows:
        print(f"| {name} | {bare:.0f} | {full:.0f} | {full / bare:.2f} | {notices} |")
    _ = statistics
    return 0


if __name__ == "__main__":
    sys.exit(main())
