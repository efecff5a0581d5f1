"""One rendered notice -> the exact bytes we send, with every threading header right.

The stdlib builds the MIME body and encodes display names and subjects (RFC 2047). The
threading headers are written by hand: Python's header folding may RFC 2047-encode a long
Message-ID or References value, and a client that sees ``=?utf-8?q?…?=`` where a msg-id should
be breaks the thread (Outlook, Apple Mail). Here they are always plain ASCII msg-ids, folded
only between ids (RFC 5322 s3.6.4), each line well under 998 octets.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
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
    """The complete message as CRLF bytes, ready for SMTP.

    Written by hand rather than through ``email.message``: a notice is built for every answer,
    the stdlib's header objects cost milliseconds each, and the result here is byte-for-byte
    predictable (which the tests check).
    """
    envelope = replace(envelope, from_addr=ascii_address(envelope.from_addr),
                       to=tuple(map(ascii_address, envelope.to)), cc=tuple(map(ascii_address, envelope.cc)),
                       reply_to=ascii_address(envelope.reply_to) if envelope.reply_to else None)
    for msgid in (envelope.message_id, *filter(None, [envelope.in_reply_to])):
        if not is_message_id(msgid):
            raise HeaderError(f"not a msg-id: {msgid!r}")
    boundary = f"=_mailbot_{secrets.token_hex(12)}"
    headers = [
        f"Date: {format_datetime(envelope.date)}",
        "From: " + _fold("From", _mailbox(clean_text(envelope.from_name, 78), envelope.from_addr)),
        "To: " + _fold("To", ", ".join(envelope.to)),
    ]
    if envelope.cc:
        headers.append("Cc: " + _fold("Cc", ", ".join(envelope.cc)))
    if envelope.reply_to:
        headers.append(f"Reply-To: {envelope.reply_to}")
    headers.append("Subject: " + _fold("Subject", _encode_words(clean_text(envelope.subject, 250))))
    headers.append(f"Auto-Submitted: {envelope.auto_submitted}")
    # Asks Exchange not to send out-of-office or other automatic replies to a robot.
    headers.append("X-Auto-Response-Suppress: All")
    if envelope.case_reference:
        headers.append(f"{MARKER_HEADER}: {clean_text(envelope.case_reference, 40)}")
    headers.append(_threading_headers(envelope).decode("ascii"))
    headers += ["MIME-Version: 1.0", f'Content-Type: multipart/alternative; boundary="{boundary}"']
    parts = [_part("plain", notice.text), _part("html", notice.html)]
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part for part in parts) + b"--" + boundary.encode() + b"--\r\n"
    return "\r\n".join(headers).encode("ascii") + b"\r\n\r\n" + body


_ASCII_PRINTABLE = re.compile(r"^[\x20-\x7e]*$")


def _mailbox(name: str, address: str) -> str:
    if not name:
        return address
    if _ASCII_PRINTABLE.match(name):
        quoted = name if re.match(r"^[\w !#$%&'*+/=?^`{|}~.-]*$", name) and "." not in name else \
            '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{quoted} <{address}>"
    return f"{_encode_words(name, phrase=True)} <{address}>"


def _encode_words(text: str, phrase: bool = False) -> str:
    """RFC 2047: ASCII words stay readable; each run of non-ASCII words becomes encoded-words
    of at most 75 characters (base64, never splitting a character)."""
    if _ASCII_PRINTABLE.match(text) and not phrase:
        return text
    words, out, run = text.split(" "), [], []
    for word in words:
        if _ASCII_PRINTABLE.match(word) and not (phrase and re.search(r'[()<>@,;:\\".\[\]]', word)):
            if run:
                out.extend(_b_words(" ".join(run)))
                run = []
            out.append(word)
        else:
            run.append(word)
    if run:
        out.extend(_b_words(" ".join(run)))
    return " ".join(out)


def _b_words(text: str) -> list[str]:
    chunks, current = [], b""
    for char in text:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 45:
            chunks.append(current)
            current = b""
        current += encoded
    chunks.append(current)
    return [f"=?utf-8?b?{base64.b64encode(chunk).decode('ascii')}?=" for chunk in chunks if chunk]


def _fold(name: str, value: str, limit: int = 78) -> str:
    """Fold at spaces so that lines stay within ``limit`` characters where the words allow."""
    lines, line = [], f"{name}: "
    for word in value.split(" "):
        if len(line) + len(word) > limit and line.strip() not in ("", f"{name}:"):
            lines.append(line.rstrip())
            line = " "
        line += word + " "
    lines.append(line.rstrip())
    return "\r\n".join(lines)[len(name) + 2:]


def _part(subtype: str, text: str) -> bytes:
    data = text.replace("\r\n", "\n").replace("\r", "\n").encode("utf-8")
    encoded = binascii.b2a_qp(data, quotetabs=False, istext=True, header=False).replace(b"\n", b"\r\n")
    if not encoded.endswith(b"\r\n"):
        encoded += b"\r\n"
    return (f'Content-Type: text/{subtype}; charset="utf-8"\r\n'
            "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode("ascii") + encoded


def ascii_address(address: str) -> str:
    """The address as it can go into a header without SMTPUTF8: an international domain in
    its IDNA (punycode) form; a non-ASCII local part cannot be written, so it is refused."""
    if not _EMAIL.match(address or ""):
        raise HeaderError(f"not a deliverable address: {address!r}")
    local, _, domain = address.rpartition("@")
    if not local.isascii():
        raise HeaderError(f"cannot send to {address!r}: its local part is not ASCII (needs SMTPUTF8)")
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            raise HeaderError(f"cannot send to {address!r}: its domain is not a valid IDN") from None
    return f"{local}@{domain}"


def _threading_headers(envelope: Envelope) -> bytes:
    lines = [f"Message-ID: {envelope.message_id}"]
    if envelope.in_reply_to:
        lines.append(f"In-Reply-To: {envelope.in_reply_to}")
    references = thread_references(envelope.references)
    if references:
        lines.append("References: " + "\r\n ".join(references))
    return "\r\n".join(lines).encode("ascii")
