"""The composition root for commands: config in, wired parts out. No module-level state.

``mailbot run`` (Step 3) builds on the same parts and adds the mail loops.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.orm import Session, sessionmaker

from mailbot.config import Config, business_calendar
from mailbot.domain.incoming import Rules
from mailbot.domain.model import Milestone
from mailbot.notices import NoticeSettings, NoticeWriter
from mailbot.pipeline.inbound import InboundPipeline, PipelineSettings
from mailbot.store.db import open_database
from parsers.reading import ReaderSettings
from replies.render import Renderer
from scheduler.calendar import BusinessCalendar
from scheduler.durations import BusinessDuration


def build_calendar(config: Config) -> BusinessCalendar:
    # The same builder that validated the config: what check-config accepts is what runs.
    return business_calendar(config.sla)


def build_rules(config: Config) -> Rules:
    durations = {Milestone(name): BusinessDuration.parse(getattr(config.sla.milestones, name))
                 for name in ("intake", "waiver", "acceptance", "transfer")}
    return Rules(
        calendar=build_calendar(config), durations=durations, nudges=config.sla.nudges,
        followup_days=config.sla.followup_days,
        require_authenticated_sender=config.security.require_authenticated_sender,
        staff_addresses=tuple(config.staff_addresses), mailbox=config.mailbox.address,
        staff=tuple(config.security.staff))


def report_url(config: Config) -> str:
    """The console's SLA report, for the staff digest: only when the console is served, by
    ``run`` (``[web] listen``) or apart by ``mailbot web`` (``status_links = "on"`` says so)."""
    web = config.web
    if web.listen or web.links_in_notices:
        return web.base_url.rstrip("/") + "/report"
    return ""


def reader_settings(config: Config) -> ReaderSettings:
    secret, _ = config.secret()
    return ReaderSettings(mailbox=config.mailbox.address, secret=secret, name=config.mailbox.name,
                          trusted_authserv_ids=config.security.trusted_authserv_ids)


@dataclass
class App:
    config: Config
    # Whether opening the database may create it: only the commands that take in mail or set
    # it up do (run, ingest, db upgrade, demo); the others read an existing one or say it is missing.
    create_database: bool = True

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        return open_database(self.config.database.url, self.create_database)

    @cached_property
    def rules(self) -> Rules:
        return build_rules(self.config)

    @cached_property
    def renderer(self) -> Renderer:
        return Renderer(self.config.notices.templates or None)

    @cached_property
    def notices(self) -> NoticeWriter:
        c = self.config
        secret, _ = c.secret()
        settings = NoticeSettings(
            mailbox=c.mailbox.address, secret=secret, sender_name=c.mailbox.name, vendor=c.mailbox.vendor,
            staff_addresses=tuple(c.staff_addresses), timezone=c.sla.timezone,
            waiver_version=c.notices.waiver_version, followup_days=c.sla.followup_days,
            notices_per_address_per_hour=c.limits.notices_per_address_per_hour,
            status_base_url=c.web.base_url if c.web.links_in_notices else "",
            language=c.notices.language)
        return NoticeWriter(settings, self.renderer)

    @cached_property
    def pipeline(self) -> InboundPipeline:
        c = self.config
        settings = PipelineSettings(reader=reader_settings(c), is_staff=c.is_staff,
                                    max_mail_bytes=c.limits.max_mail_mb * 1024 * 1024,
                                    mails_per_sender_per_hour=c.limits.mails_per_sender_per_hour,
                                    read_seconds=c.limits.read_seconds)
        return InboundPipeline(self.sessions, settings, self.rules, self.notices)

    @cached_property
    def timers(self):
        from mailbot.timers import TimerSweep

        return TimerSweep(self.sessions, self.notices, self.rules.calendar, self.config.sla.timezone,
                          report_url=report_url(self.config))
