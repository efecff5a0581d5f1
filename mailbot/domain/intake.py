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


def value_problem(field: str, value: str) -> str | None:
    """Why ``value`` cannot stand in ``field`` (it reaches the waiver or another party), or None."""
    if not value or value == NOT_GIVEN:
        return None
    label = LABELS[field]
    if field in PHONE_FIELDS:
        if not _PHONE.match(value):
            return f"{label} — {value[:60]!r} is not a phone number (digits, spaces, + ( ) - / only)"
        return None
    if field != "company" and field not in NAME_FIELDS:
        return None
    what = "a company name" if field == "company" else "a person's name"
    words = value.split()
    if len(value) > MAX_NAME or len(words) > MAX_NAME_WORDS:
        return f"{label} — too long for {what} (at most {MAX_NAME} characters and {MAX_NAME_WORDS} words)"
    if _LINK.search(value):
        return f"{label} — {what} cannot hold a link or an address"
    if _CLAUSE_NUMBER.search(value):
        return f"{label} — {what} cannot hold numbered clauses"
    if any(word.strip(".,()'\u2019!").lower() in _CLAUSE_WORDS for word in words):
        return f"{label} — {what} cannot hold a clause (words like \"waives\", \"shall\", \"agrees\")"
    if not (_NAME_CHARS if field == "company" else _PERSON_CHARS).match(value):
        return f"{label} — {value[:60]!r} is not {what} (letters, digits and . , ' & ( ) - only)" \
            if field == "company" else f"{label} — {value[:60]!r} is not {what}"
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
            problems.append(f"{label} — {address!r} is not an e-mail address")
        elif address == client_email.lower():
            problems.append(f"{label} — that is the client's address" if for_staff
                            else f"{label} — that is your own address; we need the other party's")
        elif address.rpartition("@")[2] == mailbox_domain or is_staff(address):
            problems.append(f"{label} — {address} is one of our own addresses")
    if partner and provider and partner == provider:
        problems.append("the current partner and the new provider cannot be the same address")
    for name in ("company", *NAME_FIELDS, *PHONE_FIELDS):
        problem = value_problem(name, form.get(name, ""))
        if problem:
            problems.append(problem)
    return missing, problems
