"""Each party's status page: what it shows, cut to what that party may see.

The link is ``mailbot.status_links``. Every link that does not open a page (altered, another
case's, a former party's, expired) answers alike: None here, 404 on the web.

What a page shows is chosen here, role by role, not in the template: the partner never sees
the client's phone or the new provider, the provider never sees a waiver dispute. The pages
are read-only: the mail stays the signed record, and no web button signs or accepts. A page
speaks its party's language, as the party's notices do (``replies/i18n.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from mailbot.domain.model import Milestone, MilestoneState, Role, Status
from mailbot.evidence import waiver_as_sent
from mailbot.languages import choose
from mailbot.notices import NoticeWriter, plain_time
from mailbot.status_links import read_token, signed_for
from mailbot.store.cases import active_parties, get_case, to_view
from replies import i18n
from replies.i18n import N_

MILESTONE_WORDS = {
    Milestone.INTAKE: N_("The client's details"),
    Milestone.WAIVER: N_("The current partner's waiver"),
    Milestone.ACCEPTANCE: N_("The new provider's acceptance"),
    Milestone.TRANSFER: N_("The transfer, by our staff"),
    Milestone.FOLLOWUP: N_("Our follow-up"),
}


@dataclass(frozen=True)
class PartyStatus:
    """One party's page, already cut to what that party may see."""

    reference: str
    role: str
    company: str
    status: str  # where the case stands, in words for this party
    needed: str  # what we need from this party now ("" when nothing)
    due: str  # by when, in the SLA timezone with the zone shown ("" when nothing is due)
    answer: list[str]  # how to answer: by mail, with which words
    closed: bool
    details: list[tuple[str, str]] = field(default_factory=list)  # label, value
    milestones: list[tuple[str, str]] = field(default_factory=list)  # what, where it stands
    waiver_text: str = ""
    language: str = "en"  # the party's: the page is written in it


def party_status(session: Session, notices: NoticeWriter, token: str, now: datetime,
                 status_days: int) -> PartyStatus | None:
    """The page ``token`` opens, or None for any token that does not (404, whatever the why)."""
    claimed = read_token(token)
    case = get_case(session, claimed[0]) if claimed is not None else None
    if case is None:
        return None
    _, role, mac = claimed
    party = active_parties(case).get(role)
    if party is None or not signed_for(notices.settings.secret, mac, case.reference, role, party.email):
        return None
    if case.closed_at is not None and case.status in (Status.COMPLETED, Status.CANCELLED) and \
            now >= case.closed_at + timedelta(days=status_days):
        return None
    return _page(session, notices, case, Role(role), party.email, now)


def _page(session: Session, notices: NoticeWriter, case, role: Role, email: str, now: datetime) -> PartyStatus:
    view = to_view(case)
    party = active_parties(case).get(str(role))
    # The page speaks the party's language, as its notices do (English where a catalog lacks a line).
    language = choose(getattr(party, "language", None), notices.settings.language, notices.renderer.languages())
    context = notices.context(case, {"role": str(role), "name": "", "email": email}, {}, now, language)
    tz = notices.settings.timezone
    company = context["company"]
    closed = not view.open
    form = context["form"]

    def t(message: str, **values: str) -> str:
        found = i18n.text(language, message)
        return found % values if values else found

    def when(instant) -> str:
        return plain_time(instant, tz, language)

    not_given = t(N_("(not given)"))

    def milestone_line(m: Milestone, disputed_words: str | None = None) -> tuple[str, str] | None:
        milestone = view.milestone(m)
        state = milestone.state
        if state is MilestoneState.NOT_STARTED:
            return None
        if state is MilestoneState.PENDING:
            if view.status is Status.DISPUTED and m is Milestone.WAIVER and disputed_words is not None:
                words = disputed_words
            elif closed:
                words = t(N_("not finished (the case is closed)"))
            else:  # (a paused clock has no due date)
                words = t(N_("waiting, due %(due)s"), due=when(milestone.due)) if milestone.due else t(N_("waiting"))
        elif state is MilestoneState.DONE:
            words = t(N_("done, %(when)s"), when=when(milestone.done_at)) if milestone.done_at else t(N_("done"))
        elif state is MilestoneState.OVERRIDDEN:
            words = t(N_("settled by our staff"))
        else:
            words = t(N_("not needed"))
        return t(MILESTONE_WORDS[m]), words

    needed, due, answer, details, milestones, waiver_text = "", "", [], [], [], ""
    if role is Role.CLIENT:
        status = context["status_text"]
        intake = view.milestone(Milestone.INTAKE)
        if not closed and intake.state is MilestoneState.PENDING:
            labels = context["missing_labels"]
            needed = t(N_("Your details for the transfer: %(fields)s."), fields=", ".join(labels)) if labels else \
                t(N_("Your confirmation of the details below."))
            due = when(intake.due) if intake.due else ""
            answer = [t(N_("Reply to our mail with the form filled in (keep the reference in the subject)."))]
        elif not closed:
            answer = [t(N_("Nothing is needed from you now. To stop the transfer, reply to our mail with "
                           "%(cancel)s."), cancel="CANCEL")]
        details = [(row["label"], row["value"] or not_given) for row in context["form_rows"]]
        partner, provider = context["partner_email"], context["provider_email"]
        details.append((t(N_("Current partner")), partner or not_given))
        if not view.retail:
            details.append((t(N_("New provider")), provider or not_given))
        disputed = t(N_("disputed by the partner; our staff are mediating"))
        milestones = [line for m in Milestone if (line := milestone_line(m, disputed))]
    elif role is Role.OLD_PARTNER:
        waiver = view.milestone(Milestone.WAIVER)
        if closed:
            status = context["status_text"]
        elif view.status is Status.DISPUTED:
            status = t(N_("you objected to the waiver; our staff will contact you"))
        elif waiver.state is MilestoneState.PENDING:
            status = t(N_("waiting for your answer to the waiver below"))
            needed = t(N_("Your answer to the waiver below."))
            due = when(waiver.due) if waiver.due else ""
            answer = [t(N_("To sign it, reply to our waiver request with %(agree)s as the first words of your "
                           "reply."), agree="I AGREE"),
                      t(N_("To dispute it, reply with %(object)s and tell us why; our staff will contact you."),
                        object="I OBJECT")]
        elif waiver.state is MilestoneState.DONE:
            status = t(N_("you signed the waiver; nothing more is needed from you"))
        else:
            status = t(N_("the waiver was settled by our staff; nothing is needed from you"))
        details = [(t(N_("Client")), company or not_given), (t(N_("Domains")), form["domains"] or not_given)]
        milestones = [line for line in [milestone_line(Milestone.WAIVER,
                                                       t(N_("you objected; our staff will contact you")))] if line]
        # (the text as the partner's request carried it: the one its hash records, in its language)
        waiver_text = waiver_as_sent(session, case, notices, now)[0] or ""
    else:
        acceptance = view.milestone(Milestone.ACCEPTANCE)
        if closed:
            status = context["status_text"]
        elif acceptance.state is MilestoneState.PENDING:
            # (a dispute between the client and their partner is not the provider's to see)
            status = t(N_("waiting for your answer"))
            needed = t(N_("Your answer: will you take the client over?"))
            due = when(acceptance.due) if acceptance.due else ""
            answer = [t(N_("To take the client over, reply to our mail with %(accept)s as the first words of "
                           "your reply."), accept="I ACCEPT"),
                      t(N_("If you cannot, reply with %(decline)s."), decline="I DECLINE")]
        elif view.status is Status.TRANSFERRING:
            status = t(N_("you accepted; our staff are executing the transfer"))
        else:
            status = t(N_("you accepted; the transfer starts when the current partner has released the client"))
        client = view.party(Role.CLIENT)
        details = [(t(N_("Client")), company or not_given),
                   (t(N_("Client contact")), " ".join(filter(None, [context["client_name"],
                                                                    f"<{client.email}>" if client else ""]))),
                   (t(N_("Client phone")), form["contact_phone"] or not_given),
                   (t(N_("Domains")), form["domains"] or not_given)]
        milestones = [line for line in [milestone_line(Milestone.ACCEPTANCE)] if line]
    return PartyStatus(reference=case.reference, role=str(role), company=company, status=status,
                       needed=needed, due=due, answer=answer, closed=closed, details=details,
                       milestones=milestones, waiver_text=waiver_text, language=language)

