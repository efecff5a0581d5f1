"""Links that work once: staff sign-in links and the confirmation of a web request.

A link ends in ``<nonce>.<mac>``: a random nonce, whose SHA-256 (never the nonce) is stored
with the address and the expiry, and an HMAC with the secret over the purpose, the nonce, the
address and the expiry. Neither a reader of the database nor a guesser can forge one, and a
link names exactly one address. Redeeming marks it used in one conditional update, so two
requests racing for one link cannot both have it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

_NONCE_BYTES = 24
_MAX_TOKEN = 200


def _mac(secret: bytes, purpose: str, nonce: str, email: str, expires_at: datetime) -> str:
    message = f"{purpose}|{nonce}|{email.lower()}|{int(expires_at.timestamp())}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


def new_token(secret: bytes, purpose: str, email: str, expires_at: datetime) -> tuple[str, str]:
    """(the SHA-256 to store, the token to put in the link)."""
    nonce = secrets.token_urlsafe(_NONCE_BYTES)
    return digest(nonce), f"{nonce}.{_mac(secret, purpose, nonce, email, expires_at)}"


def redeem(session: Session, model, token: str, secret: bytes, purpose: str, now: datetime,
           accept: Callable[[object], bool] = lambda row: True):
    """The row of ``model`` (with ``nonce_sha256``, ``email``, ``expires_at`` and ``used_at``)
    that ``token`` names, now marked used; None for a token that is unknown, altered, used,
    expired or not ``accept``-ed. The caller commits."""
    nonce, _, mac = token.partition(".")
    if not nonce or not mac or len(token) > _MAX_TOKEN:
        return None
    row = session.query(model).filter(model.nonce_sha256 == digest(nonce)).one_or_none()
    if row is None or not hmac.compare_digest(mac, _mac(secret, purpose, nonce, row.email, row.expires_at)):
        return None
    if row.used_at is not None or row.expires_at <= now or not accept(row):
        return None
    taken = session.execute(update(model).where(model.id == row.id, model.used_at.is_(None))
                            .values(used_at=now)).rowcount
    return row if taken == 1 else None
