"""Who may act: a keyword acts only for the party it belongs to (PRODUCT.md, "Who may do what").

All three must hold: the sender's address is that party's contact on record; the mail answers
that party's reply address or thread; and, when required, our server's Authentication-Results
show the sender authenticated. A signed reply address whose signature does not fit the sender
is a forgery whoever sends it.
"""

from __future__ import annotations

from mailbot.domain import outcomes
from mailbot.domain.incoming import Incoming, Rules
from mailbot.domain.model import PARTY_ROLES, CaseView, Role
from parsers.intent import Intent

KEYWORD_OWNER = {
    Intent.AGREE: Role.OLD_PARTNER,
    Intent.OBJECT: Role.OLD_PARTNER,
    Intent.ACCEPT: Role.NEW_PROVIDER,
    Intent.DECLINE: Role.NEW_PROVIDER,
    Intent.CANCEL: Role.CLIENT,
}


def refuse_keyword(case: CaseView, event: Incoming, owner: Role, rules: Rules) -> outcomes.Reject | None:
    """Why ``event`` may not act for ``owner`` on ``case``, or None when it may."""
    party = case.party(owner)
    if event.token is not None and not event.token.valid:
        return outcomes.ForgedReplyAddress(f"reply address signature does not fit {event.sender}"
                                           + _colleague_hint(event.sender, owner, party))
    if event.role not in PARTY_ROLES:
        return outcomes.NotAParty(f"{event.sender} is no party of {case.reference}"
                                  + _colleague_hint(event.sender, owner, party))
    if party is None or event.role is not owner or event.sender != party.email:
        return outcomes.WrongParty(f"the {event.intent} keyword belongs to the {owner}, "
                                   f"{event.sender} is the {event.role}")
    on_thread = (event.token is not None and event.token.role is owner) or event.thread_role is owner
    if not on_thread:
        return outcomes.OutsideThread(f"{event.sender} did not answer the request sent to the {owner}")
    if rules.require_authenticated_sender and not event.authenticated:
        return outcomes.Unauthenticated(f"no passing DMARC/DKIM/SPF verdict for {event.sender}")
    return None


_SET_WORD = {Role.OLD_PARTNER: "partner", Role.NEW_PROVIDER: "provider"}


def _colleague_hint(sender: str, owner: Role, party) -> str:
    """A colleague of the party on record (same domain) answering for it is routine, not an
    attack: staff are told how to make them the contact."""
    if party is None or owner not in _SET_WORD or sender.rpartition("@")[2] != party.email.rpartition("@")[2]:
        return ""
    return (f"; same domain as the {owner} on record ({party.email}): if they speak for it, "
            f"#set {_SET_WORD[owner]} {sender} and ask them to answer again")


def refuse_staff(event: Incoming, rules: Rules) -> outcomes.Reject | None:
    if rules.require_authenticated_sender and not event.authenticated:
        return outcomes.Unauthenticated(f"staff command from {event.sender} without a passing verdict")
    return None
