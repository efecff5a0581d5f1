"""SQLAlchemy 2 tables: cases, parties, milestones, events, inbound and outbound mail, timers.

Portable on purpose (SQLite by default, PostgreSQL for scale-out): generic types only, every
instant stored as UTC, JSON through SQLAlchemy's JSON type.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out, whatever the database keeps."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Case(Base):
    __tablename__ = "cases"
    # The console lists cases newest first, all or by status, a page at a time.
    __table_args__ = (Index("ix_cases_opened", "opened_at", "id"),
                      Index("ix_cases_status_opened", "status", "opened_at", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    retail: Mapped[bool] = mapped_column(Boolean, default=False)
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The status a cancelled case had, so that #reopen resumes it as it was (a dispute stays one).
    cancelled_from: Mapped[str | None] = mapped_column(String(16), nullable=True)
    form: Mapped[dict] = mapped_column(JSON, default=dict)
    waiver_version: Mapped[str | None] = mapped_column(String(40), nullable=True)
    waiver_text_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)
    waiver_language: Mapped[str | None] = mapped_column(String(8), nullable=True)  # of the text hashed
    waiver_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    waiver_overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    waiver_evidence: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # The client proved their mailbox (answered our acknowledgement, or our server vouched).
    client_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    # The earliest deadline still running on an open case (a disputed waiver's is paused), kept
    # with every decision: "overdue" at 100,000 cases is one indexed comparison.
    next_due: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True, index=True)
    # A duplicate folded into another case by #merge (cancelled): that case's reference. Mail
    # to this one threads there; its own mails and timeline stay here, on record.
    merged_into: Mapped[str | None] = mapped_column(String(16), nullable=True)

    parties: Mapped[list[Party]] = relationship(back_populates="case", order_by="Party.id")
    milestones: Mapped[list[MilestoneRow]] = relationship(back_populates="case", order_by="MilestoneRow.id")
    events: Mapped[list[Event]] = relationship(back_populates="case", order_by="Event.id")


class Party(Base):
    """A party's contact; a replaced one stays, inactive, for the record."""

    __tablename__ = "parties"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(320), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failing: Mapped[bool] = mapped_column(Boolean, default=False)
    failing_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    subject_tags: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The language notices to this party are written in (a code such as "de"; None: the
    # configured default) and where it came from: "staff" (#set language, never overwritten
    # by a mail), "header" (the party's Content-Language) or "text" (the words they wrote).
    language: Mapped[str | None] = mapped_column(String(8), nullable=True)
    language_source: Mapped[str | None] = mapped_column(String(8), nullable=True)

    case: Mapped[Case] = relationship(back_populates="parties")


class MilestoneRow(Base):
    __tablename__ = "milestones"
    # (state, due): the console's "overdue" filter and its breach list at 100,000 cases
    __table_args__ = (UniqueConstraint("case_id", "name"), Index("ix_milestones_state_due", "state", "due"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    name: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    due: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    breached: Mapped[bool] = mapped_column(Boolean, default=False)
    # A paused clock (dispute, bouncing address): due is empty, and the business time it had
    # left (in seconds) is given back when it resumes (mailbot/domain/clocks.py).
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    remaining_seconds: Mapped[int | None] = mapped_column(Integer, nullable=True)

    case: Mapped[Case] = relationship(back_populates="milestones")


class Event(Base):
    """One line of a case's timeline."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(16))
    message_id: Mapped[str | None] = mapped_column(String(998), nullable=True)
    detail: Mapped[str] = mapped_column(Text, default="")

    case: Mapped[Case] = relationship(back_populates="events")


class InboundMail(Base):
    """Every mail received, recorded before any policy runs, raw bytes kept."""

    __tablename__ = "inbound_mails"
    __table_args__ = (Index("ix_inbound_mails_sender_received", "sender", "received_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idempotency_key: Mapped[str] = mapped_column(String(1000), unique=True)
    message_id: Mapped[str | None] = mapped_column(String(998), nullable=True, index=True)
    raw_sha256: Mapped[str] = mapped_column(String(64))
    # Loaded only when asked for: processing reads the parsed mail, not megabytes of bytes again.
    raw: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    size: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(400), default="")
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    uid: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    sender: Mapped[str | None] = mapped_column(String(320), nullable=True, index=True)
    subject: Mapped[str] = mapped_column(Text, default="")
    text_sha256: Mapped[str | None] = mapped_column(String(64), nullable=True)  # of the new text: loops
    # Sent to a signed reply address whose signature fits the sender: a mail others cannot
    # forge, so forged mails in its sender's name do not count against it (rate limit).
    signed_reply: Mapped[bool] = mapped_column(Boolean, default=False)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(16), default="received")  # received|processed|failed|quarantined|duplicate
    outcome: Mapped[str | None] = mapped_column(String(60), nullable=True)
    trace: Mapped[list] = mapped_column(JSON, default=list)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class OutboundMail(Base):
    """The outbox: written with the change that causes it, sent by a separate loop."""

    __tablename__ = "outbound_mails"
    __table_args__ = (Index("ix_outbound_mails_status_next", "status", "next_attempt_at"),
                      Index("ix_outbound_mails_recipient_created", "recipient", "created_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), nullable=True, index=True)
    template: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(16))  # the recipient's role: client, staff, sender, …
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|sent|parked
    to: Mapped[list] = mapped_column(JSON)
    recipient: Mapped[str] = mapped_column(String(320), index=True)  # the first of ``to``, for rate limits
    cc: Mapped[list] = mapped_column(JSON, default=list)
    subject: Mapped[str] = mapped_column(Text)
    message_id: Mapped[str] = mapped_column(String(998), unique=True)
    in_reply_to: Mapped[str | None] = mapped_column(String(998), nullable=True)
    references: Mapped[list] = mapped_column(JSON, default=list)
    reply_to: Mapped[str | None] = mapped_column(String(400), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_mails.id"), nullable=True)
    claimed_by: Mapped[str | None] = mapped_column(String(40), nullable=True)  # the instance sending it


class ThreadMessage(Base):
    """Message-IDs we sent or received, for threading by In-Reply-To/References."""

    __tablename__ = "thread_messages"
    __table_args__ = (Index("ix_thread_messages_case_role", "case_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[str] = mapped_column(String(998), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # whose thread: client, old_partner, new_provider, staff
    party_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    direction: Mapped[str] = mapped_column(String(3))  # in | out
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    subject: Mapped[str | None] = mapped_column(String(500), nullable=True)


class Timer(Base):
    __tablename__ = "timers"
    __table_args__ = (Index("ix_timers_due_open", "fired_at", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    milestone: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16))  # nudge | escalation | followup
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    fired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)


class RejectNotice(Base):
    """Rejection notices sent: at most one per sender, reason and day."""

    __tablename__ = "reject_notices"
    __table_args__ = (UniqueConstraint("sender", "reason", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sender: Mapped[str] = mapped_column(String(320))
    reason: Mapped[str] = mapped_column(String(60))
    day: Mapped[str] = mapped_column(String(10))


class MailboxState(Base):
    """IMAP checkpoint per mailbox folder (Step 3)."""

    __tablename__ = "mailbox_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mailbox: Mapped[str] = mapped_column(String(400), unique=True)
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)


class DailyNotice(Base):
    """Things done at most once a day whatever restarts happen: the staff digest, retention."""

    __tablename__ = "daily_notices"
    __table_args__ = (UniqueConstraint("kind", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40))
    day: Mapped[str] = mapped_column(String(10))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime)


class DaemonInstance(Base):
    """A running ``mailbot run``; alive while its heartbeat is fresh."""

    __tablename__ = "daemon_instances"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    host: Mapped[str] = mapped_column(String(200))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Lease(Base):
    """Who may watch a mailbox folder: one instance at a time, taken over when it expires."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(400), primary_key=True)
    holder: Mapped[str] = mapped_column(String(40))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    read_since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class WebLogin(Base):
    """A sign-in link mailed to a staff member: works once, until it expires."""

    __tablename__ = "web_logins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The SHA-256 of the link's random part: the database alone cannot sign anybody in.
    nonce_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # signed in: the session began
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # signed out


class RequestLink(Base):
    """A request made on the web form, waiting for its client to follow the mailed link: the
    mailbox is the identity, so nothing opens until it does."""

    __tablename__ = "request_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    nonce_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    form: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reference: Mapped[str | None] = mapped_column(String(16), nullable=True)  # the case it opened
