"""The one header value needed before a mail is parsed: its Message-ID, for the idempotency key.

A mail is recorded (raw bytes and all) before anything reads it, so that a mail too slow or
too broken to read is still counted, retried and quarantined. This scan is bounded and linear:
it looks at the header block only (at most ``HEAD_LIMIT`` bytes), and never uses a pattern.
"""

from __future__ import annotations

HEAD_LIMIT = 256 * 1024
MAX_MESSAGE_ID = 900  # as parsers.message: longer ones are junk (and do not fit an index)


def header_block(raw: bytes) -> bytes:
    """The bytes before the first empty line (or the first ``HEAD_LIMIT`` bytes)."""
    head = raw[:HEAD_LIMIT]
    ends = [i for i in (head.find(b"\r\n\r\n"), head.find(b"\n\n")) if i >= 0]
    return head[:min(ends)] if ends else head


def quick_message_id(raw: bytes) -> str | None:
    """The first ``<…>`` of the first Message-ID header, unfolded; None when there is none."""
    value = None
    for line in header_block(raw).replace(b"\r\n", b"\n").split(b"\n"):
        if value is not None:
            if line[:1] in (b" ", b"\t"):
                value += line  # a folded continuation
                continue
            break
        if line[:11].lower() == b"message-id:":
            value = line[11:]
    if value is None:
        return None
    text = value.decode("utf-8", "replace")
    start = text.find("<")
    end = text.find(">", start + 1)
    if start < 0 or end < 0:
        return None
    found = "".join(text[start:end + 1].split())  # folding whitespace is not part of it
    return found if 2 < len(found) <= MAX_MESSAGE_ID and "<" not in found[1:-1] else None
