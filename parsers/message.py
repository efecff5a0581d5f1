"""Raw bytes -> ParsedMessage: the headers, text and attachments of one mail.

mail-parser does the MIME walking, charset decoding and attachment extraction; this module
normalises what the rest of the bot relies on (addresses, Message-IDs, threading headers) and
never raises: whatever cannot be read becomes a defect beside what could.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.header
import email.parser
import email.utils
import hashlib
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.message import Message

import mailparser

from parsers.addresses import parse_address_list, read_from
from parsers.html_text import html_to_text
from parsers.raw_headers import MAX_FIELD, bound_header_fields

# mail-parser logs a WARNING for every MIME part it does not turn into text (delivery reports'
# text/rfc822-headers, calendars); those parts are still read by us where they matter.
logging.getLogger("mailparser").setLevel(logging.ERROR)

_MSGID = re.compile(r"<[^<>\s]+>")
MAX_MESSAGE_ID = 900  # longer ones are junk (and do not fit an index)
# (from where a run of such characters starts only: from each of its characters, a 100 kB
# token in References took 16 s; every start inside a run gives the run's own answer)
_BARE_MSGID = re.compile(r"(?<![^<>\s,;])[^<>\s,;]+@[^<>\s,;]+")
_ADDRESS_HEADERS = {"from", "sender", "reply-to", "to", "cc", "delivered-to", "x-original-to"}
_SINGLE = ("from", "sender", "reply-to", "to", "cc", "subject", "message-id", "in-reply-to", "references")
# Read as they came (never RFC 2047-decoded): what an encoded word says is only ever text.
_RAW_HEADERS = _ADDRESS_HEADERS | {"authentication-results"}
_FOLDING = re.compile(r"[ \t\r\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Attachment:
    name: str
    size: int  # decoded bytes
    content_type: str


@dataclass
class ParsedMessage:
    """What one mail says, read defensively. Addresses are bare and lower case."""

    raw_sha256: str
    size: int
    message_id: str | None = None
    from_addr: str | None = None
    from_name: str = ""
    sender: str | None = None
    reply_to: list[str] = field(default_factory=list)
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    delivered_to: list[str] = field(default_factory=list)
    subject: str = ""
    date: datetime | None = None
    in_reply_to: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    authentication_results: list[str] = field(default_factory=list)
    text: str = ""
    html: str | None = None
    text_from_html: bool = False
    # every text/plain part the sender wrote, in order (``text`` joins them): a client shows a
    # second one as a part of its own, not as the tail of the first one's quote
    text_parts: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    content_type: str = "text/plain"
    headers: dict[str, list[str]] = field(default_factory=dict)
    defects: list[str] = field(default_factory=list)
    message: Message | None = None  # the stdlib tree, for bounce detection
    # Headers that may appear once (RFC 5322 3.6) but appear more often: the reader and a
    # DKIM verifier may each read another copy, so such a mail acts for nobody.
    repeated: list[str] = field(default_factory=list)

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return values[0] if values else None

    @property
    def recipients(self) -> list[str]:
        """Every address this copy was delivered for, envelope hints included."""
        seen: dict[str, None] = {}
        for addr in self.to + self.cc + self.delivered_to:
            seen.setdefault(addr, None)
        return list(seen)


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse raw RFC 5322 bytes. Never raises; problems are listed in ``defects``."""
    raw = raw or b""
    parsed = ParsedMessage(raw_sha256=hashlib.sha256(raw).hexdigest(), size=len(raw))
    if not raw.strip():
        parsed.defects.append("empty message")
        return parsed
    raw, cut = bound_header_fields(raw)  # (the hash above is of the mail as it came)
    raw = _unfold_boundaries(raw)
    if cut:
        parsed.defects.append(f"header field(s) longer than {MAX_FIELD} bytes cut: {', '.join(cut[:5])}")
    try:
        mail = mailparser.parse_from_bytes(raw)
        message = mail.message
    except Exception as exc:  # mail-parser gave up: fall back to headers only
        parsed.defects.append(f"unreadable MIME structure ({type(exc).__name__}): headers only")
        mail = None
        message = _headers_only(raw, parsed)
    if message is None:
        return parsed
    parsed.message = message
    try:
        _read_headers(message, parsed)
        if mail is not None:
            _read_body(mail, parsed)
    except Exception as exc:  # the promise is "never raises": keep what was read, say what was not
        parsed.defects.append(f"partly unreadable ({type(exc).__name__}: {str(exc)[:100]})")
    return parsed


# A boundary folded inside its quotes ('boundary="=_alternative\r\n A1A2…_="', as a relay
# folds Notes' boundaries, which hold a space): the stdlib's compat32 parser, which mail-parser
# uses, keeps the line break in it and then finds no part. Unfolded, as RFC 5322 reads it.
# (found with bytes.find, not a case-insensitive pattern run over every mail's bytes: that cost
# a sixth of the parse)
def _unfold_boundaries(raw: bytes) -> bytes:
    pieces, at = [], 0
    for marker in (b'oundary="', b'OUNDARY="'):
        start = raw.find(marker)
        while start >= 0:
            value = start + len(marker)
            close = raw.find(b'"', value, value + _MAX_BOUNDARY)
            newline = raw.find(b"\n", value, value + _MAX_BOUNDARY)
            if 0 <= newline < close and raw[newline + 1:newline + 2] in (b" ", b"\t"):
                cut = newline - 1 if raw[newline - 1:newline] == b"\r" else newline
                pieces.append((cut, newline + 1))
            start = raw.find(marker, value)
    if not pieces:
        return raw
    out = []
    for cut, resume in sorted(pieces):
        out.append(raw[at:cut] + b" ")
        at = resume
        while raw[at:at + 1] in (b" ", b"\t"):
            at += 1
    return b"".join(out) + raw[at:]


_MAX_BOUNDARY = 200


def _headers_only(raw: bytes, parsed: ParsedMessage) -> Message | None:
    try:
        return email.parser.BytesHeaderParser().parsebytes(raw)
    except Exception as exc:
        parsed.defects.append(f"unreadable headers ({type(exc).__name__})")
        return None


def decode_header_value(value: object) -> str:
    """A header as text: RFC 2047 words decoded, 8-bit bytes read leniently, unfolded."""
    if value is None:
        return ""
    if isinstance(value, email.header.Header):
        parts = email.header.decode_header(value)
    elif isinstance(value, str) and "=?" not in value and value.isascii():
        # (most headers: no encoded word and nothing 8-bit, nothing to decode)
        return _unfolded(value)
    else:
        text = str(value)
        try:
            parts = email.header.decode_header(text)
        except Exception:
            parts = [(text, None)]
    out = []
    for chunk, charset in parts:
        if isinstance(chunk, bytes):
            out.append(_decode_bytes(chunk, charset))
        else:
            out.append(chunk)
    text = "".join(out)
    # Undecodable 8-bit header bytes arrive as surrogate escapes from the stdlib parser.
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    # Unfold and collapse ASCII whitespace only: a no-break space is part of the text
    # (French Outlook writes "RE\u00a0:").
    return _unfolded(text)


def _decode_bytes(chunk: bytes, charset: str | None) -> str:
    for candidate in (charset, "utf-8", "cp1252"):
        if not candidate or candidate == "unknown-8bit":
            continue
        try:
            return chunk.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return chunk.decode("latin-1")


def _header_list(message: Message, name: str) -> list[str]:
    try:
        return [decode_header_value(v) for v in message.get_all(name) or []]
    except Exception:
        return []


def parse_addresses(values: list[str]) -> list[tuple[str, str]]:
    """(display name, bare lower-case address) pairs from undecoded header values."""
    return parse_address_list(values, decode_header_value)


def _raw_header(value: object) -> str:
    """A header as it came, unfolded but not RFC 2047-decoded; 8-bit bytes read leniently."""
    text = str(value)
    if not text.isascii():
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return _unfolded(text)


def _unfolded(text: str) -> str:
    """Folding and runs of ASCII white space as one space, control characters out."""
    if text.isprintable() and "  " not in text:
        return text.strip(" ")  # (most header lines: one line, nothing to collapse)
    return _CONTROL.sub("", _FOLDING.sub(" ", text).strip(" "))


def message_ids(value: str) -> list[str]:
    """Message-IDs in a header however folded, commented or bracket-less."""
    found = _MSGID.findall(value)
    if not found:
        found = [f"<{m}>" for m in _BARE_MSGID.findall(value)]
    seen: dict[str, None] = {}
    for msgid in found:
        seen.setdefault(msgid, None)
    return list(seen)


def _read_headers(message: Message, parsed: ParsedMessage) -> None:
    headers: dict[str, list[str]] = {}
    try:
        items = message.items()
    except Exception:
        items = []
    for name, value in items:
        headers.setdefault(str(name).strip().lower(), []).append(decode_header_value(value))
    parsed.headers = headers
    parsed.repeated = [name for name in _SINGLE if len(headers.get(name, ())) > 1]
    raw: dict[str, list[str]] = {}
    try:
        raw_items = list(message.raw_items())
    except Exception:
        raw_items = []
    for name, value in raw_items:
        key = str(name).strip().lower()
        if key in _RAW_HEADERS:
            raw.setdefault(key, []).append(_raw_header(value))

    # One strict reading of From: a header that could be read as two different senders (an
    # address inside a comment, an unclosed quote, several authors) has no sender at all.
    sender_or_problem = read_from(raw.get("from", []))
    if isinstance(sender_or_problem, tuple):
        parsed.from_name, parsed.from_addr = sender_or_problem
    else:
        parsed.defects.append(sender_or_problem)
    sender = parse_addresses(raw.get("sender", []))
    parsed.sender = sender[0][1] if sender else None
    parsed.reply_to = [a for _, a in parse_addresses(raw.get("reply-to", []))]
    parsed.to = [a for _, a in parse_addresses(raw.get("to", []))]
    parsed.cc = [a for _, a in parse_addresses(raw.get("cc", []))]
    parsed.delivered_to = [
        a
        for _, a in parse_addresses(raw.get("delivered-to", []) + raw.get("x-original-to", []))
    ]
    parsed.subject = (headers.get("subject") or [""])[0]

    ids = message_ids(" ".join(headers.get("message-id", [])))
    if ids and len(ids[0]) <= MAX_MESSAGE_ID:
        parsed.message_id = ids[0]
    else:
        parsed.defects.append("no Message-ID" if not ids else f"Message-ID longer than {MAX_MESSAGE_ID} characters")
    parsed.in_reply_to = [i for i in message_ids(" ".join(headers.get("in-reply-to", []))) if len(i) <= MAX_MESSAGE_ID]
    parsed.references = [i for i in message_ids(" ".join(headers.get("references", []))) if len(i) <= MAX_MESSAGE_ID]

    date = (headers.get("date") or [None])[0]
    if date:
        try:
            parsed.date = email.utils.parsedate_to_datetime(date)
        except Exception:  # ValueError, but also OverflowError for a year like 99999999999
            parsed.defects.append(f"unreadable Date: {date[:60]}")
    parsed.authentication_results = raw.get("authentication-results", [])
    try:
        parsed.content_type = message.get_content_type()
    except Exception:
        parsed.content_type = "text/plain"


def _read_body(mail: mailparser.MailParser, parsed: ParsedMessage) -> None:
    for defect in mail.defects:
        for part, messages in defect.items():
            parsed.defects.extend(f"{part}: {m}" for m in messages)
    unread: list[Message] = []
    plain, html = _body_texts(parsed.message, unread)
    parsed.html = "\n".join(html) if html else None
    parsed.text_parts = plain
    if plain:
        parsed.text = "\n".join(plain)
    elif html:
        parsed.text = html_to_text(parsed.html)
        parsed.text_from_html = True
    parsed.text = parsed.text.replace("\r\n", "\n").replace("\r", "\n")
    parsed.defects.extend(_transfer_encoding_defects(parsed.message))
    named: set[str] | None = None
    for number, item in enumerate(mail.attachments, start=1):
        kind = item.get("mail_content_type") or "application/octet-stream"
        name = decode_header_value(item.get("filename") or "")
        if named is None and (not name or _INVENTED_NAME.fullmatch(name)):
            # (the names the parts really carry, to tell mail-parser's invented ones apart;
            # walked only for a name shaped like one: reading every part's parameters cost
            # a twentieth of the parse)
            named = {name for part in parsed.message.walk()
                     for name in (decode_header_value(part.get_filename() or ""), str(part.get("Content-ID", "")))}
        if named is not None and name not in named:
            # mail-parser names a part without a filename at random ("kpqwtjoxvr.txt"): give
            # it a name that stays the same from one reading to the next.
            name = "attached-message.eml" if kind == "message/rfc822" else \
                f"attachment-{number}{mimetypes.guess_extension(kind) or ''}"
        parsed.attachments.append(Attachment(name=name, size=_payload_size(item), content_type=kind))
    listed = len(parsed.attachments)
    for number, part in enumerate(unread, start=listed + 1):
        kind = part.get_content_type()
        if any(a.content_type == kind for a in parsed.attachments[:listed]):
            continue  # mail-parser listed it already
        if part.is_multipart():
            payload = part.as_bytes() if kind.startswith("message/") else b""
        else:
            payload = part.get_payload(decode=True) or b""
        extension = ".eml" if kind == "message/rfc822" else mimetypes.guess_extension(kind) or ".bin"
        parsed.attachments.append(Attachment(name=f"inline-part-{number}{extension}", size=len(payload),
                                             content_type=kind))


def _body_texts(message: Message, unread: list[Message] | None = None) -> tuple[list[str], list[str]]:
    """The text/plain and text/html parts the sender wrote: not attachments, and not what is
    inside a forwarded message (message/rfc822), whatever its disposition: forwarded words
    were somebody else's, earlier, and must never act as this mail's keyword or command.
    Other inline text parts (text/enriched, Gmail's text/x-amp-html, text/markdown) go to
    ``unread``: a client may show them, so they are listed with the attachments."""
    plain: list[str] = []
    html: list[str] = []
    stack = [message]
    while stack:  # iterative: hostile mail nests thousands deep
        part = stack.pop()
        ctype = part.get_content_type()
        maintype = ctype.partition("/")[0]  # (get_content_maintype, without parsing the header again)
        if maintype == "message":
            if unread is not None:
                unread.append(part)  # an attached message is somebody's words: listed, not read
            continue
        if part.is_multipart():
            payload = part.get_payload()
            if isinstance(payload, list):
                stack.extend(reversed(payload))
            continue
        if part.get_content_disposition() == "attachment" or part.get_filename():
            continue
        if maintype != "text":
            # A document without a name or disposition ("application/octet-stream", a PDF
            # inline): mail-parser does not list it, a mail client may still offer it.
            if unread is not None:
                unread.append(part)
            continue
        if ctype in ("text/plain", "text/html"):
            text = _part_text(part)
            if text.strip():
                (plain if ctype == "text/plain" else html).append(text)
        elif unread is not None:
            unread.append(part)
    return plain, html


def _part_text(part: Message) -> str:
    try:
        data = part.get_payload(decode=True) or b""
    except Exception:
        data = str(part.get_payload()).encode("utf-8", "replace")
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    return _decode_bytes(data, part.get_content_charset())


def _payload_size(item: dict) -> int:
    payload = item.get("payload") or ""
    if item.get("binary"):
        data = payload.encode("ascii", "replace").translate(None, _WHITESPACE)
        if _is_base64(data):
            # (valid base64: its decoded size is known without decoding it)
            return len(data) // 4 * 3 - (len(data) - len(data.rstrip(b"=")))
        try:
            return len(base64.b64decode(payload))
        except (binascii.Error, ValueError):
            return len(payload)
    return len(payload.encode("utf-8", "replace"))


def _is_base64(data: bytes) -> bool:
    """Whether ``data`` (whitespace taken out) is base64 the stdlib decodes without dropping
    anything: whole groups of four, the alphabet, at most two "=" closing it. (bytes.translate,
    not a pattern: over a 200 kB attachment a pattern cost more than mail-parser's decoding)"""
    body = data.rstrip(b"=")
    return len(data) % 4 == 0 and len(data) - len(body) <= 2 and not body.translate(None, _BASE64_ALPHABET)


_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_WHITESPACE = b" \t\r\n"
# mail-parser's name for a part that has none: ten random small letters (utils.random_string)
_INVENTED_NAME = re.compile(r"[a-z]{10}\.(?:rtf|txt)")


def _transfer_encoding_defects(message: Message | None) -> list[str]:
    """Broken base64 the stdlib decodes silently (it drops what it cannot read)."""
    defects = []
    if message is None:
        return defects
    try:
        parts = list(message.walk())
    except Exception:
        return defects
    for index, part in enumerate(parts):
        # Text parts only: they are what the bot reads; attachments are kept as they came.
        if not part.get_content_type().startswith("text/"):
            continue
        if str(part.get("content-transfer-encoding", "")).strip().lower() != "base64":
            continue
        payload = part.get_payload()
        if not isinstance(payload, str):
            continue
        if not _is_base64(payload.encode("ascii", "replace").translate(None, _WHITESPACE)):
            defects.append(f"part {index}: invalid base64 body (characters or padding)")
    return defects
