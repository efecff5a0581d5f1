"""What ``decide`` is given about one inbound mail, and the rules it decides by."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from mailbot.domain.model import CaseView, Milestone, Role
from parsers.commands import Command
from parsers.intent import Intent
from replies.i18n import languages
from scheduler.calendar import BusinessCalendar
from scheduler.durations import BusinessDuration


@dataclass(frozen=True)
class TokenFact:
    """The signed reply address the mail was sent to, if any."""

    role: Role
    valid: bool


@dataclass(frozen=True)
class Incoming:
    """One mail as the pipeline understood it. Facts only: ``decide`` draws the conclusions."""

    sender: str
    role: Role  # the sender's role by address: a party of this case, staff, or a stranger
    intent: Intent = Intent.NONE
    intent_reason: str = ""  # the reader's rule that decided the intent, in words
    sender_name: str = ""
    commands: tuple[Command, ...] = ()
    form: dict[str, str] = field(default_factory=dict)  # written in the new text
    quoted_form: dict[str, str] = field(default_factory=dict)  # typed after the labels of a quoted form
    text: str = ""
    message_id: str | None = None
    token: TokenFact | None = None  # the reply address used
    thread_role: Role | None = None  # whose thread In-Reply-To/References point into
    authenticated: bool | None = None  # our server's DMARC pass for the From domain (None: no verdict)
    says_go_ahead: bool = False  # the new text confirms ("Yes, please go ahead")
    denies: bool = False  # besides its form answers, the new text says no or that something is wrong
    evidence: dict = field(default_factory=dict)  # message_id, from, date, authentication_results, raw_sha256
    subject_tags: tuple[str, ...] = ()
    # A new mail, answering none of ours, that found its case by a reference or by its sender
    # (the client of one open case): a client asking for news is told where the case stands.
    new_mail: bool = False
    # Other cases the staff commands name (#merge XFER-…), as they are now; a reference that
    # names no case is missing.
    other_cases: dict[str, CaseView] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    """The policy knobs ``decide`` needs, resolved from the config by the composition root."""

    calendar: BusinessCalendar
    durations: dict[Milestone, BusinessDuration]
    nudges: tuple[str, ...] = ("50%", "-4h")
    followup_days: int = 30
    require_authenticated_sender: bool = False
    staff_addresses: tuple[str, ...] = ()
    mailbox: str = "transfer@example.com"
    staff: tuple[str, ...] = ()  # security.staff as configured: addresses and @domains
    languages: tuple[str, ...] = field(default_factory=languages)  # what notices are written in

    def is_staff(self, address: str) -> bool:
        address = address.lower()
        entries = [e.lower() for e in (*self.staff, *self.staff_addresses)]
        return any(address.endswith(e) if e.startswith("@") else address == e for e in entries)

    def due(self, milestone: Milestone, start: datetime) -> datetime:
        if milestone is Milestone.FOLLOWUP:
            return start + timedelta(days=self.followup_days)
        return self.calendar.add(start, self.durations[milestone])
