"""One rendered notice -> the exact bytes we send, with every threading header right.

The stdlib builds the MIME body and encodes display names and subjects (RFC 2047). The
threading headers are written by hand: Python's header folding may RFC 2047-encode a long
Message-ID or References value, and a client that sees ``=?utf-8?q?…?=`` where a msg-id should
be breaks the thread (Outlook, Apple Mail). Here they are always plain ASCII msg-ids, folded
only between ids (RFC 5322 s3.6.4), each line well under 998 octets.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime

from replies.render import RenderedNotice

MARKER_HEADER = "X-Mailbot-Case"  # parsers.classify recognises our own mail by it
MESSAGE_ID_PREFIX = "mailbot."
MAX_REFERENCES = 10  # the root and the latest ones, as RFC 5322 suggests for long threads
_MSGID = re.compile(r"^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$")  # printable ASCII, no < or >
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
_EMAIL = re.compile(r"^[^@\s<>\"(),;:]+@[^@\s<>\"(),;:]+$")


class HeaderError(ValueError):
    """A value that must never reach a header (CR/LF injection, a malformed address)."""


@dataclass(frozen=True)
class Envelope:
    from_addr: str
    from_name: str
    to: tuple[str, ...]
    subject: str
    message_id: str
    date: datetime
    cc: tuple[str, ...] = ()
    reply_to: str | None = None
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    auto_submitted: str = "auto-generated"  # or "auto-replied" when answering a mail
    case_reference: str | None = None


def make_message_id(domain: str) -> str:
    """A fresh Message-ID the classifier will recognise as ours when it comes back."""
    return f"<{MESSAGE_ID_PREFIX}{secrets.token_hex(12)}@{domain}>"


def is_message_id(value: str | None) -> bool:
    return bool(value) and bool(_MSGID.match(value))


def clean_text(value: str, limit: int = 300) -> str:
    """A single header-safe line: control characters (CR, LF, …) become spaces."""
    return " ".join(_CONTROL.sub(" ", value or "").split())[:limit]


def thread_references(references: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """Valid msg-ids, duplicates removed, trimmed to the root and the latest ones."""
    ids = list(dict.fromkeys(r for r in references if is_message_id(r)))
    if len(ids) > MAX_REFERENCES:
        ids = [ids[0], *ids[-(MAX_REFERENCES - 1):]]
    return tuple(ids)


def build_message(envelope: Envelope, notice: RenderedNotice) -> bytes:
    """The complete message as CRLF bytes, ready for SMTP."""
    for address in (envelope.from_addr, *envelope.to, *envelope.cc, *filter(None, [envelope.reply_to])):
        if not _EMAIL.match(address or ""):
            raise HeaderError(f"not a deliverable address: {address!r}")
    for msgid in (envelope.message_id, *filter(None, [envelope.in_reply_to])):
        if not is_message_id(msgid):
            raise HeaderError(f"not a msg-id: {msgid!r}")

    msg = EmailMessage(policy=SMTP)
    msg["Date"] = format_datetime(envelope.date)
    msg["From"] = Address(display_name=clean_text(envelope.from_name, 78), addr_spec=envelope.from_addr)
    msg["To"] = ", ".join(envelope.to)
    if envelope.cc:
        msg["Cc"] = ", ".join(envelope.cc)
    if envelope.reply_to:
        msg["Reply-To"] = envelope.reply_to
    msg["Subject"] = clean_text(envelope.subject, 250)
    msg["Auto-Submitted"] = envelope.auto_submitted
    # Asks Exchange not to send out-of-office or other automatic replies to a robot.
    msg["X-Auto-Response-Suppress"] = "All"
    if envelope.case_reference:
        msg[MARKER_HEADER] = clean_text(envelope.case_reference, 40)
    msg.set_content(notice.text)
    msg.add_alternative(notice.html, subtype="html")

    raw = msg.as_bytes(policy=SMTP)
    head, sep, body = raw.partition(b"\r\n\r\n")
    return head + b"\r\n" + _threading_headers(envelope) + sep + body


def _threading_headers(envelope: Envelope) -> bytes:
    lines = [f"Message-ID: {envelope.message_id}"]
    if envelope.in_reply_to:
        lines.append(f"In-Reply-To: {envelope.in_reply_to}")
    references = thread_references(envelope.references)
    if references:
        lines.append("References: " + "\r\n ".join(references))
    return "\r\n".join(lines).encode("ascii")
