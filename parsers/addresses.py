"""Address headers read the way mail servers and clients read them.

The stdlib's ``getaddresses`` splits ``support@partner.example <eve@evil.example>`` (an
unquoted display name that looks like an address) into *two* addresses, the fake one first. A
mail client shows, and replies to, the address in angle brackets; so do we: each entry of the
list is split at top-level commas only (not inside quotes, comments or brackets), and an entry
with an ``<angle-addr>`` is that address, whatever its display name says. International
domains are compared in their IDNA (punycode) form.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"\((?:[^()\\]|\\.)*\)")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
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
    unquoted = _QUOTED.sub(lambda m: " " * len(m.group(0)), entry)
    angles = list(re.finditer(r"<([^<>]*)>", unquoted))
    if angles:
        last = angles[-1]
        address = entry[last.start(1): last.end(1)]
        name = entry[: last.start()]
    else:
        address, name = _COMMENT.sub(" ", entry), " ".join(m[1:-1] for m in _COMMENT.findall(entry))
    address = address.strip().strip("<>").strip()
    if address.lower().startswith("mailto:"):
        address = address[7:]
    address = _ascii_domain(address.lower())
    if len(address) > 254 or not _ADDR_SPEC.match(address):  # RFC 5321 caps a path at 256 octets
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
    """An international domain in its IDNA (punycode) form, so that the two spellings of one
    address compare equal; a domain that is not a valid IDN is left as it is (and then matches
    nothing on record)."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address
