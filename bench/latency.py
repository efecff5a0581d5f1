"""Reply latency over real Postfix + Dovecot with IDLE: a partner's I AGREE submitted over SMTP
until the bot's receipt is accepted by SMTP. p50 and p95 over 50 mails.

    python bench/latency.py [--mails 50]       # needs root on Debian (installs the servers)

Each of the 50 partners answers the waiver request of their own case (so that every reply
signs a waiver and gets a receipt). The submission time is taken just before the SMTP
transaction; the receipt's acceptance time is the ``sent_at`` the bot records when the server
says 250. Dovecot itself takes about 0.45 s to announce a new mail to an IDLE client.
"""

from __future__ import annotations

import argparse
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from mailbot.store.db import make_engine  # noqa: E402
from scripts.loopback import daemon_config  # noqa: E402

MAILBOX = "transfer@example.test"


MX = "mx.example.test"  # the benchmark plays the receiving MX: its DMARC pass on every mail


def send(port: int, sender: str, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    message["Authentication-Results"] = f"{MX}; dmarc=pass header.from={sender.rpartition('@')[2]}"
    message.set_content(body)
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        smtp.send_message(message)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mails", type=int, default=50)
    args = parser.parse_args()
    from scripts.mailstack import MailStack, Unavailable

    n = args.mails
    users = {MAILBOX: "pw", "ops@example.test": "pw"}
    users.update({f"client{i}@clients.test": "pw" for i in range(n)})
    users.update({f"partner{i}@partners.test": "pw" for i in range(n)})
    folder = Path(tempfile.mkdtemp(prefix="bench-latency-"))
    try:
        stack = MailStack(users).start()
    except Unavailable as exc:
        print(f"latency benchmark not run: {exc}", file=sys.stderr)
        return 1
    db = folder / "latency.db"
    config = folder / "mailbot.toml"
    config.write_text(daemon_config(MAILBOX, "pw", stack.imap_port, stack.smtp_port, f"sqlite:///{db}",
                                    "ops@example.test", "[limits]\nmails_per_sender_per_hour = 1000\n"
                                    "notices_per_address_per_hour = 1000\n", trusted_authserv_ids=(MX,)))
    log = folder / "daemon.log"
    daemon = subprocess.Popen([sys.executable, "-m", "mailbot", "run", "--config", str(config)],
                              stdout=log.open("wb"), stderr=subprocess.STDOUT)
    engine = make_engine(f"sqlite:///{db}")

    def query(sql: str):
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]

    try:
        deadline = time.monotonic() + 60
        while "watching INBOX" not in log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        form = ("Company: C{i}\nContact name: P{i}\nContact phone: +1 555 0100\nDomains: c{i}.test\n"
                "Current partner e-mail: partner{i}@partners.test\nNew provider e-mail: none\nReason: bench")
        for i in range(n):
            send(stack.smtp_port, f"client{i}@clients.test", MAILBOX, f"Request {i}", form.format(i=i))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            rows = query("select reply_to, recipient from outbound_mails where template = 'waiver_request'")
            if len(rows) == n:
                break
            time.sleep(0.2)
        reply_to = {recipient: address for address, recipient in rows}
        time.sleep(2)  # let the requests' notices and their copies settle
        latencies = []
        for i in range(n):
            partner = f"partner{i}@partners.test"
            submitted = datetime.now(UTC)
            send(stack.smtp_port, partner, reply_to[partner], "Re: Waiver request", "I AGREE")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                rows = query(f"select sent_at from outbound_mails where template = 'waiver_signed_receipt' "
                             f"and recipient = '{partner}' and sent_at is not null")
                if rows:
                    sent_at = datetime.fromisoformat(str(rows[0][0])).replace(tzinfo=UTC)
                    latencies.append((sent_at - submitted).total_seconds())
                    break
                time.sleep(0.01)
            time.sleep(0.2)
    finally:
        daemon.terminate()
        daemon.wait(30)
        engine.dispose()
        stack.stop()
    print(f"\nreply latency over Postfix + Dovecot (IDLE), {len(latencies)} of {n} replies measured\n")
    print("| measure | seconds | goal |")
    print("| --- | --- | --- |")
    print(f"| p50: I AGREE submitted -> receipt accepted by SMTP | {statistics.median(latencies):.3f} | ≤ 0.6 |")
    print(f"| p95 | {percentile(latencies, 0.95):.3f} | ≤ 1.5 |")
    print(f"| min / max | {min(latencies):.3f} / {max(latencies):.3f} | |")
    return 0 if len(latencies) == n else 1


if __name__ == "__main__":
    sys.exit(main())
