"""The guards every inbound mail passes first: one ordered tuple, cheap and loop-safe first.

Each guard looks at the reading (and, for the rate limit, the store) and returns a ``Drop``
outcome or None. A dropped mail is recorded with its raw bytes and never answered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailbot.domain import outcomes
from mailbot.store.models import InboundMail
from parsers.classify import Classification
from parsers.reading import MailReading


@dataclass(frozen=True)
class GuardContext:
    session: Session
    reading: MailReading
    now: datetime
    inbound_id: int | None
    is_staff: Callable[[str | None], bool]
    mails_per_sender_per_hour: int
    text_sha256: str = ""


def from_ourselves(ctx: GuardContext) -> outcomes.Drop | None:
    c = ctx.reading.classification
    return outcomes.FromOurselves(c.reason) if c.kind is Classification.SELF else None


def bounce(ctx: GuardContext) -> outcomes.Drop | None:
    c = ctx.reading.classification
    return outcomes.BounceReceived(c.reason) if c.kind is Classification.BOUNCE else None


def auto_reply(ctx: GuardContext) -> outcomes.Drop | None:
    c = ctx.reading.classification
    return outcomes.AutoReply(c.reason) if c.kind is Classification.AUTO_REPLY else None


def spam(ctx: GuardContext) -> outcomes.Drop | None:
    c = ctx.reading.classification
    return outcomes.Spam(c.reason) if c.kind is Classification.SPAM else None


def rate_limit(ctx: GuardContext) -> outcomes.Drop | None:
    """Too many mails from one sender in an hour. Mails to the sender's signed reply address
    are counted apart: a flood of forged mails in a partner's name must not silence the
    partner's own answer."""
    sender = ctx.reading.message.from_addr
    if not sender or ctx.is_staff(sender):
        return None
    since = ctx.now - timedelta(hours=1)
    signed = bool(ctx.reading.reply_token and ctx.reading.reply_token.valid)
    query = select(func.count(InboundMail.id)).where(
        InboundMail.sender == sender, InboundMail.received_at >= since,
        InboundMail.status.in_(("processed", "failed")), InboundMail.signed_reply.is_(signed))
    if ctx.inbound_id is not None:
        query = query.where(InboundMail.id != ctx.inbound_id)
    recent = ctx.session.scalar(query) or 0
    if recent >= ctx.mails_per_sender_per_hour:
        return outcomes.RateLimited(f"{sender} sent {recent} mails in the last hour")
    return None


def repeated(ctx: GuardContext) -> outcomes.Drop | None:
    """The same new text in the same thread from the same sender again and again: an
    auto-responder without RFC 3834 headers answering our answers. The third copy in a day
    stops the loop."""
    sender, digest = ctx.reading.message.from_addr, ctx.text_sha256
    if not sender or ctx.is_staff(sender):
        return None
    query = select(func.count(InboundMail.id)).where(
        InboundMail.sender == sender, InboundMail.text_sha256 == digest,
        InboundMail.received_at >= ctx.now - timedelta(days=1), InboundMail.status == "processed")
    if ctx.inbound_id is not None:
        query = query.where(InboundMail.id != ctx.inbound_id)
    if (ctx.session.scalar(query) or 0) >= REPEATS_BEFORE_LOOP:
        return outcomes.LoopSuspected(f"{sender} sent the same text {REPEATS_BEFORE_LOOP + 1} times today")
    return None


REPEATS_BEFORE_LOOP = 2

GUARDS: tuple[tuple[str, Callable[[GuardContext], outcomes.Drop | None]], ...] = (
    ("self", from_ourselves),
    ("bounce", bounce),
    ("auto-reply", auto_reply),
    ("spam", spam),
    ("rate limit", rate_limit),
    ("repeat", repeated),
)


def run_guards(ctx: GuardContext, trace: list[dict]) -> outcomes.Drop | None:
    for name, guard in GUARDS:
        outcome = guard(ctx)
        trace.append({"step": f"guard: {name}", "result": outcome.name if outcome else "pass",
                      **({"detail": outcome.detail} if outcome else {})})
        if outcome:
            return outcome
    return None
