"""Who may change what, and the proof each change needs (PRODUCT.md, "Who may do what").

One table, read top to bottom (docs/security.md prints it). A From header proves nothing by
itself, and Message-IDs and subject references only *thread* a mail to its case. What
*authorises* a change is proof:

- a **capability**: the mail was sent to the signed reply address of the party it acts for
  (``transfer+<ref>.<role>.<sig>@…``), which only that party received and whose signature is
  bound to that party's address (the staff one to the case, for senders who are staff);
- or **our server's verdict**: an Authentication-Results header written by one of
  ``trusted_authserv_ids`` on top of the mail, with a DMARC pass for the From domain, on a
  mail whose To or Cc names our mailbox (a partner's signed mail to somebody else, replayed
  to us with our thread's In-Reply-To added on top, still passes DKIM and DMARC).

With ``require_authenticated_sender`` the verdict is needed as well, for every row that needs
proof. A mail that lacks the proof its change needs changes nothing: it is recorded, staff are
told, and the sender is asked to answer our mail.
"""

from __future__ import annotations

from dataclasses import dataclass

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

CAPABILITY_OR_VERDICT = "the party's signed reply address, or our server's DMARC pass for its From on a mail to us"


@dataclass(frozen=True)
class Permission:
    """One row of the table: an action, whose it is, and the proof it needs."""

    action: str
    who: str
    proof: str


PERMISSIONS: tuple[Permission, ...] = (
    Permission("open a case (a new request)", "anyone",
               "none: only the requester's own address is written to until the client is proven"),
    Permission("open a case on the web form", "the client", "the confirmation link mailed to the address "
               "given, followed: until then nothing opens and only that address is written to"),
    Permission("write to the partner and the provider for the client (complete the intake)",
               "the client", "an answer to our acknowledgement from the client's mailbox (its signed "
               "reply address, saying yes or giving the form), or our server's DMARC pass on the request"),
    Permission("fill in or correct the intake form, name the partner or provider", "the client",
               CAPABILITY_OR_VERDICT),
    Permission("correct the contact's name and phone, name another provider after a decline", "the client",
               CAPABILITY_OR_VERDICT),
    Permission("CANCEL", "the client", "its thread, and " + CAPABILITY_OR_VERDICT),
    Permission("I AGREE (sign the waiver) / I OBJECT", "the old partner on record",
               "its thread, and " + CAPABILITY_OR_VERDICT),
    Permission("I ACCEPT / I DECLINE", "the new provider on record", "its thread, and " + CAPABILITY_OR_VERDICT),
    Permission("#commands (complete, cancel, reopen, override, extend, set, merge, note, status)",
               "staff (security.staff)", "the case's staff reply address (in every staff notice), or our "
               "server's DMARC pass for the staff domain; #cancel and #override with a reason on the line"),
    Permission("the console: #commands as forms, take an unclear reply as its party's answer, retry or replay mail",
               "staff (security.staff)", "a session begun with a one-time sign-in link mailed to that staff address; "
               "a CSRF token on every form; #cancel and #override with a reason"),
    Permission("read a case's status page (read-only: it changes nothing)", "each party, its own part only",
               "the link in our notices to that party's current address (an HMAC over the case, the role "
               "and the address); it dies when the party is replaced and after the case has been closed "
               "for [web] status_days"),
    Permission("a note on the timeline (staff mail without a command)", "staff",
               "none; recorded as not verified without the proof of #commands"),
    Permission("a message for staff (no keyword, no change)", "anyone on a case", "none: it changes nothing"),
    Permission("thread a new mail without a reference to the sender's one open case (answered with its status)",
               "the client of that case", "none: the address only threads, like a subject reference; a keyword "
               "or a change in that mail needs the proof of its row"),
    Permission("mark an address as failing (a bounce)", "a mail server",
               "the report names the Message-ID of a mail we sent to that address"),
)


def proven(event: Incoming, role: Role) -> bool:
    """Whether ``event`` carries proof that it comes from the holder of ``role``: the role's
    signed reply address (the signature already fits the sender) or our server's pass."""
    capability = event.token is not None and event.token.valid and event.token.role is role
    return capability or bool(event.authenticated)


def proof_text(event: Incoming, role: Role) -> str:
    """What proved the mail, in words (for the evidence)."""
    capability = event.token is not None and event.token.valid and event.token.role is role
    parts = (["its signed reply address"] if capability else []) + \
        (["our server's DMARC pass"] if event.authenticated else [])
    return " and ".join(parts) or "none"


def refuse_unproven(event: Incoming, role: Role, rules: Rules, what: str) -> outcomes.Reject | None:
    """Why ``event`` may not ``what`` for ``role`` for lack of proof, or None."""
    if rules.require_authenticated_sender and not event.authenticated:
        return outcomes.Unauthenticated(f"{what}: no passing DMARC verdict from our server for {event.sender}")
    if not proven(event, role):
        unproven = outcomes.UnprovenCommand if role is Role.STAFF else outcomes.Unproven
        answer = "a staff notice of the case" if role is Role.STAFF else "our mail"
        return unproven(f"{what}: {event.sender} did not answer {answer} (no signed reply address) "
                        "and our server did not vouch for the sender")
    return None


def refuse_keyword(case: CaseView, event: Incoming, owner: Role, rules: Rules) -> outcomes.Reject | None:
    """Why ``event`` may not act for ``owner`` on ``case``, or None when it may."""
    party = case.party(owner)
    if event.token is not None and not event.token.valid:
        return outcomes.ForgedReplyAddress(f"{event.sender} wrote to a reply address made for "
                                           f"{_whose(event.token.role)}, not for them"
                                           + _colleague_hint(event.sender, owner, party))
    if event.role not in PARTY_ROLES:
        return outcomes.NotAParty(f"{event.sender} is not on case {case.reference}"
                                  + _colleague_hint(event.sender, owner, party))
    if party is None or event.role is not owner or event.sender != party.email:
        said = str(event.intent).upper() if event.intent is Intent.CANCEL else f"I {str(event.intent).upper()}"
        return outcomes.WrongParty(f"{said} is for the {ROLE_WORDS[owner]} to say; "
                                   f"{event.sender} is the {ROLE_WORDS.get(event.role, event.role)}")
    on_thread = (event.token is not None and event.token.role is owner) or event.thread_role is owner
    if not on_thread:
        return outcomes.OutsideThread(f"{event.sender} did not answer the request sent to the {ROLE_WORDS[owner]}")
    return refuse_unproven(event, owner, rules, str(event.intent).upper())


def refuse_client_change(event: Incoming, rules: Rules, what: str) -> outcomes.Reject | None:
    """Why the client's mail may not change the case's details (the parties, the form)."""
    if event.token is not None and event.token.role is Role.CLIENT and not event.token.valid:
        return outcomes.ForgedReplyAddress(f"reply address signature does not fit {event.sender}")
    return refuse_unproven(event, Role.CLIENT, rules, what)


_SET_WORD = {Role.OLD_PARTNER: "partner", Role.NEW_PROVIDER: "provider"}
# Roles as staff say them (the details staff read in alerts): "current partner", not "old_partner".
ROLE_WORDS = {Role.CLIENT: "client", Role.OLD_PARTNER: "current partner", Role.NEW_PROVIDER: "new provider",
              Role.STAFF: "staff"}


def _whose(role) -> str:
    return f"the {ROLE_WORDS[role]}" if role in ROLE_WORDS else "somebody else"


def _colleague_hint(sender: str, owner: Role, party) -> str:
    """A colleague of the party on record (same domain) answering for it is routine, not an
    attack: staff are told how to make them the contact."""
    if party is None or owner not in _SET_WORD or sender.rpartition("@")[2] != party.email.rpartition("@")[2]:
        return ""
    return (f"; same domain as the {ROLE_WORDS[owner]} on record ({party.email}): if they speak for it, "
            f"#set {_SET_WORD[owner]} {sender} and ask them to answer again")


def refuse_staff(event: Incoming, rules: Rules) -> outcomes.Reject | None:
    """Why a staff address's #commands may not act: staff commands need the case's staff reply
    address or our server's pass, never From alone. (Another party's reply address among the
    recipients, as when staff answer a partner's mail to all, is no forgery: it proves nothing.)"""
    if event.token is not None and event.token.role is Role.STAFF and not event.token.valid:
        return outcomes.ForgedReplyAddress(f"reply address signature does not fit {event.sender}")
    return refuse_unproven(event, Role.STAFF, rules, "staff command")
