"""The case as the pure core sees it: plain frozen snapshots, no database, no clock.

``decide`` reads a ``CaseView`` and returns what should change; the store turns rows into
views and applies the changes. Keeping the views immutable makes every decision a function of
its inputs, which is what lets the workflow be tested exhaustively without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum


class Status(StrEnum):
    INTAKE = "intake"
    WAITING = "waiting"
    DISPUTED = "disputed"
    TRANSFERRING = "transferring"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Role(StrEnum):
    CLIENT = "client"
    OLD_PARTNER = "old_partner"
    NEW_PROVIDER = "new_provider"
    STAFF = "staff"
    SYSTEM = "system"
    STRANGER = "stranger"


PARTY_ROLES = (Role.CLIENT, Role.OLD_PARTNER, Role.NEW_PROVIDER)


class Milestone(StrEnum):
    INTAKE = "intake"
    WAIVER = "waiver"
    ACCEPTANCE = "acceptance"
    TRANSFER = "transfer"
    FOLLOWUP = "followup"


# The party who owes each milestone (whose clock runs while it is pending).
OWNERS = {
    Milestone.INTAKE: Role.CLIENT,
    Milestone.WAIVER: Role.OLD_PARTNER,
    Milestone.ACCEPTANCE: Role.NEW_PROVIDER,
    Milestone.TRANSFER: Role.STAFF,
    Milestone.FOLLOWUP: Role.SYSTEM,
}


class MilestoneState(StrEnum):
    NOT_STARTED = "not_started"  # shown as "pending" with no due date
    PENDING = "pending"
    DONE = "done"
    SKIPPED = "skipped"
    OVERRIDDEN = "overridden"

    @property
    def finished(self) -> bool:
        return self in (MilestoneState.DONE, MilestoneState.SKIPPED, MilestoneState.OVERRIDDEN)


@dataclass(frozen=True)
class PartyView:
    role: Role
    email: str
    name: str = ""
    company: str = ""
    phone: str = ""
    failing: bool = False
    subject_tags: tuple[str, ...] = ()  # the party's own ticket tags, kept on our replies
    # The language notices to this party are written in ("" = the configured default) and
    # where it came from: "staff", or the party's own mail ("header", "text").
    language: str = ""
    language_source: str = ""


@dataclass(frozen=True)
class MilestoneView:
    name: Milestone
    state: MilestoneState = MilestoneState.NOT_STARTED
    started_at: datetime | None = None
    due: datetime | None = None
    done_at: datetime | None = None
    breached: bool = False
    # A paused clock (a dispute, or its party's address bounces): no due date, no reminders;
    # ``remaining`` is the business time it had left, given back when it resumes.
    paused_at: datetime | None = None
    remaining: timedelta | None = None

    @property
    def paused(self) -> bool:
        return self.paused_at is not None


@dataclass(frozen=True)
class WaiverView:
    version: str | None = None
    text_sha256: str | None = None
    signed: bool = False
    overridden: bool = False
    evidence: dict | None = None
    language: str | None = None  # of the waiver text sent (and hashed)


@dataclass(frozen=True)
class CaseView:
    reference: str
    status: Status
    opened_at: datetime
    parties: dict[Role, PartyView] = field(default_factory=dict)
    milestones: dict[Milestone, MilestoneView] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    waiver: WaiverView = field(default_factory=WaiverView)
    retail: bool = False
    cancelled_from: Status | None = None  # the status a cancelled case had
    # The client answered from their mailbox (or our server vouched for the request): only
    # then are the partner and the provider written to on the client's behalf.
    client_verified: bool = False
    # A duplicate folded into another case by #merge: that case's reference (mail to this one
    # threads there); None otherwise.
    merged_into: str | None = None

    def party(self, role: Role) -> PartyView | None:
        return self.parties.get(role)

    def milestone(self, name: Milestone) -> MilestoneView:
        return self.milestones.get(name) or MilestoneView(name)

    def with_status(self, status: Status) -> CaseView:
        return replace(self, status=status)

    @property
    def open(self) -> bool:
        return self.status not in (Status.COMPLETED, Status.CANCELLED)
