"""Everything ``mailbot run`` needs before it starts, checked in one place.

``check-config`` lists every problem at once (with the key and the bad value) and ``run``,
``ingest``, ``sweep`` and ``send-pending`` refuse on the same grounds, so a configuration that
``check-config`` calls OK is one the daemon starts with.
"""

from __future__ import annotations

import asyncio

from mailbot.app import App, build_rules
from mailbot.config import Config
from mailbot.errors import CommandError
from mailbot.store.db import current_revision, head_revision, make_engine, sqlite_file


def require_secret(config: Config, command: str) -> None:
    """Refuse to sign reply addresses with the public development secret."""
    _, origin = config.secret()
    if origin == "default":
        raise CommandError(f"no secret to sign reply addresses: set ${config.security.secret_env} (any long "
                           f"random string; keep it stable) before 'mailbot {command}'")


def problems(app: App, connect: bool = False) -> tuple[list[str], list[str]]:
    """(problems that stop ``run``, notes worth knowing), each naming its key."""
    from mailbot.previews import preview_context
    from replies.render import TemplateError
    from scheduler.calendar import CalendarError

    config = app.config
    found: list[str] = []
    notes: list[str] = []
    _, origin = config.secret()
    if origin == "default":
        found.append(f"[security] secret_env: ${config.security.secret_env} is not set and [security] secret "
                     "is empty: 'mailbot run' refuses to sign reply addresses with the public development secret")
    if not config.password(config.imap):
        found.append(f"[imap] password_env: ${config.imap.password_env} is not set and [imap] password is "
                     f"empty: nothing to log in to {config.imap.host} with")
    if config.smtp.username and not config.password(config.smtp):
        notes.append(f"[smtp] password_env: ${config.smtp.password_env} is not set: mail is sent to "
                     f"{config.smtp.host} without logging in")
    try:
        build_rules(config)
    except (CalendarError, ValueError) as exc:
        found.append(f"[sla] {exc}")
    # English, and one other language: the parts only a translated notice shows (a translation
    # itself cannot break a notice: one that does not fit goes out in English).
    languages = app.renderer.languages()[:2]
    for name in app.renderer.names():
        for language in languages:
            try:
                app.renderer.render(name, preview_context(app, name, language), language)
            except TemplateError as exc:
                found.append(f"[notices] templates ({language}): {exc}")
    notes.extend(translation_notes(app))
    database_problem, database_note = _database(config.database.url)
    if database_problem:
        found.append(database_problem)
    if database_note:
        notes.append(database_note)
    if connect:
        found.extend(_connect(app))
    return found, notes


def translation_notes(app: App) -> list[str]:
    """What each language lacks (English goes out instead, message by message): messages of the
    templates as loaded and of the code without a translation, translations that do not fit
    their message, and the text of the waiver version in use."""
    from replies import i18n

    renderer = app.renderer
    messages = renderer.messages()
    version = app.config.notices.waiver_version
    notes = []
    for language in renderer.languages():
        if language == i18n.SOURCE:
            continue
        missing = i18n.missing(language, messages)
        if missing:
            shown = "; ".join(repr(message[:50] + ("…" if len(message) > 50 else "")) for message in missing[:3])
            notes.append(f"[notices] {language}: {len(missing)} message(s) without a translation go out in "
                         f"English: {shown}{' and more' if len(missing) > 3 else ''}")
        for problem in i18n.broken(language)[:3]:
            notes.append(f"[notices] {language}: a translation that does not fit its message goes out in "
                         f"English: {problem}")
        if renderer.waiver_language(version, language) != language:
            notes.append(f"[notices] waiver_version {version}: no text in {language} "
                         f"(waivers/{version}.{language}.txt.j2): the English waiver goes out")
    return notes


def database_state(url: str) -> str:
    """The database in a few words, for the summary ``check-config`` prints."""
    problem, note = _database(url)
    shown = _shown(url)
    if problem:
        return f"{shown} UNREACHABLE"
    if note:
        return f"{shown} (not created yet)"
    engine = make_engine(url, create=False)
    try:
        return f"{shown} at revision {current_revision(engine) or 'none'}"
    finally:
        engine.dispose()


def _shown(url: str) -> str:
    return url.split("@")[-1] if "@" in url else url


def _database(url: str) -> tuple[str | None, str | None]:
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        if not path.parent.is_dir():
            return (f"[database] url: the folder {path.parent} does not exist (a mistyped path?): "
                    f"create it, or correct {url!r}"), None
        return None, f"[database] url: no database at {path} yet; 'mailbot run' or 'mailbot db upgrade' creates it"
    engine = make_engine(url, create=False)
    try:
        current, head = current_revision(engine), head_revision(engine)
    except Exception as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0][:300]
        return f"[database] url: cannot connect to {_shown(url)}: {reason}", None
    finally:
        engine.dispose()
    if current != head and engine.dialect.name != "sqlite":
        # (SQLite migrates itself at start; PostgreSQL is migrated on purpose, by one instance)
        return (f"[database] url: the schema at {_shown(url)} is at revision {current or 'none'}, not {head}: "
                "run 'mailbot db upgrade'"), None
    return None, None


def _connect(app: App) -> list[str]:
    """Log in to both mail servers as the daemon does at start."""
    from mailbot.daemon import imap_settings, smtp_settings, utc_now
    from mailbot.mail.imap import ImapError, Mailbox
    from mailbot.mail.sender import OutboxSender, SmtpError

    found = []
    config = app.config
    if config.password(config.imap):
        try:
            Mailbox(imap_settings(app)).open().close()
        except ImapError as exc:
            found.append(f"[imap] {config.imap.host}:{config.imap.port}: {exc}")
    try:
        asyncio.run(OutboxSender(smtp_settings(app), None, None, utc_now).check())
    except SmtpError as exc:
        found.append(f"[smtp] {config.smtp.host}:{config.smtp.port}: {exc}")
    return found
