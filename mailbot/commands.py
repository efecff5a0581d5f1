"""The offline operator commands: ingest, explain, cases, case, outbox, templates, db upgrade."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from typing import TextIO

from sqlalchemy import select

from mailbot.app import App
from mailbot.errors import CommandError, checked_reference
from mailbot.parse_command import read_mail_file
from mailbot.pipeline.inbound import ProcessingFailed
from mailbot.store.cases import get_case
from mailbot.store.db import DatabaseError, make_engine, upgrade
from mailbot.store.uow import UnitOfWork
from mailbot.views import (
    case_json,
    case_text,
    cases_json,
    cases_text,
    iso,
    local,
    outbox_json,
    outbox_text,
)


def parse_now(value: str | None) -> datetime:
    """``--now`` as an aware instant. One without a UTC offset is refused: silently taking it
    as UTC would replay mail hours away from when it arrived."""
    if not value:
        return datetime.now(UTC)
    try:
        instant = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(f"--now {value!r} is not an ISO 8601 date-time (e.g. 2026-11-25T09:00:00-06:00)") from None
    if instant.tzinfo is None:
        raise CommandError(f"--now {value!r} has no UTC offset: write it with one "
                           f"({instant.isoformat(timespec='seconds')}-06:00, or Z for UTC)")
    return instant


def _dump(data, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


# A run this long shows a progress bar (on a terminal): each mail takes a moment.
PROGRESS_FROM = 20


def mail_sources(paths: list[str]) -> list[str]:
    """The mail files ``ingest`` reads: ``-`` is standard input, a folder is every file in it
    (sorted by name, hidden ones left out: a maildir's ``cur`` and ``new`` hold one mail a file)."""
    from pathlib import Path

    found: list[str] = []
    for path in paths:
        folder = Path(path)
        if path != "-" and folder.is_dir():
            files = sorted(str(f) for f in folder.rglob("*") if f.is_file()
                           and not any(part.startswith(".") for part in f.relative_to(folder).parts))
            if not files:
                raise CommandError(f"{path} holds no mail files")
            found.extend(files)
        else:
            found.append(path)
    return found


def _read_source(path: str) -> bytes:
    from mailbot.parse_command import MAX_FILE_BYTES

    if path != "-":
        return read_mail_file(path)
    raw = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise CommandError(f"standard input is larger than {MAX_FILE_BYTES // 1024 // 1024} MB: not a mail")
    if not raw.strip():
        raise CommandError("standard input is empty: there is no mail to ingest")
    return raw


def ingest(app: App, files: list[str], now: str | None, as_json: bool, out: TextIO | None = None) -> int:
    """Mail files through the pipeline as if fetched; a line per mail, then a summary by outcome."""
    from collections import Counter

    from tqdm import tqdm

    from mailbot.preflight import require_secret

    require_secret(app.config, "ingest")
    out = out or sys.stdout
    instant = parse_now(now)
    paths = mail_sources(files)
    results = []
    outcomes: Counter[str] = Counter()
    unreadable = failed = 0
    bar = tqdm(total=len(paths), unit="mail", file=sys.stderr, leave=False,
               disable=len(paths) < PROGRESS_FROM or not sys.stderr.isatty())

    def say(line: str, stream: TextIO) -> None:
        (bar.write(line, file=stream) if not bar.disable else print(line, file=stream))

    for path in paths:
        bar.update(1)
        name = "(standard input)" if path == "-" else path
        try:
            raw = _read_source(path)
        except CommandError as exc:
            say(f"mailbot: {exc}", sys.stderr)
            unreadable += 1
            continue
        try:
            result = app.pipeline.process(raw, instant, source=f"file:{name}")
        except ProcessingFailed as exc:
            kept = f"the mail is kept as #{exc.inbound_id}"
            if exc.attempts >= app.config.imap.max_attempts:
                # As the watcher does: a mail that keeps failing is set aside for staff.
                app.pipeline.quarantine(exc.inbound_id, instant, "(ingest)")
                kept = f"tried {exc.attempts} times: quarantined as #{exc.inbound_id}, staff told"
            say(f"mailbot: {name}: processing failed ({exc}); {kept}", sys.stderr)
            failed += 1
            continue
        outcomes[result.outcome.name] += 1
        results.append({"file": name, **result.as_json()})
        if not as_json:
            say(f"{name}: {result.outcome.name} [{result.reference or '-'}] {result.outcome.detail}", out)
            for notice in result.notices:
                say(f"    -> {notice}", out)
    bar.close()
    if as_json:
        _dump(results, out)
    summary = ", ".join(f"{count} {name}" for name, count in outcomes.most_common())
    problems = [f"{unreadable} could not be read"] * bool(unreadable) + [f"{failed} failed"] * bool(failed)
    if len(paths) > 1 or problems:
        # (with --json, stdout holds only the JSON: the summary goes beside it)
        print(f"{len(paths)} mail(s): " + "; ".join(filter(None, [summary, *problems])),
              file=sys.stderr if as_json else out)
    return 1 if unreadable or failed else 0


def explain(app: App, path: str, now: str | None, as_json: bool = False, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    result = app.pipeline.explain(_read_source(path), parse_now(now))
    if as_json:
        data = result.as_json()
        _dump({"file": path, **{k: v for k, v in data.items() if k != "inbound_id"}, "changed": False}, out)
        return 0
    print(f"{path}: {result.outcome.kind} {result.outcome.name}"
          + (f" on {result.reference}" if result.reference else ""), file=out)
    for step in result.trace:
        detail = f": {step['detail']}" if step.get("detail") else ""
        print(f"  {step['step']:<22} {step['result']}{detail}", file=out)
    for notice in result.notices:
        print(f"  would send             {notice}", file=out)
    print("  (nothing was changed)", file=out)
    return 0


def cases(app: App, include_closed: bool, as_json: bool, now: str | None = None,
          out: TextIO | None = None) -> int:
    out = out or sys.stdout
    with UnitOfWork(app.sessions) as uow:
        data = cases_json(uow.session, include_closed, parse_now(now))
    if as_json:
        _dump(data, out)
        return 0
    if not data:
        print("no open cases" if not include_closed else "no cases", file=out)
        return 0
    out.write(cases_text(data, app.config.sla.timezone))
    return 0


def report(app: App, first: str | None, last: str | None, form: str = "text", out: TextIO | None = None) -> int:
    """``report [--from DATE] [--to DATE] [--json|--csv]``: the SLA report (``mailbot.report``)."""
    from zoneinfo import ZoneInfo

    from mailbot.app import build_calendar
    from mailbot.report import parse_period, report_csv, report_json, report_text, sla_report

    out = out or sys.stdout
    tz = app.config.sla.timezone
    try:
        period = parse_period(first, last, datetime.now(UTC).astimezone(ZoneInfo(tz)).date(), tz)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    with UnitOfWork(app.sessions) as uow:
        figures = sla_report(uow.session, build_calendar(app.config), period)
    if form == "json":
        _dump(report_json(figures), out)
    else:
        out.write(report_csv(figures) if form == "csv" else report_text(figures))
    return 0


def case(app: App, reference: str, as_json: bool, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    reference = checked_reference(reference)
    with UnitOfWork(app.sessions) as uow:
        row = get_case(uow.session, reference)
        if row is None:
            raise CommandError(f"no case {reference}")
        data = case_json(uow.session, row)
    if as_json:
        _dump(data, out)
    else:
        out.write(case_text(data, app.config.sla.timezone))
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


CLI_ACTOR = "the operator (mailbot CLI)"


def _reference(value: str | None) -> str | None:
    return None if value is None else checked_reference(value)


def outbox(app: App, as_json: bool, status: str | None, reference: str | None = None, limit: int | None = None,
           out: TextIO | None = None) -> int:
    out = out or sys.stdout
    if limit is not None and limit < 1:
        raise CommandError("--limit must be at least 1")
    with UnitOfWork(app.sessions) as uow:
        data = outbox_json(uow.session, status, limit, _reference(reference))
    if as_json:
        _dump(data, out)
        return 0
    if not data:
        print("no mail" + (f" on {reference}" if reference else "") + (f" {status}" if status else "")
              if reference or status else "the outbox is empty", file=out)
    out.write(outbox_text(data, app.config.sla.timezone))
    return 0


def outbox_retry(app: App, outbound_id: int | None, parked: bool, out: TextIO | None = None) -> int:
    """Put parked mail back in the queue (one, or every parked one with ``parked``)."""
    from mailbot.desk import retry_outbound
    from mailbot.store.models import OutboundMail

    out = out or sys.stdout
    if (outbound_id is None) == (not parked):
        raise CommandError("outbox retry needs a mail number or --parked (every parked mail), not both")
    if parked:
        with UnitOfWork(app.sessions) as uow:
            ids = uow.session.scalars(select(OutboundMail.id).where(OutboundMail.status == "parked")
                                      .order_by(OutboundMail.id)).all()
        if not ids:
            print("no parked mail", file=out)
            return 0
    else:
        ids = [outbound_id]
    now = datetime.now(UTC)
    failed = 0
    for number in ids:
        result = retry_outbound(app, number, CLI_ACTOR, now)
        print(result.message, file=out if result.ok else sys.stderr)
        failed += not result.ok
    if not failed:
        print("the daemon sends them on its next pass ('mailbot send-pending' sends them now)", file=out)
    return 1 if failed else 0


def quarantine(app: App, action: str, inbound_id: int | None, as_json: bool, out: TextIO | None = None) -> int:
    """``quarantine list|show ID|replay ID``: the mail set aside, one in full, one run again."""
    from mailbot.desk import replay_quarantined
    from mailbot.store.models import InboundMail

    out = out or sys.stdout
    if action == "list":
        with UnitOfWork(app.sessions) as uow:
            rows = uow.session.execute(
                select(InboundMail.id, InboundMail.received_at, InboundMail.sender, InboundMail.subject,
                       InboundMail.size, InboundMail.source)
                .where(InboundMail.status == "quarantined").order_by(InboundMail.id)).all()
        data = [{"id": i, "received_at": iso(at), "sender": sender, "subject": subject, "bytes": size,
                 "source": source} for i, at, sender, subject, size, source in rows]
        if as_json:
            _dump(data, out)
        elif not data:
            print("nothing is quarantined", file=out)
        for row in [] if as_json else data:
            print(f"#{row['id']:<5} {local(row['received_at'], app.config.sla.timezone)}  "
                  f"{row['sender'] or '(no sender)'}  {' '.join((row['subject'] or '').split())[:80]}", file=out)
        return 0
    if inbound_id is None:
        raise CommandError(f"quarantine {action} needs a mail number (see 'mailbot quarantine list')")
    if action == "show":
        with UnitOfWork(app.sessions) as uow:
            row = uow.session.get(InboundMail, inbound_id)
            if row is None or row.status != "quarantined":
                raise CommandError(f"no quarantined mail #{inbound_id} (see 'mailbot quarantine list')")
            trace, raw = row.trace or [], bytes(row.raw)
            head = {"id": row.id, "received_at": iso(row.received_at), "sender": row.sender,
                    "subject": row.subject, "bytes": row.size, "source": row.source, "raw_sha256": row.raw_sha256}
        if as_json:
            _dump({**head, "trace": trace, "raw": raw.decode("utf-8", "replace")}, out)
            return 0
        for key, value in head.items():
            print(f"{key + ':':<12} {value if value not in (None, '') else '-'}", file=out)
        for step in trace:
            detail = f": {step['detail']}" if step.get("detail") else ""
            print(f"  {step.get('step', '?'):<22} {step.get('result', '')}{detail}", file=out)
        print("----- raw mail -----", file=out)
        out.write(raw.decode("utf-8", "replace"))
        return 0
    result = replay_quarantined(app, inbound_id, CLI_ACTOR, datetime.now(UTC))
    print(result.message, file=out if result.ok else sys.stderr)
    for notice in result.notices:
        print(f"    -> {notice}", file=out)
    return 0 if result.ok else 1


def templates_list(app: App, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    for name in app.renderer.names():
        print(name, file=out)
    return 0


def templates_preview(app: App, name: str, language: str = "en", out: TextIO | None = None) -> int:
    out = out or sys.stdout
    from mailbot.previews import preview_context

    if name not in app.renderer.names():
        raise CommandError(f"no notice {name!r}; see 'mailbot templates list'")
    if language not in app.renderer.languages():
        raise CommandError(f"no notices in {language!r}; the languages are {', '.join(app.renderer.languages())}")
    rendered = app.renderer.render(name, preview_context(app, name, language), language)
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


def check_config(app: App, connect: bool = False, out: TextIO | None = None) -> int:
    """Every check ``run`` makes before it starts (``connect``: log in to both servers too);
    every problem listed at once, with its key; exit 1 on any."""
    from mailbot import preflight

    out = out or sys.stdout
    config = app.config
    problems, notes = preflight.problems(app, connect)
    print(f"configuration from {config.source}", file=out)
    print(f"  mailbox   {config.mailbox.address}; staff notices to {', '.join(config.staff_addresses) or 'nobody'}", file=out)
    print(f"  imap      {config.imap.security}://{config.imap.host}:{config.imap.port} as {config.imap.username}", file=out)
    print(f"  smtp      {config.smtp.security}://{config.smtp.host}:{config.smtp.port} as {config.smtp.username}", file=out)
    print(f"  database  {preflight.database_state(config.database.url)}", file=out)
    print(f"  calendar  {config.sla.timezone}, {config.sla.work_hours} on {', '.join(config.sla.work_days)}, "
          f"holidays {config.sla.holidays or 'none'}", file=out)
    if not connect:
        print("  servers   not tried (--connect logs in to both)", file=out)
    for warning in [*config.warnings(), *notes]:
        if not warning.startswith("[security] no secret"):  # (a problem, listed below)
            print(f"warning: {warning}", file=out)
    for problem in problems:
        print(f"error: {problem}", file=out)
    if problems:
        raise CommandError(f"{len(problems)} problem(s) in the configuration, listed above; 'mailbot run' "
                           "would not start")
    print("OK" + (": both mail servers answered and accepted the login" if connect else ""), file=out)
    return 0


def send_pending(app: App, out: TextIO | None = None) -> int:
    """One delivery pass over the outbox (what the daemon does every few seconds)."""
    import asyncio

    from mailbot.daemon import smtp_settings, utc_now
    from mailbot.mail.sender import OutboxSender
    from mailbot.preflight import require_secret

    require_secret(app.config, "send-pending")
    out = out or sys.stdout
    sender = OutboxSender(smtp_settings(app), app.sessions, app.notices, utc_now, rules=app.rules)
    recovered = sender.recover()
    report = asyncio.run(sender.send_pending())
    print(f"sent {report.sent}, deferred {report.deferred}, parked {report.parked}"
          + (f" ({recovered} interrupted send(s) retried)" if recovered else ""), file=out)
    waiting = _waiting(app)
    if waiting:
        # ("sent 0" alone reads as an empty outbox while a mail waits for its next try)
        count, first = waiting
        print(f"{count} mail(s) wait for a later try, the first at {local(first, app.config.sla.timezone)} "
              "(see 'mailbot outbox --status pending')", file=out)
    for error in report.errors:
        print(f"  {error}", file=out)
    return 0 if not report.errors else 1


def _waiting(app: App) -> tuple[int, datetime] | None:
    """(how many, the first next try) of the mail due later than now."""
    from sqlalchemy import func

    from mailbot.store.models import OutboundMail

    now = datetime.now(UTC)
    with UnitOfWork(app.sessions) as uow:
        count, first = uow.session.execute(
            select(func.count(), func.min(OutboundMail.next_attempt_at))
            .where(OutboundMail.status.in_(("pending", "unconfirmed")), OutboundMail.next_attempt_at > now)).one()
    return (count, first) if count else None


def sweep(app: App, now: str | None, out: TextIO | None = None) -> int:
    """Fire the timers that are due at ``now`` once (what the daemon does every minute)."""
    from mailbot.preflight import require_secret

    require_secret(app.config, "sweep")
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


def export(app: App, reference: str | None, everything: bool, output: str, out: TextIO | None = None) -> int:
    """``export --case REF | --all``: JSON lines, one case a line (``mailbot.export``), to
    ``output`` (``-``: stdout, and the closing report goes to stderr)."""
    from mailbot.export import export_cases

    if (reference is None) == (not everything):
        raise CommandError("export needs --case REF or --all (not both)")
    references = None if everything else [_reference(reference)]
    if references is not None:
        with UnitOfWork(app.sessions) as uow:
            if get_case(uow.session, references[0]) is None:
                raise CommandError(f"no case {references[0]}")
    try:
        target = sys.stdout if output == "-" else open(output, "w", encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
    cases_written = mails = 0
    try:
        for line in export_cases(app.sessions, references):
            target.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
            cases_written += 1
            mails += len(line["inbound"]) + len(line["outbound"])
    finally:
        if target is not sys.stdout:
            target.close()
    out = out or (sys.stderr if output == "-" else sys.stdout)
    print(f"exported {cases_written} case(s) with {mails} mail(s) to {'stdout' if output == '-' else output}",
          file=out)
    return 0


def retention(app: App, dry_run: bool, now: str | None, out: TextIO | None = None) -> int:
    """``retention [--dry-run]``: empty the raw bytes of closed cases' mails past
    ``[retention] raw_mail_days`` (``mailbot.retention``), keeping the waiver evidence."""
    from mailbot.retention import apply_retention

    out = out or sys.stdout
    settings = app.config.retention
    if settings.raw_mail_days <= 0:
        print("[retention] raw_mail_days = 0: raw mail is kept forever; nothing to remove", file=out)
        return 0
    removals = apply_retention(app.sessions, settings, parse_now(now), dry_run)
    verb = "would remove" if dry_run else "removed"
    for removal in removals:
        kept = f"; kept {', '.join(removal.kept)}" if removal.kept else ""
        print(f"{removal.reference} (closed {local(removal.closed_at, app.config.sla.timezone)}): {verb} the raw "
              f"bytes of {len(removal.inbound)} inbound and {len(removal.outbound)} outbound mail(s), "
              f"{removal.bytes:,} bytes{kept}", file=out)
    if not removals:
        print(f"nothing to remove: no case closed more than {settings.raw_mail_days} day(s) ago holds raw mail",
              file=out)
    else:
        print(f"{len(removals)} case(s), {sum(r.mails for r in removals)} mail(s), "
              f"{sum(r.bytes for r in removals):,} bytes {'would be removed' if dry_run else 'removed'}"
              + (" (dry run: nothing was changed)" if dry_run else ""), file=out)
    return 0
