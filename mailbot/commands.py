"""The offline operator commands: ingest, explain, cases, case, outbox, templates, db upgrade."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import TextIO

from mailbot.app import App
from mailbot.errors import CommandError
from mailbot.parse_command import read_mail_file
from mailbot.pipeline.inbound import ProcessingFailed
from mailbot.store.cases import get_case
from mailbot.store.db import DatabaseError, make_engine, upgrade
from mailbot.store.uow import UnitOfWork
from mailbot.views import case_json, case_text, cases_json, outbox_json
from parsers.reference import parse_reference


def parse_now(value: str | None) -> datetime:
    """``--now`` as an aware instant; a bare date-time is taken as UTC."""
    if not value:
        return datetime.now(UTC)
    try:
        instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(f"--now {value!r} is not an ISO 8601 date-time (e.g. 2026-11-25T09:00:00-06:00)") from None
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def _dump(data, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def ingest(app: App, files: list[str], now: str | None, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    instant = parse_now(now)
    results = []
    failed = 0
    for path in files:
        try:
            raw = read_mail_file(path)
        except CommandError as exc:
            print(f"mailbot: {exc}", file=sys.stderr)
            failed += 1
            continue
        try:
            result = app.pipeline.process(raw, instant, source=f"file:{path}")
        except ProcessingFailed as exc:
            kept = f"the mail is kept as #{exc.inbound_id}"
            if exc.attempts >= app.config.imap.max_attempts:
                # As the watcher does: a mail that keeps failing is set aside for staff.
                app.pipeline.quarantine(exc.inbound_id, instant, "(ingest)")
                kept = f"tried {exc.attempts} times: quarantined as #{exc.inbound_id}, staff told"
            print(f"mailbot: {path}: processing failed ({exc}); {kept}", file=sys.stderr)
            failed += 1
            continue
        results.append({"file": path, **result.as_json()})
        if not as_json:
            ref = result.reference or "-"
            print(f"{path}: {result.outcome.name} [{ref}] {result.outcome.detail}", file=out)
            for notice in result.notices:
                print(f"    -> {notice}", file=out)
    if as_json:
        _dump(results, out)
    return 1 if failed else 0


def explain(app: App, path: str, now: str | None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    result = app.pipeline.explain(read_mail_file(path), parse_now(now))
    print(f"{path}: {result.outcome.kind} {result.outcome.name}"
          + (f" on {result.reference}" if result.reference else ""), file=out)
    for step in result.trace:
        detail = f": {step['detail']}" if step.get("detail") else ""
        print(f"  {step['step']:<22} {step['result']}{detail}", file=out)
    for notice in result.notices:
        print(f"  would send             {notice}", file=out)
    print("  (nothing was changed)", file=out)
    return 0


def cases(app: App, include_closed: bool, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    with UnitOfWork(app.sessions) as uow:
        data = cases_json(uow.session, include_closed)
    if as_json:
        _dump(data, out)
        return 0
    if not data:
        print("no open cases" if not include_closed else "no cases", file=out)
    for row in data:
        nxt = row["next_deadline"]
        due = f"{nxt['milestone']} due {nxt['due']}" if nxt else "-"
        print(f"{row['reference']}  {row['status']:<12} {row['company'] or '-':<30.30} {row['client'] or '-':<32.32} {due}",
              file=out)
    return 0


def case(app: App, reference: str, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    match = parse_reference(reference)
    if match is None:
        raise CommandError(f"{reference!r} is not a case reference (XFER- and seven characters)")
    if not match.valid:
        raise CommandError(f"{match.reference} has a wrong check character: check the reference for a typo")
    with UnitOfWork(app.sessions) as uow:
        row = get_case(uow.session, match.reference)
        if row is None:
            raise CommandError(f"no case {match.reference}")
        data = case_json(uow.session, row)
    if as_json:
        _dump(data, out)
    else:
        out.write(case_text(data))
    return 0


def evidence(app: App, reference: str, output: str, out: TextIO | None = None) -> int:
    """Write the evidence bundle of a case (``mailbot.evidence``) to ``output``; ``-`` is stdout."""
    import hashlib
    import zipfile
    from io import BytesIO

    from mailbot.evidence import evidence_bundle

    with UnitOfWork(app.sessions) as uow:
        bundle = evidence_bundle(uow.session, reference, datetime.now(UTC), app.config.sla.timezone,
                                 notices=app.notices)
    count = len(zipfile.ZipFile(BytesIO(bundle)).namelist())
    if output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(bundle)
        sys.stdout.buffer.flush()
        out = out or sys.stderr  # stdout holds the zip: the report goes beside it
    else:
        try:
            with open(output, "wb") as handle:
                handle.write(bundle)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
        out = out or sys.stdout
    print(f"wrote {'stdout' if output == '-' else output} ({count} files, "
          f"sha256 {hashlib.sha256(bundle).hexdigest()})", file=out)
    return 0


def outbox(app: App, as_json: bool, status: str | None, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    with UnitOfWork(app.sessions) as uow:
        data = outbox_json(uow.session, status)
    if as_json:
        _dump(data, out)
        return 0
    if not data:
        print("the outbox is empty", file=out)
    for row in data:
        print(f"#{row['id']:<5} {row['status']:<8} {row['reference'] or '-':<13} {row['template']:<24} "
              f"{', '.join(row['to'])}", file=out)
    return 0


def templates_list(app: App, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    for name in app.renderer.names():
        print(name, file=out)
    return 0


def templates_preview(app: App, name: str, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from mailbot.previews import preview_context

    if name not in app.renderer.names():
        raise CommandError(f"no notice {name!r}; see 'mailbot templates list'")
    rendered = app.renderer.render(name, preview_context(app, name))
    print(f"Subject: {rendered.subject}\n", file=out)
    print(rendered.text, file=out)
    print("----- HTML -----", file=out)
    print(rendered.html, file=out)
    return 0


def db_upgrade(app: App, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    engine = make_engine(app.config.database.url)
    try:
        revision = upgrade(engine)
    except Exception as exc:
        raise DatabaseError(f"migration failed: {exc}") from None
    print(f"database {engine.url.render_as_string(hide_password=True)} is at revision {revision}", file=out)
    return 0


def check_config(app: App, out: TextIO | None = None) -> int:
    """Validate everything that can be checked without sending mail; say what is wrong."""
    from mailbot.app import build_rules
    from mailbot.previews import preview_context
    from mailbot.store.db import current_revision, head_revision
    from replies.render import TemplateError
    from scheduler.calendar import CalendarError

    out = out or sys.stdout
    config = app.config
    problems: list[str] = []
    try:
        build_rules(config)
    except (CalendarError, ValueError) as exc:
        problems.append(f"[sla] {exc}")
    for name in app.renderer.names():
        try:
            app.renderer.render(name, preview_context(app, name))
        except TemplateError as exc:
            problems.append(f"[notices] {exc}")
    database = _database_state(config.database.url, current_revision, head_revision)
    print(f"configuration from {config.source}", file=out)
    print(f"  mailbox   {config.mailbox.address}; staff notices to {', '.join(config.staff_addresses) or 'nobody'}", file=out)
    print(f"  imap      {config.imap.security}://{config.imap.host}:{config.imap.port} as {config.imap.username}", file=out)
    print(f"  smtp      {config.smtp.security}://{config.smtp.host}:{config.smtp.port} as {config.smtp.username}", file=out)
    print(f"  database  {database}", file=out)
    print(f"  calendar  {config.sla.timezone}, {config.sla.work_hours} on {', '.join(config.sla.work_days)}, "
          f"holidays {config.sla.holidays or 'none'}", file=out)
    for warning in config.warnings():
        print(f"warning: {warning}", file=out)
    for problem in problems:
        print(f"error: {problem}", file=out)
    if problems:
        raise CommandError(f"{len(problems)} problem(s) in the configuration, listed above")
    print("OK", file=out)
    return 0


def _database_state(url: str, current_revision, head_revision) -> str:
    from pathlib import Path

    engine = make_engine(url) if not url.startswith("sqlite") or Path(url.split("///", 1)[-1]).exists() else None
    shown = url.split("@")[-1] if "@" in url else url
    if engine is None:
        return f"{shown} (created on first use)"
    try:
        current, head = current_revision(engine), head_revision(engine)
    except Exception as exc:
        return f"{shown} UNREACHABLE: {exc}"
    finally:
        engine.dispose()
    return f"{shown} at revision {current or 'none'}" + ("" if current == head else f" (run 'mailbot db upgrade' to {head})")


def send_pending(app: App, out: TextIO | None = None) -> int:
    """One delivery pass over the outbox (what the daemon does every few seconds)."""
    import asyncio

    from mailbot.daemon import smtp_settings, utc_now
    from mailbot.mail.sender import OutboxSender

    out = out or sys.stdout
    sender = OutboxSender(smtp_settings(app), app.sessions, app.notices, utc_now)
    recovered = sender.recover()
    report = asyncio.run(sender.send_pending())
    print(f"sent {report.sent}, deferred {report.deferred}, parked {report.parked}"
          + (f" ({recovered} interrupted send(s) retried)" if recovered else ""), file=out)
    for error in report.errors:
        print(f"  {error}", file=out)
    return 0 if not report.errors else 1


def sweep(app: App, now: str | None, out: TextIO | None = None) -> int:
    """Fire the timers that are due at ``now`` once (what the daemon does every minute)."""
    out = out or sys.stdout
    instant = parse_now(now)
    report = app.timers.sweep(instant)
    if report.waiting:
        print(f"{instant.isoformat()} is outside working hours or on a closed day: nothing fires now", file=out)
        return 0
    for line in report.lines:
        print(line, file=out)
    print(f"{report.nudges} nudge(s), {report.escalations} escalation(s), {report.followups} follow-up(s)"
          + (f", {report.skipped} older point(s) skipped" if report.skipped else ""), file=out)
    return 0
