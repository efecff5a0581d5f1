"""Which case a mail belongs to, strongest evidence first (PRODUCT.md, "Reading mail").

1. the signed reply address ``transfer+<ref>.<role>.<sig>@…`` (even with a bad signature it
   names the case, so that the forgery is recorded where it was aimed);
2. In-Reply-To / References against Message-IDs we sent or received;
3. the ``[XFER-…]`` reference in the subject, else one written in the new text — a bad check
   character or an unknown case is refused, never guessed;
4. otherwise a new request (or, from staff, a refusal: we do not open cases for staff).

Conflicts are never guessed: when the reply address, the referenced messages and the subject
name different cases (one partner with two clients, a mail client that autocompleted another
case's address, a ticket system that merged two threads), the mail changes nothing, staff are
told and the sender is asked to answer the right mail. Threading only says which case a mail
is about; what it may change there is decided by ``mailbot.domain.authorise``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.domain import outcomes
from mailbot.domain.model import Role, Status
from mailbot.store.cases import cases_named, get_case, thread_of
from mailbot.store.models import Case, Party
from parsers.reading import MailReading
from parsers.reference import parse_reference

_BODY_REFERENCE = re.compile(r"\bXFER-[0-9A-Z]{7}\b", re.IGNORECASE)
MAX_BODY_REFERENCES = 5


@dataclass(frozen=True)
class ThreadResult:
    case: Case | None
    via: str  # reply address | headers | subject | new request
    thread_role: Role | None = None
    refusal: outcomes.Reject | None = None

    # With a refusal, ``case`` is where the attempt is recorded (it changes nothing there).

    @property
    def new_request(self) -> bool:
        return self.case is None and self.refusal is None


def find_case(session: Session, reading: MailReading, sender_is_staff: bool) -> ThreadResult:
    message = reading.message
    referenced = message.references + message.in_reply_to
    header_cases = cases_named(session, referenced)
    subject_case = _subject_case(session, reading)
    token = reading.reply_token
    if token is not None:
        case = get_case(session, token.reference) if token.reference else None
        if case is None:
            # A reply address of ours naming no case (made up, or cut short): refused, not a new case.
            return ThreadResult(None, "reply address", refusal=outcomes.UnknownReference(
                f"reply address names no case ({token.reference})"))
        conflict = _conflict(session, case, "its reply address", header_cases, subject_case)
        if conflict:
            return ThreadResult(case, "reply address", refusal=conflict)
        return ThreadResult(case, "reply address", Role(token.role) if token.valid else None)

    if header_cases:
        known = thread_of(session, referenced)
        case = session.get(Case, known.case_id)
        conflict = _conflict(session, case, "the mails it answers", header_cases, subject_case)
        if conflict:
            return ThreadResult(case, "headers", refusal=conflict)
        role = Role(known.role) if known.role in {str(r) for r in Role} else None
        return ThreadResult(case, "headers", role)

    ref = reading.reference
    if ref is not None:
        if not ref.valid:
            return ThreadResult(None, "subject", refusal=outcomes.BadCheckCharacter(
                f"{ref.reference} has a wrong check character"))
        if subject_case is None:
            return ThreadResult(None, "subject", refusal=outcomes.UnknownReference(
                f"no case {ref.reference}"))
        return ThreadResult(subject_case, "subject")

    # A reference the sender wrote in the new text ("any news on XFER-7K2P9QM?"): a client
    # asking about their case must not open a second one. Only a valid reference to a case
    # that exists counts; anything else there ("we'd like to xfer hosting") is just words.
    # (at most a few distinct references are looked up: a crafted body may hold thousands)
    tried: set[str] = set()
    for match in _BODY_REFERENCE.finditer(reading.reply.text):
        body_ref = parse_reference(match.group(0))
        if not body_ref or not body_ref.valid or body_ref.reference in tried:
            continue
        tried.add(body_ref.reference)
        case = get_case(session, body_ref.reference)
        if case is not None:
            return ThreadResult(case, "body reference")
        if len(tried) >= MAX_BODY_REFERENCES:
            break

    if sender_is_staff:
        return ThreadResult(None, "none", refusal=outcomes.StaffWithoutCase("staff mail without a case"))
    waiting = _awaiting_confirmation(session, message.from_addr or "")
    if waiting is not None:
        return ThreadResult(waiting, "earlier request", refusal=outcomes.RequestAwaitingConfirmation(
            f"{message.from_addr} has request {waiting.reference} waiting for its confirmation"))
    return ThreadResult(None, "new request")


def _awaiting_confirmation(session: Session, sender: str) -> Case | None:
    """An open request by ``sender`` that still waits for the client's answer from this mailbox."""
    return session.scalars(
        select(Case).join(Party, Party.case_id == Case.id)
        .where(Party.email == sender, Party.role == str(Role.CLIENT), Party.active.is_(True),
               Case.status == str(Status.INTAKE), Case.client_verified.is_(False))
        .order_by(Case.id).limit(1)).first()


def _subject_case(session: Session, reading: MailReading) -> Case | None:
    ref = reading.reference
    return get_case(session, ref.reference) if ref is not None and ref.valid else None


def _conflict(session: Session, case: Case, how: str, header_cases: list[int],
              subject_case: Case | None) -> outcomes.ThreadConflict | None:
    """A ThreadConflict when the mail's other evidence names another case than ``case``."""
    others = [case_id for case_id in header_cases if case_id != case.id]
    named_by = "the mails it answers"
    if not others and subject_case is not None and subject_case.id != case.id:
        others, named_by = [subject_case.id], "its subject"
    if not others:
        return None
    other = session.get(Case, others[0])
    reference = other.reference if other is not None else "another case"
    return outcomes.ThreadConflict(f"the mail names {case.reference} ({how}) and {reference} ({named_by})")
