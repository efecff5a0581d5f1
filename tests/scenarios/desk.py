"""A transfer desk for scenario tests: a config in a temp folder, mail files through
``mailbot ingest``, and mail clients that answer the bot's notices the way real ones do."""

from __future__ import annotations

import email
import email.policy
import io
import json
import textwrap
from contextlib import redirect_stdout
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from itertools import count
from pathlib import Path

from mailbot.cli import main

STAFF = "ops@example.com"
CLIENT = "dana@acme-widgets.example"
PARTNER = "support@oldpartner.example"
PROVIDER = "sales@newprovider.example"
SECRET = "scenario-secret"

CONFIG = """
[mailbox]
address = "transfer@example.com"
vendor = "Example Security"

[database]
url = "{db}"

[security]
secret = "{secret}"
staff = ["ops@example.com", "@example.com"]
trusted_authserv_ids = {trusted}
require_authenticated_sender = {auth}

[sla]
timezone = "America/Chicago"
holidays = "US"
"""

FULL_FORM = f"""Company: Acme Widgets LLC
Contact name: Dana Smith
Contact phone: +1 555 0100
Domains: acme-widgets.example
Current partner e-mail: {PARTNER}
New provider e-mail (or "none" for retail): {PROVIDER}
Reason for the transfer: our partner stopped answering"""


@dataclass
class Sent:
    """One outbox row as ``mailbot outbox --json`` shows it, plus the parsed raw message."""

    row: dict
    message: EmailMessage

    @property
    def template(self) -> str:
        return self.row["template"]

    def header(self, name: str) -> str | None:
        return self.message[name]


class Desk:
    def __init__(self, folder: Path, require_auth: bool = False, extra_config: str = "",
                 database_url: str | None = None, trusted: bool = True) -> None:
        """``trusted``: our MX (mx.example.com) writes Authentication-Results we believe;
        ``require_auth``: keywords and changes need its pass too."""
        self.folder = folder
        self.config = folder / "mailbot.toml"
        self.database_url = database_url or f"sqlite:///{folder / 'mailbot.db'}"
        self.require_auth = require_auth
        self.config.write_text(CONFIG.format(db=self.database_url, secret=SECRET,
                                             trusted='["mx.example.com"]' if trusted else "[]",
                                             auth="true" if require_auth else "false") + extra_config)
        if not self.database_url.startswith("sqlite"):
            code, out = self.run("db", "upgrade")
            assert code == 0, out
        self._n = count(1)
        self.now = "2026-11-25T09:00:00-06:00"

    # -- running commands ------------------------------------------------------------------

    def run(self, *args: str) -> tuple[int, str]:
        out = io.StringIO()
        with redirect_stdout(out):
            code = main([*args, "--config", str(self.config)])
        return code, out.getvalue()

    def json(self, *args: str):
        code, out = self.run(*args, "--json")
        assert code == 0, out
        return json.loads(out)

    def ingest(self, raw: bytes, now: str | None = None) -> dict:
        path = self.folder / f"mail{next(self._n):03d}.eml"
        path.write_bytes(raw)
        results = self.json("ingest", str(path), "--now", now or self.now)
        return results[0]

    def case(self, reference: str) -> dict:
        return self.json("case", reference)

    def outbox(self) -> list[Sent]:
        rows = self.json("outbox")
        raw = dict(self.sql("select id, raw from outbound_mails"))
        return [Sent(r, email.message_from_bytes(bytes(raw[r["id"]]), policy=email.policy.default)) for r in rows]

    def sql(self, query: str) -> list[tuple]:
        """Read the database directly, whichever it is."""
        from sqlalchemy import text

        from mailbot.store.db import make_engine

        engine = make_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return [tuple(row) for row in connection.execute(text(query))]
        finally:
            engine.dispose()

    def sql_write(self, statement: str) -> None:
        """Change the database directly (a state that is slow to reach by mail: a parked row)."""
        from sqlalchemy import text

        from mailbot.store.db import make_engine

        engine = make_engine(self.database_url)
        try:
            with engine.begin() as connection:
                connection.execute(text(statement))
        finally:
            engine.dispose()

    def sent_to(self, address: str, template: str | None = None) -> list[Sent]:
        return [s for s in self.outbox() if address in s.row["to"] and (template is None or s.template == template)]

    def last_to(self, address: str, template: str | None = None) -> Sent:
        found = self.sent_to(address, template)
        assert found, f"nothing sent to {address} ({template})"
        return found[-1]

    # -- writing mail like people do --------------------------------------------------------

    def new_mail(self, sender: str, subject: str, body: str, to: str = "transfer@example.com",
                 cc: str | None = None, name: str = "", extra_headers: dict | None = None) -> bytes:
        msg = EmailMessage()
        msg["From"] = f"{name} <{sender}>" if name else sender
        msg["To"] = to
        if cc:
            msg["Cc"] = cc
        msg["Subject"] = subject
        msg["Date"] = format_datetime(datetime.fromisoformat(self.now))
        msg["Message-ID"] = f"<m{next(self._n)}.{sender.replace('@', '.')}@mail.example.net>"
        for key, value in (extra_headers or {}).items():
            msg[key] = value
        msg.set_content(body)
        return bytes(msg)

    def reply(self, to: Sent, sender: str, text: str, style: str = "gmail", cc: str | None = None,
              to_address: str | None = None, extra_headers: dict | None = None, name: str = "",
              edit=None) -> bytes:
        """Answer a notice: to its Reply-To, its subject with Re:, threading headers, and the
        original quoted below in the style of the client (``edit``: what the writer did to the
        original before sending, as a function of its text)."""
        original = to.message.get_body(("plain",)).get_content()
        if edit is not None:
            original = edit(original)
        msg = EmailMessage()
        msg["From"] = f"{name} <{sender}>" if name else sender
        msg["To"] = to_address or to.header("Reply-To") or to.header("From")
        if cc:
            msg["Cc"] = cc
        subject = to.header("Subject")
        msg["Subject"] = subject if subject.lower().startswith("re:") else f"Re: {subject}"
        msg["Date"] = format_datetime(datetime.fromisoformat(self.now))
        msg["Message-ID"] = f"<r{next(self._n)}.{sender.replace('@', '.')}@mail.example.net>"
        msg["In-Reply-To"] = to.header("Message-ID")
        refs = (to.header("References") or "").split() + [to.header("Message-ID")]
        msg["References"] = " ".join(refs)
        for key, value in (extra_headers or {}).items():
            msg[key] = value
        if style == "outlook":
            body = (f"{text}\n\n________________________________\nFrom: Transfer desk <transfer@example.com>\n"
                    f"Sent: Wednesday, November 25, 2026 9:00 AM\nTo: {sender}\nSubject: {subject}\n\n{original}")
        else:
            quoted = textwrap.indent(original, "> ", lambda line: True)
            body = f"{text}\n\nOn Wed, Nov 25, 2026 at 9:00 AM Transfer desk <transfer@example.com> wrote:\n{quoted}"
        msg.set_content(body)
        return bytes(msg)


def verdict(domain: str, result: str = "pass", authserv_id: str = "mx.example.com") -> str:
    """The Authentication-Results our MX writes for mail from ``domain``."""
    return (f"{authserv_id}; spf={result} smtp.mailfrom={domain}; dkim={result} header.d={domain}; "
            f"dmarc={result} header.from={domain}")


# Our MX's pass for the staff domain: a staff member writing to the plain mailbox.
STAFF_PASS = {"Authentication-Results": verdict("example.com")}


def arrived(raw: bytes, *authentication_results: str) -> bytes:
    """``raw`` as our MX hands it on: its Authentication-Results on top, in the order given."""
    trace = "".join(f"Authentication-Results: {value}\n" for value in authentication_results)
    return trace.encode() + raw


def staff_command(desk: Desk, ref: str, text: str) -> bytes:
    """A staff member writes to the plain mailbox; our MX vouches for their domain."""
    return desk.new_mail(STAFF, f"[{ref}] {text.splitlines()[0][:40]}", text + "\n",
                         extra_headers={"Authentication-Results": verdict("example.com")})


def open_case(desk: Desk, form: str = FULL_FORM, client: str = CLIENT, confirm: bool = True) -> str:
    """A client's request; when it is complete, the client confirms it from their mailbox
    (answering our acknowledgement), as a real client does before anyone else is written to."""
    result = desk.ingest(desk.new_mail(client, "Moving away from our partner", f"Hello,\n\nplease help.\n\n{form}\n",
                                       name="Dana Smith" if client == CLIENT else ""))
    assert result["outcome"] == "CaseOpened", result
    if confirm and "confirm" in desk.last_to(client, "acknowledgement").row["text"].lower():
        confirm_request(desk, client)
    return result["reference"]


def confirm_request(desk: Desk, client: str = CLIENT) -> dict:
    """The client answers the acknowledgement: the details are right, go ahead."""
    ack = desk.last_to(client, "acknowledgement")
    domain = client.rpartition("@")[2]
    headers = {"Authentication-Results": verdict(domain)} if desk.require_auth else None
    result = desk.ingest(desk.reply(ack, client, "Yes, that is all correct. Please go ahead.", extra_headers=headers))
    assert result["outcome"] == "FormUpdated", result
    return result
