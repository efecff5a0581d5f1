"""Staff sign-in: one-time links mailed through the outbox, sessions, CSRF tokens, rate limits.

A link is ``<base_url>/login/<nonce>.<mac>``: a random nonce, whose SHA-256 (never the nonce)
is stored with the address and the expiry, and an HMAC with the secret over the nonce, the
address and the expiry; so neither a database reader nor a guesser can forge one, and a link
names exactly one address. It works once. The session cookie holds only the id of the used
link, signed; every request checks that the link was used, not signed out, not older than
``session_hours``, and that its address is still staff.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update

from mailbot.domain.decision import STAFF, Notice
from mailbot.store.models import WebLogin
from mailbot.store.uow import UnitOfWork

_NONCE_BYTES = 24


def _mac(secret: bytes, nonce: str, email: str, expires_at: datetime) -> str:
    message = f"login|{nonce}|{email.lower()}|{int(expires_at.timestamp())}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def _digest(nonce: str) -> str:
    return hashlib.sha256(nonce.encode()).hexdigest()


@dataclass(frozen=True)
class Staff:
    email: str
    login_id: int


class SignIn:
    """Issue and redeem sign-in links; resolve sessions to the staff member."""

    def __init__(self, app, base_url: str, minutes: int, session_hours: int) -> None:
        self.app = app
        self.secret, _ = app.config.secret()
        self.base_url = base_url.rstrip("/")
        self.lifetime = timedelta(minutes=minutes)
        self.session_length = timedelta(hours=session_hours)
        self.minutes = minutes

    def mail_link(self, email: str, now: datetime) -> bool:
        """Put a sign-in link for ``email`` in the outbox when it is staff; the caller answers
        the same either way. Returns whether a mail was written."""
        email = email.strip().lower()
        if not self.app.config.is_staff(email) or "@" not in email:
            return False
        self.issue(email, now)
        return True

    def issue(self, email: str, now: datetime) -> str:
        """A sign-in link for the staff member ``email``, mailed to them; returns it."""
        nonce = secrets.token_urlsafe(_NONCE_BYTES)
        expires = now + self.lifetime
        link = f"{self.base_url}/login/{nonce}.{_mac(self.secret, nonce, email, expires)}"
        with UnitOfWork(self.app.sessions) as uow:
            uow.session.add(WebLogin(nonce_sha256=_digest(nonce), email=email, created_at=now, expires_at=expires))
            # (to this one address, not to every staff address: STAFF is its role, ``address`` the mailbox)
            self.app.notices.write(uow.session, None, Notice("sign_in", STAFF, {"link": link, "minutes": self.minutes},
                                                             address=email), now)
            uow.commit()
        return link

    def redeem(self, token: str, now: datetime) -> Staff | None:
        """The staff member a link signs in, once; None for any link that is not good now."""
        nonce, _, mac = token.partition(".")
        if not nonce or not mac or len(token) > 200:
            return None
        with UnitOfWork(self.app.sessions) as uow:
            row = uow.session.query(WebLogin).filter(WebLogin.nonce_sha256 == _digest(nonce)).one_or_none()
            if row is None or not hmac.compare_digest(mac, _mac(self.secret, nonce, row.email, row.expires_at)):
                return None
            if row.used_at is not None or row.expires_at <= now or not self.app.config.is_staff(row.email):
                return None
            # Used once, even when two requests race for it: only one update finds it unused.
            taken = uow.session.execute(update(WebLogin).where(WebLogin.id == row.id, WebLogin.used_at.is_(None))
                                        .values(used_at=now)).rowcount
            uow.commit()
            return Staff(row.email, row.id) if taken == 1 else None

    def staff(self, login_id: object, now: datetime) -> Staff | None:
        """The signed-in staff member of a session, or None."""
        if not isinstance(login_id, int):
            return None
        with UnitOfWork(self.app.sessions) as uow:
            row = uow.session.get(WebLogin, login_id)
            if row is None or row.used_at is None or row.ended_at is not None:
                return None
            if row.used_at + self.session_length <= now or not self.app.config.is_staff(row.email):
                return None
            return Staff(row.email, row.id)

    def sign_out(self, login_id: int, now: datetime) -> None:
        with UnitOfWork(self.app.sessions) as uow:
            uow.session.execute(update(WebLogin).where(WebLogin.id == login_id, WebLogin.ended_at.is_(None))
                                .values(ended_at=now))
            uow.commit()


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_ok(expected: object, given: object) -> bool:
    return isinstance(expected, str) and isinstance(given, str) and bool(expected) and \
        hmac.compare_digest(expected, given)


class RateLimit:
    """At most ``limit`` events per key in ``seconds`` (in memory: per process)."""

    def __init__(self, limit: int, seconds: float, clock=time.monotonic) -> None:
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self.events: dict[str, deque[float]] = defaultdict(deque)

    def allow(self, key: str) -> bool:
        now = self.clock()
        events = self.events[key]
        while events and events[0] <= now - self.seconds:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        if len(self.events) > 10_000:  # forget idle keys: a flood of addresses must not fill memory
            for stale in [k for k, v in self.events.items() if not v or v[-1] <= now - self.seconds]:
                del self.events[stale]
        return True
