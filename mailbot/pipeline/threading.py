"""Which case a mail belongs to, strongest evidence first (PRODUCT.md, "Reading mail").

1. the signed reply address ``transfer+<ref>.<role>.<sig>@…`` (even with a bad signature it
   names the case, so that the forgery is recorded where it was aimed);
2. In-Reply-To / References against Message-IDs we sent or received;
3. the ``[XFER-…]`` reference in the subject, else one written in the new text — a bad check
   character or an unknown case is refused, never guessed;
4. a new mail from the client of open cases that is no new request (no intake form, no "we
   need another transfer": ``parsers.new_request``): the client's one open case, or, with
   several, a question which one (nothing opens);
5. otherwise a new request (or, from staff, a refusal: we do not open cases for staff).

A case merged into another (#merge) passes its mail on to that case, whichever way the mail
found it. The sender's address and a merged case's thread, like a subject reference, only say
which case a mail is about: they carry no reply address or thread of that case, so a keyword
or a change in such a mail needs the usual proof there (``mailbot.domain.authorise``).

Conflicts are never guessed: when the reply address, the referenced messages and the subject
name different cases (one partner with two clients, a mail client that autocompleted another
case's address, a ticket system that merged two threads), the mail changes nothing, staff are
told and the sender is asked to answer the right mail. Threading only says which case a mail
is about; what it may change there is decided by ``mailbot.domain.authorise``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from mailbot.domain import outcomes
from mailbot.domain.model import Role, Status
from mailbot.store.cases import OPEN_STATUSES, cases_named, get_case, merged_target, thread_of
from mailbot.store.models import Case, Party
from parsers.new_request import is_new_request
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
    context: dict = field(default_factory=dict)  # for the refusal's notice (the cases to choose from)

    # With a refusal, ``case`` is where the attempt is recorded (it changes nothing there).

    @property
    def new_request(self) -> bool:
        return self.case is None and self.refusal is None

    @property
    def threads_only(self) -> bool:
        """Found by what only threads (the sender's address, a merged case): the mail's reply
        address and thread belong to no party of ``case``."""
        return self.via.startswith(("sender address", "merged"))

    @property
    def new_mail(self) -> bool:
        """A mail that answers none of ours and found its case by a reference or its sender."""
        return self.via in ("subject", "body reference", "sender address")


def find_case(session: Session, reading: MailReading, sender_is_staff: bool) -> ThreadResult:
    found = _find_case(session, reading, sender_is_staff)
    if found.case is None or not found.case.merged_into or found.case.status != str(Status.CANCELLED) \
            or sender_is_staff:
        return found
    # A duplicate folded into another case: its parties' mail belongs there now (its own mails
    # and timeline stay where they are, on record). Staff still reach the duplicate itself
    # (#reopen undoes the merge).
    target = merged_target(session, found.case)
    if target.id == found.case.id:
        return found
    return ThreadResult(target, f"merged {found.case.reference} ({found.via})", None, found.refusal, found.context)


def _find_case(session: Session, reading: MailReading, sender_is_staff: bool) -> ThreadResult:
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
    # "Any news on our Exchange move?" from the client of an open case, with no reference and
    # no thread: that case, not a second one (a request, with the form or "another transfer",
    # still opens its own). The address only threads: it proves nothing (see above).
    if not is_new_request(reading.form_new, reading.reply.text, message.subject):
        cases = _open_cases_of_client(session, message.from_addr or "")
        if len(cases) == 1:
            return ThreadResult(cases[0], "sender address")
        if cases:
            listed = ", ".join(case.reference for case in cases)
            return ThreadResult(None, "sender address", refusal=outcomes.WhichCase(
                f"{message.from_addr} is the client of open cases {listed}"),
                context={"open_cases": [_choice(case) for case in cases]})
    return ThreadResult(None, "new request")


MAX_CHOICES = 20  # open cases listed to a client asked which one they mean


def _open_cases_of_client(session: Session, sender: str) -> list[Case]:
    """The open cases whose client is ``sender``, oldest first."""
    return list(session.scalars(
        select(Case).join(Party, Party.case_id == Case.id)
        .where(Party.email == sender, Party.role == str(Role.CLIENT), Party.active.is_(True),
               Case.status.in_(OPEN_STATUSES))
        .order_by(Case.id).limit(MAX_CHOICES)).unique())


def _choice(case: Case) -> dict:
    """One of a client's open cases as the question lists it: its reference and company."""
    client = next((p for p in case.parties if p.active and p.role == str(Role.CLIENT)), None)
    company = (case.form or {}).get("company") or (client.company if client else "")
    return {"reference": case.reference, "company": company, "status": case.status}


def _awaiting_confirmation(session: Session, sender: str) -> Case | None:
    """An open request by ``sender`` that still waits for the client's answer from this mailbox."""
    return session.scalars(
        select(Case).join(Party, Party.case_id == Case.id)
        .where(Party.email == sender, Party.role == str(Role.CLIENT), Party.active.is_(True),
               Case.status == str(Status.INTAKE), Case.client_verified.is_(False))
        .order_by(Case.id).limit(1)).first()


def _same_case(session: Session, one: int, other: int) -> bool:
    """The same case, or a duplicate merged into the other (their mail is one case's now)."""
    if one == other:
        return True
    a, b = session.get(Case, one), session.get(Case, other)
    if a is None or b is None or not (a.merged_into or b.merged_into):
        return False
    return merged_target(session, a).id == merged_target(session, b).id


def _subject_case(session: Session, reading: MailReading) -> Case | None:
    ref = reading.reference
    return get_case(session, ref.reference) if ref is not None and ref.valid else None


def _conflict(session: Session, case: Case, how: str, header_cases: list[int],
              subject_case: Case | None) -> outcomes.ThreadConflict | None:
    """A ThreadConflict when the mail's other evidence names another case than ``case``."""
    others = [case_id for case_id in header_cases if not _same_case(session, case_id, case.id)]
    named_by = "the mails it answers"
    if not others and subject_case is not None and not _same_case(session, subject_case.id, case.id):
        others, named_by = [subject_case.id], "its subject"
    if not others:
        return None
    other = session.get(Case, others[0])
    reference = other.reference if other is not None else "another case"
    return outcomes.ThreadConflict(f"the mail names {case.reference} ({how}) and {reference} ({named_by})")
