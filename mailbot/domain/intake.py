"""The intake form: which fields a case needs before the partner and provider are contacted."""

from __future__ import annotations

import re

from parsers.form import FIELDS

REQUIRED = FIELDS  # every field of the form is needed
LABELS = {
    "company": "Company",
    "contact_name": "Contact name",
    "contact_phone": "Contact phone",
    "domains": "Domains",
    "old_partner_email": "Current partner e-mail",
    "new_provider_email": 'New provider e-mail (or "none" for retail)',
    "reason": "Reason for the transfer",
}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# What #override intake writes into a field nobody filled in.
NOT_GIVEN = "(not given)"


def form_problems(form: dict[str, str], client_email: str, mailbox: str,
                  is_staff=lambda address: False, for_staff: bool = False) -> tuple[list[str], list[str]]:
    """(missing fields, problems in plain words) of a client's form; worded for the client,
    or for staff (``for_staff``: a #set command)."""
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
            problems.append(f"{label}: {address!r} is not an e-mail address")
        elif address == client_email.lower():
            problems.append(f"{label}: that is the client's address" if for_staff
                            else f"{label}: that is your own address; we need the other party's")
        elif address.rpartition("@")[2] == mailbox_domain or is_staff(address):
            problems.append(f"{label}: {address} is one of our own addresses")
    if partner and provider and partner == provider:
        problems.append("the current partner and the new provider cannot be the same address")
    return missing, problems
