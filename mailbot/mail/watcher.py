"""The IMAP watcher: every mail in the watched folder goes through the pipeline exactly once.

Runs in its own thread (imapclient blocks). For each message: fetch without \\Seen, run the
pipeline (which records the raw mail and commits), and only then move it to the processed
folder; a crash between the two leaves the mail in place, and the pipeline's idempotency key
makes the second reading a harmless duplicate. A mail that keeps failing is moved to the
quarantine folder after ``max_attempts`` and staff are told; its raw bytes stay in the database.
Connection problems end the session; the watcher reconnects with exponential backoff and
jitter. The checkpoint (UIDVALIDITY, last UID) is kept in the database; a UIDVALIDITY change is
logged and simply rescanned, again made harmless by the idempotency key.
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from mailbot.instances import MailboxLease
from mailbot.mail.imap import ImapError, ImapSettings, Mailbox, describe
from mailbot.pipeline.inbound import InboundPipeline, ProcessingFailed
from mailbot.store.models import MailboxState
from mailbot.store.uow import UnitOfWork

log = logging.getLogger("mailbot.watcher")

# Fault injection for the reliability tests: die right after a commit, before the move.
FAULT_ENV = "MAILBOT_FAULT"
LEASE_POLL = 5.0  # seconds between attempts to take the mailbox over from another instance
LEASE_RENEW = 10.0  # the lease (30 s) is renewed at least this often


@dataclass(frozen=True)
class WatcherSettings:
    idle_timeout: float = 25 * 60  # re-issue IDLE before servers drop it (29 minutes at most)
    poll_interval: float = 30.0  # when the server has no IDLE
    max_attempts: int = 3  # then quarantine
    retry_delay: float = 5.0  # first retry of a failing mail; doubles each time
    backoff_initial: float = 1.0
    backoff_max: float = 300.0


class Backoff:
    """Exponential backoff with full jitter (the AWS architecture blog's recommendation)."""

    def __init__(self, initial: float, maximum: float) -> None:
        self.initial, self.maximum, self.failures = initial, maximum, 0

    def next(self) -> float:
        self.failures += 1
        return random.uniform(0, min(self.maximum, self.initial * 2 ** self.failures))

    def reset(self) -> None:
        self.failures = 0


class Watcher:
    def __init__(self, imap: ImapSettings, settings: WatcherSettings, pipeline: InboundPipeline,
                 sessions: sessionmaker[Session], clock: Callable[[], datetime],
                 on_processed: Callable[[], None] = lambda: None, sent_folder: str | None = None,
                 lease: MailboxLease | None = None) -> None:
        self.imap = imap
        self.settings = settings
        self.pipeline = pipeline
        self.sessions = sessions
        self.clock = clock
        self.on_processed = on_processed
        self.stop_event = threading.Event()
        self.connected = threading.Event()
        self._retry_at: dict[tuple[int, int], float] = {}
        self._record_failures: dict[tuple[int, int], int] = {}
        self.sent_folder = sent_folder
        self.lease = lease  # with several instances: watch only while holding it
        self._read_since: datetime | None = None  # start of the last complete read of the folder
        self.checkpoint_name = f"{imap.username}@{imap.host}:{imap.port}/{imap.folder}"

    # -- the loop ----------------------------------------------------------------------------

    def stop(self) -> None:
        self.stop_event.set()

    def check(self) -> None:
        """Connect once and leave: the daemon's start-up check (raises ImapError)."""
        Mailbox(self.imap).open().close()

    def run(self) -> None:
        backoff = Backoff(self.settings.backoff_initial, self.settings.backoff_max)
        while not self.stop_event.is_set():
            if not self._lease_held():
                self.stop_event.wait(LEASE_POLL)  # another instance watches; take over if it dies
                continue
            try:
                self._session(backoff)
            except Exception as exc:
                error = describe(exc, self.imap)
                delay = backoff.next()
                log.warning("%s; reconnecting in %.1f s", error, delay)
                self.connected.clear()
                self.stop_event.wait(delay)
        log.info("watcher stopped")

    def _session(self, backoff: Backoff) -> None:
        mailbox = Mailbox(self.imap).open()
        clean = False
        try:
            self._checkpoint(mailbox.uidvalidity)
            self.connected.set()
            backoff.reset()
            log.info("watching %s on %s (IDLE %s, MOVE %s)", self.imap.folder, self.imap.where,
                     "yes" if mailbox.can_idle else "no, polling", "yes" if mailbox.can_move else "no")
            while not self.stop_event.is_set():
                if not self._lease_held():
                    log.warning("lost the lease on %s; another instance watches it now", self.checkpoint_name)
                    break
                wait = self._drain(mailbox)
                if self.stop_event.is_set():
                    break
                if self.lease is not None:
                    wait = min(wait, LEASE_RENEW)
                mailbox.wait(wait, self.stop_event.is_set, self.settings.poll_interval)
            clean = True
        finally:
            mailbox.close(graceful=clean)

    def read_since(self, instant: datetime) -> bool:
        """Whether everything that arrived before ``instant`` has been read (for the sender)."""
        if self.lease is not None:
            return self.lease.read_since(instant)
        return self._read_since is not None and self._read_since >= instant

    def _lease_held(self) -> bool:
        if self.lease is None:
            return True
        try:
            return self.lease.acquire()
        except Exception as exc:  # the database is away: do not watch without the lease
            log.warning("cannot renew the lease on %s: %s", self.checkpoint_name, exc)
            return False

    def _drain(self, mailbox: Mailbox) -> float:
        """Process everything waiting; returns how long to wait before looking again."""
        started = self.clock()
        for uid in mailbox.waiting():
            if self.stop_event.is_set():
                break
            retry_at = self._retry_at.get((mailbox.uidvalidity, uid))
            if retry_at is not None and retry_at > time.monotonic():
                continue
            self._handle(mailbox, uid)
        if not self.stop_event.is_set():
            self._read_since = started
            if self.lease is not None:
                self.lease.mark_read(started)
        # Wake up for the earliest retry, if any is pending.
        retries = [at for (validity, _), at in self._retry_at.items() if validity == mailbox.uidvalidity]
        wait = min([self.settings.idle_timeout, *(at - time.monotonic() for at in retries)])
        return max(0.5, wait)

    # -- one message -------------------------------------------------------------------------

    def _handle(self, mailbox: Mailbox, uid: int) -> None:
        key = (mailbox.uidvalidity, uid)
        raw = mailbox.fetch(uid)
        if raw is None:
            return
        try:
            result = self.pipeline.process(raw, self.clock(), source=f"imap:{self.imap.folder}",
                                           uidvalidity=mailbox.uidvalidity, uid=uid)
        except ProcessingFailed as failure:
            self._failed(mailbox, uid, failure)
            return
        except Exception as exc:  # could not even record it: keep it in place, retry later
            self._unrecorded(mailbox, uid, raw, exc)
            return
        if os.environ.get(FAULT_ENV) == "exit-after-commit":
            log.critical("fault injection: exiting after the commit of uid %s, before the move", uid)
            os._exit(70)
        own_copy = result.outcome.name == "FromOurselves"
        mailbox.move(uid, self.sent_folder if own_copy and self.sent_folder else self.imap.processed_folder)
        self._retry_at.pop(key, None)
        self._advance(mailbox.uidvalidity, uid)
        self.on_processed()

    def _unrecorded(self, mailbox: Mailbox, uid: int, raw: bytes, exc: Exception) -> None:
        """Recording failed. A database that is away is waited for, however long; any other
        error is a mail the store cannot take, which after ``max_attempts`` goes to the
        quarantine folder (the raw mail is kept there) instead of being retried forever."""
        key = (mailbox.uidvalidity, uid)
        transient = isinstance(exc, OperationalError | DisconnectionError)
        attempts = self._record_failures.get(key, 0) + (0 if transient else 1)
        self._record_failures[key] = attempts
        if attempts >= self.settings.max_attempts:
            mailbox.move(uid, self.imap.quarantine_folder)
            self._retry_at.pop(key, None)
            self._record_failures.pop(key, None)
            log.critical("mail uid %s could not be recorded (%s: %s) and was moved to %s for staff",
                         uid, type(exc).__name__, exc, self.imap.quarantine_folder)
            self.on_processed()
            return
        delay = self.settings.retry_delay * 2 ** max(0, attempts - 1)
        self._retry_at[key] = time.monotonic() + delay
        log.error("mail uid %s not recorded (%s: %s); retrying in %.0f s", uid, type(exc).__name__, exc, delay)

    def _failed(self, mailbox: Mailbox, uid: int, failure: ProcessingFailed) -> None:
        key = (mailbox.uidvalidity, uid)
        # A database that is locked or away is not the mail's fault: retry, never quarantine.
        transient = isinstance(failure.cause, OperationalError | DisconnectionError)
        if failure.attempts >= self.settings.max_attempts and not transient:
            mailbox.move(uid, self.imap.quarantine_folder)
            self._retry_at.pop(key, None)
            self._advance(mailbox.uidvalidity, uid)
            self.pipeline.quarantine(failure.inbound_id, self.clock(), self.imap.quarantine_folder)
            self.on_processed()
            log.error("mail uid %s quarantined after %s attempts: %s", uid, failure.attempts, failure.cause)
            return
        delay = self.settings.retry_delay * 2 ** (failure.attempts - 1)
        self._retry_at[key] = time.monotonic() + delay
        log.warning("mail uid %s failed (attempt %s of %s: %s); retrying in %.0f s", uid, failure.attempts,
                    self.settings.max_attempts, failure.cause, delay)

    # -- checkpoint --------------------------------------------------------------------------

    def _checkpoint(self, uidvalidity: int) -> None:
        with UnitOfWork(self.sessions) as uow:
            state = uow.session.scalar(select(MailboxState).where(MailboxState.mailbox == self.checkpoint_name))
            if state is None:
                uow.session.add(MailboxState(mailbox=self.checkpoint_name, uidvalidity=uidvalidity, last_uid=0))
            elif state.uidvalidity != uidvalidity:
                log.warning("UIDVALIDITY of %s changed (%s -> %s): rescanning; mail already processed is "
                            "recognised by its Message-ID", self.checkpoint_name, state.uidvalidity, uidvalidity)
                state.uidvalidity, state.last_uid = uidvalidity, 0
                self._retry_at.clear()
            uow.commit()

    def _advance(self, uidvalidity: int, uid: int) -> None:
        with UnitOfWork(self.sessions) as uow:
            state = uow.session.scalar(select(MailboxState).where(MailboxState.mailbox == self.checkpoint_name))
            if state is not None and state.uidvalidity == uidvalidity and uid > state.last_uid:
                state.last_uid = uid
                uow.commit()


__all__ = ["Watcher", "WatcherSettings", "Backoff", "ImapError"]
