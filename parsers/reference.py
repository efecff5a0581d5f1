"""Case references: ``XFER-`` + six random Crockford base32 characters + one check character.

The check character is a single Reed-Solomon-style symbol over GF(32): the sum of
``value_i * alpha^(i+1)`` for the six payload characters, with alpha a primitive element.
Because every ``alpha^k`` (k < 31) is distinct and non-zero, one check symbol detects every
single-character mistype and every swap of two characters, so a mistyped reference is
reported instead of being matched to somebody else's case.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

PREFIX = "XFER-"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
PAYLOAD_LENGTH = 6
_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
# Crockford's decoding aliases: what people type for what they see.
_ALIASES = str.maketrans({"O": "0", "I": "1", "L": "1"})

_PRIMITIVE_POLY = 0b100101  # x^5 + x^2 + 1, primitive over GF(2)


def _gf32_mul(a: int, b: int) -> int:
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 0b100000:
            a ^= _PRIMITIVE_POLY
    return product


def _powers_of_alpha(count: int) -> list[int]:
    powers, value = [], 1
    for _ in range(count):
        value = _gf32_mul(value, 2)  # alpha = x = 2
        powers.append(value)
    return powers


_WEIGHTS = _powers_of_alpha(PAYLOAD_LENGTH)

# Loose enough to catch what people type (lower case, O for 0, a space or no dash), strict
# enough not to fire inside ordinary words.
_CANDIDATE = re.compile(r"(?<![A-Z0-9])XFER[-\s_]?([0-9A-Z]{7})(?![A-Z0-9])", re.IGNORECASE)


def check_character(payload: str) -> str:
    """The check character for six canonical payload characters."""
    total = 0
    for weight, ch in zip(_WEIGHTS, payload, strict=True):
        total ^= _gf32_mul(_VALUE[ch], weight)
    return ALPHABET[total]


def make_reference(rand: secrets.SystemRandom | None = None) -> str:
    """A new random reference such as ``XFER-7K2P9QM``."""
    choice = (rand or secrets.SystemRandom()).choice
    payload = "".join(choice(ALPHABET) for _ in range(PAYLOAD_LENGTH))
    return PREFIX + payload + check_character(payload)


def canonical(code: str) -> str | None:
    """Seven characters as typed -> canonical upper case, or None if not base32 at all."""
    code = code.upper().translate(_ALIASES)
    if len(code) != PAYLOAD_LENGTH + 1 or any(ch not in _VALUE for ch in code):
        return None
    return code


@dataclass(frozen=True)
class ReferenceMatch:
    """A reference-shaped string found in text; ``valid`` says whether its check holds."""

    reference: str  # canonical form, e.g. XFER-7K2P9QM
    valid: bool


def parse_reference(text: str) -> ReferenceMatch | None:
    """Read one reference as typed (``xfer-7k2p9qm``, ``XFER 7K2P9QM``)."""
    match = _CANDIDATE.fullmatch(text.strip())
    return _to_match(match.group(1)) if match else None


def is_valid_reference(text: str) -> bool:
    match = parse_reference(text)
    return bool(match and match.valid)


def find_references(text: str) -> list[ReferenceMatch]:
    """Every reference-shaped string in ``text`` (a subject), in order, without duplicates."""
    found: list[ReferenceMatch] = []
    for match in _CANDIDATE.finditer(text or ""):
        ref = _to_match(match.group(1))
        if ref and ref not in found:
            found.append(ref)
    return found


def find_reference(text: str) -> ReferenceMatch | None:
    """The first valid reference in ``text``, else the first invalid one, else None."""
    found = find_references(text)
    return next((r for r in found if r.valid), found[0] if found else None)


def _to_match(code: str) -> ReferenceMatch | None:
    code = canonical(code)
    if code is None:
        return None
    return ReferenceMatch(PREFIX + code, check_character(code[:-1]) == code[-1])
