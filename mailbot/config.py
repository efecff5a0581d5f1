"""Configuration: TOML file -> a frozen ``Config``; secrets from the environment.

Where the file comes from: ``--config FILE``, else ``$MAILBOT_CONFIG``, else ``./mailbot.toml``,
else the embedded defaults (the same values ``config.example.toml`` documents). Every mistake
is reported in plain words with the section and key, and unknown keys are errors (a typo that
is silently ignored is a setting that silently does not apply).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from scheduler.calendar import BusinessCalendar, CalendarError

DEV_SECRET = "mailbot-insecure-development-secret"
SECURITY_MODES = ("ssl", "starttls", "none")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DURATION = re.compile(r"^\s*\d+(?:\.\d+)?\s*[dhm]\s*$", re.IGNORECASE)
_NUDGE = re.compile(r"^\s*(?:\d{1,2}(?:\.\d+)?%|-\d+(?:\.\d+)?\s*[dhm])\s*$", re.IGNORECASE)
_HOURS = re.compile(r"^\s*([01]\d|2[0-3]):([0-5]\d)\s*-\s*([01]\d|2[0-4]):([0-5]\d)\s*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s][^@\s.]*\.[^@\s]+$")  # linear: no backtracking over dots


class ConfigError(Exception):
    """A configuration problem, worded for the operator."""


@dataclass(frozen=True)
class MailboxConfig:
    address: str = "transfer@example.com"
    name: str = "Transfer desk"  # display name on our mail
    vendor: str = "Example Security"  # who "we" are in the notices


@dataclass(frozen=True)
class NoticesConfig:
    templates: str = ""  # folder whose files override the built-in templates by name
    waiver_version: str = "v2"  # waivers/<version>.txt.j2 (v2 quotes the client's values)
    # Parties whose language is not known (no #set language, nothing in their mail) read the
    # notices in this one: en, de, fr, es, nl or it (replies/locale/<code>).
    language: str = "en"


@dataclass(frozen=True)
class LimitsConfig:
    max_mail_mb: int = 25  # larger mail is kept, not read, and politely refused
    mails_per_sender_per_hour: int = 30  # beyond this a sender's mail is kept but not acted on
    notices_per_address_per_hour: int = 10  # outside addresses; staff are not limited
    read_seconds: int = 20  # a mail not read in this time fails, is retried, then quarantined (0: no limit)


@dataclass(frozen=True)
class LoggingConfig:
    format: str = "text"  # "text" (a line for people) or "json" (one object a line, for a log shipper)
    level: str = "INFO"  # every logger's level, unless ``levels`` names it
    # [logging.levels] {"mailbot.pipeline" = "DEBUG"}: kept as (logger, level) pairs, in file order
    levels: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ImapConfig:
    host: str = "imap.example.com"
    port: int = 993
    security: str = "ssl"
    username: str = "transfer@example.com"
    password_env: str = "MAILBOT_IMAP_PASSWORD"
    password: str | None = None
    folder: str = "INBOX"
    processed_folder: str = "Processed"
    quarantine_folder: str = "Quarantine"
    sent_folder: str = ""  # when set, the copies of our own mails are filed there
    idle_minutes: int = 25  # IDLE is re-issued at least this often (servers drop it at 30)
    poll_seconds: int = 30  # when the server has no IDLE
    timeout_seconds: int = 60
    max_attempts: int = 3  # a mail that fails this often is quarantined


@dataclass(frozen=True)
class SmtpConfig:
    host: str = "smtp.example.com"
    port: int = 587
    security: str = "starttls"
    username: str = "transfer@example.com"
    password_env: str = "MAILBOT_SMTP_PASSWORD"
    password: str | None = None
    timeout_seconds: int = 60
    retry_seconds: int = 30  # first retry after a temporary failure; doubles up to an hour
    copy_to_mailbox: bool = True  # each mail also goes to our mailbox: proof of delivery after a crash


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = "sqlite:///mailbot.db"


@dataclass(frozen=True)
class SecurityConfig:
    secret_env: str = "MAILBOT_SECRET"
    secret: str | None = None
    staff: tuple[str, ...] = ("ops@example.com", "@example.com")
    trusted_authserv_ids: tuple[str, ...] = ()
    require_authenticated_sender: bool = False


@dataclass(frozen=True)
class MilestoneDurations:
    intake: str = "2d"
    waiver: str = "3d"
    acceptance: str = "3d"
    transfer: str = "2d"


@dataclass(frozen=True)
class SlaConfig:
    timezone: str = "America/Chicago"
    work_hours: str = "08:00-17:00"
    work_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    holidays: str = "US"
    closed_dates: tuple[str, ...] = ()
    nudges: tuple[str, ...] = ("50%", "-4h")
    followup_days: int = 30
    sweep_seconds: int = 60  # how often the daemon looks for due timers
    milestones: MilestoneDurations = field(default_factory=MilestoneDurations)


@dataclass(frozen=True)
class WebConfig:
    listen: str = ""  # HOST:PORT; empty: ``run`` serves no web pages (``mailbot web`` uses 127.0.0.1:8025)
    base_url: str = "http://127.0.0.1:8025"  # how staff and parties reach it (behind a proxy: the https URL)
    session_hours: int = 12
    status_days: int = 30  # a party's status link dies this long after the case closed
    login_minutes: int = 15  # a sign-in link works once, for this long
    # Whether notices to the parties carry a link to their status page: "auto" when ``run``
    # serves the pages (listen is set), "on" when ``mailbot web`` serves them apart, or "off".
    status_links: str = "auto"

    @property
    def links_in_notices(self) -> bool:
        return self.status_links == "on" or (self.status_links == "auto" and bool(self.listen))


@dataclass(frozen=True)
class RetentionConfig:
    # Days after a case closed (completed or cancelled) that its mails' raw bytes are removed
    # (``mailbot retention``, and the daemon once a day); 0 keeps them forever.
    raw_mail_days: int = 0
    # Keep the mail that signed the waiver (or the staff mail that overrode it) and the waiver
    # request as sent: the evidence bundle is built from their bytes.
    keep_waiver_evidence: bool = True


@dataclass(frozen=True)
class Config:
    mailbox: MailboxConfig = field(default_factory=MailboxConfig)
    imap: ImapConfig = field(default_factory=ImapConfig)
    smtp: SmtpConfig = field(default_factory=SmtpConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    security: SecurityConfig = field(default_factory=SecurityConfig)
    sla: SlaConfig = field(default_factory=SlaConfig)
    notices: NoticesConfig = field(default_factory=NoticesConfig)
    limits: LimitsConfig = field(default_factory=LimitsConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    web: WebConfig = field(default_factory=WebConfig)
    retention: RetentionConfig = field(default_factory=RetentionConfig)
    source: str = "embedded defaults"

    def secret(self, environ: dict[str, str] | None = None) -> tuple[bytes, str]:
        """The signing secret and where it came from (``env``, ``file`` or ``default``)."""
        environ = os.environ if environ is None else environ
        value = environ.get(self.security.secret_env)
        if value:
            return value.encode(), "env"
        if self.security.secret:
            return self.security.secret.encode(), "file"
        return DEV_SECRET.encode(), "default"

    def password(self, section: ImapConfig | SmtpConfig, environ: dict[str, str] | None = None) -> str | None:
        environ = os.environ if environ is None else environ
        return environ.get(section.password_env) or section.password

    def warnings(self, environ: dict[str, str] | None = None) -> list[str]:
        """Things that work but should not be left like this in production."""
        out = []
        _, origin = self.secret(environ)
        if origin == "default":
            out.append(f"[security] no secret: set ${self.security.secret_env}; reply addresses are "
                       "signed with a public development secret")
        elif origin == "file":
            out.append("[security] secret is written in the config file; prefer "
                       f"${self.security.secret_env}")
        for name, section in (("imap", self.imap), ("smtp", self.smtp)):
            if section.password:
                out.append(f"[{name}] password is written in the config file; prefer ${section.password_env}")
            if section.security == "none" and section.host not in ("127.0.0.1", "localhost", "::1"):
                out.append(f"[{name}] security = \"none\" sends the password in clear to {section.host}")
        out.extend(self.trust_notes(warnings_only=True))
        if not self.staff_addresses:
            out.append("[security] staff lists no full address: nobody receives staff notices")
        return out

    def trust_notes(self, warnings_only: bool = False) -> list[str]:
        """What the bot trusts with this configuration, in plain words (``run`` logs these,
        ``check-config`` prints the warnings)."""
        security = self.security
        if security.require_authenticated_sender and not security.trusted_authserv_ids:
            return ["[security] require_authenticated_sender is on but trusted_authserv_ids is empty: "
                    "no mail can authenticate, so no keyword, change or #command will ever act"]
        if not security.trusted_authserv_ids:
            return ["[security] trusted_authserv_ids is empty: staff #commands work only in replies to a staff "
                    "notice of the case (its signed reply address); a #command mailed to the plain mailbox is "
                    "refused, and a request is confirmed by the client before anyone else is written to. Set it "
                    "to your receiving server's authserv-id (docs/security.md) to accept mail it authenticates"]
        if warnings_only:
            return []
        if not security.require_authenticated_sender:
            return [f"[security] mail authenticated by {', '.join(security.trusted_authserv_ids)} (DMARC pass) acts "
                    "like a reply to our signed addresses; replies to those addresses act without a verdict"]
        return [f"[security] keywords, changes and #commands need a DMARC pass from "
                f"{', '.join(security.trusted_authserv_ids)} as well as a signed reply address or thread"]

    @property
    def staff_addresses(self) -> list[str]:
        """Full addresses that receive staff notices (``@domain`` entries only say who is staff)."""
        return [s for s in self.security.staff if not s.startswith("@")]

    def is_staff(self, address: str | None) -> bool:
        address = (address or "").lower()
        for entry in self.security.staff:
            entry = entry.lower()
            if entry.startswith("@") and address.endswith(entry):
                return True
            if entry == address:
                return True
        return False


def locate(path: str | None, environ: dict[str, str] | None = None) -> Path | None:
    """The config file to read, or None for the embedded defaults."""
    environ = os.environ if environ is None else environ
    if path:
        return Path(path)
    if environ.get("MAILBOT_CONFIG"):
        return Path(environ["MAILBOT_CONFIG"])
    default = Path("mailbot.toml")
    return default if default.exists() else None


def load_config(path: str | None = None, environ: dict[str, str] | None = None) -> Config:
    """Read and validate the configuration; raises ConfigError with a readable message."""
    file = locate(path, environ)
    if file is None:
        return Config()
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {file} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file {file}: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{file} is not valid TOML: {exc}") from None
    config = config_from_dict(data, source=str(file))
    return config


def config_from_dict(data: dict, source: str = "dict") -> Config:
    sections = {}
    _check_keys(data, Config, "", exclude={"source"})
    for f in fields(Config):
        if f.name == "source":
            continue
        sections[f.name] = _section(f.name, data.get(f.name, {}), f.default_factory)
    config = Config(**sections, source=source)
    _validate(config)
    return config


def _check_keys(data: dict, cls, where: str, exclude: set[str] = frozenset()) -> None:
    known = [f.name for f in fields(cls) if f.name not in exclude]
    for key in data:
        if key not in known:
            hint = difflib.get_close_matches(key, known, n=1)
            place = f"[{where}] " if where else ""
            suggestion = f"; did you mean {hint[0]!r}?" if hint else f" (known: {', '.join(known)})"
            raise ConfigError(f"{place}unknown key {key!r}{suggestion}")


def _section(name: str, data, factory):
    if not isinstance(data, dict):
        raise ConfigError(f"[{name}] must be a table, not {type(data).__name__}")
    cls = factory
    _check_keys(data, cls, name)
    values = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name == "milestones":
            value = _section(f"{name}.milestones", value, MilestoneDurations)
        elif cls is LoggingConfig and f.name == "levels":
            value = _logger_levels(value)
        else:
            value = _coerce(f"[{name}] {f.name}", value, getattr(cls(), f.name))
        values[f.name] = value
    return cls(**values)


def _coerce(where: str, value, default):
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{where} must be true or false, not {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where} must be a whole number, not {value!r}")
        return value
    if isinstance(default, tuple):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where} must be a list of strings, not {value!r}")
        return tuple(v.strip() for v in value)
    if not isinstance(value, str):
        raise ConfigError(f"{where} must be a string, not {value!r}")
    return value.strip()


def _validate(config: Config) -> None:
    if not _EMAIL.match(config.mailbox.address):
        raise ConfigError(f"[mailbox] address {config.mailbox.address!r} is not an e-mail address")
    if "+" in config.mailbox.address.partition("@")[0]:
        raise ConfigError("[mailbox] address must not contain '+': reply addresses add +<token> to it")
    for name, section in (("imap", config.imap), ("smtp", config.smtp)):
        if section.security not in SECURITY_MODES:
            raise ConfigError(f"[{name}] security must be one of {', '.join(SECURITY_MODES)}, "
                              f"not {section.security!r}")
        if not 0 < section.port < 65536:
            raise ConfigError(f"[{name}] port {section.port} is not a TCP port")
        if not section.host:
            raise ConfigError(f"[{name}] host is empty")
        if section.timeout_seconds < 1:
            raise ConfigError(f"[{name}] timeout_seconds must be at least 1")
    if not 1 <= config.imap.idle_minutes <= 29:
        raise ConfigError("[imap] idle_minutes must be between 1 and 29 (servers drop IDLE after 30 minutes)")
    if config.imap.poll_seconds < 1 or config.imap.max_attempts < 1:
        raise ConfigError("[imap] poll_seconds and max_attempts must be at least 1")
    url = config.database.url
    if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", url):
        raise ConfigError(f"[database] url {url!r}: use sqlite:///FILE or postgresql+psycopg://…")
    for entry in config.security.staff:
        if not (entry.startswith("@") and "." in entry) and not _EMAIL.match(entry):
            raise ConfigError(f"[security] staff entry {entry!r} is neither an address nor an @domain")
    _validate_sla(config.sla)
    _validate_logging(config.logging)
    if config.notices.templates and not Path(config.notices.templates).is_dir():
        raise ConfigError(f"[notices] templates folder {config.notices.templates!r} does not exist")
    _validate_language(config.notices.language)
    for name in ("max_mail_mb", "mails_per_sender_per_hour", "notices_per_address_per_hour"):
        if getattr(config.limits, name) < 1:
            raise ConfigError(f"[limits] {name} must be at least 1")
    if not 0 <= config.limits.read_seconds <= 3600:
        raise ConfigError("[limits] read_seconds must be between 0 (no limit) and 3600")
    _validate_web(config.web)
    if config.retention.raw_mail_days < 0:
        raise ConfigError("[retention] raw_mail_days must not be negative (0 keeps raw mail forever)")


def _validate_language(code: str) -> None:
    from replies.i18n import languages

    if code not in languages():
        raise ConfigError(f"[notices] language {code!r} must be one the notices are written in: "
                          f"{', '.join(languages())}")


def parse_listen(value: str) -> tuple[str, int]:
    """"HOST:PORT" (or "[::1]:PORT") -> (host, port); ConfigError when it is not one."""
    host, sep, port = value.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"[web] listen {value!r} must look like \"127.0.0.1:8025\"")
    return host, int(port)


LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _logger_levels(value) -> tuple[tuple[str, str], ...]:
    """``[logging.levels]``: a table of logger name -> level name."""
    if not isinstance(value, dict):
        raise ConfigError(f"[logging.levels] must be a table like {{\"mailbot.pipeline\" = \"DEBUG\"}}, "
                          f"not {value!r}")
    pairs = []
    for logger, level in value.items():
        if not isinstance(level, str) or level.strip().upper() not in LOG_LEVELS:
            raise ConfigError(f"[logging.levels] {logger!r} = {level!r} must be one of {', '.join(LOG_LEVELS)}")
        pairs.append((logger.strip(), level.strip().upper()))
    return tuple(pairs)


def _validate_logging(settings: LoggingConfig) -> None:
    if settings.format not in LOG_FORMATS:
        raise ConfigError(f"[logging] format must be one of {', '.join(LOG_FORMATS)}, not {settings.format!r}")
    if settings.level.upper() not in LOG_LEVELS:
        raise ConfigError(f"[logging] level must be one of {', '.join(LOG_LEVELS)}, not {settings.level!r}")


STATUS_LINKS = ("auto", "on", "off")


def _validate_web(web: WebConfig) -> None:
    if web.listen:
        parse_listen(web.listen)
    if not re.match(r"^https?://[^/\s]+", web.base_url):
        raise ConfigError(f"[web] base_url {web.base_url!r} must be an http:// or https:// URL")
    if not 1 <= web.session_hours <= 24 * 30:
        raise ConfigError("[web] session_hours must be between 1 and 720")
    if web.status_days < 0:
        raise ConfigError("[web] status_days must not be negative")
    if not 1 <= web.login_minutes <= 24 * 60:
        raise ConfigError("[web] login_minutes must be between 1 and 1440")
    if web.status_links not in STATUS_LINKS:
        raise ConfigError(f"[web] status_links must be one of {', '.join(STATUS_LINKS)}, not {web.status_links!r}")


def _validate_sla(sla: SlaConfig) -> None:
    try:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        ZoneInfo(sla.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"[sla] timezone {sla.timezone!r} is not a known IANA timezone "
                          "(e.g. America/Chicago, Europe/Berlin)") from None
    hours = _HOURS.match(sla.work_hours)
    if not hours or (hours.group(1), hours.group(2)) >= (hours.group(3), hours.group(4)):
        raise ConfigError(f"[sla] work_hours {sla.work_hours!r} must look like \"08:00-17:00\"")
    for day in sla.work_days:
        if day.lower() not in WEEKDAYS:
            raise ConfigError(f"[sla] work_days: {day!r} is not one of {', '.join(WEEKDAYS)}")
    if not sla.work_days:
        raise ConfigError("[sla] work_days is empty: no deadline could ever fall due")
    for date in sla.closed_dates:
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", date):
            raise ConfigError(f"[sla] closed_dates: {date!r} must be YYYY-MM-DD")
    for nudge in sla.nudges:
        if not _NUDGE.match(nudge):
            raise ConfigError(f"[sla] nudges: {nudge!r} must be a share like \"50%\" or a lead like \"-4h\"")
    if sla.followup_days < 0:
        raise ConfigError("[sla] followup_days must not be negative")
    if not 1 <= sla.sweep_seconds <= 3600:
        raise ConfigError("[sla] sweep_seconds must be between 1 and 3600")
    for f in fields(MilestoneDurations):
        value = getattr(sla.milestones, f.name)
        if not _DURATION.match(value):
            raise ConfigError(f"[sla.milestones] {f.name} = {value!r} must be business time "
                              "like \"2d\", \"4h\" or \"90m\"")
    business_calendar(sla)


def business_calendar(sla: SlaConfig) -> BusinessCalendar:
    """The business calendar the ``[sla]`` settings describe. Loading the config builds it
    once, so a value that reads right but means nothing (month 13, 24:30, a country without
    a holiday table) stops every command at start-up naming its key, instead of surfacing as
    an internal error from the first command that counts a deadline."""
    try:
        return BusinessCalendar.build(sla.timezone, sla.work_hours, sla.work_days, sla.holidays, sla.closed_dates)
    except CalendarError as exc:
        raise ConfigError(f"[sla] {exc.setting or 'calendar'}: {exc}") from None
