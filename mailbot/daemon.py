"""``mailbot run``: the daemon's composition root.

One asyncio loop owns the outbox sender (and, from Step 4, the scheduler); the IMAP watcher
blocks, so it runs in a thread of its own and wakes the sender whenever a mail has been
processed. SIGTERM / SIGINT set one stop event: the watcher finishes the mail in hand, the
sender its current message, and the process exits 0. Before anything runs, both servers are
tried once, so that a wrong password, an unknown host or a bad TLS setting ends the start
with one clear line instead of a retry loop. Under systemd (``Type=notify``) the daemon says
READY=1 once all runs, pings the watchdog from its loop, and says STOPPING=1 (mailbot/systemd.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime

from mailbot.app import App
from mailbot.errors import CommandError
from mailbot.instances import HEARTBEAT, Instance, MailboxLease
from mailbot.logs import configure_logging
from mailbot.mail.imap import ImapError, ImapSettings
from mailbot.mail.sender import OutboxSender, SmtpError, SmtpSettings
from mailbot.mail.watcher import Watcher, WatcherSettings
from mailbot.preflight import require_secret
from mailbot.systemd import Notifier, keep_alive
from mailbot.timers import sweep_job

log = logging.getLogger("mailbot.daemon")


def utc_now() -> datetime:
    return datetime.now(UTC)


def imap_settings(app: App) -> ImapSettings:
    c = app.config.imap
    password = app.config.password(c)
    if not password:
        raise CommandError(f"no IMAP password: set ${c.password_env} (or [imap] password for local use)")
    return ImapSettings(host=c.host, port=c.port, security=c.security, username=c.username, password=password,
                        folder=c.folder, processed_folder=c.processed_folder,
                        quarantine_folder=c.quarantine_folder, sent_folder=c.sent_folder,
                        timeout=c.timeout_seconds)


def smtp_settings(app: App) -> SmtpSettings:
    c = app.config.smtp
    return SmtpSettings(host=c.host, port=c.port, security=c.security, username=c.username,
                        password=app.config.password(c), envelope_from=app.config.mailbox.address,
                        copy_to=app.config.mailbox.address if c.copy_to_mailbox else None,
                        timeout=c.timeout_seconds, retry_initial=c.retry_seconds)


@dataclass
class Daemon:
    app: App
    watcher: Watcher
    sender: OutboxSender
    instance: Instance
    notifier: Notifier = field(default_factory=Notifier.from_environ)  # a no-op outside systemd

    @classmethod
    def build(cls, app: App, clock=utc_now) -> Daemon:
        imap = imap_settings(app)
        c = app.config.imap
        settings = WatcherSettings(idle_timeout=c.idle_minutes * 60, poll_interval=c.poll_seconds,
                                   max_attempts=c.max_attempts)
        instance = Instance(app.sessions, clock)
        watcher = Watcher(imap, settings, app.pipeline, app.sessions, clock, sent_folder=c.sent_folder or None)
        watcher.lease = MailboxLease(app.sessions, clock, watcher.checkpoint_name, instance.id)
        sender = OutboxSender(smtp_settings(app), app.sessions, app.notices, clock, watcher.read_since, instance,
                              rules=app.rules)
        return cls(app, watcher, sender, instance)

    async def preflight(self) -> None:
        try:
            await asyncio.to_thread(self.watcher.check)
        except ImapError as exc:
            raise CommandError(str(exc)) from None
        try:
            await self.sender.check()
        except SmtpError as exc:
            raise CommandError(str(exc)) from None

    async def heartbeat(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.instance.heartbeat)
            except Exception as exc:  # the database is away; the watcher and sender will say so too
                log.warning("heartbeat failed: %s", exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), HEARTBEAT.total_seconds())

    async def serve(self, stop: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        await asyncio.to_thread(self.instance.register)
        heartbeat = asyncio.create_task(self.heartbeat(stop))
        wake_sender = lambda: loop.call_soon_threadsafe(self.sender.wake.set)  # noqa: E731
        self.watcher.on_processed = wake_sender
        thread = threading.Thread(target=self.watcher.run, name="imap-watcher", daemon=True)
        thread.start()
        sender_task = asyncio.create_task(self.sender.run(stop))
        scheduler = self._scheduler(wake_sender)
        scheduler.start()
        web = asyncio.create_task(self._web(stop, wake_sender)) if self.app.config.web.listen else None
        log.info("mailbot running for %s", self.app.config.mailbox.address)
        self.notifier.ready(f"running for {self.app.config.mailbox.address}")
        # The watchdog is pinged from this loop while the IMAP thread and the sender still run.
        watchdog = asyncio.create_task(keep_alive(self.notifier, stop,
                                                  lambda: thread.is_alive() and not sender_task.done()))
        await stop.wait()
        self.notifier.stopping("finishing the mail in hand")
        if web is not None:
            await web
        log.info("stopping: finishing the mail in hand")
        scheduler.shutdown(wait=False)
        self.watcher.stop()
        await asyncio.to_thread(thread.join, 60)
        await sender_task
        await heartbeat
        await watchdog
        with contextlib.suppress(Exception):
            await asyncio.to_thread(self.watcher.lease.release)
            await asyncio.to_thread(self.instance.unregister)
        self.app.pipeline.close()  # the reading worker
        log.info("stopped")


    async def _web(self, stop: asyncio.Event, wake_sender) -> None:
        from mailbot.web.app import Console
        from mailbot.web.serve import serve_until

        console = Console(self.app, wake_sender=wake_sender,
                          watcher_connected=lambda: self.watcher.connected.is_set())
        await serve_until(console, self.app.config.web.listen, stop)

    def _scheduler(self, wake_sender):
        from scheduler.jobs import build_scheduler

        sla = self.app.config.sla
        timers = self.app.timers
        opening = self.app.rules.calendar.hours[min(self.app.rules.calendar.hours)][0]

        def digest() -> None:
            if timers.digest(utc_now()):
                log.info("daily digest written for staff")
                wake_sender()

        scheduler = build_scheduler(sweep_job(timers, utc_now, wake_sender), digest, sla.timezone, opening,
                                    sla.work_days, sla.sweep_seconds)
        self._retention(scheduler)
        return scheduler

    def _retention(self, scheduler) -> None:
        """Raw mail of long-closed cases removed once a day ([retention]; mailbot/retention.py)."""
        from mailbot.retention import daily_job
        from scheduler.jobs import add_daily_job

        settings = self.app.config.retention
        if settings.raw_mail_days > 0:
            add_daily_job(scheduler, daily_job(self.app.sessions, settings, self.app.config.sla.timezone, utc_now),
                          "retention")


def run(app: App, debug: bool = False) -> int:
    """The ``mailbot run`` entry point."""
    require_secret(app.config, "run")
    configure_logging(app.config.logging, debug)
    for note in app.config.trust_notes():
        log.log(logging.WARNING if "empty" in note else logging.INFO, note)
    daemon = Daemon.build(app)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await daemon.preflight()
        await daemon.serve(stop)

    asyncio.run(main())
    return 0
