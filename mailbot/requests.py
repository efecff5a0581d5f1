"""A transfer request made on the web form: checked like the mailed form, opened only when
the client follows the link mailed to the address they gave.

The mailbox is the identity: a form filled in somebody else's name writes to nobody but that
address, and the case opens, as a mailed request our server vouches for would, only when the
link in that mailbox is followed. The fields, their labels and their checks are the mailed
intake form's (``parsers.form.FIELDS``, ``mailbot.domain.intake``): one definition.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from mailbot import one_time_links
from mailbot.app import App
from mailbot.desk import apply_and_send
from mailbot.domain import outcomes
from mailbot.domain.decide import decide
from mailbot.domain.decision import Notice
from mailbot.domain.incoming import Incoming
from mailbot.domain.intake import LABELS, OPTIONAL, form_problems
from mailbot.domain.model import Role
from mailbot.store.models import RequestLink
from mailbot.store.uow import UnitOfWork
from parsers.form import FIELDS, clean_value

LIFETIME = timedelta(hours=24)
MAX_LENGTH = {"email": 320, "reason": 2000}
DEFAULT_MAX = 200
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>][^@\s<>.]*\.[^@\s<>]+$")
_MARKUP = re.compile(r"[<>]")


def check(values: dict[str, str], mailbox: str, is_staff) -> tuple[dict[str, str], dict[str, str]]:
    """(the form as the mailed form would store it, an error per field) for what was typed."""
    errors: dict[str, str] = {}
    email = values.get("email", "").strip().lower()
    if not email:
        errors["email"] = "Your e-mail address is needed: we write to it to confirm the request."
    elif len(email) > MAX_LENGTH["email"] or not _EMAIL.match(email):
        errors["email"] = "This is not an e-mail address."
    elif email.rpartition("@")[2] == mailbox.rpartition("@")[2].lower() or is_staff(email):
        errors["email"] = "This is one of our own addresses; give yours."
    form: dict[str, str] = {}
    for field in FIELDS:
        raw = values.get(field, "")
        if len(raw) > MAX_LENGTH.get(field, DEFAULT_MAX):
            errors[field] = f"At most {MAX_LENGTH.get(field, DEFAULT_MAX)} characters."
            continue
        if _MARKUP.search(raw) and field != "reason":
            errors[field] = "No < or > here, please."
            continue
        value = clean_value(field, raw) if raw.strip() else None
        if raw.strip() and value is None:
            errors[field] = "This does not look like an answer to this question."
        elif value is None:
            if field not in OPTIONAL:  # (the partner's and provider's contacts may be left out)
                errors[field] = "Please fill this in."
        else:
            form[field] = value
    _, problems = form_problems(form, email, mailbox, is_staff)
    for problem in problems:
        field = next((f for f in FIELDS if problem.startswith(LABELS[f])), None)
        if field and field not in errors:
            errors[field] = problem.removeprefix(LABELS[field]).lstrip(" —")
        elif not field:  # (the partner and the provider are the same address)
            errors.setdefault("new_provider_email", problem[:1].upper() + problem[1:] + ".")
    return form, errors


def mail_confirmation(app: App, email: str, form: dict[str, str], base_url: str, now: datetime) -> None:
    """Keep the request and mail its confirmation link to ``email``; nothing else happens."""
    secret, _ = app.config.secret()
    expires = now + LIFETIME
    stored, token = one_time_links.new_token(secret, "request", email, expires)
    link = f"{base_url.rstrip('/')}/request/confirm/{token}"
    with UnitOfWork(app.sessions) as uow:
        uow.session.add(RequestLink(nonce_sha256=stored, email=email, form=form, created_at=now, expires_at=expires))
        app.notices.write(uow.session, None, Notice("request_confirmation", "client",
                                                    {"link": link, "minutes": int(LIFETIME.total_seconds() // 60),
                                                     "form": form}, address=email), now)
        uow.commit()


def confirm(app: App, token: str, now: datetime) -> tuple[str | None, list[str]]:
    """Open the case of a confirmed request: (its reference, the notices written), or (None,
    []) for a link that is not good now (unknown, altered, used or expired)."""
    secret, _ = app.config.secret()
    with UnitOfWork(app.sessions) as uow:
        row = one_time_links.redeem(uow.session, RequestLink, token, secret, "request", now)
        if row is None:
            return None, []
        form = dict(row.form)
        text = "\n".join(f"{LABELS[f]}: {form[f]}" for f in FIELDS if form.get(f))
        # The link was followed from the mailbox: as our server's pass vouches for a mailed
        # request, it proves the client's address, and the case goes ahead at once.
        event = Incoming(sender=row.email, role=Role.STRANGER, form=form, text=text, authenticated=True,
                         evidence={"via": "web form", "from": row.email})
        decision = decide(None, event, now, app.rules)
        if not isinstance(decision.outcome, outcomes.CaseOpened):
            return None, []
        decision.record("web_request", Role.CLIENT, f"request made on the web form, confirmed from {row.email}")
        case, sent = apply_and_send(app, uow.session, None, decision, now)
        row.reference = case.reference
        uow.commit()
        return case.reference, sent
