"""The intake form: which fields a case needs before the partner and provider are contacted,
and what each may hold.

What the client types reaches other people: the company name goes into the legal waiver, the
contact's name and phone to the new provider. Those are data, not text: a short single line of
the characters names and numbers are made of. A sentence, a numbered clause ("Acme LLC. 5. The
partner also waives …"), a link or a line too long to be a name is a problem the client is
asked to correct (and staff can fix with #set). The reason stays with staff.
"""

from __future__ import annotations

import re

from parsers.form import FIELDS
from replies.i18n import N_

# Who to talk to at the partner and the provider: asked for on every form, but an intake
# completes without them (the e-mail addresses are what the workflow needs, and clients who
# answered the form before these fields existed must not be asked again). Staff see them.
OPTIONAL = ("old_partner_name", "old_partner_phone", "new_provider_name", "new_provider_phone")
REQUIRED = tuple(field for field in FIELDS if field not in OPTIONAL)
NAME_FIELDS = ("contact_name", "old_partner_name", "new_provider_name")
PHONE_FIELDS = ("contact_phone", "old_partner_phone", "new_provider_phone")
LABELS = {
    "company": "Company",
    "contact_name": "Contact name",
    "contact_phone": "Contact phone",
    "domains": "Domains",
    "old_partner_email": "Current partner e-mail",
    "old_partner_name": "Current partner contact name",
    "old_partner_phone": "Current partner phone (optional)",
    "new_provider_email": 'New provider e-mail (or "none" for retail)',
    "new_provider_name": "New provider contact name",
    "new_provider_phone": "New provider phone (optional)",
    "reason": "Reason for the transfer",
}
# (the domain up to its first dot without backtracking: linear on "a@b.b.b.…@")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s][^@\s.]*\.[^@\s]+$")


# What #override intake writes into a field nobody filled in.
NOT_GIVEN = "(not given)"

MAX_NAME = 80  # characters of a company or contact name
MAX_NAME_WORDS = 8
# Letters (any script) and the marks and punctuation of names: "O'Brien & Söhne GmbH & Co. KG".
_NAME_CHARS = re.compile(r"^(?:[^\W_]|[ .,'\u2019&()/+!-])*$")
_PERSON_CHARS = re.compile(r"^(?:[^\W_]|[ .,'\u2019()-])*$")
_CLAUSE_NUMBER = re.compile(r"(?:^|\s)\(?\d{1,3}[.)](?:\s|$)|§")
_LINK = re.compile(r"://|\bwww\.|@|\bhttps?\b", re.IGNORECASE)
# Words of clauses, not of names: "Acme (Partner Waives All Open Invoices) LLC" is a clause in
# a company's clothes. (Nouns like "Payments" or "Consulting" stay: companies are named so.)
_CLAUSE_WORDS = frozenset({
    "shall", "hereby", "herewith", "herein", "thereof", "whereas", "notwithstanding", "waive", "waives", "waived",
    "waiving", "waiver", "releases", "released", "agrees", "agreed", "consents", "consented", "indemnify",
    "indemnifies", "liable", "void", "owes", "owed", "forfeits", "forfeit", "relinquishes", "renounces",
    "verzichtet", "renonce", "renuncia", "rinuncia",
})
_PHONE = re.compile(r"^\+?[\d ().\-/]{5,30}(?:\s*(?:ext\.?|x|#)\s*\d{1,6})?$", re.IGNORECASE)


class Problem(str):
    """A problem with a form value, in plain English, that a notice can say again in the
    reader's language: its message (marked for the catalogs) and the values put in it. As a
    string it is the English sentence, exactly."""

    message: str
    values: dict[str, str]
    # (the values that are words of ours, translated with the message; the rest are the writer's)
    OURS = ("label", "what")

    def __new__(cls, message: str, **values: str) -> Problem:
        made = super().__new__(cls, message % values if values else message)
        made.message, made.values = message, values
        return made


def value_problem(field: str, value: str) -> str | None:
    """Why ``value`` cannot stand in ``field`` (it reaches the waiver or another party), or None."""
    if not value or value == NOT_GIVEN:
        return None
    label = LABELS[field]
    if field in PHONE_FIELDS:
        if not _PHONE.match(value):
            return Problem(N_("%(label)s — %(value)s is not a phone number (digits, spaces, + ( ) - / only)"),
                           label=label, value=repr(value[:60]))
        return None
    if field != "company" and field not in NAME_FIELDS:
        return None
    what = N_("a company name") if field == "company" else N_("a person's name")
    words = value.split()
    if len(value) > MAX_NAME or len(words) > MAX_NAME_WORDS:
        return Problem(N_("%(label)s — too long for %(what)s (at most %(chars)s characters and %(words)s words)"),
                       label=label, what=what, chars=str(MAX_NAME), words=str(MAX_NAME_WORDS))
    if _LINK.search(value):
        return Problem(N_("%(label)s — %(what)s cannot hold a link or an address"), label=label, what=what)
    if _CLAUSE_NUMBER.search(value):
        return Problem(N_("%(label)s — %(what)s cannot hold numbered clauses"), label=label, what=what)
    if any(word.strip(".,()'\u2019!").lower() in _CLAUSE_WORDS for word in words):
        return Problem(N_("%(label)s — %(what)s cannot hold a clause (words like \"waives\", \"shall\", \"agrees\")"),
                       label=label, what=what)
    if not (_NAME_CHARS if field == "company" else _PERSON_CHARS).match(value):
        if field == "company":
            return Problem(N_("%(label)s — %(value)s is not %(what)s (letters, digits and . , ' & ( ) - only)"),
                           label=label, value=repr(value[:60]), what=what)
        return Problem(N_("%(label)s — %(value)s is not %(what)s"), label=label, value=repr(value[:60]), what=what)
    return None


def form_problems(form: dict[str, str], client_email: str, mailbox: str,
                  is_staff=lambda address: False, for_staff: bool = False) -> tuple[list[str], list[str]]:
    """(missing fields, problems in plain words) of a client's form; worded for the client,
    or for staff (``for_staff``: a #set command). A problem never reads "Label: …": the client
    answers under a quote of it, and the form reader would take it for an answer."""
    missing = [name for name in REQUIRED if not form.get(name)]
    problems = []
    mailbox_domain = mailbox.rpartition("@")[2].lower()
    partner = form.get("old_partner_email", "")
    provider = form.get("new_provider_email", "")
    for name, address in (("old_partner_email", partner), ("new_provider_email", provider)):
        if not address or (name == "new_provider_email" and address == "none"):
            continue
        label = LABELS[name]
        if not _EMAIL.match(address):
            problems.append(Problem(N_("%(label)s — %(value)s is not an e-mail address"), label=label,
                                    value=repr(address)))
        elif address == client_email.lower():
            problems.append(Problem(N_("%(label)s — that is the client's address"), label=label) if for_staff
                            else Problem(N_("%(label)s — that is your own address; we need the other party's"),
                                         label=label))
        elif address.rpartition("@")[2] == mailbox_domain or is_staff(address):
            problems.append(Problem(N_("%(label)s — %(value)s is one of our own addresses"), label=label,
                                    value=address))
    if partner and provider and partner == provider:
        problems.append(Problem(N_("the current partner and the new provider cannot be the same address")))
    for name in ("company", *NAME_FIELDS, *PHONE_FIELDS):
        problem = value_problem(name, form.get(name, ""))
        if problem:
            problems.append(problem)
    return missing, problems
