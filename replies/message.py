"""One rendered notice -> the exact bytes we send, with every threading header right.

The stdlib builds the MIME body and encodes display names and subjects (RFC 2047). The
threading headers are written by hand: Python's header folding may RFC 2047-encode a long
Message-ID or References value, and a client that sees ``=?utf-8?q?…?=`` where a msg-id should
be breaks the thread (Outlook, Apple Mail). Here they are always plain ASCII msg-ids, folded
only between ids (RFC 5322 s3.6.4), each line well under 998 octets.

Every other header is folded at spaces to at most 76 characters a line: RFC 2047 s2 allows no
more on a line that holds an encoded-word (and RFC 5322 asks for 78 on any line). Domains go
out in IDNA 2008 with the UTS 46 mapping, as browsers and the big mail providers write them.
"""

from __future__ import annotations

import base64
import binascii
import re
import secrets
from dataclasses import dataclass, replace
from datetime import datetime
from email.utils import format_datetime

import idna

from replies.render import RenderedNotice

MARKER_HEADER = "X-Mailbot-Case"  # parsers.classify recognises our own mail by it
MESSAGE_ID_PREFIX = "mailbot."
MAX_REFERENCES = 10  # the root and the latest ones, as RFC 5322 suggests for long threads
_MSGID = re.compile(r"^<[\x21-\x3b\x3d\x3f-\x7e]{1,250}>$")  # printable ASCII, no < or >
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]+")
# An addr-spec we are willing to write: no whitespace or controls (header injection; a NUL
# ends the string in C mail software), no quotes, brackets, separators or backslashes: a
# quoted local part, a quoted-pair or a domain literal ([192.0.2.1]) is never a party's address.
_ADDRESS_CHAR = r"[^@\s\x00-\x1f\x7f<>\"(),;:\[\]\\]"
_EMAIL = re.compile(rf"^{_ADDRESS_CHAR}+@{_ADDRESS_CHAR}+$")
# RFC 2047 s2: no line holding an encoded-word may be longer than 76 characters.
LINE_LIMIT = 76
# The bytes in one encoded-word: 39 bytes are 52 base64 characters, a 64-character word that
# fits even on a header's first line ("Subject: " + 64 = 73), which folding cannot shorten:
# the first word always stays beside the header name.
_WORD_BYTES = 39


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


def clean_text(value: str, limit: int | None = 300) -> str:
    """A single header-safe line: control characters (CR, LF, …) become spaces. ``limit``
    None keeps it whole."""
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
        # (a long display name is folded, never cut: it is ours, from the configuration)
        "From: " + _fold("From", _mailbox(clean_text(envelope.from_name, None), envelope.from_addr)),
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
    headers += ["MIME-Version: 1.0", f'Content-Type: multipart/alternative;\r\n boundary="{boundary}"']
    parts = [_part("plain", notice.text), _part("html", notice.html)]
    body = b"".join(b"--" + boundary.encode() + b"\r\n" + part for part in parts) + b"--" + boundary.encode() + b"--\r\n"
    return "\r\n".join(headers).encode("ascii") + b"\r\n\r\n" + body


_ASCII_PRINTABLE = re.compile(r"^[\x20-\x7e]*$")


def _mailbox(name: str, address: str) -> str:
    if not name:
        return address
    if _ASCII_PRINTABLE.match(name) and not _looks_encoded(name):
        quoted = name if re.match(r"^[\w !#$%&'*+/=?^`{|}~.-]*$", name) and "." not in name else \
            '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return f"{quoted} <{address}>"
    return f"{_encode_words(name, phrase=True)} <{address}>"


def _encode_words(text: str, phrase: bool = False) -> str:
    """RFC 2047: ASCII words stay readable; each run of non-ASCII words becomes encoded-words
    of 64 characters at most (base64, never splitting a character). ASCII that looks like an
    encoded-word is encoded too, or a mail client would decode it: our subject would not say
    what we wrote."""
    if _ASCII_PRINTABLE.match(text) and not phrase and not _looks_encoded(text):
        return text
    words, out, run = text.split(" "), [], []
    for word in words:
        if _ASCII_PRINTABLE.match(word) and not _looks_encoded(word) and \
                not (phrase and re.search(r'[()<>@,;:\\".\[\]]', word)):
            if run:
                out.extend(_b_words(" ".join(run)))
                run = []
            out.append(word)
        else:
            run.append(word)
    if run:
        out.extend(_b_words(" ".join(run)))
    return " ".join(out)


def _looks_encoded(text: str) -> bool:
    return "=?" in text


def _b_words(text: str) -> list[str]:
    chunks, current = [], b""
    for char in text:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > _WORD_BYTES:
            chunks.append(current)
            current = b""
        current += encoded
    chunks.append(current)
    return [f"=?utf-8?b?{base64.b64encode(chunk).decode('ascii')}?=" for chunk in chunks if chunk]


def _fold(name: str, value: str, limit: int = LINE_LIMIT) -> str:
    """Fold at spaces so that lines stay within ``limit`` characters where the words allow
    (only a single word longer than that, an address or a plain ASCII word, goes beyond)."""
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
    return f"{local}@{_ascii_domain(domain, address)}"


def _ascii_domain(domain: str, address: str) -> str:
    """An international domain in IDNA 2008 form, mapped by UTS 46 (case folded, full-width
    dots read as dots), non-transitional: faß.de is xn--fa-hia.de, a domain of its own that
    its owner may not hold as fass.de (the stdlib's IDNA 2003 codec writes fass.de)."""
    if domain.isascii():
        return domain
    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except UnicodeError as exc:  # idna.IDNAError is one
        raise HeaderError(f"cannot send to {address!r}: its domain is not a valid international "
                          f"domain name (IDNA 2008: {exc})") from None


def _threading_headers(envelope: Envelope) -> bytes:
    lines = [f"Message-ID: {envelope.message_id}"]
    if envelope.in_reply_to:
        lines.append(f"In-Reply-To: {envelope.in_reply_to}")
    references = thread_references(envelope.references)
    if references:
        lines.append("References: " + "\r\n ".join(references))
    return "\r\n".join(lines).encode("ascii")
