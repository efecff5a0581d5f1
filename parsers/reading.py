"""Everything the bot understands from one mail, in one pure call: ``read_mail``.

This is the composition of the other ``parsers`` modules and the shape ``mailbot parse``
prints. It takes what it needs (our address, the signing secret, trusted authserv-ids) as
arguments, so it reads no configuration and no clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from parsers.auth_results import AuthVerdict, read_auth_results
from parsers.classify import Classification, ClassificationResult, classify
from parsers.commands import Command, parse_commands
from parsers.form import parse_form
from parsers.intent import Intent, classify_intent
from parsers.judge import Judgement, Part, judge
from parsers.line_shapes import Sender, first_statement, without_banners
from parsers.message import ParsedMessage, parse_message
from parsers.notice_quote import typed_into
from parsers.out_of_office import away_sentence, carries_an_answer
from parsers.quote_patterns import REPLY_PREFIX
from parsers.reference import ReferenceMatch, find_reference
from parsers.reply_address import ReplyToken, find_reply_token
from parsers.reply_text import Reply


@dataclass(frozen=True)
class ReaderSettings:
    """What reading needs to know about us."""

    mailbox: str  # transfer@example.com
    secret: bytes  # signs reply addresses
    trusted_authserv_ids: tuple[str, ...] = ()
    name: str = ""  # our display name ("Transfer desk"): quotes of our mail name it

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
    intent_reason: str = ""  # which rule decided the intent, in words
    # The intent, had the lines the reader took for typed into our quoted notice been ours
    # (it knows today's templates, not the mail we sent: see against_what_we_sent)
    unless_quote_is_ours: Intent | None = None

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
            "intent_reason": self.intent_reason,
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
    writer = Sender.of(message.from_name, message.from_addr)
    shown, other = _parts(message, writer)
    answered = shown.answered_below_our_mail(settings)
    if answered is not shown:
        # (the other part too, so that both say the answer; otherwise it is split only if asked)
        shown, other = answered, other.answered_below_our_mail(settings) if other is not None else None
    reply = shown.reply
    if message.html and not shown.is_html and "*" in reply.text and "*" not in _markup_text(message.html):
        # Gmail writes the HTML's bold as "*I ACCEPT*" in its text part: marks of a rendering,
        # not the writer's words (the intent never reads them either)
        reply = replace(reply, text=_EMPHASIS.sub(r"\1", reply.text))
    sender = message.from_addr or ""
    classification = classify(message, [settings.mailbox], settings.domain)
    judgement = judge(message, shown, other, classification, settings)
    token = find_reply_token(message.recipients, settings.mailbox, settings.secret, sender)
    commands, form_new = parse_commands(reply.text), parse_form(reply.text)
    if _answers_a_mail(message, token) and not (commands or form_new):
        away = _out_of_office(classification, judgement, reply.text)
        if away is not None:
            classification = away
            judgement = judge(message, shown, other, classification, settings)
    return MailReading(
        message=message,
        classification=classification,
        reference=find_reference(message.subject),
        reply_token=token,
        reply=reply,
        intent=judgement.intent,
        intent_reason=judgement.reason,
        unless_quote_is_ours=judgement.unless_quote_is_ours,
        commands=commands,
        form=parse_form(reply.text, reply.quoted) if reply.quoted else form_new,
        form_new=form_new,
        auth=read_auth_results(message.authentication_results, list(settings.trusted_authserv_ids)),
    )


def against_what_we_sent(reading: MailReading, sent: list[str]) -> MailReading:
    """The reading, made ambiguous where a yes or a CANCEL quotes one of the mails ``sent`` (what
    the outbox holds for its case) with a line typed into it that states something (see
    ``notice_quote``); and a yes again where the reader, knowing only today's templates, took a
    line of the mail we sent for typed. Without the case the reader cannot know our words: the
    caller that has the case asks."""
    intent = reading.unless_quote_is_ours or reading.intent
    if intent not in (Intent.AGREE, Intent.ACCEPT, Intent.CANCEL) or not sent:
        return reading
    message = reading.message
    writer = Sender.of(message.from_name, message.from_addr)
    line = first_statement(typed_into(without_banners(reading.reply.quoted), sent), writer)
    keyword = "CANCEL" if intent is Intent.CANCEL else f"I {intent.upper()}"
    if line is not None:
        return replace(reading, intent=Intent.AMBIGUOUS, unless_quote_is_ours=None,
                       intent_reason=f"{keyword}, but a line typed into our quoted mail says: «{line[:120]}»")
    if reading.unless_quote_is_ours is not None:
        # (what the reader took for typed is in the mail we sent: a notice of an earlier version)
        return replace(reading, intent=intent, unless_quote_is_ours=None,
                       intent_reason=f"{keyword} opens the new text; nothing else the sender wrote sets terms "
                                     "(the quote is the mail we sent)")
    return reading


def _answers_a_mail(message: ParsedMessage, token: ReplyToken | None) -> bool:
    """Whether the mail answers one (threading headers, "Re:", our reply address): a responder
    never writes first, so "I'm on holiday until Monday, please start the move" in a new mail
    is a person's request."""
    return bool(message.in_reply_to or message.references or token is not None
                or REPLY_PREFIX.match(message.subject or ""))


def _out_of_office(classification: ClassificationResult, judgement: Judgement,
                   new_text: str) -> ClassificationResult | None:
    """A mail no header marks as automatic whose new text opens "I am out of the office until
    …" is an auto-reply (``parsers.out_of_office``), unless it answers anything: a keyword
    anywhere in what it shows (an "I AGREE" with "I am away tomorrow" is a signing, and a
    keyword not in first place still goes to staff as unclear) or a yes (the caller has
    ruled out commands and form answers).
    """
    if classification.kind is not Classification.NORMAL or judgement.intent is not Intent.NONE:
        return None
    if carries_an_answer(new_text):
        return None
    sentence = away_sentence(new_text)
    if sentence is None:
        return None
    return ClassificationResult(Classification.AUTO_REPLY, f"out-of-office text: «{sentence}»")


def _parts(message: ParsedMessage, writer: Sender) -> tuple[Part, Part | None]:
    """The text a person sees, and the other part that may say something else. A client shows
    the HTML part of a multipart/alternative mail: when the two parts differ in words (not only
    in layout), the HTML is what was said, and its new text is the reply."""
    plain = Part(message.text, writer, pieces=message.text_parts if len(message.text_parts) > 1 else None)
    if not message.html or message.text_from_html:
        return plain, None
    html = Part(None, writer, html=message.html)
    plain_words = _words(plain.text)
    if _words(_markup_text(message.html)) <= plain_words and \
            classify_intent(plain.reply.text) not in (Intent.AGREE, Intent.ACCEPT):
        # No word in the markup the text part lacks, and no yes to check: whatever the HTML
        # shows, it is no other answer (rendered only if asked). A yes is always compared.
        return plain, html
    html_words = _words(html.text)
    only_html = html_words - plain_words
    missing = _words(plain.reply.text) - html_words
    # (most mails: the HTML holds no word the text part lacks, and shows all of its new text;
    # only the others pay for splitting the HTML too)
    if missing or (only_html and _words(html.reply.text) & only_html):
        return html, plain
    if _KEYWORD.search(plain.reply.text) and _words(plain.reply.text) - _words(html.reply.text) and \
            len(_KEYWORD.findall(html.text)) < len(_KEYWORD.findall(plain.text)):
        # a keyword the text part has and the HTML does not show (font-size:0); not one the
        # HTML shows where our extraction takes it for a quote (an inline answer)
        return html, plain
    return plain, html


def _markup_text(html: str) -> str:
    """The words of markup without rendering it: style blocks, tags and entities out (a cheap
    upper bound of what any client shows)."""
    kept, low, at = [], html.lower(), 0
    while True:  # (str.find, not a lazy pattern: an unclosed <style> is read once, not per tag)
        start = low.find("<style", at)
        if start < 0:
            kept.append(html[at:])
            break
        kept.append(html[at:start])
        end = low.find("</style", start)
        if end < 0:
            break
        at = end + 7
    return _ENTITY.sub(" ", _TAG.sub(" ", "".join(kept)))


# (one "*" pair within a line, bounded: each "*" looks at most 300 characters ahead)
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]{1,300}?)(?<=[^\s*])\*(?![\w*])")
_TAG = re.compile(r"<[^<>]*>")
_ENTITY = re.compile(r"&#?\w{1,10};")


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


_WORD = re.compile(r"\w+")
_KEYWORD = re.compile(r"(?i)\b(?:agree|accept|object|decline|cancel)")
