"""Signed per-party reply addresses: ``transfer+<ref>.<role>.<sig>@domain``.

``sig`` is HMAC-SHA256 over (reference, role, the party's address), truncated and written in
lower-case Crockford base32. Everything is compared case-insensitively because mail servers
and clients may change the case of a local part. A reply address is bound to the party it was
sent to: a third party who was CC'd and answers through it does not match the signature.

Staff notices carry one for the role ``staff``, bound to the case only (one mail goes to every
staff address): it proves the mail answers a notice only staff received, and acts only for a
sender who is staff. It is a key: staff must not pass it to outsiders (docs/security.md).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from parsers.reference import parse_reference

ROLE_CODES = {"client": "client", "old_partner": "partner", "new_provider": "provider", "staff": "staff"}
ROLES_BY_CODE = {code: role for role, code in ROLE_CODES.items()}
SIGNATURE_LENGTH = 16  # base32 characters = 80 bits
STAFF_BINDING = "staff"  # what a staff reply address is bound to instead of one person's address

_B32_STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_B32_CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz"
_TO_CROCKFORD = str.maketrans(_B32_STD, _B32_CROCKFORD)


def _signature(secret: bytes, reference: str, role: str, party_address: str) -> str:
    message = "\x1f".join((reference.upper(), role, party_address.strip().lower())).encode()
    digest = hmac.new(secret, message, hashlib.sha256).digest()
    return base64.b32encode(digest).decode().translate(_TO_CROCKFORD)[:SIGNATURE_LENGTH]


def make_reply_address(mailbox: str, secret: bytes, reference: str, role: str, party_address: str) -> str:
    """The address a party replies to, e.g. ``transfer+xfer-4kzg3a1.partner.k3…@example.com``."""
    local, _, domain = mailbox.partition("@")
    sig = _signature(secret, reference, role, party_address)
    return f"{local}+{reference.lower()}.{ROLE_CODES[role]}.{sig}@{domain}"


@dataclass(frozen=True)
class ReplyToken:
    """What a ``transfer+…`` address says; ``valid`` is whether the signature fits ``sender``."""

    reference: str
    role: str
    valid: bool
    address: str


def find_reply_token(
    recipients: list[str], mailbox: str, secret: bytes, sender: str
) -> ReplyToken | None:
    """The first ``transfer+…`` token among ``recipients``, checked against ``sender``.

    A token whose reference, role or signature cannot be read is returned with
    ``valid=False`` (so the pipeline can tell a forged address from none at all).
    """
    local, _, domain = mailbox.lower().partition("@")
    prefix = local + "+"
    for address in recipients:
        addr_local, _, addr_domain = address.lower().rpartition("@")
        if addr_domain != domain or not addr_local.startswith(prefix):
            continue
        token = read_token(addr_local[len(prefix):], secret, sender)
        if token:
            return ReplyToken(token.reference, token.role, token.valid, address.lower())
        # A plus address we never issue: kept as an invalid token, so it is refused (never taken
        # for a new request), with whatever reference and role can still be read from it.
        return _damaged(addr_local[len(prefix):], address.lower())
    return None


def _damaged(token: str, address: str) -> ReplyToken:
    parts = token.split(".")
    ref = parse_reference(parts[0])
    role = ROLES_BY_CODE.get(parts[1].lower(), "") if len(parts) > 1 else ""
    return ReplyToken(ref.reference if ref else "", role, False, address)


def read_token(token: str, secret: bytes, sender: str) -> ReplyToken | None:
    """Read ``<ref>.<role>.<sig>``; None when it does not even look like one of ours."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    ref_text, code, sig = parts
    ref = parse_reference(ref_text)
    role = ROLES_BY_CODE.get(code.lower())
    if ref is None or role is None:
        return None
    bound = STAFF_BINDING if role == "staff" else sender
    valid = ref.valid and verify(secret, ref.reference, role, bound, sig)
    return ReplyToken(ref.reference, role, valid, "")


def verify(secret: bytes, reference: str, role: str, party_address: str, sig: str) -> bool:
    """Constant-time check of ``sig`` for this reference, role and party address."""
    expected = _signature(secret, reference, role, party_address)
    return hmac.compare_digest(expected.encode(), sig.strip().lower().encode())
