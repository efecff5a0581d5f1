"""People at their mail clients, for the demo and the live tests: read the INBOX over IMAP,
answer the way Gmail or Outlook do (Reply-To, Re: subject, threading headers, the original
quoted below), send over SMTP."""

from __future__ import annotations

import contextlib
import email
import email.policy
import smtplib
import textwrap
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from imapclient import IMAPClient


def compose_reply(original: EmailMessage, sender: str, text: str, style: str = "gmail",
                  name: str = "", to: str | None = None) -> EmailMessage:
    """A reply as a mail client writes it, quoting ``original`` below the new text."""
    body = original.get_body(("plain",))
    quoted_text = body.get_content() if body is not None else ""
    reply = EmailMessage()
    reply["From"] = f"{name} <{sender}>" if name else sender
    reply["To"] = to or original["Reply-To"] or original["From"]
    subject = original["Subject"] or ""
    reply["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
    reply["Date"] = format_datetime(datetime.now(UTC))
    reply["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2])
    reply["In-Reply-To"] = original["Message-ID"]
    reply["References"] = " ".join([*(original["References"] or "").split(), original["Message-ID"]])
    when = original["Date"] or ""
    if style == "outlook":
        reply.set_content(f"{text}\n\n________________________________\nFrom: {original['From']}\nSent: {when}\n"
                          f"To: {original['To']}\nSubject: {subject}\n\n{quoted_text}")
    else:
        quoted = textwrap.indent(quoted_text, "> ", lambda line: True)
        reply.set_content(f"{text}\n\nOn {when}, {original['From']} wrote:\n{quoted}")
    return reply


@dataclass
class Person:
    """Somebody with a mailbox on the stack."""

    address: str
    password: str
    name: str
    imap_host: str
    imap_port: int
    smtp_host: str
    smtp_port: int
    seen: set[bytes] = field(default_factory=set)

    def send(self, message: EmailMessage) -> None:
        if "Date" not in message:
            message["Date"] = format_datetime(datetime.now(UTC))
        if "Message-ID" not in message:
            message["Message-ID"] = make_msgid(domain=self.address.rpartition("@")[2])
        recipients = [a for h in ("To", "Cc") for a in (message.get_all(h) or [])]
        with smtplib.SMTP(self.smtp_host, self.smtp_port, timeout=30) as smtp:
            smtp.send_message(message, from_addr=self.address,
                              to_addrs=[email.utils.parseaddr(a)[1] for r in recipients for a in r.split(",")])

    def write(self, to: str, subject: str, text: str, headers: dict | None = None) -> EmailMessage:
        message = EmailMessage()
        message["From"] = f"{self.name} <{self.address}>"
        message["To"] = to
        message["Subject"] = subject
        for key, value in (headers or {}).items():
            message[key] = value
        message.set_content(text)
        self.send(message)
        return message

    def wait_for(self, predicate, timeout: float = 30.0) -> EmailMessage:
        """The first new message in the INBOX that ``predicate`` accepts."""
        deadline = time.monotonic() + timeout
        client = IMAPClient(self.imap_host, port=self.imap_port, ssl=False, timeout=30)
        try:
            client.login(self.address, self.password)
            client.select_folder("INBOX")
            while time.monotonic() < deadline:
                for uid, data in client.fetch(client.search("ALL"), ["BODY.PEEK[]"]).items():
                    raw = bytes(data[b"BODY[]"])
                    message = email.message_from_bytes(raw, policy=email.policy.default)
                    key = (message["Message-ID"] or str(uid)).encode()
                    if key in self.seen:
                        continue
                    if predicate(message):
                        self.seen.add(key)
                        return message
                client.noop()
                time.sleep(0.05)
        finally:
            with contextlib.suppress(Exception):
                client.logout()
        raise TimeoutError(f"{self.address}: the expected mail did not arrive within {timeout:.0f} s")

    def reply(self, original: EmailMessage, text: str, style: str = "gmail", to: str | None = None) -> EmailMessage:
        message = compose_reply(original, self.address, text, style, self.name, to)
        self.send(message)
        return message
