"""The signed link to a party's status page that every notice to a party carries.

A link is ``<base_url>/status/<reference>.<role>.<mac>``: the MAC is an HMAC, with a key
derived from the secret for this purpose only, over the reference, the role and the party's
current address. Nothing is stored: a link holds while that address has that role on that case,
so a replaced partner's link dies with the replacement (``mailbot.status_pages`` also ends it
when the case has been closed for ``[web] status_days``).
"""

from __future__ import annotations

import hashlib
import hmac

ROLE_CODES = {"client": "c", "old_partner": "p", "new_provider": "n"}
_ROLES_BY_CODE = {code: role for role, code in ROLE_CODES.items()}
_MAX_TOKEN = 100


def _mac(secret: bytes, reference: str, role: str, email: str) -> str:
    key = hmac.new(secret, b"status-page-link", hashlib.sha256).digest()
    message = f"{reference}|{role}|{email.strip().lower()}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def status_link(base_url: str, secret: bytes, reference: str, role: str, email: str) -> str:
    token = f"{reference}.{ROLE_CODES[role]}.{_mac(secret, reference, role, email)}"
    return f"{base_url.rstrip('/')}/status/{token}"


def read_token(token: str) -> tuple[str, str, str] | None:
    """(reference, role, mac) as the token claims them, or None when it has no such shape.
    Nothing is proven until ``signed_for`` says the MAC is the party's."""
    if len(token) > _MAX_TOKEN or token.count(".") != 2:
        return None
    reference, code, mac = token.split(".")
    role = _ROLES_BY_CODE.get(code)
    return (reference, role, mac) if role and reference and mac else None


def signed_for(secret: bytes, mac: str, reference: str, role: str, email: str) -> bool:
    return hmac.compare_digest(mac, _mac(secret, reference, role, email))
