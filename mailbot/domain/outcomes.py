"""Every way one inbound mail can end: one class per reason.

``Drop``: nothing is sent to the sender (loops, duplicates, floods). ``Reject``: the case does
not change and the sender gets the polite notice named by ``template`` (at most once per
sender, reason and day); ``alert_staff`` says whether staff hear of it too, in the words of
``summary`` (a sentence for people: the class name is for the trace and the logs, and a subject
never carries a keyword such as I AGREE, which a reply quoting it would repeat). ``Accept``:
the case changed (or a new one opened).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Outcome:
    detail: str = ""

    kind: ClassVar[str] = "outcome"

    @property
    def name(self) -> str:
        return type(self).__name__


# -- Drop: recorded, never answered -----------------------------------------------------------

class Drop(Outcome):
    kind = "drop"


class Duplicate(Drop):
    """The same Message-ID (or raw bytes) was processed before."""


class FromOurselves(Drop):
    """Our own mail came back (loop)."""


class BounceReceived(Drop):
    """A delivery status notification: the party's address is marked failing; staff are told
    once per case and address."""


class AutoReply(Drop):
    """An out-of-office, vacation responder, list or other machine-written mail."""


class Spam(Drop):
    """Flagged as spam by the receiving server."""


class RateLimited(Drop):
    """The sender wrote more than the configured number of mails in the last hour."""


class LoopSuspected(Drop):
    """The same text from the same sender over and over: a mail loop with a dumb responder."""


class NoCaseForBounce(Drop):
    """A bounce for an address that belongs to no open case."""


class BounceNotOurs(Drop):
    """A delivery report that names no mail we sent: anyone can write one, so it marks nobody."""


# -- Reject: the sender is told why nothing happened ------------------------------------------

class Reject(Outcome):
    kind = "reject"
    template: ClassVar[str] = ""
    # What happened, in a sentence for staff (the alert's subject): no class names, no keywords.
    summary: ClassVar[str] = ""
    alert_staff: ClassVar[bool] = False
    # False: the sender is not answered at all (their address is known not to be theirs).
    answer_sender: ClassVar[bool] = True
    # Staff must read every different mail of this kind (the sender was told they would), not
    # one a day per sender and case.
    staff_read_each: ClassVar[bool] = False


class UnknownReference(Reject):
    """A well-formed reference that names no case."""

    template = "reject_unknown_reference"
    summary = "A mail named an unknown case reference"


class BadCheckCharacter(Reject):
    """A reference whose check character is wrong: mistyped, never guessed."""

    template = "reject_bad_reference"
    summary = "A mail named a mistyped case reference"
    alert_staff = True  # usually a typo, sometimes somebody probing for cases


class NotAParty(Reject):
    """A keyword from somebody who is no party of the case."""

    template = "reject_not_a_party"
    summary = "A person outside the case answered it"
    alert_staff = True


class WrongParty(Reject):
    """A keyword that belongs to another party (the new provider saying I AGREE)."""

    template = "reject_wrong_party"
    summary = "A party answered for another party"
    alert_staff = True


class ForgedReplyAddress(Reject):
    """A reply address whose signature does not fit the sender (forged, truncated or passed on)."""

    template = "reject_forged_address"
    summary = "A reply came from another address than the one we wrote to"
    alert_staff = True


class OutsideThread(Reject):
    """The right person, but not answering the request sent to them."""

    template = "reject_outside_thread"
    summary = "A party answered without replying to our request"
    alert_staff = True


class ThreadConflict(Reject):
    """The reply address names one case, the headers or subject another (an autocompleted address)."""

    template = "reject_thread_conflict"
    summary = "A mail pointed at two different cases"
    alert_staff = True


class Unproven(Reject):
    """A mail that would change the case but carries no proof that it comes from the party it
    acts for: it does not answer our mail (no signed reply address) and our server did not
    vouch for the sender. Message-IDs and subjects thread mail; they do not authorise."""

    template = "reject_unproven"
    summary = "A change to the case came without proof of its sender"
    alert_staff = True


class UnprovenCommand(Reject):
    """A #command from a staff address without proof: not sent to the case's staff reply
    address and without our server's pass. From alone never runs a staff command."""

    template = "reject_unproven_command"
    summary = "A staff command came without proof of who sent it"
    alert_staff = True


class Unauthenticated(Reject):
    """Authentication-Results from our server do not show the sender authenticated."""

    template = "reject_unauthenticated"
    summary = "A mail failed our server's sender check"
    alert_staff = True


class NotStaff(Reject):
    """A #command from somebody who is not staff."""

    template = "reject_not_staff"
    summary = "A command came from outside our staff"
    alert_staff = True


class BadCommand(Reject):
    """A staff #command that is unknown, malformed or not possible in the case's state."""

    template = "reject_bad_command"
    summary = "Staff commands were refused"


class Ambiguous(Reject):
    """A reply that mentions a keyword without clearly saying it: staff look, sender asked again."""

    template = "reject_ambiguous"
    summary = "An unclear answer needs a person to read it"
    alert_staff = True
    staff_read_each = True


class CaseClosed(Reject):
    """A keyword on a completed or cancelled case."""

    template = "reject_case_closed"
    summary = "An answer arrived on a closed case"
    alert_staff = True  # the notice promises that staff read it
    staff_read_each = True


class KeywordWithoutCase(Reject):
    """A keyword (I AGREE, I ACCEPT, CANCEL …) opening a mail that names no case: an answer
    sent as a new mail, never a request for a transfer."""

    template = "reject_keyword_without_case"
    summary = "An answer arrived without a case reference"
    alert_staff = True  # staff can tell which case it answers


class RequestAwaitingConfirmation(Reject):
    """A new request from an address whose earlier request still waits for the client's
    confirmation: no second case (a flood of requests in somebody's name would flood their
    mailbox with acknowledgements); the sender is pointed to the first, once a day."""

    template = "reject_request_awaiting_confirmation"
    summary = "A second request while the first waits for the client"


class WhichCase(Reject):
    """A client with several open cases wrote anew without naming one ("any news?"): no case
    opens, and they are asked which one they mean (its reference, listed with its company)."""

    template = "reject_which_case"
    summary = "A client with several open cases wrote without naming one"


class SpoofedRequest(Reject):
    """A new request whose From our own server says failed DMARC: somebody else's address.
    No case, and no answer to that address (it did not write); staff are told."""

    template = "reject_unauthenticated"
    summary = "A new request came in someone else's name"
    alert_staff = True
    answer_sender = False


class StaffWithoutCase(Reject):
    """Staff wrote without a reference or thread: we do not open cases for staff."""

    template = "reject_staff_without_case"
    summary = "A staff mail came without a case reference"


class TooLarge(Reject):
    """The mail is larger than the configured limit."""

    template = "reject_too_large"
    summary = "A mail was too large to read"


class Unreadable(Reject):
    """The mail could not be processed at all; kept for staff."""

    template = "reject_unreadable"
    summary = "A mail was unreadable"
    alert_staff = True


# -- Accept: the case changed -----------------------------------------------------------------

class Accept(Outcome):
    kind = "accept"


class CaseOpened(Accept):
    pass


class FormUpdated(Accept):
    pass


class WaiverSigned(Accept):
    pass


class WaiverObjected(Accept):
    pass


class ProviderAccepted(Accept):
    pass


class ProviderDeclined(Accept):
    pass


class CaseCancelled(Accept):
    pass


class StaffCommands(Accept):
    pass


class StaffNote(Accept):
    """Staff CC'd the mailbox without a command: an internal note, nothing sent to parties."""


class PartyMessage(Accept):
    """A party wrote without a keyword: recorded on the timeline, staff told."""


class AlreadyDone(Accept):
    """A keyword for a step already taken: the sender gets the current status."""


class ChangeOfMind(Accept):
    """A party takes back an answer already acted on (I OBJECT after I AGREE): kept, staff decide."""


class AfterActionAnswer(Accept):
    """The old partner answered the after-action question."""


def all_rejects() -> list[type[Reject]]:
    return [cls for cls in Reject.__subclasses__()]
