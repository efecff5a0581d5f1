"""Which case a mail belongs to, strongest evidence first (PRODUCT.md, "Reading mail").

1. the signed reply address ``transfer+<ref>.<role>.<sig>@…`` (even with a bad signature it
   names the case, so that the forgery is recorded where it was aimed) — unless the headers or
   the subject point to another case, which is refused rather than guessed;
2. In-Reply-To / References against Message-IDs we sent or received;
3. the ``[XFER-…]`` reference in the subject, else one written in the new text — a bad check
   character or an unknown case is refused, never guessed;
4. otherwise a new request (or, from staff, a refusal: we do not open cases for staff).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from mailbot.domain import outcomes
from mailbot.domain.model import Role
from mailbot.store.cases import get_case, thread_of
from mailbot.store.models import Case
from parsers.reading import MailReading
from parsers.reference import parse_reference

_BODY_REFERENCE = re.compile(r"\bXFER-[0-9A-Z]{7}\b", re.IGNORECASE)


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
    token = reading.reply_token
    if token is not None:
        case = get_case(session, token.reference) if token.reference else None
        if case is not None:
            other = _other_case_named(session, reading, case)
            if other is not None:
                # A mail client autocompleted the reply address of another case (one partner,
                # two clients): acting on either case would be a guess.
                return ThreadResult(case, "reply address", refusal=outcomes.ThreadConflict(
                    f"addressed to {case.reference} but answers a mail of {other}"))
            return ThreadResult(case, "reply address", Role(token.role) if token.valid else None)
        # A reply address of ours naming no case (made up, or cut short): refused, not a new case.
        return ThreadResult(None, "reply address", refusal=outcomes.UnknownReference(
            f"reply address names no case ({token.reference})"))

    message = reading.message
    known = thread_of(session, message.references + message.in_reply_to)
    if known is not None:
        case = session.get(Case, known.case_id)
        role = Role(known.role) if known.role in {str(r) for r in Role} else None
        return ThreadResult(case, "headers", role)

    ref = reading.reference
    if ref is not None:
        if not ref.valid:
            return ThreadResult(None, "subject", refusal=outcomes.BadCheckCharacter(
                f"{ref.reference} has a wrong check character"))
        case = get_case(session, ref.reference)
        if case is None:
            return ThreadResult(None, "subject", refusal=outcomes.UnknownReference(
                f"no case {ref.reference}"))
        return ThreadResult(case, "subject")

    # A reference the sender wrote in the new text ("any news on XFER-7K2P9QM?"): a client
    # asking about their case must not open a second one. Only a valid reference to a case
    # that exists counts; anything else there ("we'd like to xfer hosting") is just words.
    for match in _BODY_REFERENCE.finditer(reading.reply.text):
        body_ref = parse_reference(match.group(0))
        case = get_case(session, body_ref.reference) if body_ref and body_ref.valid else None
        if case is not None:
            return ThreadResult(case, "body reference")

    if sender_is_staff:
        return ThreadResult(None, "none", refusal=outcomes.StaffWithoutCase("staff mail without a case"))
    return ThreadResult(None, "new request")


def _other_case_named(session: Session, reading: MailReading, case: Case) -> str | None:
    """The reference of another case the mail's headers or subject point to, if any."""
    message = reading.message
    known = thread_of(session, message.references + message.in_reply_to)
    if known is not None and known.case_id != case.id:
        other = session.get(Case, known.case_id)
        return other.reference if other is not None else None
    ref = reading.reference
    if ref is not None and ref.valid and ref.reference != case.reference:
        return ref.reference
    return None
