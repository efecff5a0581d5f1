"""Staff sign-in: one-time links mailed through the outbox, sessions, CSRF tokens, rate limits.

A link is ``<base_url>/login/<token>`` (``mailbot.one_time_links``: signed for one address,
stored as a hash, good once, until it expires). The session cookie holds only the id of the used
link, signed; every request checks that the link was used, not signed out, not older than
``session_hours``, and that its address is still staff.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update

from mailbot import one_time_links
from mailbot.domain.decision import STAFF, Notice
from mailbot.store.models import WebLogin
from mailbot.store.uow import UnitOfWork


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
        expires = now + self.lifetime
        stored, token = one_time_links.new_token(self.secret, "login", email, expires)
        link = f"{self.base_url}/login/{token}"
        with UnitOfWork(self.app.sessions) as uow:
            uow.session.add(WebLogin(nonce_sha256=stored, email=email, created_at=now, expires_at=expires))
            # (to this one address, not to every staff address: STAFF is its role, ``address`` the mailbox)
            self.app.notices.write(uow.session, None, Notice("sign_in", STAFF, {"link": link, "minutes": self.minutes},
                                                             address=email), now)
            uow.commit()
        return link

    def redeem(self, token: str, now: datetime) -> Staff | None:
        """The staff member a link signs in, once; None for any link that is not good now."""
        with UnitOfWork(self.app.sessions) as uow:
            row = one_time_links.redeem(uow.session, WebLogin, token, self.secret, "login", now,
                                        accept=lambda row: self.app.config.is_staff(row.email))
            uow.commit()
            return Staff(row.email, row.id) if row is not None else None

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
