"""Address headers read the way mail servers and clients read them.

The stdlib's ``getaddresses`` splits ``support@partner.example <eve@evil.example>`` (an
unquoted display name that looks like an address) into *two* addresses, the fake one first. A
mail client shows, and replies to, the address in angle brackets; so do we: each entry of the
list is split at top-level commas only (not inside quotes, comments or brackets), and an entry
with an ``<angle-addr>`` is that address, whatever its display name says. International
domains are compared in their IDNA (punycode) form.
"""

from __future__ import annotations

import binascii
import email.header
import re
from email.errors import NonASCIILocalPartDefect, ObsoleteHeaderDefect
from email.headerregistry import HeaderRegistry

import idna

# A backslash pair is taken first wherever it stands, so that an escaped "(" or '"' starts no
# comment or quote: tried from each of 50,000 "\(", the comment took minutes (quadratic).
_COMMENT = re.compile(r"\\.|\((?:[^()\\]|\\.)*\)")
_QUOTED = re.compile(r'\\.|"(?:[^"\\]|\\.)*"')
_ADDR_SPEC = re.compile(r"^[^\s@<>(),;:\"\[\]]+@[^\s@<>(),;:\"\[\]]+$")


def _split_entries(value: str) -> list[str]:
    entries, current, quoted, angle, comment, escaped = [], [], False, 0, 0, False
    for ch in value:
        if escaped:
            current.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == '"' and not comment:
            quoted = not quoted
        elif not quoted:
            if ch == "(":
                comment += 1
            elif ch == ")" and comment:
                comment -= 1
            elif ch == "<" and not comment:
                angle += 1
            elif ch == ">" and angle and not comment:
                angle -= 1
            elif ch in ",;" and not angle and not comment:
                entries.append("".join(current))
                current = []
                continue
        current.append(ch)
    entries.append("".join(current))
    return [e.strip() for e in entries if e.strip()]


def _entry(entry: str) -> tuple[str, str] | None:
    # A group ("Team: a@x, b@y;") keeps only its members; the label is not an address.
    if ":" in entry and "<" not in entry.split(":", 1)[0] and '"' not in entry.split(":", 1)[0]:
        entry = entry.split(":", 1)[1]
    # Angle-addrs inside a quoted display name ("Ops <ops@…>") are text, not the address.
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)) if m.group(0)[0] == '"' else m.group(0), entry)
    angles = list(re.finditer(r"<([^<>]*)>", unquoted))
    if angles:
        last = angles[-1]
        address = entry[last.start(1): last.end(1)]
        name = entry[: last.start()]
    else:
        comments = [m for m in _COMMENT.findall(entry) if m[0] == "("]
        address = _COMMENT.sub(lambda m: " " if m.group(0)[0] == "(" else m.group(0), entry)
        name = " ".join(m[1:-1] for m in comments)
    address = address.strip().strip("<>").strip()
    if address.lower().startswith("mailto:"):
        address = address[7:]
    if len(address) > 254:  # RFC 5321 caps a path at 256 octets (checked before IDNA: it is slow)
        return None
    address = _ascii_domain(address.lower())
    if len(address) > 254 or not _ADDR_SPEC.match(address):
        return None
    name = name.strip().strip('"').strip()
    return " ".join(name.replace('\\"', '"').split()), address


def parse_address_list(values: list[str], decode_name=lambda name: name) -> list[tuple[str, str]]:
    """(display name, bare lower-case address) for every readable mailbox in the headers.

    Give the header values *undecoded*: an RFC 2047 encoded word may only ever be a display
    name, so decoding before parsing would let ``=?utf-8?q?=3Cops=40example=2Ecom=3E?=`` become
    an address. ``decode_name`` decodes the names afterwards."""
    pairs = []
    for value in values:
        for entry in _split_entries(value or ""):
            pair = _entry(entry)
            if pair:
                pairs.append((decode_name(pair[0]), pair[1]))
    return pairs


def _ascii_domain(address: str) -> str:
    """An international domain in its IDNA 2008 (UTS 46) form, so that the two spellings of one
    address compare equal and our mail goes where the party's own mail came from (the stdlib's
    IDNA 2003 codec maps faß.de to fass.de, another domain); a domain that is not a valid IDN
    is left as it is (and then matches nothing on record)."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    try:
        return f"{local}@{idna.encode(domain, uts46=True).decode('ascii')}"
    except (idna.IDNAError, UnicodeError):
        return address


_REGISTRY = HeaderRegistry()
_MAX_FROM = 2000  # a From header longer than this is not somebody's address
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x1f\x7f\s]+")
_BETWEEN_ENCODED_WORDS = re.compile(r"\?=[ \t\r\n]+(?==\?[^?\s]+\?[bBqQ]\?)")


def read_from(values: list[str]) -> tuple[str, str] | str:
    """The one author of a mail as (display name, bare lower-case address), or why there is
    none. From decides who may act, so it is read once, strictly, by the standard library's
    RFC 5322 grammar (``email.headerregistry``) — not by a lenient reader that may see another
    address than the recipient's mail client. Anything that could be read two ways is refused:
    several From headers or authors, an unclosed quote or comment, an angle-addr inside a
    comment, a missing bracket. The only defects let through are the harmless ones of real
    mail: a period in an unquoted name ("John Q. Public") and a UTF-8 local part.

    Give the header *undecoded*; encoded words are decoded in the display name only."""
    if not values:
        return "no readable From address"
    if len(values) > 1:
        return "several From headers"
    value = values[0]
    if len(value) > _MAX_FROM:
        return f"From header longer than {_MAX_FROM} characters"
    simple = _SIMPLE_FROM.fullmatch(value)
    read = _simple_from(simple) if simple else None
    return read if read is not None else _strict_from(value)


# The common shapes of a From, read by one anchored pattern: "Name Surname <local@domain>",
# "\"Surname, Name\" <local@domain>", "local@domain", in printable ASCII. Their reading by the
# RFC 5322 grammar leaves no doubt (no encoded word, comment, escape, group or obsolete
# syntax), and the grammar costs more than the rest of the headers together; every other
# shape is read by it (``_strict_from``). tests/unit/test_addresses.py checks the two agree.
_NAME_ATOM = r"[A-Za-z0-9!#$%&'*+/^_`{|}~-]+"  # (no "=" or "?": those may open an encoded word)
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_DOT_ATOM = rf"{_ATOM}(?:\.{_ATOM})*"
# An encoded word in a common charset, standing alone between spaces: "=?utf-8?q?J=C3=BCrgen?= Groß"
_ENCODED_WORD = r"=\?(?i:utf-8|iso-8859-1|iso-8859-15|us-ascii|windows-1252)\?(?:[qQ]\?[!->@-~]*|[bB]\?(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)\?="
_SIMPLE_FROM = re.compile(
    rf'[ \t]*(?:(?:(?P<name>{_NAME_ATOM}(?:[ \t]+{_NAME_ATOM})*)|"(?P<quoted>[\x20\x21\x23-\x5b\x5d-\x7e]*)")[ \t]*'
    rf"|(?P<encoded>(?:{_NAME_ATOM}[ \t]+)*{_ENCODED_WORD}(?:[ \t]+(?:{_ENCODED_WORD}|{_NAME_ATOM}))*)[ \t]+)?"
    rf"<(?P<address>{_DOT_ATOM}@{_DOT_ATOM})>[ \t]*"
    rf"|[ \t]*(?P<bare>{_DOT_ATOM}@{_DOT_ATOM})[ \t]*")


def _simple_from(match: re.Match) -> tuple[str, str] | str | None:
    """The sender of a From of a common shape; None when its encoded words need the grammar
    after all (text that does not decode, control characters)."""
    addr_spec = (match.group("address") or match.group("bare")).lower()
    if len(addr_spec) > 254 or not _ADDR_SPEC.match(addr_spec):
        return f"unreadable From address {addr_spec[:80]!r}"
    name = match.group("name") or match.group("quoted") or ""
    if match.group("encoded"):
        try:
            name = "".join(chunk.decode(charset or "ascii") if isinstance(chunk, bytes) else chunk
                           for chunk, charset in email.header.decode_header(match.group("encoded")))
        except (UnicodeDecodeError, LookupError, ValueError, binascii.Error):
            return None
        if not name.isprintable():
            return None
    return _CONTROL_OR_SPACE.sub(" ", name).strip(), addr_spec


def _strict_from(value: str) -> tuple[str, str] | str:
    try:
        header = _REGISTRY("from", value)
        addresses = header.addresses
        defects = list(header.defects)
    except Exception as exc:  # the stdlib parser gave up: nobody can say who wrote it
        return f"unreadable From ({type(exc).__name__})"
    for defect in defects:
        harmless = isinstance(defect, NonASCIILocalPartDefect) or (
            isinstance(defect, ObsoleteHeaderDefect) and "period in 'phrase'" in str(defect))
        if not harmless:
            return f"ambiguous From ({defect})"
    if len(addresses) != 1:
        return "several From addresses" if addresses else "no readable From address"
    address = addresses[0]
    if len(address.addr_spec) > 254:
        return f"unreadable From address {address.addr_spec[:80]!r}"
    addr_spec = _ascii_domain(address.addr_spec.lower())
    if _at_inside_comment(value):
        # "eve@evil.example ((x) <ops@example.com>)": a mail client may show the one in the
        # comment; nobody can say which the sender meant.
        return "ambiguous From (an address inside a comment)"
    if len(addr_spec) > 254 or not _ADDR_SPEC.match(addr_spec):
        return f"unreadable From address {addr_spec[:80]!r}"
    name = _CONTROL_OR_SPACE.sub(" ", address.display_name or "").strip()
    return _joined_encoded_words(value, name), addr_spec


def _joined_encoded_words(value: str, name: str) -> str:
    """RFC 2047 6.2: the space between two adjacent encoded words is no part of the name, but
    the standard library keeps it ("Ива нов" for a name folded inside a word). The same
    characters decoded by ``email.header`` (which drops it), when they differ only so."""
    if not _BETWEEN_ENCODED_WORDS.search(value):
        return name
    phrase = value.rpartition("<")[0] or value
    try:
        joined = "".join(chunk.decode(charset or "ascii", "replace") if isinstance(chunk, bytes) else chunk
                         for chunk, charset in email.header.decode_header(phrase))
    except Exception:
        return name
    joined = _CONTROL_OR_SPACE.sub(" ", joined).strip().strip('"').strip()
    return joined if joined.replace(" ", "") == name.replace(" ", "") else name


def _at_inside_comment(value: str) -> bool:
    """Whether an "@" stands inside a (possibly nested) comment, outside quoted strings."""
    depth, quoted, escaped = 0, False, False
    for ch in value:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif quoted:
            quoted = ch != '"'
        elif ch == '"' and not depth:
            quoted = True
        elif ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch == "@" and depth:
            return True
    return False
