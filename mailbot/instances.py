"""Several daemons on one database: who is alive, and who watches the mailbox.

Each ``mailbot run`` registers itself and refreshes a heartbeat every few seconds; one whose
heartbeat is older than ``DEAD_AFTER`` is dead, and the mail it was sending is recovered by
the others. The IMAP watcher runs only in the instance holding the mailbox's lease, renewed
while it lives and taken over by another instance once it expires (well within a minute).
Everything is plain rows and conditional UPDATEs, so it works on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mailbot.store.models import DaemonInstance, Lease
from mailbot.store.uow import UnitOfWork

log = logging.getLogger("mailbot.instances")

HEARTBEAT = timedelta(seconds=5)
DEAD_AFTER = timedelta(seconds=20)
LEASE = timedelta(seconds=30)


class Instance:
    """This process, as the others see it."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
        self.sessions = sessions
        self.clock = clock
        self.id = uuid.uuid4().hex[:16]

    def register(self) -> None:
        now = self.clock()
        with UnitOfWork(self.sessions) as uow:
            uow.session.add(DaemonInstance(id=self.id, host=socket.gethostname()[:200], pid=os.getpid(),
                                           started_at=now, heartbeat_at=now))
            # Instances dead for a day are only clutter.
            uow.session.execute(delete(DaemonInstance).where(DaemonInstance.heartbeat_at < now - timedelta(days=1)))
            uow.commit()

    def heartbeat(self) -> None:
        with UnitOfWork(self.sessions) as uow:
            uow.session.execute(update(DaemonInstance).where(DaemonInstance.id == self.id)
                                .values(heartbeat_at=self.clock()))
            uow.commit()

    def unregister(self) -> None:
        with UnitOfWork(self.sessions) as uow:
            uow.session.execute(delete(DaemonInstance).where(DaemonInstance.id == self.id))
            uow.commit()

    def living(self, session: Session) -> set[str]:
        """Ids of the instances whose heartbeat is fresh."""
        since = self.clock() - DEAD_AFTER
        return set(session.scalars(select(DaemonInstance.id).where(DaemonInstance.heartbeat_at >= since)))


class MailboxLease:
    """The right to watch one mailbox folder."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime], name: str,
                 holder: str) -> None:
        self.sessions = sessions
        self.clock = clock
        self.name = name
        self.holder = holder
        self.expires_at: datetime | None = None

    @property
    def held(self) -> bool:
        return self.expires_at is not None and self.clock() < self.expires_at

    def acquire(self) -> bool:
        """Take or renew the lease; False while another instance holds it."""
        now = self.clock()
        until = now + LEASE
        with UnitOfWork(self.sessions) as uow:
            taken = uow.session.execute(
                update(Lease).where(Lease.name == self.name,
                                    (Lease.holder == self.holder) | (Lease.expires_at < now))
                .values(holder=self.holder, expires_at=until))
            if taken.rowcount == 0:
                lease = uow.session.get(Lease, self.name)
                if lease is not None and not _died_here(uow.session, lease.holder):
                    self.expires_at = None
                    return False
                if lease is None:
                    uow.session.add(Lease(name=self.name, holder=self.holder, expires_at=until))
                else:
                    # Its holder was a process on this machine that no longer exists (killed
                    # and restarted): no need to wait for the lease to expire.
                    taken = uow.session.execute(update(Lease).where(Lease.name == self.name,
                                                                    Lease.holder == lease.holder)
                                                .values(holder=self.holder, expires_at=until))
                    if taken.rowcount == 0:
                        self.expires_at = None
                        return False
            try:
                uow.commit()
            except IntegrityError:  # another instance created it first
                self.expires_at = None
                return False
        if self.expires_at is None:
            log.info("this instance now watches %s", self.name)
        self.expires_at = until
        return True

    def release(self) -> None:
        with UnitOfWork(self.sessions) as uow:
            uow.session.execute(delete(Lease).where(Lease.name == self.name, Lease.holder == self.holder))
            uow.commit()
        self.expires_at = None

    def mark_read(self, since: datetime) -> None:
        """Everything in the folder that arrived before ``since`` has been read."""
        with UnitOfWork(self.sessions) as uow:
            uow.session.execute(update(Lease).where(Lease.name == self.name, Lease.holder == self.holder)
                                .values(read_since=since))
            uow.commit()

    def read_since(self, instant: datetime) -> bool:
        """Whether the folder's watcher, whichever instance it is, has read it since ``instant``."""
        with UnitOfWork(self.sessions) as uow:
            read = uow.session.scalar(select(Lease.read_since).where(Lease.name == self.name))
        return read is not None and read >= instant


def _died_here(session: Session, instance_id: str) -> bool:
    """Whether ``instance_id`` ran on this host and its process is gone."""
    row = session.get(DaemonInstance, instance_id)
    if row is None or row.host != socket.gethostname()[:200] or row.pid == os.getpid():
        return False
    try:
        os.kill(row.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    # A zombie (killed, not yet reaped) still answers kill(pid, 0).
    try:
        with open(f"/proc/{row.pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[-1].split()[0] == "Z"
    except OSError:
        return False
