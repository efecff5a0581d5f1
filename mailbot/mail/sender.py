"""The outbox sender: pending rows go out over SMTP (aiosmtplib), in order, never twice.

Each row is claimed (status ``sending``, committed) before the SMTP transaction and marked
``sent`` (committed) after the server's 250; its bytes and Message-ID were fixed when it was
rendered, so a retry can only ever repeat the very same message. A temporary failure (4xx, a
dropped connection) puts the row back with exponential backoff; a permanent one (5xx) parks it,
marks the party's address as failing and tells staff.

A crash between the server's 250 and our commit leaves a row ``sending`` that may or may not
have gone out. To know which, every message is also addressed (envelope only) to our own
mailbox: the server accepts a message for all its recipients or for none, so the copy arriving
in our INBOX proves the delivery. On start such rows become ``unconfirmed``; the watcher marks
them sent when their copy shows up, and only a row whose copy has not appeared by the time the
watcher has read everything that arrived is sent again. Without the copy (``copy_to_mailbox =
false``) an interrupted row is simply sent again.
"""

from __future__ import annotations

import asyncio
import logging
import random
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import aiosmtplib
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from mailbot.domain.decision import STAFF, Notice
from mailbot.domain.incoming import Rules
from mailbot.instances import Instance
from mailbot.notices import NoticeWriter
from mailbot.store.cases import OPEN_STATUSES, active_parties, settle_clocks
from mailbot.store.models import Case, Event, OutboundMail
from mailbot.store.uow import UnitOfWork

log = logging.getLogger("mailbot.sender")


# How long the server may take to put our copy into the mailbox after accepting a message.
# Generous on purpose: a busy Postfix was seen taking over 20 s to hand a copy to Dovecot, and
# giving up on a copy too early sends the mail twice; waiting longer only delays a mail that
# a crash stopped before the server took it, which is rare.
DELIVERY_MARGIN = 60.0
# Without a watcher in the same process (mailbot send-pending), an unconfirmed row waits this long.
UNCONFIRMED_GRACE_WITHOUT_WATCHER = 15 * 60


class SmtpError(Exception):
    """The SMTP server cannot be used; ``fatal`` when retrying will not help."""

    def __init__(self, message: str, fatal: bool = False) -> None:
        super().__init__(message)
        self.fatal = fatal


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # ssl | starttls | none
    username: str
    password: str | None
    envelope_from: str  # MAIL FROM: bounces come back to the watched mailbox
    copy_to: str | None = None  # our own mailbox: proof of delivery (see the module docstring)
    timeout: float = 60.0
    retry_initial: float = 30.0
    retry_max: float = 3600.0
    batch: int = 100

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


@dataclass
class PassReport:
    sent: int = 0
    deferred: int = 0
    parked: int = 0
    errors: list[str] = field(default_factory=list)


def describe(exc: BaseException, settings: SmtpSettings) -> SmtpError:
    where = settings.where
    if isinstance(exc, SmtpError):
        return exc
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError):
        return SmtpError(f"SMTP login to {where} as {settings.username} failed: {exc.code} {exc.message}", fatal=True)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return SmtpError(f"SMTP TLS certificate of {where} not trusted: {exc.verify_message}", fatal=True)
    if isinstance(exc, ssl.SSLError) or "SSL" in type(exc).__name__ or "wrong version number" in str(exc).lower():
        return SmtpError(f"SMTP TLS with {where} failed: {exc} (is security = \"{settings.security}\" right for "
                         "this port? 465 is ssl, 587 is starttls)", fatal=True)
    if isinstance(exc, aiosmtplib.SMTPConnectTimeoutError | asyncio.TimeoutError | aiosmtplib.SMTPTimeoutError):
        return SmtpError(f"SMTP server {where} did not answer in time")
    if isinstance(exc, aiosmtplib.SMTPConnectError):
        return SmtpError(f"SMTP server {where} cannot be reached: {exc.message}")
    if isinstance(exc, aiosmtplib.SMTPException):
        return SmtpError(f"SMTP error with {where}: {exc}")
    if isinstance(exc, OSError):
        return SmtpError(f"SMTP connection to {where} failed: {exc.strerror or exc}")
    return SmtpError(f"SMTP error with {where}: {type(exc).__name__}: {exc}")


class OutboxSender:
    def __init__(self, settings: SmtpSettings, sessions: sessionmaker[Session], notices: NoticeWriter,
                 clock: Callable[[], datetime],
                 copies_read_since: Callable[[datetime], bool] | None = None,
                 instance: Instance | None = None, rules: Rules | None = None) -> None:
        self.settings = settings
        self.rules = rules  # to pause the clock of a party whose address is refused
        self.sessions = sessions
        self.notices = notices
        self.clock = clock
        self.instance = instance or Instance(sessions, clock)
        # Whether the watcher has read the mailbox completely since an instant: then a copy
        # that has not turned up was never sent. Without a watcher (send-pending), wait long.
        self.copies_read_since = copies_read_since or (
            lambda instant: self.clock() - instant > timedelta(seconds=UNCONFIRMED_GRACE_WITHOUT_WATCHER))
        self.wake = asyncio.Event()

    # -- connecting --------------------------------------------------------------------------

    async def connect(self) -> aiosmtplib.SMTP:
        s = self.settings
        context = ssl.create_default_context()
        client = aiosmtplib.SMTP(hostname=s.host, port=s.port, timeout=s.timeout,
                                 use_tls=s.security == "ssl", start_tls=s.security == "starttls",
                                 tls_context=context if s.security != "none" else None)
        try:
            await client.connect()
            if s.username and s.password:
                await client.login(s.username, s.password)
        except Exception as exc:
            if client.is_connected:
                client.close()
            raise describe(exc, s) from exc
        return client

    async def check(self) -> None:
        """Connect and log in once: the daemon's start-up check (raises SmtpError)."""
        client = await self.connect()
        try:
            await client.quit()
        except Exception:
            client.close()

    # -- sending -----------------------------------------------------------------------------

    def recover(self) -> int:
        """Rows left ``sending`` by an instance that died (this one before a restart, or another):
        unconfirmed until their copy turns up (or not)."""
        status = "unconfirmed" if self.settings.copy_to else "pending"
        with UnitOfWork(self.sessions) as uow:
            living = self.instance.living(uow.session) | {self.instance.id}
            result = uow.session.execute(
                update(OutboundMail).where(OutboundMail.status == "sending",
                                           OutboundMail.claimed_by.is_(None) | OutboundMail.claimed_by.not_in(living))
                .values(status=status, next_attempt_at=self.clock()))
            uow.commit()
            return result.rowcount or 0

    def release_unconfirmed(self) -> int:
        """Unconfirmed rows whose copy did not arrive although the watcher read everything since
        they were marked (plus a margin for the server's delivery): they were never accepted."""
        released = 0
        with UnitOfWork(self.sessions) as uow:
            for row in uow.session.scalars(select(OutboundMail).where(OutboundMail.status == "unconfirmed")):
                if self.copies_read_since(row.next_attempt_at + timedelta(seconds=DELIVERY_MARGIN)):
                    row.status = "pending"
                    released += 1
            uow.commit()
        if released:
            log.warning("%s interrupted mail(s) had not reached the server; sending them again", released)
        return released

    def _claim_due(self, now: datetime) -> list[int]:
        """Claim a batch of due rows for this instance. FOR UPDATE SKIP LOCKED: other instances
        passing at the same moment take the next rows instead of waiting for these."""
        with UnitOfWork(self.sessions) as uow:
            rows = list(uow.session.scalars(
                select(OutboundMail).where(OutboundMail.status == "pending", OutboundMail.next_attempt_at <= now)
                .order_by(OutboundMail.id).limit(self.settings.batch).with_for_update(skip_locked=True)))
            for row in rows:
                row.status, row.attempts, row.claimed_by = "sending", row.attempts + 1, self.instance.id
            uow.commit()
            return [row.id for row in rows]

    async def send_pending(self) -> PassReport:
        """One delivery pass over everything due."""
        report = PassReport()
        recovered = self.recover()
        if recovered:
            log.warning("%s mail(s) were being sent by an instance that stopped; checking whether they went out",
                        recovered)
        self.release_unconfirmed()
        due = self._claim_due(self.clock())
        if not due:
            return report
        try:
            client = await self.connect()
        except SmtpError as exc:
            for row_id in due:
                self._defer(row_id, str(exc))
            report.deferred += len(due)
            report.errors.append(str(exc))
            log.warning("%s; %s mail(s) wait", exc, len(due))
            return report
        try:
            for row_id in due:
                outcome = await self._send_one(client, row_id)
                setattr(report, outcome, getattr(report, outcome) + 1)
                if outcome == "deferred" and not client.is_connected:
                    rest = due[due.index(row_id) + 1:]
                    for other in rest:
                        self._defer(other, "connection lost")
                    report.deferred += len(rest)
                    break
        finally:
            if client.is_connected:
                try:
                    await client.quit()
                except Exception:
                    client.close()
        return report

    async def _send_one(self, client: aiosmtplib.SMTP, row_id: int) -> str:
        raw, recipients, message_id = self._load(row_id)
        envelope_to = recipients + ([self.settings.copy_to] if self.settings.copy_to else [])
        try:
            errors, response = await client.sendmail(self.settings.envelope_from, envelope_to, raw)
        except aiosmtplib.SMTPRecipientsRefused as exc:
            return self._refused(row_id, {r.recipient: (r.code, r.message) for r in exc.recipients})
        except aiosmtplib.SMTPResponseException as exc:
            if 500 <= exc.code < 600:
                return self._park(row_id, f"{exc.code} {exc.message}", recipients)
            self._defer(row_id, f"{exc.code} {exc.message}")
            return "deferred"
        except Exception as exc:
            self._defer(row_id, str(describe(exc, self.settings)))
            return "deferred"
        refused = {addr: err for addr, err in errors.items() if addr in recipients}
        if refused and set(refused) >= set(recipients):
            return self._refused(row_id, refused)
        self._mark_sent(row_id, refused)
        log.info("sent %s to %s (%s)", message_id, ", ".join(recipients), response)
        return "sent"

    # -- row state (each its own short transaction) ------------------------------------------

    def _load(self, row_id: int) -> tuple[bytes, list[str], str]:
        with UnitOfWork(self.sessions) as uow:
            row = uow.session.get(OutboundMail, row_id)
            return bytes(row.raw), list(row.to) + list(row.cc or []), row.message_id

    def _mark_sent(self, row_id: int, refused: dict) -> None:
        with UnitOfWork(self.sessions) as uow:
            row = uow.session.get(OutboundMail, row_id)
            row.status, row.sent_at = "sent", self.clock()
            row.last_error = f"refused for some recipients: {refused}" if refused else None
            uow.commit()

    def _defer(self, row_id: int, error: str) -> None:
        with UnitOfWork(self.sessions) as uow:
            row = uow.session.get(OutboundMail, row_id)
            if row is None or row.status == "sent":
                return
            delay = min(self.settings.retry_max, self.settings.retry_initial * 2 ** max(0, row.attempts - 1))
            row.status = "pending"
            row.next_attempt_at = self.clock() + timedelta(seconds=random.uniform(0.5, 1.0) * delay)
            row.last_error = error[:2000]
            uow.commit()

    def _refused(self, row_id: int, refused: dict) -> str:
        codes = [code for code, _ in refused.values()]
        detail = "; ".join(f"{addr}: {code} {msg}" for addr, (code, msg) in refused.items())
        if all(500 <= code < 600 for code in codes):
            return self._park(row_id, detail, list(refused))
        self._defer(row_id, detail)
        return "deferred"

    def _park(self, row_id: int, error: str, failed: list[str]) -> str:
        """A permanent refusal: never retried; the address is failing; staff are told once."""
        now = self.clock()
        with UnitOfWork(self.sessions) as uow:
            row = uow.session.get(OutboundMail, row_id)
            row.status, row.last_error = "parked", error[:2000]
            case = uow.session.get(Case, row.case_id) if row.case_id else None
            if case is not None:
                for party in active_parties(case).values():
                    if party.email in failed:
                        party.failing, party.failing_reason = True, error[:1000]
                uow.session.add(Event(case_id=case.id, at=now, kind="undeliverable", actor="system",
                                      detail=f"{row.template} to {', '.join(failed)}: {error[:300]}"))
                if self.rules is not None and case.status in OPEN_STATUSES:
                    settle_clocks(uow.session, case, now, self.rules)  # (as a bounce does)
            if row.role != STAFF and row.template != "parked_staff":
                context = {"failed": failed, "error": error[:500], "their_subject": row.subject, "role": row.role}
                self.notices.write(uow.session, case, Notice("parked_staff", STAFF, context), now)
            uow.commit()
        log.error("parked %s: %s", row_id, error)
        return "parked"

    # -- the loop ----------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, idle_interval: float = 5.0) -> None:
        """Send whatever is due whenever woken (a mail was processed) or every few seconds."""
        while not stop.is_set():
            self.wake.clear()
            try:
                report = await self.send_pending()
                if report.sent or report.parked:
                    log.info("outbox pass: %s sent, %s deferred, %s parked", report.sent, report.deferred,
                             report.parked)
            except Exception:
                log.exception("outbox pass failed")
            waiters = [asyncio.create_task(self.wake.wait()), asyncio.create_task(stop.wait())]
            await asyncio.wait(waiters, timeout=idle_interval, return_when=asyncio.FIRST_COMPLETED)
            for waiter in waiters:
                waiter.cancel()
