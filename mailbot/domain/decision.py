"""What ``decide`` returns: the outcome and the changes to apply, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from mailbot.domain.model import Milestone, MilestoneView, PartyView, Role, Status, WaiverView
from mailbot.domain.outcomes import Outcome

STAFF = "staff"  # notice recipient: every full staff address
SENDER = "sender"  # notice recipient: whoever wrote the mail being answered


@dataclass(frozen=True)
class Notice:
    """A mail to render into the outbox. ``to`` is a party role, STAFF or SENDER; ``address``
    sends it to a former party of that role (who is no longer on record)."""

    template: str
    to: str
    context: dict = field(default_factory=dict)
    address: str | None = None


@dataclass(frozen=True)
class TimelineEvent:
    kind: str
    actor: str
    detail: str = ""
    message_id: str | None = None


@dataclass(frozen=True)
class TimerPlan:
    """A timer to (re)plan for a milestone; the store replaces that milestone's open timers."""

    milestone: Milestone
    kind: str  # nudge | escalation | followup
    due_at: datetime


@dataclass
class Decision:
    outcome: Outcome
    open_case: bool = False
    status: Status | None = None
    retail: bool | None = None
    form: dict[str, str] = field(default_factory=dict)
    parties: dict[Role, PartyView | None] = field(default_factory=dict)  # None: the party leaves
    milestones: dict[Milestone, MilestoneView] = field(default_factory=dict)
    waiver: WaiverView | None = None
    client_verified: bool | None = None
    events: list[TimelineEvent] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    timers: dict[Milestone, list[TimerPlan]] = field(default_factory=dict)
    reject_context: dict = field(default_factory=dict)  # extra context for a Reject's notice
    # #merge: the case this one is folded into (its mail threads there from now on); "" when
    # a merged case is reopened and stands on its own again; None: no change.
    merge_into: str | None = None

    @property
    def changes_case(self) -> bool:
        return bool(self.open_case or self.status or self.retail is not None or self.form or self.parties
                    or self.milestones or self.waiver or self.events or self.client_verified is not None
                    or self.merge_into is not None)

    def notify(self, template: str, to: str, **context) -> None:
        self.notices.append(Notice(template, to, context))

    def notify_former(self, template: str, role: Role, address: str, **context) -> None:
        """A notice to the address that held ``role`` before this decision replaced it."""
        self.notices.append(Notice(template, str(role), context, address=address))

    def record(self, kind: str, actor: str, detail: str = "", message_id: str | None = None) -> None:
        self.events.append(TimelineEvent(kind, actor, detail, message_id))
