"""Everything the bot understands from one mail, in one pure call: ``read_mail``.

This is the composition of the other ``parsers`` modules and the shape ``mailbot parse``
prints. It takes what it needs (our address, the signing secret, trusted authserv-ids) as
arguments, so it reads no configuration and no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.auth_results import AuthVerdict, read_auth_results
from parsers.classify import ClassificationResult, classify
from parsers.commands import Command, parse_commands
from parsers.form import parse_form
from parsers.html_text import html_to_text
from parsers.intent import Intent, adds_terms, classify_intent, known_words, signature_takes_back
from parsers.message import ParsedMessage, parse_message
from parsers.quote_patterns import REPLY_PREFIX
from parsers.reference import ReferenceMatch, find_reference
from parsers.reply_address import ReplyToken, find_reply_token
from parsers.reply_text import MAX_LINES, Reply, extract_reply


@dataclass(frozen=True)
class ReaderSettings:
    """What reading needs to know about us."""

    mailbox: str  # transfer@example.com
    secret: bytes  # signs reply addresses
    trusted_authserv_ids: tuple[str, ...] = ()

    @property
    def domain(self) -> str:
        return self.mailbox.rpartition("@")[2].lower()


@dataclass(frozen=True)
class MailReading:
    message: ParsedMessage
    classification: ClassificationResult
    reference: ReferenceMatch | None
    reply_token: ReplyToken | None
    reply: Reply
    intent: Intent
    commands: list[Command]
    form: dict[str, str]  # the new text's answers, completed from a filled-in quoted form
    form_new: dict[str, str]  # the new text's answers alone
    auth: AuthVerdict

    def as_json(self) -> dict:
        """The ``parse --json`` shape of INTERFACES.md, plus a few diagnostic keys."""
        m = self.message
        ref = self.reference
        token = self.reply_token
        return {
            "message_id": m.message_id,
            "from": m.from_addr,
            "to": m.to,
            "cc": m.cc,
            "subject": m.subject,
            "reference": ref.reference if ref and ref.valid else None,
            "reply_token": (
                {"reference": token.reference or None, "role": token.role or None, "valid": token.valid}
                if token else None
            ),
            "classification": str(self.classification.kind),
            "reply_text": self.reply.text,
            "intent": str(self.intent),
            "commands": [c.as_dict() for c in self.commands],
            "form": self.form,
            # Beyond the contract: what an operator wants to see when a mail surprises them.
            "from_name": m.from_name,
            "date": m.date.isoformat() if m.date else None,
            "in_reply_to": m.in_reply_to,
            "references": m.references,
            "reference_invalid": ref.reference if ref and not ref.valid else None,
            "classification_reason": self.classification.reason,
            "bounce_recipients": list(self.classification.bounce.failed),
            "authentication": {
                "authserv_id": self.auth.authserv_id,
                "results": self.auth.results,
                "passed": self.auth.passed_for((m.from_addr or "").rpartition("@")[2]),
            },
            "attachments": [{"name": a.name, "size": a.size, "content_type": a.content_type}
                            for a in m.attachments],
            "text_from_html": m.text_from_html,
            "size": m.size,
            "raw_sha256": m.raw_sha256,
            "defects": m.defects,
        }


def read_mail(raw: bytes, settings: ReaderSettings) -> MailReading:
    """Parse, classify and understand one raw mail. Never raises on bad input."""
    message = parse_message(raw)
    return understand(message, settings)


def understand(message: ParsedMessage, settings: ReaderSettings) -> MailReading:
    """The reading of an already parsed message."""
    reply = extract_reply(message.text)
    sender = message.from_addr or ""
    return MailReading(
        message=message,
        classification=classify(message, [settings.mailbox], settings.domain),
        reference=find_reference(message.subject),
        reply_token=find_reply_token(message.recipients, settings.mailbox, settings.secret, sender),
        reply=reply,
        intent=_careful_intent(message, reply),
        commands=parse_commands(reply.text),
        form=parse_form(reply.text, reply.quoted),
        form_new=parse_form(reply.text),
        auth=read_auth_results(message.authentication_results, list(settings.trusted_authserv_ids)),
    )


def _careful_intent(message: ParsedMessage, reply: Reply) -> Intent:
    """The intent of the new text, and a yes only if nothing else the sender sent says less:
    not what was cut off as signature ("Kind regards, Tom — NB: valid once invoice 2291 is
    paid"), and not the HTML part when it says something else than the text part (the
    recipient's client shows the HTML)."""
    intent = classify_intent(reply.text)
    if intent not in (Intent.AGREE, Intent.ACCEPT):
        return intent
    # A yes by the lists: now by the words it may use (only yeses pay for collecting them).
    known = known_words(reply.quoted, message.subject,
                        names=f"{message.from_name or ''} {(message.from_addr or '').replace('@', ' ').replace('.', ' ')}")
    intent = classify_intent(reply.text, known)
    if intent not in (Intent.AGREE, Intent.ACCEPT):
        return intent
    if signature_takes_back(reply.signature) or adds_terms(reply.attribution):
        return Intent.AMBIGUOUS
    if adds_terms(_own_subject(message.subject)) or adds_terms(message.from_name or ""):
        # "Re: Waiver request - only after invoice 2291 is paid", "Bob (only once paid)"
        return Intent.AMBIGUOUS
    if message.text.count("\n") >= MAX_LINES:
        return Intent.AMBIGUOUS  # a reply this long is not read to its end: staff read it
    if any(_may_hold_terms(a) for a in message.attachments):
        # A document sent with a yes may set terms of its own ("addendum.pdf"): staff read it.
        return Intent.AMBIGUOUS
    if message.html and not message.text_from_html:
        shown = extract_reply(html_to_text(message.html))
        if (classify_intent(shown.text, known) != intent or signature_takes_back(shown.signature)
                or adds_terms(shown.attribution)):
            return Intent.AMBIGUOUS
    return intent


def _own_subject(subject: str) -> str:
    """The subject without reply prefixes and case tags: what the sender may have typed."""
    return re.sub(r"\[[^\]\s]{0,40}\]", " ", REPLY_PREFIX.sub("", subject or ""))  # tags have no spaces


def _may_hold_terms(attachment) -> bool:
    """Any attached document or message; not the images signatures and clients add."""
    kind = (attachment.content_type or "").lower()
    return not kind.startswith("image/") and kind not in ("application/pkcs7-signature",
                                                          "application/x-pkcs7-signature",
                                                          "application/pgp-signature", "text/x-vcard",
                                                          "text/vcard", "text/calendar")
