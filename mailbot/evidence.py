"""The evidence bundle of a case: one ZIP that shows what the partner signed, how and when.

It holds the mail that signed the waiver byte for byte (or, for a waiver staff overrode, the
override and the staff mail that gave it), the waiver text exactly as it was sent, the waiver
request as sent, the case's timeline and JSON, and ``manifest.json`` with the SHA-256 of every
other file, so that anyone can check the bundle with ``sha256sum`` and no access to the bot.

The waiver text is cut out of the stored waiver request rather than rendered again: the form
(company, domains, partner) may have changed since, and only the text that went out is what
was signed. Its hash must equal the one recorded on the case when the request was written; the
manifest says whether it does, and says so again under ``problems`` when it does not. The
bundle is read-only: nothing in the database changes.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import json
import zipfile
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.errors import CommandError, checked_reference
from mailbot.store.cases import active_parties, get_case
from mailbot.store.models import Case, Event, InboundMail, MilestoneRow, OutboundMail
from mailbot.views import case_json, iso

WAIVER_TEMPLATE = "waiver_request"
CUT_FROM_MAIL = "cut from the waiver_request mail"
RE_RENDERED = "re-rendered from the waiver template (no waiver_request mail holds it as recorded)"
# The longest text searched for the waiver: our own notices are a few kB; a stored row this
# large is not one of them, and searching it would only cost time.
_MAX_SEARCHED = 2_000_000


def evidence_bundle(session: Session, reference: str, now: datetime, timezone: str,
                    *, notices=None) -> bytes:
    """The ZIP of the case ``reference`` at ``now``; times in ``timezone`` (the SLA zone).

    ``notices`` (a ``NoticeWriter``) is only a fallback: when no stored waiver request holds a
    text with the recorded hash, the waiver is rendered again as ``NoticeWriter._attach_waiver``
    does, and kept if that matches. Raises ``CommandError`` for an unknown reference and for a
    case whose waiver is neither signed nor overridden.
    """
    case = _find_case(session, reference)
    if not (case.waiver_signed or case.waiver_overridden):
        raise CommandError(f"{case.reference} has no waiver evidence yet (status {case.status}): "
                           "the waiver is neither signed nor overridden")
    evidence = dict(case.waiver_evidence or {})
    files: list[tuple[str, bytes]] = []
    problems: list[str] = []

    if case.waiver_signed:
        signing = _signing_mail(session, case, evidence)
        if signing is not None:
            files.append(("signing-mail.eml", bytes(signing.raw)))
        else:
            problems.append(f"the mail that signed ({evidence.get('message_id')}) is not stored with "
                            "the raw bytes recorded in the evidence")
        override = None
    else:
        override = {key: evidence.get(key) for key in ("overridden_by", "message_id", "at")}
        if evidence.get("reason"):
            override["reason"] = evidence["reason"]
        files.append(("override.json", _json_bytes(override)))
        staff_mail = _inbound(session, case, evidence.get("message_id"))
        if staff_mail is not None:
            files.append(("override-mail.eml", bytes(staff_mail.raw)))

    text, source, request = waiver_as_sent(session, case, notices, now)
    text_matches = text is not None and _sha256(text.encode("utf-8")) == case.waiver_text_sha256
    if text is not None:
        files.append(("waiver.txt", text.encode("utf-8")))
    if not text_matches:
        problems.append("no waiver text with the recorded SHA-256 was found"
                        + (f"; waiver.txt is {source} and differs" if text is not None else ""))
    if request is not None:
        files.append(("waiver-request.eml", bytes(request.raw)))
    else:
        problems.append("no waiver_request mail is stored for this case")

    data = case_json(session, case)
    files.append(("timeline.txt", _timeline(session, case, timezone).encode("utf-8")))
    files.append(("case.json", _json_bytes(data)))

    waiver_done = session.scalar(select(MilestoneRow.done_at).where(
        MilestoneRow.case_id == case.id, MilestoneRow.name == "waiver"))
    signed = case.waiver_signed
    manifest = {
        "reference": case.reference,
        "generated_at": now.astimezone(UTC).isoformat(timespec="seconds"),
        "status": case.status,
        "timezone": timezone,
        "waiver": {
            "signed": case.waiver_signed,
            "overridden": case.waiver_overridden,
            "version": case.waiver_version,
            "text_sha256": case.waiver_text_sha256,
            "text_matches": text_matches,
            "text_source": source,
            "request_message_id": request.message_id if request is not None else None,
            "request_status": request.status if request is not None else None,
            "request_sent_at": iso(request.sent_at) if request is not None else None,
        },
        "authentication_results": evidence.get("authentication_results") if signed else None,
        "signed_at": iso(waiver_done) if signed else None,
        "message_id": evidence.get("message_id") if signed else None,
        "from": evidence.get("from") if signed else None,
        "date": evidence.get("date") if signed else None,
        "raw_sha256": evidence.get("raw_sha256") if signed else None,
        "override": override,
        # everything recorded when the waiver was signed or overridden, as recorded (who
        # accepted an unclear reply and why, the words that signed, what proved the sender)
        "evidence": evidence,
        "problems": problems,
        "files": [{"name": name, "sha256": _sha256(content), "bytes": len(content)}
                  for name, content in files],
    }
    return _zip([("manifest.json", _json_bytes(manifest)), *files], now)


def evidence_mails(session: Session, case: Case, now: datetime) -> tuple[dict[int, str], dict[int, str]]:
    """The stored mails the bundle is built from, as ({inbound id: what}, {outbound id: what}):
    the mail that signed (or the staff mail that overrode), and the waiver request whose text
    holds the recorded waiver. Retention keeps their raw bytes; found the way the bundle finds
    them, so what is kept is exactly what the bundle reads."""
    inbound: dict[int, str] = {}
    outbound: dict[int, str] = {}
    if not (case.waiver_signed or case.waiver_overridden):
        return inbound, outbound
    evidence = dict(case.waiver_evidence or {})
    if case.waiver_signed:
        signing = _signing_mail(session, case, evidence)
        if signing is not None:
            inbound[signing.id] = f"the signing mail #{signing.id} {signing.message_id or ''}".rstrip()
    else:
        staff_mail = _inbound(session, case, evidence.get("message_id"))
        if staff_mail is not None:
            inbound[staff_mail.id] = f"the override mail #{staff_mail.id} {staff_mail.message_id or ''}".rstrip()
    _, _, request = waiver_as_sent(session, case, None, now)
    if request is not None:
        outbound[request.id] = f"the waiver request #{request.id} {request.message_id}"
    return inbound, outbound


def _find_case(session: Session, reference: str) -> Case:
    reference = checked_reference(reference)
    case = get_case(session, reference)
    if case is None:
        raise CommandError(f"no case {reference}")
    return case


def _inbound(session: Session, case: Case, message_id: str | None,
             raw_sha256: str | None = None) -> InboundMail | None:
    """The processed inbound mail of this case with this Message-ID. With ``raw_sha256``,
    only the copy with those bytes: a forgery sent ahead under the same Message-ID is stored
    too (and refused), and must never stand in for the mail that signed."""
    if not message_id:
        return None
    rows = session.scalars(select(InboundMail).where(
        InboundMail.case_id == case.id, InboundMail.message_id == message_id,
        InboundMail.status == "processed").order_by(InboundMail.id)).all()
    if raw_sha256 is None:
        return rows[-1] if rows else None
    return next((row for row in rows if row.raw_sha256 == raw_sha256
                 and _sha256(bytes(row.raw)) == raw_sha256), None)


def _signing_mail(session: Session, case: Case, evidence: dict) -> InboundMail | None:
    recorded = evidence.get("raw_sha256") or None
    # A reply staff took as the partner's answer names its stored mail: that row first.
    if isinstance(evidence.get("inbound_id"), int):
        row = session.get(InboundMail, evidence["inbound_id"])
        if row is not None and row.case_id == case.id and \
                (recorded is None or _sha256(bytes(row.raw)) == recorded):
            return row
    return _inbound(session, case, evidence.get("message_id"), recorded)


def waiver_as_sent(session: Session, case: Case, notices, now: datetime):
    """(text, where it came from, the waiver_request row) — the newest request whose text
    holds the recorded waiver; failing that, a fresh rendering if it matches; failing that,
    the newest request and the best text there is (the manifest says it does not match)."""
    requests = session.scalars(select(OutboundMail).where(
        OutboundMail.case_id == case.id, OutboundMail.template == WAIVER_TEMPLATE)
        .order_by(OutboundMail.id.desc())).all()
    wanted = case.waiver_text_sha256
    if wanted:
        for row in requests:
            for text in _plain_texts(row):
                cut = cut_waiver(text, wanted)
                if cut is not None:
                    return cut, CUT_FROM_MAIL, row
    newest = requests[0] if requests else None
    rendered = _render_waiver(case, notices, now) if notices is not None else None
    return rendered, (RE_RENDERED if rendered is not None else None), newest


def _plain_texts(row: OutboundMail) -> list[str]:
    """The text/plain part as sent (decoded from the raw bytes), then the stored text column."""
    texts = []
    try:
        message = email.message_from_bytes(bytes(row.raw), policy=email.policy.default)
        body = message.get_body(("plain",))
        if body is not None:
            texts.append(body.get_content())
    except Exception:  # a stored mail we cannot parse: the text column may still hold it
        pass
    if row.text:
        texts.append(row.text)
    return [t.replace("\r\n", "\n") for t in texts if len(t) <= _MAX_SEARCHED]


def cut_waiver(text: str, sha256: str) -> str | None:
    """The run of whole lines of ``text`` whose UTF-8 SHA-256 is ``sha256``, or None.

    A rendered waiver is stripped and ends in one newline, so it starts at a line that does not
    start with white space and ends at a line end; each start is hashed incrementally line by
    line, which keeps this linear in the text per start line."""
    lines = text.splitlines(keepends=True)
    encoded = [line.encode("utf-8") for line in lines]
    for start, line in enumerate(lines):
        if not line.strip() or line[:1].isspace():
            continue
        digest = hashlib.sha256()
        for end in range(start, len(lines)):
            digest.update(encoded[end])
            if lines[end].endswith("\n") and digest.hexdigest() == sha256:
                return "".join(lines[start:end + 1])
    return None


def _render_waiver(case: Case, notices, now: datetime) -> str | None:
    """The waiver as ``NoticeWriter._attach_waiver`` renders it, without touching the case."""
    partner = active_parties(case).get("old_partner")
    context = notices.context(case, {"role": "old_partner", "name": "",
                                     "email": partner.email if partner else ""}, {}, now)
    try:
        return notices.renderer.render_waiver(case.waiver_version or notices.settings.waiver_version, {
            "company": context["company"], "domains": context["form"]["domains"],
            "partner_email": context["partner_email"], "reference": case.reference,
            "vendor": notices.settings.vendor, "retail": case.retail}, case.waiver_language or "en")
    except Exception:  # a waiver version no longer installed: nothing to offer
        return None


def _timeline(session: Session, case: Case, timezone: str) -> str:
    zone = ZoneInfo(timezone)
    events = session.scalars(select(Event).where(Event.case_id == case.id).order_by(Event.id)).all()
    lines = [f"Case {case.reference}: timeline ({len(events)} events)",
             f"Status: {case.status}",
             f"Times are in {timezone}, each with its zone and UTC offset.",
             ""]
    for event in events:
        local = event.at.astimezone(zone)
        when = f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()} (UTC{local:%z})"
        detail = (event.detail or "").splitlines() or [""]
        lines.append(f"{when}  {event.actor:<12} {event.kind:<20} {detail[0]}".rstrip())
        indent = " " * (len(when) + 2)
        lines.extend(f"{indent}{more}".rstrip() for more in detail[1:])
        if event.message_id:
            lines.append(f"{indent}Message-ID: {event.message_id}")
    return "\n".join(lines) + "\n"


def _zip(files: list[tuple[str, bytes]], now: datetime) -> bytes:
    """A ZIP whose bytes depend only on its contents and ``now``: fixed order, fixed times."""
    stamp = now.astimezone(UTC)
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def _json_bytes(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
