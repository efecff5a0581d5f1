"""The raw header block before a mail is parsed: its Message-ID, and header fields cut to a size
a parser can take.

A mail is recorded (raw bytes and all) before anything reads it, so that a mail too slow or
too broken to read is still counted, retried and quarantined. These scans are bounded and
linear: they look at the header block only (at most ``HEAD_LIMIT`` bytes), and use no pattern.
The standard library's RFC 2047 decoder (which mail-parser uses too) is quadratic in the
length of one header field full of broken encoded words, so every field is cut to
``MAX_FIELD`` bytes before parsing; no real header comes near that.
"""

from __future__ import annotations

HEAD_LIMIT = 256 * 1024
MAX_MESSAGE_ID = 900  # as parsers.message: longer ones are junk (and do not fit an index)


def header_block(raw: bytes, limit: int | None = HEAD_LIMIT) -> bytes:
    """The bytes before the first empty line (within the first ``limit`` bytes; None: all)."""
    head = raw[:limit] if limit else raw
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


MAX_FIELD = 8 * 1024
_KEEP_TAIL = (b"references:", b"in-reply-to:")  # the latest Message-IDs are at the end


def bound_header_fields(raw: bytes) -> tuple[bytes, list[str]]:
    """``raw`` with every top-level header field longer than ``MAX_FIELD`` bytes cut (References
    keeps its end), and the names of the fields that were cut."""
    head = header_block(raw, limit=None)  # (all of it: a 2 MB subject must be cut whole)
    if len(head) <= MAX_FIELD:
        return raw, []
    newline = b"\r\n" if b"\r\n" in head[:2000] else b"\n"
    fields: list[list[bytes]] = []
    for line in head.split(newline):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1].append(line)
        else:
            fields.append([line])
    cut: list[str] = []
    out: list[bytes] = []
    for lines in fields:
        field = newline.join(lines)
        if len(field) > MAX_FIELD:
            name, _, _ = field.partition(b":")
            cut.append(name.decode("ascii", "replace")[:60])
            if name.lower() + b":" in _KEEP_TAIL:
                tail = field[-(MAX_FIELD - len(name) - 2):]
                field = name + b": " + tail[tail.find(b" ") + 1:] if b" " in tail else name + b":"
            else:
                field = field[:MAX_FIELD]
        out.append(field)
    return newline.join(out) + raw[len(head):], cut
