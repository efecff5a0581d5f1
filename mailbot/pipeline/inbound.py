"""One inbound mail, end to end (ARCHITECTURE.md): record, read, guard, thread, identify,
decide, apply, render notices, commit.

Recording is its own short transaction, before the mail is even parsed, so that a mail is on
file (raw bytes and all) before anything reads it: a mail too slow or too broken to read is
counted, retried and quarantined like any other failure, never read again and again. Reading
runs in a worker with a time limit (``mailbot.pipeline.reader``). Everything else is one
transaction that either commits whole or leaves no trace but the failure noted on the
recorded row. The decision trace is stored with the mail, so ``mailbot explain`` and an
operator reading the database see the same reasoning.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from mailbot.domain import clocks, outcomes
from mailbot.domain.authorise import proof_text, proven
from mailbot.domain.decide import decide
from mailbot.domain.decision import SENDER, STAFF, Notice
from mailbot.domain.incoming import Incoming, Rules, TokenFact
from mailbot.domain.model import Role
from mailbot.languages import STAFF as STAFF_SET
from mailbot.languages import mail_language
from mailbot.notices import Answering, NoticeWriter
from mailbot.pipeline.guards import GuardContext, run_guards
from mailbot.pipeline.reader import BoundedReader, ReaderCrashed, ReadingTimeout
from mailbot.pipeline.threading import find_case
from mailbot.store.cases import (
    OPEN_STATUSES,
    active_parties,
    apply_decision,
    case_views,
    remember_message,
    settle_clocks,
    thread_of,
    to_view,
)
from mailbot.store.models import Case, Event, InboundMail, OutboundMail, Party, RejectNotice
from mailbot.store.uow import UnitOfWork
from parsers.confirm import denies, says_go_ahead
from parsers.form import without_form_lines
from parsers.intent import Intent
from parsers.notice_quote import shown_texts
from parsers.quote_patterns import REPLY_PREFIX
from parsers.raw_headers import header_block, quick_message_id
from parsers.reading import MailReading, ReaderSettings, against_what_we_sent
from replies.render import ROLE_WORDS

log = logging.getLogger("mailbot.pipeline")
HELD_ANSWER = "held_answer"  # the timeline's kind for a keyword mail the rate limit kept from acting
_SAID = {Intent.AGREE: "I AGREE", Intent.OBJECT: "I OBJECT", Intent.ACCEPT: "I ACCEPT",
         Intent.DECLINE: "I DECLINE", Intent.CANCEL: "CANCEL"}
_TICKET_TAG = re.compile(r"\[(?![Xx][Ff][Ee][Rr][-\s])[^\[\]]{0,40}\d[^\[\]]{0,20}\]")


@dataclass
class Result:
    """What happened to one mail."""

    outcome: outcomes.Outcome
    inbound_id: int | None = None
    reference: str | None = None
    message_id: str | None = None
    trace: list[dict] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # "template -> address"

    def as_json(self) -> dict:
        return {"outcome": self.outcome.name, "kind": self.outcome.kind, "detail": self.outcome.detail,
                "reference": self.reference, "message_id": self.message_id, "inbound_id": self.inbound_id,
                "notices": self.notices, "trace": self.trace}


class ProcessingFailed(Exception):
    """Processing a recorded mail raised; the mail is on file and will be retried or quarantined."""

    def __init__(self, inbound_id: int, attempts: int, cause: BaseException) -> None:
        super().__init__(f"{type(cause).__name__}: {cause}")
        self.inbound_id, self.attempts, self.cause = inbound_id, attempts, cause


@dataclass(frozen=True)
class PipelineSettings:
    reader: ReaderSettings
    is_staff: Callable[[str | None], bool]
    max_mail_bytes: int
    mails_per_sender_per_hour: int
    read_seconds: float = 20.0  # a mail not read in this time fails (0: read in this process)


def loop_key(reading: MailReading) -> str:
    """The same new text in the same thread (subject without Re:/Fwd:): what a responder loop
    repeats. A partner signing three different cases with the same "I AGREE" is not a loop."""
    subject = REPLY_PREFIX.sub("", reading.message.subject or "").strip().lower()
    text = " ".join(reading.reply.text.split())
    return hashlib.sha256(f"{subject}\x00{text}".encode()).hexdigest()


def idempotency_key(message_id: str | None, raw_sha256: str) -> str:
    return message_id or f"sha256:{raw_sha256}"


def _line(case: str | None, message_id: str | None, event: str) -> dict:
    """The fields of a decision's log line (mailbot/logs.py writes them as JSON keys)."""
    return {"case": case, "message_id": message_id, "event": event}


def _changed_nothing(outcome_name: str | None) -> bool:
    """Whether a processed mail was refused (a Reject: the case did not change)."""
    outcome = getattr(outcomes, outcome_name or "", None)
    return isinstance(outcome, type) and issubclass(outcome, outcomes.Reject)


def _describe(inbound: InboundMail, reading: MailReading) -> None:
    """What the recorded row says of its mail once it has been read (who, what about)."""
    message = reading.message
    inbound.sender = (message.from_addr or None) and message.from_addr[:320]
    inbound.subject = message.subject[:1000]
    inbound.signed_reply = bool(reading.reply_token and reading.reply_token.valid)
    inbound.message_id = inbound.message_id or message.message_id


class InboundPipeline:
    def __init__(self, sessions: sessionmaker[Session], settings: PipelineSettings, rules: Rules,
                 notices: NoticeWriter) -> None:
        self.sessions = sessions
        self.settings = settings
        self.rules = rules
        self.notices = notices
        self.reader = BoundedReader(settings.reader, settings.read_seconds)

    def close(self) -> None:
        self.reader.close()

    # -- entry points ------------------------------------------------------------------------

    def process(self, raw: bytes, now: datetime, source: str = "", uidvalidity: int | None = None,
                uid: int | None = None) -> Result:
        """Record and process one mail; commits. Exceptions are noted on the row and re-raised."""
        message_id = quick_message_id(raw)
        inbound_id, duplicate = self._record(raw, message_id, now, source, uidvalidity, uid)
        if duplicate:
            result = Result(outcomes.Duplicate(duplicate), inbound_id, message_id=message_id)
            result.trace.append({"step": "record", "result": "Duplicate", "detail": duplicate})
            log.info("mail %s: duplicate (%s)", message_id, duplicate,
                     extra=_line(None, message_id, result.outcome.name))
            return result
        try:
            reading = self._read(raw)
            with UnitOfWork(self.sessions) as uow:
                inbound = uow.session.get(InboundMail, inbound_id)
                _describe(inbound, reading)
                result = self._process(uow.session, inbound, reading, now)
                inbound.status = "processed"
                inbound.processed_at = now
                inbound.outcome = result.outcome.name
                inbound.trace = result.trace
                inbound.error = None
                uow.commit()
        except Exception as exc:
            attempts = self._note_failure(inbound_id, exc)
            if isinstance(exc, ReadingTimeout | ReaderCrashed):
                log.error("mail %s (#%s) failed (attempt %s): %s", message_id, inbound_id, attempts, exc,
                          extra=_line(None, message_id, "Failed"))
            else:
                log.exception("mail %s (#%s) failed (attempt %s)", message_id, inbound_id, attempts,
                              extra=_line(None, message_id, "Failed"))
            raise ProcessingFailed(inbound_id, attempts, exc) from exc
        # The decision's line: the case and the Message-ID ride along as fields (JSON logs).
        log.info("mail %s case %s: %s (%s)%s", result.message_id, result.reference or "-",
                 result.outcome.name, result.outcome.detail,
                 "; sent " + ", ".join(result.notices) if result.notices else "",
                 extra=_line(result.reference, result.message_id, result.outcome.name))
        return result

    def explain(self, raw: bytes, now: datetime) -> Result:
        """The whole pipeline in a transaction that is rolled back: what would happen, and why."""
        reading = self._read(raw)
        with UnitOfWork(self.sessions) as uow:
            key = idempotency_key(quick_message_id(raw), reading.message.raw_sha256)
            seen = uow.session.scalar(select(InboundMail).where(InboundMail.idempotency_key == key[:1000]))
            if seen is not None and seen.status in ("processed", "duplicate"):
                result = Result(outcomes.Duplicate(f"already processed as #{seen.id}"), seen.id,
                                message_id=reading.message.message_id)
                result.trace.append({"step": "record", "result": "Duplicate",
                                     "detail": f"seen before: {seen.outcome}"})
                return result
            # A mail that failed or is half done is explained on its own record.
            inbound = seen or self._row(key, raw, quick_message_id(raw), now, "explain", None, None)
            _describe(inbound, reading)
            if seen is None:
                uow.session.add(inbound)
                uow.session.flush()
            result = self._process(uow.session, inbound, reading, now)
            result.inbound_id = None
            # no commit: the unit of work rolls everything back
        return result

    # -- steps -------------------------------------------------------------------------------

    def _read(self, raw: bytes) -> MailReading:
        if len(raw) > self.settings.max_mail_bytes:
            # Read the headers only: enough to answer politely, without parsing megabytes.
            return self.reader.read(header_block(raw) + b"\r\n\r\n")
        return self.reader.read(raw)

    def _record(self, raw: bytes, message_id: str | None, now: datetime, source: str,
                uidvalidity: int | None, uid: int | None) -> tuple[int, str | None]:
        """Store the mail before anything reads it; (row id, why it is a duplicate or None)."""
        raw_sha256 = hashlib.sha256(raw).hexdigest()
        key = idempotency_key(message_id, raw_sha256)
        with UnitOfWork(self.sessions) as uow:
            seen = uow.session.scalar(select(InboundMail).where(InboundMail.idempotency_key == key))
            if seen is not None:
                if seen.status in ("received", "failed"):
                    seen.attempts += 1
                    uow.commit()
                    return seen.id, None  # a retry of a mail that did not finish
                if seen.raw_sha256 != raw_sha256:
                    # Same Message-ID, other bytes (another copy or a replay): keep it too.
                    copy_key = f"{key}#{raw_sha256[:16]}"
                    if uow.session.scalar(select(InboundMail.id).where(InboundMail.idempotency_key == copy_key)) is None:
                        if seen.status == "processed" and _changed_nothing(seen.outcome):
                            # The first copy was refused: it may have been a forgery sent ahead
                            # of the genuine mail under its Message-ID. Read this one too
                            # (reading a refused mail again cannot act twice).
                            copy = self._row(copy_key, raw, message_id, now, source, uidvalidity, uid)
                            uow.session.add(copy)
                            uow.session.flush()
                            copy_id = copy.id
                            uow.commit()
                            return copy_id, None
                        uow.session.add(self._row(copy_key, raw, message_id, now, source, uidvalidity, uid,
                                                  status="duplicate", outcome="Duplicate"))
                        uow.commit()
                return seen.id, f"Message-ID {message_id} already processed ({seen.outcome})"
            row = self._row(key, raw, message_id, now, source, uidvalidity, uid)
            uow.session.add(row)
            try:
                uow.session.flush()
                row_id = row.id  # read before the commit expires the row (no reload of the raw bytes)
                uow.commit()
            except IntegrityError:  # another instance recorded it a moment ago
                return -1, f"Message-ID {message_id} recorded concurrently"
            return row_id, None

    def _row(self, key, raw, message_id, now, source, uidvalidity, uid, status="received", outcome=None):
        # Cut to the columns' sizes: a mail must be recordable whatever its headers hold.
        # Sender and subject are filled in once the mail has been read (``_describe``).
        return InboundMail(idempotency_key=key[:1000], message_id=message_id,
                           raw_sha256=hashlib.sha256(raw).hexdigest(), raw=raw, size=len(raw), source=source[:400],
                           uidvalidity=uidvalidity, uid=uid, received_at=now, sender=None, subject="",
                           status=status, outcome=outcome, trace=[], attempts=1)

    def _note_failure(self, inbound_id: int, exc: Exception) -> int:
        """Mark the recorded mail failed; returns how many times it has been tried."""
        try:
            with UnitOfWork(self.sessions) as uow:
                row = uow.session.get(InboundMail, inbound_id)
                if row is not None:
                    row.status = "failed"
                    row.error = f"{type(exc).__name__}: {exc}"[:4000]
                    uow.commit()
                    return row.attempts
        except Exception:  # the database itself may be what failed; the mail is still on file
            log.exception("could not note the failure of inbound mail #%s", inbound_id)
        return 0

    def quarantine(self, inbound_id: int, now: datetime, folder: str) -> None:
        """A mail that keeps failing: keep it aside (raw bytes stay here) and tell staff."""
        with UnitOfWork(self.sessions) as uow:
            row = uow.session.get(InboundMail, inbound_id)
            if row is None:
                return
            row.status = "quarantined"
            context = {"sender": row.sender or "(unknown)", "their_subject": row.subject or "(none)",
                       "their_message_id": row.message_id or "(none)", "error": row.error or "",
                       "folder": folder, "inbound_id": row.id, "attempts": row.attempts}
            case = uow.session.get(Case, row.case_id) if row.case_id else None
            self.notices.write(uow.session, case, Notice("quarantine_staff", STAFF, context), now)
            uow.commit()

    def _process(self, session: Session, inbound: InboundMail, reading: MailReading, now: datetime) -> Result:
        message = reading.message
        trace: list[dict] = [{"step": "read", "result": str(reading.classification.kind),
                              "detail": f"from {message.from_addr}, intent {reading.intent}, "
                                        f"{len(reading.commands)} command(s), {len(reading.form)} form field(s)"}]
        result = Result(outcomes.Outcome(), inbound.id, message_id=message.message_id, trace=trace)
        written_in = mail_language(message.header("content-language"), reading.reply.text,
                                   self.notices.renderer.languages())
        answering = Answering(sender=message.from_addr or "", sender_role="stranger",
                              message_id=message.message_id, references=tuple(message.references),
                              subject=message.subject, inbound_id=inbound.id, text=reading.reply.text,
                              language=written_in[0] if written_in else None)

        if inbound.size > self.settings.max_mail_bytes:
            limit = f"{self.settings.max_mail_bytes // (1024 * 1024)} MB"
            trace.append({"step": "size", "result": "TooLarge", "detail": f"{inbound.size} bytes > {limit}"})
            return self._refuse(session, None, outcomes.TooLarge(f"{inbound.size} bytes"), reading,
                                answering, now, result, {"limit": limit})

        inbound.text_sha256 = loop_key(reading)
        guards = GuardContext(session, reading, now, inbound.id, self.settings.is_staff,
                              self.settings.mails_per_sender_per_hour, inbound.text_sha256)
        drop = run_guards(guards, trace)
        if drop:
            result.outcome = drop
            if isinstance(drop, outcomes.BounceReceived):
                self._bounce(session, reading, now, result)
            if isinstance(drop, outcomes.FromOurselves):
                self._confirm_sent(session, message.message_id, now, result)
            if isinstance(drop, outcomes.AutoReply):
                self._note_away(session, inbound, reading, now, result)
            if isinstance(drop, outcomes.RateLimited):
                self._held_answer(session, inbound, reading, now, result)
            return result
        if not message.from_addr or message.repeated:
            # Nobody can say who wrote it (no From, several, or one that reads two ways), or
            # what it answers (a second In-Reply-To or Subject on top of a signed mail: we and
            # a DKIM verifier would read different copies): it acts for nobody, and is
            # recorded on the case it aims at, for staff to see.
            why = (f"several {', '.join(message.repeated)} headers" if message.from_addr
                   else next((d for d in message.defects if "From" in d), "no readable From address"))
            trace.append({"step": "sender", "result": "Unreadable", "detail": why})
            thread = find_case(session, reading, sender_is_staff=False)
            if thread.case is not None:
                result.reference, inbound.case_id = thread.case.reference, thread.case.id
            return self._refuse(session, thread.case, outcomes.Unreadable(why), reading, answering, now, result)

        sender_is_staff = self.settings.is_staff(message.from_addr)
        thread = find_case(session, reading, sender_is_staff)
        trace.append({"step": "thread", "result": thread.via,
                      "detail": thread.case.reference if thread.case else (thread.refusal.detail if thread.refusal else "new case")})
        if thread.refusal:
            context = {"detail_reference": reading.reference.reference if reading.reference else "",
                       **thread.context}
            if thread.case is not None:
                result.reference = thread.case.reference
                inbound.case_id = thread.case.id
            return self._refuse(session, thread.case, thread.refusal, reading, answering, now, result, context)

        domain = message.from_addr.rpartition("@")[2]
        if thread.new_request and reading.auth.authserv_id and reading.auth.failed_for(domain):
            trace.append({"step": "sender", "result": "SpoofedRequest", "detail": "DMARC fail for " + domain})
            return self._refuse(session, None, outcomes.SpoofedRequest(
                f"new request from {message.from_addr}, whose domain failed our server's DMARC check"),
                reading, answering, now, result)
        case = thread.case
        if case is not None and not sender_is_staff and \
                (reading.unless_quote_is_ours or reading.intent) in (Intent.AGREE, Intent.ACCEPT, Intent.CANCEL):
            reading = against_what_we_sent(reading, _sent_to_parties(session, case))
        event = self.incoming(case, reading, thread.thread_role, sender_is_staff)
        if thread.threads_only:
            # (the sender's address, or a merged duplicate's reply address, only threads here:
            # it is no reply address of this case, and proves nothing on it)
            event = replace(event, token=None)
        merges = [c.args[0] for c in event.commands if c.name == "merge" and c.args and not c.error]
        event = replace(event, new_mail=thread.new_mail,
                        other_cases=case_views(session, merges) if sender_is_staff and merges else {})
        trace.append({"step": "sender", "result": str(event.role),
                      "detail": f"token {'valid' if event.token and event.token.valid else 'invalid' if event.token else 'none'}, "
                                f"thread {event.thread_role or 'none'}, authenticated {event.authenticated}"})
        answering = Answering(sender=event.sender, sender_role=str(Role.CLIENT if case is None else event.role),
                              message_id=message.message_id,
                              references=tuple(message.references), subject=message.subject, inbound_id=inbound.id,
                              echo_subject=proven(event, event.role), text=reading.reply.text,
                              language=written_in[0] if written_in else None)

        view = to_view(case) if case else None
        decision = decide(view, event, now, self.rules)
        trace.append({"step": "decide", "result": decision.outcome.name, "detail": decision.outcome.detail})
        result.outcome = decision.outcome

        case = apply_decision(session, case, decision, now)
        if case is not None:
            role = Role.CLIENT if decision.open_case else event.role  # the sender of a request is its client
            result.reference = case.reference
            inbound.case_id = case.id
            remember_message(session, message.message_id, case, str(role),
                             event.sender if role is not Role.STAFF else None, "in", now, message.subject)
            self._keep_ticket_tags(case, event, reading)
            self._keep_language(case, event, role, decision.open_case, written_in, trace)
        if isinstance(decision.outcome, outcomes.Reject):
            return self._refuse(session, case, decision.outcome, reading, answering, now, result,
                                decision.reject_context, recorded=True)
        for notice in decision.notices:
            self._send(session, case, notice, now, answering, result)
        if decision.open_case and case is not None:
            self._flag_second_request(session, case, event.sender, now, result, answering)
        return result

    def _flag_second_request(self, session: Session, case: Case, sender: str, now: datetime,
                             result: Result, answering: Answering | None = None) -> None:
        """The sender of a new request is already a party of open cases: a client asking again
        (re-sent the request, or wrote anew instead of replying), or a partner or provider
        writing about a case without its reference. The new case stands (it may be a second
        service), but staff are told, so that a mistaken one is cancelled early."""
        others = session.execute(
            select(Case.reference, Party.role).join(Party, Party.case_id == Case.id)
            .where(Party.email == sender, Party.active.is_(True),
                   Case.id != case.id, Case.status.not_in(("completed", "cancelled")))
            .order_by(Case.id)).all()
        if not others:
            return
        roles = sorted({role for _, role in others}, key=lambda r: r != str(Role.CLIENT))
        listed = ", ".join(dict.fromkeys(reference for reference, _ in others))
        who = " and ".join(ROLE_WORDS.get(role, role) for role in roles)
        session.add(Event(case_id=case.id, at=now, kind="second_request", actor="system",
                          detail=f"the sender is already the {who} on open case(s) {listed}"))
        if roles == [str(Role.CLIENT)]:
            text = (f"This client already has open case(s) {listed}. If this request is the same "
                    f"transfer, reply #merge <reference of the case that goes on> here: this one is "
                    f"closed, the client is told where their request went, and nothing on the other "
                    f"case is overwritten (you are told what to copy by hand).")
        else:
            text = (f"This new request comes from the {who} on open case(s) {listed}. If it is "
                    f"about one of those rather than a transfer of their own, reply #cancel here "
                    f"and answer them on that case.")
        self._send(session, case, Notice("party_message_staff", STAFF,
                                         {"role": str(Role.CLIENT), "text": text, "changed": "It opened this case"}),
                   now, answering, result)

    def incoming(self, case: Case | None, reading: MailReading, thread_role: Role | None,
                 sender_is_staff: bool = False) -> Incoming:
        """The facts ``decide`` is given about a mail read on ``case`` (also for staff who take
        an unclear reply as its party's answer)."""
        message = reading.message
        sender = message.from_addr or ""
        role = Role.STAFF if sender_is_staff else Role.STRANGER
        if case is not None and not sender_is_staff:
            for party_role, party in active_parties(case).items():
                if party.email == sender:
                    role = Role(party_role)
                    break
        token = reading.reply_token
        verdict = reading.auth
        # Our server's pass vouches for From; it proves a change only for a mail written to us
        # (a partner's signed mail to somebody else, replayed with our thread's In-Reply-To on
        # top, still passes DKIM and DMARC).
        written_to_us = any(self._ours(address) for address in message.to + message.cc)
        authenticated = (verdict.passed_for(sender.rpartition("@")[2]) and written_to_us) if verdict.authserv_id \
            else None
        return Incoming(
            sender=sender, role=role, intent=reading.intent, intent_reason=reading.intent_reason,
            sender_name=message.from_name,
            commands=tuple(reading.commands), form=dict(reading.form_new),
            quoted_form={k: v for k, v in reading.form.items() if k not in reading.form_new},
            text=reading.reply.text,
            message_id=message.message_id,
            token=TokenFact(Role(token.role) if token.role else Role.STRANGER, token.valid) if token else None,
            thread_role=thread_role,
            authenticated=authenticated,
            evidence={"message_id": message.message_id, "from": sender,
                      "date": message.header("date"),
                      "authentication_results": "\n".join(message.authentication_results) or None,
                      "raw_sha256": message.raw_sha256},
            subject_tags=tuple(_TICKET_TAG.findall(message.subject)),
            says_go_ahead=says_go_ahead(reading.reply.text),
            denies=denies(without_form_lines(reading.reply.text)),
        )

    def _ours(self, address: str) -> bool:
        """Our mailbox, or one of its plus addresses."""
        local, _, domain = self.settings.reader.mailbox.lower().partition("@")
        a_local, _, a_domain = address.lower().rpartition("@")
        return a_domain == domain and (a_local == local or a_local.startswith(local + "+"))

    def _keep_ticket_tags(self, case: Case, event: Incoming, reading: MailReading) -> None:
        if not event.subject_tags or event.role not in (Role.OLD_PARTNER, Role.NEW_PROVIDER, Role.CLIENT):
            return
        party = active_parties(case).get(str(event.role))
        if party is not None and party.email == event.sender:
            tags = list(dict.fromkeys([*(party.subject_tags or []), *event.subject_tags]))[:3]
            party.subject_tags = tags

    def _keep_language(self, case: Case, event: Incoming, role: Role, opened: bool,
                       written_in: tuple[str, str] | None, trace: list[dict]) -> None:
        """What this mail says about its writer's language, kept on their party when the mail
        is theirs (it opened the case, or carries their proof: anyone can write a From) and
        staff have not set the language (mailbot/languages.py has the order)."""
        if written_in is None or role not in (Role.CLIENT, Role.OLD_PARTNER, Role.NEW_PROVIDER):
            return
        party = active_parties(case).get(str(role))
        if party is None or party.email != event.sender or party.language_source == STAFF_SET:
            return
        if not (opened or proven(event, role)):
            return
        if (party.language, party.language_source) != written_in:
            party.language, party.language_source = written_in
            trace.append({"step": "language", "result": written_in[0], "detail": f"the {role}'s, from the mail's "
                          + ("Content-Language" if written_in[1] == "header" else "words")})

    # -- answers -----------------------------------------------------------------------------

    def _send(self, session: Session, case: Case | None, notice: Notice, now: datetime,
              answering: Answering, result: Result) -> None:
        row = self.notices.write(session, case, notice, now, answering)
        if row is not None:
            result.notices.append(f"{notice.template} -> {', '.join(row.to)}")

    def _refuse(self, session: Session, case: Case | None, outcome: outcomes.Reject, reading: MailReading,
                answering: Answering, now: datetime, result: Result, context: dict | None = None,
                recorded: bool = False) -> Result:
        """Tell the sender why nothing happened (once per sender, reason and day); alert staff."""
        result.outcome = outcome
        if case is not None and not recorded:
            session.add(Event(case_id=case.id, at=now, kind="refused", actor=answering.sender_role,
                              message_id=reading.message.message_id, detail=f"{outcome.name}: {outcome.detail}"))
        sender = reading.message.from_addr
        if not outcome.answer_sender:
            result.trace.append({"step": "notice", "result": "not sent", "detail": "the sender is not answered"})
        elif sender and self._first_today(session, sender, outcome.name, now):
            self._send(session, case, Notice(outcome.template, SENDER, dict(context or {})), now, answering, result)
        else:
            result.trace.append({"step": "notice", "result": "not sent",
                                 "detail": "already told this sender today for this reason"})
        if outcome.alert_staff:
            self._alert_staff(session, case, outcome, reading, now, result)
        return result

    def _alert_staff(self, session: Session, case: Case | None, outcome: outcomes.Reject, reading: MailReading,
                     now: datetime, result: Result) -> None:
        sender = reading.message.from_addr or "(unknown sender)"
        # Once a day per sender, reason and case; for the mails staff must read, once per
        # different text: a partner's second conditional yes (on another case, or with other
        # terms) reaches staff too, the same mail sent again in a loop does not (and the rate
        # limit guard bounds how many get this far).
        words = " ".join(reading.reply.text.split()).lower() if outcome.staff_read_each else ""
        said = hashlib.sha256(f"{case.reference if case else ''}\n{words}".encode()).hexdigest()[:16]
        if not self._first_today(session, sender, f"alert:{outcome.name[:30]}:{said}", now):
            return
        # (in words for staff: the outcome's class name stays in the trace and the logs)
        context = {"summary": outcome.summary or "A mail changed nothing", "detail": outcome.detail, "sender": sender,
                   "their_subject": reading.message.subject[:200] or "(none)",
                   "their_message_id": reading.message.message_id or "(none)",
                   "excerpt": reading.reply.text[:1500] or "(empty)"}
        self._send(session, case, Notice("security_alert", STAFF, context), now, None, result)

    def _first_today(self, session: Session, sender: str, reason: str, now: datetime) -> bool:
        day = now.date().isoformat()
        exists = session.scalar(select(RejectNotice.id).where(
            RejectNotice.sender == sender, RejectNotice.reason == reason, RejectNotice.day == day))
        if exists is not None:
            return False
        session.add(RejectNotice(sender=sender, reason=reason, day=day))
        session.flush()
        return True

    def _note_away(self, session: Session, inbound: InboundMail, reading: MailReading, now: datetime,
                   result: Result) -> None:
        """An out-of-office answer to one of our mails is never answered, but its case shows it
        ("away until 7 December"): staff see why a party is silent before the deadline passes."""
        message = reading.message
        known = thread_of(session, message.references + message.in_reply_to)
        if known is None:
            return
        case = session.get(Case, known.case_id)
        if case is None:
            return
        inbound.case_id = case.id
        result.reference = case.reference
        # once a day per sender and case: a responder in a loop must not flood the timeline
        if not self._first_today(session, message.from_addr or "(unknown)", f"away:{case.id}", now):
            return
        excerpt = " ".join(reading.reply.text.split())[:300]
        session.add(Event(case_id=case.id, at=now, kind="auto_reply", actor=known.role or "system",
                          message_id=message.message_id,
                          detail=f"automatic answer from {message.from_addr}: {message.subject[:200]}"
                                 + (f" — {excerpt}" if excerpt else "")))

    def _held_answer(self, session: Session, inbound: InboundMail, reading: MailReading, now: datetime,
                     result: Result) -> None:
        """A rate-limited mail is kept and not acted on, but a keyword in it from a party of an
        open case may be the answer the case waits for (the partner's ticket system flooded us,
        then the partner signed): staff read it instead of nobody. Once an hour per case and
        address, so a flood of keyword mails makes one notice, not one each."""
        if reading.intent is Intent.NONE:
            return
        thread = find_case(session, reading, sender_is_staff=False)
        case = thread.case if thread.refusal is None else None
        if case is None or case.status not in OPEN_STATUSES:
            return
        event = self.incoming(case, reading, thread.thread_role)
        if event.role not in (Role.CLIENT, Role.OLD_PARTNER, Role.NEW_PROVIDER):
            return  # (a stranger's keyword acts for nobody, limited or not)
        result.reference, inbound.case_id = case.reference, case.id
        if self._held_within_the_hour(session, case, event.sender, now):
            result.trace.append({"step": "held answer", "result": "not reported",
                                 "detail": f"staff were told of a held answer from {event.sender} within the hour"})
            return
        said = _SAID.get(reading.intent, "a keyword in an unclear answer")
        session.add(Event(case_id=case.id, at=now, kind=HELD_ANSWER, actor=str(event.role),
                          message_id=reading.message.message_id,
                          detail=f"{event.sender} wrote {said} over the hourly mail limit: not acted on, staff told"))
        context = {"role": str(event.role), "sender": event.sender, "said": said,
                   "per_hour": self.settings.mails_per_sender_per_hour, "excerpt": event.text[:1500] or "(empty)",
                   "their_subject": reading.message.subject[:200] or "(none)",
                   "their_message_id": reading.message.message_id or "(none)", "proof": proof_text(event, event.role)}
        self._send(session, case, Notice("held_answer_staff", STAFF, context), now, None, result)

    def _held_within_the_hour(self, session: Session, case: Case, sender: str, now: datetime) -> bool:
        return session.scalar(select(Event.id).where(
            Event.case_id == case.id, Event.kind == HELD_ANSWER, Event.at >= now - timedelta(hours=1),
            Event.detail.startswith(f"{sender} ", autoescape=True)).limit(1)) is not None

    def _confirm_sent(self, session: Session, message_id: str | None, now: datetime, result: Result) -> None:
        """Our copy of a mail arrived: the server accepted it. A send interrupted by a crash
        is thereby known to have gone out and is never repeated."""
        row = session.scalar(select(OutboundMail).where(OutboundMail.message_id == message_id))
        if row is not None and row.status in ("sending", "unconfirmed"):
            row.status, row.sent_at = "sent", row.sent_at or now
            row.last_error = "delivery confirmed by our own copy after an interrupted send"
            result.trace.append({"step": "outbox", "result": "confirmed", "detail": message_id})

    def _bounce(self, session: Session, reading: MailReading, now: datetime, result: Result) -> None:
        """A delivery report acts only when it answers a mail we sent (its original Message-ID
        is an outbox row): anyone can write a report, naming any address. Then the party that
        mail went to is marked failing on that mail's case, and staff are told (once per case
        and address: see ``_party_bounced``)."""
        info = reading.classification.bounce
        if not info.failed:
            result.trace.append({"step": "bounce", "result": "no permanent failure", "detail": ""})
            return
        sent = session.scalars(select(OutboundMail).where(
            OutboundMail.message_id.in_(info.original_message_ids[:20]))).all() if info.original_message_ids else []
        if not sent:
            result.outcome = outcomes.BounceNotOurs(
                f"report for {', '.join(info.failed)[:200]} names no mail we sent "
                f"({', '.join(info.original_message_ids[:3]) or 'no original Message-ID'})")
            result.trace.append({"step": "bounce", "result": "ignored", "detail": result.outcome.detail})
            return
        for row in sent:
            case = session.get(Case, row.case_id) if row.case_id else None
            if case is None:
                continue
            # The failed addresses of that mail; a report about a forward of it (another
            # Final-Recipient) is still about the address we wrote to.
            addresses = [a for a in info.failed if a in row.to] or list(row.to)
            for address in addresses:
                party = next((p for p in case.parties if p.active and p.email == address), None)
                if party is None:
                    continue
                result.reference = result.reference or case.reference
                self._party_bounced(session, case, party, row, reading, now, result)
        if result.reference is None:
            result.outcome = outcomes.NoCaseForBounce(", ".join(info.failed))

    def _party_bounced(self, session: Session, case: Case, party: Party, sent: OutboundMail,
                       reading: MailReading, now: datetime, result: Result) -> None:
        """Mark the party's address failing; tell staff only when it was not failing yet.
        Every later mail to a dead address (nudges, receipts) bounces too, and staff were told
        the first time (by this notice, or by ``parked_staff`` when the server refused it
        outright). The timeline still records each bounce. A replaced address is a new party
        row, not failing, so its own first bounce is news again.

        The party's clock pauses at once (nobody reads our reminders there): its deadline
        stops, keeping the business time left, until staff give another address."""
        told_already = party.failing
        party.failing = True
        party.failing_reason = reading.classification.reason[:1000]
        detail = f"mail to the {party.role} {party.email} bounced ({sent.template}, {sent.message_id})"
        session.add(Event(case_id=case.id, at=now, kind="bounce", actor="system",
                          message_id=reading.message.message_id,
                          detail=detail + ("; already failing, staff were told before" if told_already else "")))
        if case.status in OPEN_STATUSES:
            settle_clocks(session, case, now, self.rules)
        if told_already:
            result.trace.append({"step": "bounce", "result": "already failing", "detail": party.email})
            return
        held = clocks.held_by(to_view(case), Role(party.role))
        self._send(session, case, Notice("bounce_staff", STAFF, {"failed": [party.email], "role": party.role,
                                                                 "paused": held}), now, None, result)



def _sent_to_parties(session: Session, case: Case) -> list[str]:
    """What we wrote to the case's parties (not to staff), as a person sees it: each mail's text
    part and its HTML part rendered, for ``parsers.reading.against_what_we_sent``. Only a
    keyword's reading asks, so most mails never load them."""
    rows = session.execute(select(OutboundMail.raw).where(OutboundMail.case_id == case.id,
                                                          OutboundMail.role != str(Role.STAFF))
                           .order_by(OutboundMail.id.desc()).limit(_SENT_MAILS)).scalars()
    return [text for raw in rows for text in shown_texts(raw)]


_SENT_MAILS = 60
