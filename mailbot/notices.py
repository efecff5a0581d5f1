"""Notices into the outbox: recipients, threading, the render context, the exact bytes.

Every notice goes into ``outbound_mails`` in the same transaction as the change that caused it,
already rendered to the bytes that will be sent, with its Message-ID fixed now (so a retry
can never produce a second, different mail). Each party has its own thread: a stable subject
("Re: " after the first mail, the party's own ticket tags kept in front), In-Reply-To the last
message of that thread and References its chain.

Each notice to a party is written in that party's language (``mailbot/languages.py`` says
which); staff notices are English. The words the context takes from code (dates, the status,
the form's labels, a reminder's request) are translated here, with the templates' own words
in ``replies/i18n.py``'s catalogs.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mailbot.domain.decision import SENDER, STAFF, Notice
from mailbot.domain.intake import LABELS, NOT_GIVEN, Problem, form_problems, value_problem
from mailbot.domain.model import Milestone, MilestoneState, Role, Status
from mailbot.languages import choose
from mailbot.status_links import ROLE_CODES, status_link
from mailbot.store.cases import active_parties, party_thread, remember_message, to_view
from mailbot.store.models import Case, Event, OutboundMail
from parsers.commands import USAGE
from parsers.form import FIELDS
from parsers.quote_patterns import REPLY_PREFIX
from parsers.reply_address import STAFF_BINDING, make_reply_address
from replies import i18n
from replies.i18n import N_
from replies.message import (
    Envelope,
    HeaderError,
    build_message,
    clean_text,
    is_message_id,
    make_message_id,
)
from replies.render import Renderer

log = logging.getLogger("mailbot.notices")

SAME_NOTICE_PER_DAY = 5

STATUS_TEXT = {
    "intake": N_("waiting for the client's details"),
    "waiting": N_("waiting for the partner's waiver and the new provider's acceptance"),
    "disputed": N_("the partner objected; our staff are mediating"),
    "transferring": N_("our staff are executing the transfer"),
    "completed": N_("the transfer is complete"),
    "cancelled": N_("the case was cancelled"),
}


def _status_text(view) -> str:
    """The status in words; while waiting, only what is still outstanding (whole sentences:
    each is one message of the catalogs)."""
    if view.status is not Status.WAITING:
        return STATUS_TEXT[str(view.status)]
    waiver = view.milestone(Milestone.WAIVER).state is MilestoneState.PENDING
    acceptance = view.milestone(Milestone.ACCEPTANCE).state is MilestoneState.PENDING
    choice = acceptance and view.party(Role.NEW_PROVIDER) is None and not view.retail
    if waiver and acceptance:
        return N_("waiting for the partner's waiver and the client's choice of a new provider") if choice \
            else N_("waiting for the partner's waiver and the new provider's acceptance")
    if waiver:
        return N_("waiting for the partner's waiver")
    if acceptance:
        return N_("waiting for the client's choice of a new provider") if choice \
            else N_("waiting for the new provider's acceptance")
    return STATUS_TEXT["waiting"]


KEYWORDS_BY_ROLE = {
    "old_partner": N_("I AGREE or I OBJECT"),
    "new_provider": N_("I ACCEPT or I DECLINE"),
    "client": "CANCEL",
}
# Words the context takes from code, for the catalogs: the form's labels (``LABELS`` of
# mailbot.domain.intake; tests/unit/test_notice_languages.py keeps the two in step), what a
# form shows for a value it did not take, and the notes of a status notice (``decide``).
_CATALOG_WORDS = (
    N_("Company"), N_("Contact name"), N_("Contact phone"), N_("Domains"), N_("Current partner e-mail"),
    N_("Current partner contact name"), N_("Current partner phone (optional)"),
    N_('New provider e-mail (or "none" for retail)'), N_("New provider contact name"),
    N_("New provider phone (optional)"), N_("Reason for the transfer"),
    N_("our staff have your message as well"), N_("our staff now write to you at this address"),
    N_("the waiver is already signed"), N_("the waiver is already overridden"),
    N_("the waiver is already settled"), N_("the objection is already with our staff"),
    N_("the transfer is already accepted"),
    N_("your signature of the waiver stands until our staff have read your objection"),
    N_("your acceptance stands until our staff have read your message"),
)
NOT_ACCEPTED = N_("[not accepted, see above]")
RECEIVED = N_("[received]")


@dataclass(frozen=True)
class NoticeSettings:
    mailbox: str
    secret: bytes
    sender_name: str
    vendor: str
    staff_addresses: tuple[str, ...]
    timezone: str
    waiver_version: str
    followup_days: int
    notices_per_address_per_hour: int
    # Where parties' status pages are served ("": notices carry no status link).
    status_base_url: str = ""
    # The language of a party whose language nobody knows ([notices] language).
    language: str = i18n.SOURCE

    @property
    def domain(self) -> str:
        return self.mailbox.rpartition("@")[2]


@dataclass(frozen=True)
class Answering:
    """The inbound mail a notice answers (for SENDER notices and auto-replied headers)."""

    sender: str
    sender_role: str
    message_id: str | None
    references: tuple[str, ...] = ()
    subject: str = ""
    inbound_id: int | None = None
    extra: dict = field(default_factory=dict)
    # The language the mail is written in (its Content-Language, else its words; None: it
    # does not say): a sender who is no party is answered in it.
    language: str | None = None
    # Whether our answer may repeat their subject: only when the mail is proven to come from
    # its sender. Anyone can write any From, and a subject echoed to that address would carry
    # the writer's words ("You won! visit http://…") in our name.
    echo_subject: bool = False
    text: str = ""  # the new text of the mail (quoted to staff in every staff notice about it)


THEIR_WORDS_CHARS = 1500  # of a mail's new text quoted in a staff notice about it


def their_words(notice: Notice, answering: Answering | None, context: dict) -> dict:
    """The sender's own words for a staff notice about a mail: the new text, cut to
    THEIR_WORDS_CHARS and quoted ("> "), unless the notice already shows them (a dispute's
    words, a signature's: in its own context, or the signing words the checklist repeats) or the
    mail is a staff member's own command."""
    if notice.to != STAFF or answering is None or answering.sender_role == STAFF:
        return {}
    text = (answering.text or "").strip()
    if not text:
        return {}
    shown = " ".join(text.split())[:200]
    given = notice.context.values()
    values = [*given, *(v for value in given if isinstance(value, dict) for v in value.values()),
              (context.get("waiver_evidence") or {}).get("words")]
    if any(isinstance(value, str) and shown in " ".join(value.split()) for value in values):
        return {}
    cut = text[:THEIR_WORDS_CHARS]
    if len(text) > THEIR_WORDS_CHARS:
        cut += f"\n[… {len(text) - THEIR_WORDS_CHARS} more characters, in the mail itself]"
    return {"their_words": "\n".join(f"> {line}".rstrip() for line in cut.splitlines()), "their_text": cut,
            "their_from": answering.sender,
            "their_subject_line": clean_text(answering.subject or "", 200) or "(none)"}


def _shown(field: str, value: str, client_verified: bool, language: str = i18n.SOURCE) -> str:
    """A form value as our mail shows it. What the problems list refuses, and the free-text
    reason before the client has answered from their mailbox, are not written back (in
    brackets, which the form reader takes for an empty answer)."""
    if value and value_problem(field, value):
        return i18n.text(language, NOT_ACCEPTED)
    if value and field == "reason" and not client_verified:
        return i18n.text(language, RECEIVED)
    return value


def _said_in(problem: str, language: str) -> str:
    """A form problem in ``language`` (``intake.Problem``); any other text as it is."""
    if not isinstance(problem, Problem):
        return problem
    values = {key: i18n.text(language, value) if key in Problem.OURS else value
              for key, value in problem.values.items()}
    found = i18n.translated(language, problem.message)
    return problem if found is None else found % values


def plain_time(instant: datetime | None, timezone: str, language: str = i18n.SOURCE) -> str:
    """"Monday 30 November 2026, 09:00 (America/Chicago)"; in another language as its
    readers write a date ("Montag, 30. November 2026, 09:00 (America/Chicago)")."""
    if instant is None:
        return i18n.text(language, N_("not set"))
    from zoneinfo import ZoneInfo

    local = instant.astimezone(ZoneInfo(timezone))
    if language == i18n.SOURCE:
        return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M} ({timezone})"
    from babel.dates import format_date

    return f"{format_date(local.date(), 'full', locale=language)}, {local:%H:%M} ({timezone})"


class NoticeWriter:
    def __init__(self, settings: NoticeSettings, renderer: Renderer) -> None:
        self.settings = settings
        self.renderer = renderer

    # -- context -----------------------------------------------------------------------------

    def context(self, case: Case | None, recipient: dict, extra: dict, now: datetime | None = None,
                language: str = i18n.SOURCE) -> dict:
        s = self.settings
        base = {
            "vendor": s.vendor, "mailbox": s.mailbox, "followup_days": s.followup_days,
            "recipient": recipient, "reference": "", "company": "", "client_name": "",
            "client_email": "", "partner_email": "", "provider_email": "", "retail": False,
            "status": "", "status_text": "", "form": dict.fromkeys(FIELDS, ""), "form_rows": [],
            "missing": [], "missing_labels": [], "problems": [], "due": {}, "due_ahead": {},
            "waiver_text": "", "waiver_version": s.waiver_version, "waiver_overridden": False,
            "milestone_rows": [], "keywords": KEYWORDS_BY_ROLE.get(recipient.get("role", ""), ""),
            "note": "", "confirm": False, "evidence": {}, "words": "", "waiver_evidence": {},
            "client_verified": True,
            # what rejection notices quote back; the pipeline fills them when it has them
            "sender": recipient.get("email", ""), "detail_reference": "", "limit": "", "results": [],
            "meant_role": "", "meant_email": "",  # whose reply address or answer it was (decide's _meant_for)
            "command_forms": list(USAGE.values()),  # what a refused staff command is shown
            "status_link": "",
            # the mail a staff notice is about, quoted (``their_words``); empty otherwise
            "their_words": "", "their_text": "", "their_from": "", "their_subject_line": "",
            "partner_name": "", "partner_phone": "", "provider_name": "", "provider_phone": "",
        }
        if case is not None:
            base.update(self._case_context(case, now, language))
        base.update(extra)
        base["missing_labels"] = [LABELS.get(m, m) for m in base["missing"]]
        if language != i18n.SOURCE:
            self._translate(base, language)
        return base

    def _translate(self, context: dict, language: str) -> None:
        """The words the context took from code, in ``language`` (each left English where the
        catalog has no translation)."""
        for key in ("status_text", "keywords", "note", "ask", "keyword"):
            if isinstance(context.get(key), str) and context[key]:
                context[key] = i18n.text(language, context[key])
        for key in ("missing_labels", "noted", "asked"):
            context[key] = [i18n.text(language, value) for value in context.get(key) or []]
        context["form_rows"] = [{**row, "label": i18n.text(language, row["label"])} for row in context["form_rows"]]
        context["problems"] = [_said_in(problem, language) for problem in context.get("problems") or []]
        if isinstance(context.get("milestone_due_at"), datetime):  # (a reminder's deadline)
            context["milestone_due"] = plain_time(context["milestone_due_at"], self.settings.timezone, language)

    def language(self, case: Case | None, role: str, party, notice: Notice, answering: Answering | None) -> str:
        """The language of a notice: staff read English; a party its own (``party.language``);
        a sender who is no party (or no longer one) the language of the mail we answer, or
        of the party they were; the configured default when nothing says."""
        if role == STAFF:
            return i18n.SOURCE
        wanted = getattr(party, "language", None)
        if party is None and notice.address and case is not None:
            former = [p for p in case.parties if p.email == notice.address and p.role == role]
            wanted = former[-1].language if former else None
        elif party is None and notice.to == SENDER and answering is not None:
            wanted = answering.language
        return choose(wanted, self.settings.language, self.renderer.languages())

    def _case_context(self, case: Case, now: datetime | None = None, language: str = i18n.SOURCE) -> dict:
        view = to_view(case)
        s = self.settings
        # What staff let through with #override intake was never given: shown as empty.
        form = {**dict.fromkeys(FIELDS, ""), **{k: ("" if v == NOT_GIVEN else v) for k, v in view.form.items()}}
        client = view.party(Role.CLIENT)
        partner = view.party(Role.OLD_PARTNER)
        provider = view.party(Role.NEW_PROVIDER)
        missing, problems = form_problems(view.form, client.email if client else "", s.mailbox)
        due = {str(m): plain_time(view.milestone(m).due, s.timezone, language) for m in Milestone}
        # (a deadline already passed is not asked for again: "We need these by" a past date)
        due_ahead = {str(m): plain_time(view.milestone(m).due, s.timezone, language)
                     if view.milestone(m).due is not None and (now is None or view.milestone(m).due > now) else ""
                     for m in Milestone}
        rows = []
        for m in Milestone:
            milestone = view.milestone(m)
            if milestone.state is MilestoneState.NOT_STARTED:
                continue
            rows.append({"name": str(m), "state": str(milestone.state),
                         "due": plain_time(milestone.due, s.timezone, language)  # (a paused clock has none)
                         if milestone.state is MilestoneState.PENDING and milestone.due else ""})
        return {
            "reference": view.reference, "due_ahead": due_ahead,
            "company": ("" if value_problem("company", form["company"]) else form["company"])
            or (client.company if client else ""),
            "client_name": (client.name if client else "")
            or ("" if value_problem("contact_name", form["contact_name"]) else form["contact_name"]),
            "client_email": client.email if client else "",
            "partner_email": partner.email if partner else form["old_partner_email"],
            "provider_email": provider.email if provider else "",
            # whom to talk to at the partner and the provider (given by the client, for staff)
            "partner_name": partner.name if partner else form["old_partner_name"],
            "partner_phone": partner.phone if partner else form["old_partner_phone"],
            "provider_name": provider.name if provider else "",
            "provider_phone": provider.phone if provider else "",
            "retail": view.retail,
            "status": str(view.status),
            "status_text": _status_text(view),
            "form": form,
            # (the reason is free text: until the client has answered from their mailbox, it
            # is not written back to an address that may not have written it)
            "form_rows": [{"label": LABELS[f], "value": _shown(f, form[f], view.client_verified, language)}
                          for f in FIELDS],
            "missing": missing,
            "problems": problems,
            "due": due,
            "waiver_overridden": view.waiver.overridden,
            "waiver_evidence": dict(view.waiver.evidence or {}) if view.waiver.signed else {},
            "client_verified": view.client_verified,
            "milestone_rows": rows,
        }

    # -- writing -----------------------------------------------------------------------------

    def write(self, session: Session, case: Case | None, notice: Notice, now: datetime,
              answering: Answering | None = None, flush: bool = True) -> OutboundMail | None:
        # Sessions do not autoflush (it cost several flushes per mail): make what this mail
        # changed so far (its own thread entry, earlier notices) visible to the queries below.
        # The sweep, writing one notice per case for many cases, skips it (a flush scans every
        # object the session holds).
        if flush:
            session.flush()
        recipients, role, party = self._recipients(case, notice, answering)
        if not recipients:
            log.warning("notice %s for %s has no recipient; not sent", notice.template, notice.to)
            return None
        limit, send_at = (self._over_limit(session, recipients[0], notice.template, case, now)
                          if role != STAFF else (None, now))
        if limit == "repeated" or (limit == "busy" and notice.to == SENDER):
            # The same notice again and again in one case is a loop; an answer to a flood is
            # backscatter. Neither is sent; the case records it.
            if case is not None:
                session.add(Event(case_id=case.id, at=now, kind="notice_suppressed", actor="system",
                                  detail=f"{notice.template} to {recipients[0]}: {limit}"))
            log.warning("notice %s to %s suppressed: %s", notice.template, recipients[0], limit)
            return None
        if limit == "busy" and case is not None:
            # A request the workflow needs (a waiver for each of twelve clients of one partner)
            # is never dropped: it waits for an hour with room.
            session.add(Event(case_id=case.id, at=now, kind="notice_delayed", actor="system",
                              detail=f"{notice.template} to {recipients[0]}: hourly limit, "
                                     f"goes out at {send_at.isoformat(timespec='minutes')}"))
        recipient = {"role": role, "name": party.name if party else "", "email": recipients[0]}
        language = self.language(case, role, party, notice, answering)
        context = self.context(case, recipient, dict(notice.context), now, language)
        context.update(their_words(notice, answering, context))
        if self.settings.status_base_url and case is not None and party is not None and \
                role in ROLE_CODES and party.email == recipients[0]:
            # (only to the party's own current address: the page is theirs alone)
            context["status_link"] = status_link(self.settings.status_base_url, self.settings.secret,
                                                 case.reference, role, party.email)
        if notice.template == "waiver_request" and case is not None:
            self._attach_waiver(case, context, language)
        rendered = self.renderer.render(notice.template, context, language)

        subject, in_reply_to, references = self._threading(session, case, role, rendered.subject,
                                                           party, notice, answering)
        reply_to = self._reply_address(case, role, recipients[0], party)
        message_id = make_message_id(self.settings.domain)
        envelope = Envelope(
            from_addr=self.settings.mailbox, from_name=self.settings.sender_name, to=tuple(recipients),
            subject=subject, message_id=message_id, date=now, reply_to=reply_to,
            in_reply_to=in_reply_to, references=references,
            auto_submitted="auto-replied" if notice.to == SENDER else "auto-generated",
            case_reference=case.reference if case else None)
        try:
            raw = build_message(envelope, rendered)
        except HeaderError as exc:  # an address we cannot write (say, a non-ASCII local part)
            log.warning("notice %s not sent: %s", notice.template, exc)
            if case is not None:
                session.add(Event(case_id=case.id, at=now, kind="notice_not_sent", actor="system",
                                  detail=f"{notice.template}: {exc}"[:1000]))
                if party is not None and role != STAFF:
                    # Staff must know: somebody is waiting for a mail that cannot be written.
                    party_row = active_parties(case).get(role)
                    if party_row is not None:
                        party_row.failing, party_row.failing_reason = True, str(exc)[:1000]
                    self.write(session, case, Notice("parked_staff", STAFF, {
                        "failed": [recipients[0]], "error": str(exc), "their_subject": rendered.subject,
                        "role": role}), now)
            return None
        row = OutboundMail(case_id=case.id if case else None, template=notice.template, role=role,
                           status="pending", to=list(recipients), recipient=recipients[0], cc=[], subject=subject,
                           message_id=message_id, in_reply_to=in_reply_to, references=list(references),
                           reply_to=reply_to, text=rendered.text, raw=raw, created_at=now, attempts=0,
                           next_attempt_at=send_at, inbound_id=answering.inbound_id if answering else None)
        session.add(row)
        if case is not None:
            remember_message(session, message_id, case, role, recipients[0] if role != STAFF else None,
                             "out", now, subject)
        return row

    def _recipients(self, case: Case | None, notice: Notice, answering: Answering | None):
        if notice.address:
            # a former party no longer on record, or one staff member (a sign-in link)
            return [notice.address], notice.to, None
        if notice.to == STAFF:
            return list(self.settings.staff_addresses), STAFF, None
        if notice.to == SENDER:
            if answering is None:
                return [], SENDER, None
            party = active_parties(case).get(answering.sender_role) if case else None
            if party and party.email != answering.sender:
                party = None
            return [answering.sender], answering.sender_role, party
        party = active_parties(case).get(notice.to) if case else None
        return ([party.email] if party else []), notice.to, party

    def _over_limit(self, session: Session, address: str, template: str, case: Case | None,
                    now: datetime) -> tuple[str | None, datetime]:
        """Per outside address: "repeated" when this case already sent this notice
        SAME_NOTICE_PER_DAY times today (a loop); "busy" when N notices are already due in the
        hour before ``now`` or after it. With the time the notice may go out: an hour after
        the N-th latest one, so that no hour ever holds more than N (a busy partner's waivers
        go out N an hour instead of piling up for one later burst)."""
        per_hour = self.settings.notices_per_address_per_hour
        same = (OutboundMail.template == template) & (
            OutboundMail.case_id == case.id if case is not None else OutboundMail.case_id.is_(None))
        same_today = session.scalar(select(func.count()).select_from(OutboundMail).where(
            OutboundMail.recipient == address, OutboundMail.created_at >= now - timedelta(days=1), same))
        if same_today >= SAME_NOTICE_PER_DAY:
            return "repeated", now
        latest = session.scalars(
            select(OutboundMail.next_attempt_at)
            .where(OutboundMail.recipient == address, OutboundMail.next_attempt_at >= now - timedelta(hours=1))
            .order_by(OutboundMail.next_attempt_at.desc()).limit(per_hour)).all()
        if len(latest) < per_hour:
            return None, now
        return "busy", max(now, latest[-1] + timedelta(hours=1))

    def _reply_address(self, case: Case | None, role: str, address: str, party) -> str:
        if case is not None and role == STAFF:
            # Staff answer a notice with a #command: the case's staff address proves the mail
            # answers a notice only staff received (From alone proves nothing).
            return make_reply_address(self.settings.mailbox, self.settings.secret, case.reference, STAFF,
                                      STAFF_BINDING)
        if case is None or role not in ("client", "old_partner", "new_provider") or party is None:
            return self.settings.mailbox
        return make_reply_address(self.settings.mailbox, self.settings.secret, case.reference, role, address)

    def _threading(self, session: Session, case: Case | None, role: str, template_subject: str,
                   party, notice: Notice, answering: Answering | None):
        tag = f"[{case.reference}]" if case else ""
        if notice.to == SENDER and answering is not None:
            theirs = (clean_text(answering.subject, 200) if answering.echo_subject else "") or template_subject
            if tag and tag.lower() not in theirs.lower():
                theirs = f"{theirs} {tag}"
            subject = theirs if theirs.lower().startswith(("re:", "aw:", "sv:", "r:")) else f"Re: {theirs}"
            references = tuple(r for r in (*answering.references, answering.message_id) if is_message_id(r))
            return subject, answering.message_id if is_message_id(answering.message_id) else None, references
        # The client's thread is theirs whatever address they write from; a partner's or
        # provider's thread belongs to that address (a replacement provider starts afresh).
        email = notice.address or (party.email if party is not None and role in ("old_partner", "new_provider")
                                   else None)
        thread = party_thread(session, case, role, email) if case else []
        first = next((t.subject for t in thread if t.direction == "out" and t.subject), None)
        started_by_them = None
        if not first and (role != "client" or case is None or case.client_verified):
            # (a client not yet proven may be somebody else writing in their name: their
            # subject is not repeated to the address they used)
            theirs = next((t.subject for t in thread if t.direction == "in"), None)
            started_by_them = REPLY_PREFIX.sub("", clean_text(theirs or "", 200)).strip() or None
        if role == STAFF:
            # Staff scan subjects for what happened ("Deadline passed", "Dispute"): each notice
            # says its own, and still threads under the case by its References.
            first = started_by_them = None
        if first:
            base = first.split(tag, 1)[-1].strip() if tag and tag in first else first
            subject = f"Re: {tag} {base}".strip()
        elif started_by_them:
            # They opened the thread (a client's request): answer under their subject, so that
            # clients that thread by subject (Gmail, Outlook's conversations) keep it together.
            subject = f"Re: {tag} {started_by_them}".strip()
        else:
            subject = f"{tag} {template_subject}".strip()
        tags = " ".join(party.subject_tags) if party is not None and getattr(party, "subject_tags", None) else ""
        if tags:
            subject = f"{tags} {subject}"
        ids = tuple(t.message_id for t in thread if is_message_id(t.message_id))
        return subject, (ids[-1] if ids else None), ids

    def _attach_waiver(self, case: Case, context: dict, language: str = i18n.SOURCE) -> None:
        """The waiver text in the partner's language (English where the version has none);
        the case records its version, its language and the SHA-256 of the exact text."""
        version = self.settings.waiver_version
        text, written_in = self.renderer.render_waiver_in(version, {
            "company": context["company"], "domains": context["form"]["domains"],
            "partner_email": context["partner_email"], "reference": case.reference,
            "vendor": self.settings.vendor, "retail": case.retail}, language)
        context["waiver_text"] = text
        case.waiver_version = version
        case.waiver_language = written_in
        case.waiver_text_sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
