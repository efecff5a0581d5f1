"""A generated corpus of realistic mails for the benchmarks (deterministic for a given seed).

Shaped like the traffic of a transfer mailbox: multipart/alternative text + HTML, non-ASCII
names and subjects, replies quoting the bot's notices in Gmail/Outlook/Apple styles with
signatures, some Cc, PDF and image attachments, forwarded messages, auto-replies and bounces.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from parsers.reference import make_reference

NAMES = ["Dana Smith", "Jürgen Groß", "Zoë Brontë", "Łukasz Wróbel", "Søren Kierkegård", "Иван Петров",
         "María José Núñez", "François Dupont", "Giulia Rossi", "Bob Miller"]
DOMAINS = ["acme-widgets.example", "oldpartner.example", "newprovider.example", "example.net"]
REPLIES = ["I AGREE", "I agree.", "I OBJECT - the invoice is still open.", "I ACCEPT", "Thanks, will look at it.",
           "Company: Acme Widgets LLC\nContact name: Dana Smith\nDomains: acme-widgets.example",
           "Before I agree, can you confirm the date?", "CANCEL", "I do not agree with this."]
WAIVER = ("Dear partner,\n\nyour client Acme Widgets LLC asked to move their service. To sign the "
          "waiver, reply with I AGREE as the first words of your reply. To dispute it, reply I OBJECT.\n\n"
          "Waiver v3: the partner releases the client and the vendor from ...\n") * 2


def _quote(style: str, when: datetime) -> tuple[str, str]:
    quoted_plain = "\n".join("> " + line for line in WAIVER.split("\n"))
    if style == "gmail":
        attribution = f"On {when:%a, %b %d, %Y at %I:%M %p} transfer@ <transfer@example.com> wrote:"
        return f"\n\n{attribution}\n{quoted_plain}\n", (
            f'<div class="gmail_quote"><div class="gmail_attr">{attribution}</div>'
            f'<blockquote class="gmail_quote">{WAIVER.replace(chr(10), "<br>")}</blockquote></div>')
    if style == "outlook":
        header = (f"From: transfer@ <transfer@example.com>\nSent: {when:%A, %B %d, %Y %I:%M %p}\n"
                  "To: Bob Miller <bob@oldpartner.example>\nSubject: [XFER] Waiver request\n")
        return f"\n\n________________________________\n{header}\n{WAIVER}", (
            '<div id="divRplyFwdMsg"><b>From:</b> transfer@<br><b>Sent:</b> Wed</div>'
            f"<div>{WAIVER.replace(chr(10), '<br>')}</div>")
    attribution = f"On {when:%d %b %Y}, at {when:%H:%M}, transfer@ <transfer@example.com> wrote:"
    return f"\n\n{attribution}\n\n{quoted_plain}\n", (
        f'<div>{attribution}</div><blockquote type="cite">{WAIVER.replace(chr(10), "<br>")}</blockquote>')


def make_mail(rng: random.Random, i: int) -> bytes:
    when = datetime(2026, 11, 25, 9, tzinfo=UTC) + timedelta(minutes=i)
    msg = EmailMessage()
    name = rng.choice(NAMES)
    msg["From"] = f"{name} <user{i}@{rng.choice(DOMAINS)}>"
    msg["To"] = "transfer@ <transfer@example.com>"
    if rng.random() < 0.3:
        msg["Cc"] = f"{rng.choice(NAMES)} <cc{i}@{rng.choice(DOMAINS)}>, staff@example.com"
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = make_msgid(domain=rng.choice(DOMAINS))
    kind = rng.random()
    ref = make_reference(rng)
    body = rng.choice(REPLIES)
    if kind < 0.05:
        msg["Subject"] = f"Automatic reply: [{ref}] Waiver request ✉"
        msg["Auto-Submitted"] = "auto-replied"
        body = "I am out of the office until Monday. Für dringende Fälle: office@example.net"
    else:
        msg["Subject"] = f"Re: [{ref}] Waiver request for Acme Widgets — Grüße {i}"
    html = f"<html><body><div>{body.replace(chr(10), '<br>')}</div><br>-- <br>{name}<br>+1 555 0100</body></html>"
    plain = f"{body}\n\n-- \n{name}\n+1 555 0100\n"
    if rng.random() < 0.4:
        parent = make_msgid(domain="example.com")
        msg["In-Reply-To"] = parent
        msg["References"] = " ".join([make_msgid(domain="example.com") for _ in range(rng.randint(0, 4))] + [parent])
        q_plain, q_html = _quote(rng.choice(["gmail", "outlook", "apple"]), when)
        plain += q_plain
        html = html.replace("</body>", q_html + "</body>")
    msg.set_content(plain)
    msg.add_alternative(html, subtype="html")
    roll = rng.random()
    if roll < 0.25:
        msg.add_attachment(rng.randbytes(rng.randint(20_000, 150_000)), maintype="application",
                           subtype="pdf", filename=f"waiver-signed-{i}.pdf")
    elif roll < 0.35:
        msg.add_attachment(rng.randbytes(rng.randint(5_000, 40_000)), maintype="image", subtype="png",
                           filename="logo.png")
        msg.add_attachment("name;domain\nAcme;acme.example\n", subtype="csv", filename="Domänen-Liste.csv")
    elif roll < 0.40:
        inner = EmailMessage()
        inner["From"] = "Bob <bob@oldpartner.example>"
        inner["Subject"] = "Original"
        inner.set_content(WAIVER)
        msg.add_attachment(inner)
    return bytes(msg)


def make_corpus(count: int = 2000, seed: int = 2026) -> list[bytes]:
    rng = random.Random(seed)
    return [make_mail(rng, i) for i in range(count)]
