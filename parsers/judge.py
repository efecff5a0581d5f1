"""Whether a yes is a yes: the new text's intent, checked against everything else the sender sent.

``classify_intent`` reads the new text alone. A waiver is a legal release, so a yes counts
only when nothing else the sender wrote says less: not a line under the sign-off, the subject,
the display name, a header a client shows, an attached document or message, the HTML a
client shows instead of the text part, nor "history" that is no mail of ours. Each refusal
names its rule and the words that decided (``Judgement.reason``, shown by ``parse``), so staff
see at once why a reply came to them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial

from parsers.classify import Classification, ClassificationResult
from parsers.html_text import hidden_text, html_to_text, html_views
from parsers.intent import KEYWORDS, Intent, adds_terms, classify_intent, known_words
from parsers.line_shapes import (
    Sender,
    first_statement,
    fold,
    is_greeting_line,
    is_name_line,
    is_sign_off_line,
    mask_names,
    mixed_scripts,
    states_terms,
    without_banners,
)
from parsers.message import ParsedMessage
from parsers.notice_quote import QUOTED_VALUE, in_our_words, is_our_line, typed_into
from parsers.quote_patterns import (
    BARE_LABEL_ANY,
    FORWARDED_BY,
    GROUPWISE_HEADER,
    HEADER_ANY,
    HEADER_FROM,
    REPLY_PREFIX,
    RULE_LINE,
    is_attribution,
)
from parsers.reply_text import MAX_LINES, History, Reply, extract_reply, first_history
from parsers.waiver_quote import edited_waiver
from parsers.word_classes import words_of

YES = (Intent.AGREE, Intent.ACCEPT)


@dataclass(frozen=True)
class Judgement:
    intent: Intent
    reason: str
    # The intent, where only lines the reader takes for typed into our quoted notice stand in
    # its way: the pipeline, which has the mail we sent, decides (reading.against_what_we_sent).
    unless_quote_is_ours: Intent | None = None


class Part:
    """One readable body of a mail (the text part, or the HTML part rendered) and its reply,
    rendered and split only when asked for (most mails never need the other part's)."""

    def __init__(self, text: str | None, sender: Sender, html: str | None = None,
                 pieces: list[str] | None = None) -> None:
        self._text = text
        self._html = html
        self._pieces = pieces  # the text parts, where a mail shows more than one
        self.sender = sender  # the writer, whose name and company may sign it
        self.is_html = html is not None

    @cached_property
    def text(self) -> str:
        return self._text if self._text is not None else html_to_text(self._html or "")

    def answered_below_our_mail(self, settings) -> Part:
        """This part, or, where nothing is typed above our quoted mail and the writer answered
        under it (an unmarked Outlook or Notes quote, posted below), the part with that answer
        as its new text."""
        if self.reply.text.strip():
            return self
        below = typed_below_our_mail(self.text, settings)
        if not any(line.strip() for line in below):
            return self
        answered = Part(self._text, self.sender, self._html, self._pieces)
        reply = extract_reply("\n".join(below), self.sender)
        answered.__dict__["reply"] = Reply(text=reply.text, quoted=self.reply.quoted, signature=reply.signature,
                                           attribution=self.reply.attribution)  # (the cached property's slot)
        return answered

    @cached_property
    def reply(self) -> Reply:
        if not self._pieces:
            return extract_reply(self.text, self.sender)
        # Each displayed text part is split on its own: a second inline part under the first
        # one's quote is still the writer's new text ("Please note: this acceptance only …").
        replies = [extract_reply(piece, self.sender) for piece in self._pieces]
        joined = lambda field: "\n".join(getattr(r, field) for r in replies if getattr(r, field))  # noqa: E731
        return Reply(text=joined("text"), quoted=joined("quoted"), signature=joined("signature"),
                     attribution=joined("attribution"))


def judge(message: ParsedMessage, shown: Part, other: Part | None, classification: ClassificationResult,
          settings) -> Judgement:
    """The intent of one reply and the rule that decided it: ``shown`` is what a person sees,
    ``other`` the other body of a multipart/alternative mail, which must not say more."""
    reply = shown.reply
    if classification.kind is not Classification.NORMAL:
        return Judgement(Intent.NONE, f"not a person's answer ({classification.kind}): keywords do not count")
    text = mask_names(_without_commands(reply.text), reply.quoted, shown.sender)
    sender = shown.sender
    known = None
    intent = classify_intent(text, None, sender)
    if intent is Intent.AMBIGUOUS:
        # (a greeting may name whom our mail names: "Dear Marlowe Hosting," above the keyword)
        known = _known(message, reply)
        intent = classify_intent(text, None, sender, names=known)
    if intent is Intent.NONE and other is not None and not other.is_html and \
            classify_intent(_without_commands(other.reply.text)) is not Intent.NONE:
        # the text part answers with a keyword the HTML a person sees does not show
        return Judgement(Intent.AMBIGUOUS, "the mail's text part holds a keyword its HTML part does not show: "
                                           f"«{_short(other.reply.text)}»")
    if intent not in YES + (Intent.CANCEL,):
        return Judgement(intent, _why_not_a_yes(intent, text))
    keyword = intent.upper() if intent is Intent.CANCEL else f"I {intent.upper()}"
    known = known or _known(message, reply)
    if intent in YES:
        intent = classify_intent(text, known, sender)
        if intent not in YES:
            return Judgement(intent, f"after {keyword} the new text says more than courtesies and a signature: "
                                     f"«{_short(text)}»")
    # A CANCEL ends the client's transfer: a condition set anywhere else in the mail (a P.S.,
    # the subject, an attachment) makes it no cancel, as it makes a yes no yes; its reason in
    # the new text is its own business (see intent._judge).
    for check in (_signature, _attribution, _history, _below_our_mail, _inside_our_quote, _above_our_greeting,
                  _quoted_waiver, partial(_subject, intent=intent),
                  _display_name, _headers,
                  _length, _attachments, _more_text_parts):
        reason = check(message, shown, sender, settings)
        if reason:
            return Judgement(Intent.AMBIGUOUS, f"{keyword}, but {reason}")
    reason = _other_part_differs(shown, other, intent, known, sender, settings) or _html_elsewhere(message, shown, sender, settings, intent)
    if reason:
        return Judgement(Intent.AMBIGUOUS, f"{keyword}, but {reason}")
    reason = _typed_into_our_notice(message, shown, sender, settings)
    if reason:
        return Judgement(Intent.AMBIGUOUS, f"{keyword}, but {reason}", unless_quote_is_ours=intent)
    return Judgement(intent, f"{keyword} opens the new text; nothing else the sender wrote sets terms")


def _known(message: ParsedMessage, reply) -> frozenset[str]:
    """The words a yes may name: the names in our quoted mail and the subject, the sender's own."""
    return known_words(reply.quoted, message.subject,
                       names=f"{message.from_name or ''} {(message.from_addr or '').replace('@', ' ').replace('.', ' ')}")


# -- the checks ---------------------------------------------------------------------------------------


def _signature(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    reply = shown.reply
    line = first_statement(mask_names(reply.signature, reply.quoted, sender).split("\n"), sender)
    return f"a line below the sign-off states something: «{_short(line)}»" if line else None


def _attribution(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    reply = shown.reply
    if adds_terms(reply.attribution) or mixed_scripts(reply.attribution):
        return f"the lines cut off as an attribution set terms: «{_short(reply.attribution)}»"
    return None


def _history(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    """What is cut off as quoted history must be a mail of ours: its heading ("On …, X
    wrote:", "From: …") names our address or our name, or names nobody and the quote holds
    a case reference. Anything else ("MEMORANDUM / From: Bob / the archive stays", a ">" line
    the writer typed, a forwarded lawyer's mail) is the writer's text to us."""
    history = first_history(shown.text)
    # (a quote without a heading stands for itself: a ">" line the writer typed above our real
    # quote does not borrow that quote's reference)
    if history is None or _ours(history, settings, sender, shown.reply.quoted if history.heading.strip() else ""):
        return None
    if _forwarded_to_the_writer(history, settings):
        return None
    first = next((line for line in (history.heading + "\n" + history.body).split("\n") if line.strip(" >")), "")
    return f"what follows it as quoted history is no mail of ours: «{_short(first.strip(' >'))}»"


def _below_our_mail(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    """Words typed under our quoted mail where nothing marks the quote (Outlook's
    "-----Original Message-----" over an unprefixed copy): our notices end with a closing and
    our name, so what stands below those, before any earlier mail's heading, is the writer's."""
    own = {" ".join(line.split()) for line in shown.reply.text.split("\n") if line.strip()}
    tail = [line for line in typed_below_our_mail(shown.text, settings) if " ".join(line.split()) not in own]
    line = first_statement(tail, sender)
    return f"a line under our quoted mail says: «{_short(line)}»" if line else None


def _above_our_greeting(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    """Words typed between the header block of our unmarked quote and our mail's greeting
    ("Von: … / Betreff: …", then "Bzw. warten Sie bitte noch …", then our "Guten Tag Anja,"):
    every notice of ours opens with its greeting, so what stands above it is the writer's."""
    history = first_history(shown.text)
    if history is None or not any(HEADER_FROM.match(line.lstrip("> ")) for line in history.heading.split("\n")) or \
            not _ours(history, settings, sender, shown.reply.quoted):
        return None
    typed = []
    for line in history.body.split("\n")[:_ABOVE_GREETING_LINES]:
        bare = line.strip()
        if not bare:
            continue
        if is_greeting_line(bare) or bare.startswith(">"):
            break
        if HEADER_ANY.match(bare) or BARE_LABEL_ANY.match(bare) and _REFERENCE.search(bare) or _names_us(bare, settings):
            continue  # (the rest of the header block: "主题: [XFER-…] …")
        typed.append(line)
    else:
        return None  # (no greeting of ours where it should be: nothing to tell)
    line = first_statement(without_banners("\n".join(typed)).split("\n"), sender)
    return f"a line above our quoted mail's greeting says: «{_short(line)}»" if line else None


_ABOVE_GREETING_LINES = 8


def typed_below_our_mail(text: str, settings) -> list[str]:
    """The lines typed under our quoted mail, when it is quoted unmarked (see _below_our_mail):
    up to an earlier mail's heading, without our own footer."""
    history = first_history(text)
    name = fold(getattr(settings, "name", "") or "")
    if history is None or not name:
        return []
    lines = history.body.split("\n")
    end = next((i for i in range(len(lines) - 1, 0, -1)
                if fold(lines[i].strip()) == name and is_sign_off_line(lines[i - 1].strip())), None)
    if end is None:
        return []
    tail = []
    for line in lines[end + 1:]:
        bare = line.strip()
        if bare.startswith(">") or HEADER_FROM.match(bare) or HEADER_ANY.match(bare) or is_attribution(bare) \
                or RULE_LINE.match(bare):
            break  # (an earlier mail of the thread, quoted by ours)
        if _names_us(bare, settings) or _REFERENCE.search(bare) or _our_footer(bare) or _LINK_ONLY.match(bare):
            continue  # (our own footer, as a client renders it from our HTML: its line, its link)
        tail.append(line)
    return tail


_LINK_ONLY = re.compile(r"<?https?://\S+>?$")


def _inside_our_quote(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    """Words typed between or under the ">" lines of a quote that the new text does not
    hold: "I AGREE" on top, then under a quoted clause of the waiver "Not quite: invoice
    4487 must be paid first" (a client that cuts the mail at "Original Message" leaves it in
    the quote). A later mail's heading ends the search."""
    lines = shown.text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.lstrip().startswith(">")
                  and not GROUPWISE_HEADER.match(line)), None)  # (">>> X 1/21/2025 >>>" heads an unmarked quote)
    if first is None:
        return None
    reply = shown.reply
    own = {" ".join(line.split()) for line in (reply.text + "\n" + reply.signature).split("\n") if line.strip()}
    typed = []
    for line in lines[first + 1:]:
        bare = line.strip()
        if not bare or bare.startswith(">"):
            continue
        if HEADER_FROM.match(bare) or HEADER_ANY.match(bare) or is_attribution(bare) or RULE_LINE.match(bare):
            break  # (an earlier mail, quoted unmarked under ours)
        if " ".join(bare.split()) in own or _names_us(bare, settings) or _REFERENCE.search(bare) \
                or _our_footer(bare):
            continue
        typed.append(line)
    line = first_statement(typed, sender)
    return f"a line typed inside the quoted mail says: «{_short(line)}»" if line else None


def _typed_into_our_notice(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    """Words typed into our quoted notice where the quote shows them as its own (a ">" line
    typed among ours, a line inside an HTML blockquote), when the quote is plainly one of
    today's notices (see ``notice_quote``; the pipeline compares with the mail it sent): a
    line none of our notices holds that sets terms."""
    history = first_history(shown.text)
    if history is None or not _ours(history, settings, sender, shown.reply.quoted):
        return None
    # (a keyword typed among our lines with words after it is a second answer: "[مریم]: I AGREE به
    # شرط تسویه فاکتور معوق.", whatever language its condition is in)
    quote = without_banners(shown.reply.quoted)
    typed = [line for line in typed_into(quote) if _sets_terms(line) or _KEYWORD_WITH_MORE.search(line)]
    if not typed:
        # A quote of ours that is no notice of today's ("we are still waiting for your answer"): a
        # line of it with a condition and a payment may still be typed ("<<< only once the client
        # has paid the November invoice! >>>"); the daemon, which has the mails it sent, gives
        # the yes back where the line is ours (``unless_quote_is_ours``).
        typed = [line for line in typed_into(quote, loose=True)
                 if _CONDITION.search(fold(line)) and _MONEY.search(fold(line))]
    line = first_statement(typed, sender)
    return f"a line typed into our quoted mail says: «{_short(line)}»" if line else None


def _sets_terms(line: str) -> bool:
    return bool(_SETS_TERMS.search(fold(_NAME_RUN.sub(_shouted_words, _VALUE_TOKEN.sub(" ", QUOTED_VALUE.sub(" ", line))))))


_CONDITION = words_of("condition")
_MONEY = words_of("money")
_KEYWORD_WITH_MORE = re.compile(r"(?i)\b(?:i[^\S\n]+(?:agree|accept|object|decline)|cancel)\b[^\S\n]*+[^\s.!]")
# What such a line must say to count: a condition, money, validity or a dispute (our
# notices say "not", "keep", a date or a domain, in wordings this version may not hold)
_SETS_TERMS = words_of("condition", "money", "validity", "legal", "approval")
# The case's own values in our notice: what the client gave, in quotes, and names ("Studio
# Legale Conti & Associati has asked …", "Client: "Hartley & Finch Solicitors"")
_VALUE_TOKEN = re.compile(r"[^\s(),]*(?:[@/]|\w\.\w)[^\s(),]*")  # (an address, a domain, a link)
_NAME_RUN = re.compile(r"(?<!\w)[A-ZÀ-ÖØ-Þ][\w'’.-]*(?:[^\S\n]+(?:&[^\S\n]+)?[A-ZÀ-ÖØ-Þ][\w'’.-]*)+")


def _shouted_words(run: re.Match) -> str:
    """A run of capitalised words without its names: the words in capitals only stay, since
    a line typed in capitals is a sentence shouted ("SOLO CUANDO SE PAGUE LA FACTURA 2861"),
    not a name."""
    return " " + " ".join(word for word in run.group(0).split() if not any(ch.islower() for ch in word)) + " "
_FOOTER = re.compile(r"written by our transfer system|a reply reaches our team")


def _our_footer(line: str) -> bool:
    """Our footer's line, in English or in any language our notices are sent in."""
    return bool(_FOOTER.search(fold(line))) or is_our_line(line)


def _more_text_parts(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    """A text part after the first is shown as a part of its own ("Condition: migration not
    before 1 June." in a second inline part): what it says besides courtesies and a signature
    is the writer's."""
    for text in message.text_parts[1:]:
        part = extract_reply(text, sender)
        line = first_statement((part.text + "\n" + part.signature).split("\n"), sender)
        if line:
            return f"another text part of the mail says: «{_short(line)}»"
    return None


def _quoted_waiver(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    version = edited_waiver(shown.reply.quoted)
    return f"the waiver ({version}) quoted under it is not the text we sent: a clause was changed" if version else None


def _forwarded_to_the_writer(history: History, settings) -> bool:
    """A colleague forwarded our mail to the writer, who answers it: the quote is the
    colleague's note with our mail under it ("kun jij dit even afhandelen?" above our
    "Forwarded message"). It is ours when our mail's heading follows within the note's few
    lines, and the note names no keyword and sets no terms (what it says is not the writer's,
    but a condition there still goes to staff)."""
    # (the note may stand in the heading itself: a rule "----- Weitergeleitet von … -----" heads
    # the paragraph under it)
    lines = (history.heading.split("\n")[1:] + history.body.split("\n"))[:_COLLEAGUE_NOTE_LINES]
    ours = next((i for i, line in enumerate(lines) if (HEADER_FROM.match(line.lstrip("> ")) or
                                                       is_attribution(line.lstrip("> ")))
                 and _names_us(line, settings)), None)
    if ours is None:
        return False
    note = "\n".join(line for line in lines[:ours] if not HEADER_ANY.match(line.lstrip("> ")))
    return not (states_terms(note) or _KEYWORD_IN.search(note) or mixed_scripts(note))


_COLLEAGUE_NOTE_LINES = 30


def _ours(history: History, settings, sender: Sender, quoted: str = "") -> bool:
    # A header block speaks for its From line only ("To: transfer@…" in a memo is not ours).
    heading_lines = history.heading.split("\n") + history.body.split("\n")[:_QUOTED_HEADER_LINES]
    from_line = next((line.lstrip("> ") for line in heading_lines if HEADER_FROM.match(line.lstrip("> "))), None)
    heading = fold(from_line if from_line is not None else history.heading)
    local, _, domain = settings.mailbox.lower().partition("@")
    addresses = _ADDRESS.findall(heading)
    if addresses:
        return any(a.endswith(f"@{domain}") for a in addresses)
    name = fold(getattr(settings, "name", "") or "")
    if name and " ".join(name.split()) in " ".join(heading.split()):
        return True
    if f"{local}@" in heading:
        return True  # "transfer@ wrote:"
    if FORWARDED_BY.match(history.heading):
        return False  # ("----- Weitergeleitet von Katrin Müller/Bayerische …": a colleague's forward)
    named = {w for w in re.split(r"[^\w]+", heading) if len(w) > 2} & (sender.words - _COMMON_WORDS)
    if named:
        return False  # the heading names the sender: their own earlier text
    # A heading that names nobody we can check ("Transfer desk wrote:" with no name
    # configured): ours when the quote holds our case reference or address.
    body = fold(history.body + "\n" + quoted)
    return bool(_REFERENCE.search(body) or f"@{domain}" in body)


_QUOTED_HEADER_LINES = 3
_FROM_COMMENT = re.compile(r"\(([^()]{1,200})\)")
_MAX_FROM = 2000
_KEYWORD_IN = re.compile(r"(?i)\b(?:agree|accept|object|decline|cancel)\b")
# A governing body's name ends in its kind, capitalised after a capitalised name: "School Board",
# "Tourism Board" (the word of disputes "board" sets no terms there)
_GOVERNING_BODY = re.compile(r"\b([A-ZÀ-ÖØ-Þ][\w'’.-]*+)[^\S\n]++Board\b")


_ADDRESS = re.compile(r"[\w.+=-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_COMMON_WORDS = frozenset({"com", "net", "org", "example", "mail", "info", "the", "and"})


def _subject(message: ParsedMessage, shown: Part, sender: Sender, settings, intent: Intent) -> str | None:
    own = _without_quoted_names(mask_names(own_subject(message.subject), shown.reply.quoted, sender),
                                shown.reply.quoted)
    # (the subject may repeat the answer: "Cancel XFER-7K2P9QM" over a CANCEL; not name another)
    answers = {m.group(0).split()[-1].lower() for m in _KEYWORD_IN.finditer(own)}
    appended = _APPENDED.split(own)
    if adds_terms(own) or _SUBJECT_TERMS.search(fold(own)) or mixed_scripts(own) or answers - {KEYWORDS[intent]} \
            or _APPENDED_QUESTION.search(own) or len(appended) > 1 and len(appended[-1].split()) >= 3 \
            and not in_our_words(appended[-1]) and first_statement([appended[-1]], sender):
        return f"the subject sets terms: «{_short(message.subject)}»"
    return None


def _without_quoted_names(subject: str, quoted: str) -> str:
    """The subject without the names our quoted mail shows as they stand there: our subject
    names the case's company ("Traspaso de Logística del Plata S.R.L. a usted"), and a word
    of its name ("Plata", money in Buenos Aires) is no term the sender set."""
    if not quoted:
        return subject

    def shown_there(run: re.Match) -> str:
        words = run.group(0).split()
        if len(words) > _MAX_NAME_WORDS:
            return run.group(0)  # (no company's name is this long; a hostile subject may be)
        for start in range(len(words) - 1):  # ("Traspaso de Logística …": our word, then the name)
            if " ".join(words[start:]) in quoted and words[start][:1].isupper():
                return " ".join(words[:start]) + " "
        return run.group(0)
    return _NAME_WITH_PARTICLES.sub(shown_there, subject)


_MAX_NAME_WORDS = 12
# A name of capitalised words and the little words between them: "Logística del Plata S.R.L."
_NAME_WITH_PARTICLES = re.compile(r"(?<![\w'’&.-])[A-ZÀ-ÖØ-Þ][\w'’&.-]*+(?:[ \t]++(?:(?:de|del|della|la|le|van|von|der|"
                                  r"den|da|do|dos|das|di|du|des|y|e|&)[ \t]++)?[A-ZÀ-ÖØ-Þ][\w'’&.-]*+)*")


def _display_name(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    name = (message.from_name or "").strip().strip("\"'")
    if not name:
        return None
    address_only = Sender.of(None, message.from_addr)
    if _ADDRESS.fullmatch(name.strip("<>")):
        return None  # the address itself as its name
    # (a word of the address's own name, capitalised, is the sender's name: "Nur Aisyah Binte
    # Rahman" <nur.aisyah@…> is no German "nur", "only")
    local = {w for w in re.split(r"[^\w]+|_", fold((message.from_addr or "").partition("@")[0])) if len(w) > 1}
    named = " ".join(w for w in name.split() if not (w[:1].isupper() and fold(w) in local)) or name
    named = _GOVERNING_BODY.sub(r"\1", named)  # "Halton District School Board": a body's name, no vote
    # (a comment in the From header is shown beside the name by many clients: "Anna Smith (only after
    # the vote)"; the address parser leaves it out of the name)
    for comment in _FROM_COMMENT.findall(" ".join(message.headers.get("from", []))[:_MAX_FROM]):
        if states_terms(comment) or _KEYWORD_IN.search(comment):
            return f"the sender's display name says more than a name: «{_short(comment)}»"
    if states_terms(named) or mixed_scripts(name) or not (
            is_name_line(named, address_only) or _words_of_address(name, address_only)):
        return f"the sender's display name is not a name: «{_short(name)}»"
    return None


def _headers(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    # Headers some clients show with the mail (Outlook shows Keywords as categories).
    for name in ("comments", "keywords"):
        for value in message.headers.get(name, []):
            if value.strip() and (states_terms(value) or not is_name_line(value, sender)):
                return f"the {name.title()} header says «{_short(value)}»"
    return None


def _length(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    if message.text.count("\n") >= MAX_LINES:
        return "the mail is longer than the reader reads"
    return None


def _attachments(message: ParsedMessage, shown: Part, sender: Sender, settings) -> str | None:
    for attachment in message.attachments:
        kind = (attachment.content_type or "").lower()
        if kind.startswith("image/") or kind in _HARMLESS:
            continue
        # A document or message sent with a yes may set terms of its own: staff read it.
        return f"an attachment may hold terms: {attachment.name} ({kind})"
    for kind, text in attached_texts(message):
        line = first_statement(text.split("\n"), sender)
        if line:
            return f"the attached {kind} says «{_short(line)}»"
    return None


def _other_part_differs(shown: Part, other: Part | None, intent: Intent, known: frozenset[str],
                        sender: Sender, settings) -> str | None:
    """The other body of the mail must say the same yes, and what it holds beyond what is
    shown (words the shown part has nowhere) must be no statement: one client shows the text
    part, another the HTML."""
    if other is None:
        return None
    if classify_intent(mask_names(_without_commands(other.reply.text), other.reply.quoted, sender),
                       known, sender) != intent:
        return "the mail's text and HTML parts do not say the same"
    seen = _words_in(shown.text)
    # The whole other part, quotes included (a condition set as a quote in the HTML only), up
    # to where our own mail is quoted (its layout may differ from part to part).
    lines = [line.lstrip("> ") for line in other.text.split("\n")]
    ours = next((i for i, line in enumerate(lines) if _names_us(line, settings)), len(lines))
    extra = [line for line in lines[:ours] if any(word not in seen for word in _WORD.findall(fold(line)))]
    line = first_statement(extra, sender)
    if line:
        return f"the mail's other part says more: «{_short(line)}»"
    return None


def _html_elsewhere(message: ParsedMessage, shown: Part, sender: Sender, settings, intent: Intent) -> str | None:
    """What a mail client other than the common one shows (Outlook's conditional blocks, alt
    text when images are blocked, a media query's branch), and text hidden from everyone: the
    words a person may see, or was kept from seeing, beyond the shown text must be no statement
    ("[Acceptance subject to contract]" as a logo's alt text, a white-on-white "only once
    paid"). Styles too complex to decide within bounds send a yes to staff."""
    if not message.html:
        return None
    views = html_views(message.html)
    if views.undecided:
        return "the HTML part's styles are too complex to tell what a person sees"
    seen = _words_in(shown.text) | _words_in(views.text)
    if views.anywhere != views.text:
        elsewhere = extract_reply(views.anywhere, sender)
        line = _first_new_statement("\n".join((elsewhere.text, elsewhere.signature, elsewhere.attribution)),
                                    seen, sender, settings)
        if line:
            return f"some mail clients show more: «{_short(line)}»"
    seen |= _words_in(views.anywhere)
    hidden_answer = _hidden_answer(hidden_text(message.html), (views.anywhere, shown.text), intent)
    if hidden_answer:
        return f"the HTML part hides another answer: «{hidden_answer}»"
    title = fold(own_subject(message.subject))
    hidden = "\n".join(line for line in hidden_text(message.html).split("\n")
                       if fold(own_subject(line)) != title)  # (a <title> that is the subject)
    line = _first_new_statement(hidden, seen, sender, settings, quoted_ours=False)
    if line:
        return f"the HTML part hides words a person does not see: «{_short(line)}»"
    return None


def _hidden_answer(every_text: str, shown: tuple[str, ...], intent: Intent) -> str | None:
    """A keyword other than the yes that the HTML holds more often than any view shows it: an
    "I OBJECT" set invisible beside a visible "I AGREE" is a second answer, whatever the quote
    of our own mail says (its "reply I OBJECT" is shown, and so counted on both sides)."""
    hidden = Counter(m.group(0) for m in _ANSWER.finditer(fold(every_text)))
    visible: Counter = Counter()
    for view in shown:  # (the most any one view shows)
        visible |= Counter(m.group(0) for m in _ANSWER.finditer(fold(view)))
    own = KEYWORDS.get(intent, "")
    for answer, count in hidden.items():
        if own not in answer.split() and count > visible[answer]:
            return answer.upper()
    return None


# (spaces as in the keyword: "i  object" in markup reads as "i object")
_ANSWER = re.compile(r"\bi (?:agree|accept|object|decline)\b|\bcancel\b")


def _first_new_statement(text: str, seen: set[str], sender: Sender, settings, quoted_ours: bool = True) -> str | None:
    """The first line of ``text`` with words not in ``seen`` that states something; with
    ``quoted_ours``, the quote of our own mail (from the line naming us) aside."""
    lines = text.split("\n")
    ours = next((i for i, line in enumerate(lines) if _names_us(line, settings)), len(lines)) if quoted_ours \
        else len(lines)
    extra = [line.lstrip("> ") for line in lines[:ours] if not line.lstrip().startswith(">")
             and any(word not in seen for word in _WORD.findall(fold(line)))]
    return first_statement(extra, sender)


_WORD = re.compile(r"\w+")


@lru_cache(maxsize=8)  # (the shown text and the views are read by two checks each)
def _words_in(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(fold(text)))


def _names_us(line: str, settings) -> bool:
    low = fold(line)
    mailbox, name = _our_names(settings.mailbox, getattr(settings, "name", "") or "")
    return mailbox in low or bool(name and name in low)


@lru_cache(maxsize=4)  # (asked of every line of a part: folded once)
def _our_names(mailbox: str, name: str) -> tuple[str, str]:
    return mailbox.lower(), fold(name)


# (a calendar invite is not among them: its description and times may set terms of their own)
# (conditions and money in every language; not the negations and disputes our own subjects
# name: "Command refused", "Waiver disputed: staff needed")
# (and a doubt or a take-back: "… – Bueno, mejor esperen: quizá lo retomemos")
_SUBJECT_TERMS = re.compile(words_of("condition", "money", "validity", "doubt", "retraction").pattern
                            + "|仅限|僅限|只限")  # ("only": notices say it too)
# A question the writer added behind our subject ("… Transportadora Ribeiro Ltda. - ou pausar?"):
# our own subjects that ask one carry no dash before it
# What the writer added behind our subject after a dash ("… zu Ihnen – Wir können frühestens ab
# 01.02. starten"): a statement there not in our own words ("Vielen Dank – und eine Frage") is
# the writer's
_APPENDED = re.compile(r"\s(?:[-–—|]|//)\s")
_APPENDED_QUESTION = re.compile(r"\s[-–—|/]\s[^-–—|/]{0,200}[?？؟]")
# (our subjects name no keyword: "I OBJECT - Re: …" over an I AGREE is two answers)
_KEYWORD_IN = re.compile(r"(?i)\b(?:i|we)\s+(?:agree|accept|object|decline)\b|\bcancel\b")
_HARMLESS = ("application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature",
             "text/x-vcard", "text/vcard")


# -- helpers -----------------------------------------------------------------------------------------

_COMMAND_LINE = re.compile(r"^\s*#[a-z]", re.IGNORECASE | re.MULTILINE)
_REFERENCE = re.compile(r"\bxfer-[0-9a-z]{7}\b", re.IGNORECASE)


def _without_commands(text: str) -> str:
    """Staff command lines ("#cancel", "#note they agree") are commands, not keywords."""
    if "#" not in text:
        return text
    return "\n".join(line for line in text.split("\n") if not _COMMAND_LINE.match(line))


def _why_not_a_yes(intent: Intent, text: str) -> str:
    if intent is Intent.NONE:
        return "no keyword in the new text"
    if intent is not Intent.AMBIGUOUS:
        return f"I {intent.upper()} opens the new text"
    return ("the new text mentions a keyword but not as a clean answer (not first, negated, hedged, "
            f"questioned, or with another keyword): «{_short(text)}»")


def _words_of_address(name: str, address: Sender) -> bool:
    words = [w for w in re.split(r"[^\w]+", fold(name)) if w]
    return bool(words) and all(w in address.words or len(w) == 1 for w in words)


def own_subject(subject: str) -> str:
    """The subject without reply prefixes and case tags: what the sender may have typed."""
    return re.sub(r"\[[^\]\s]{0,40}\]", " ", REPLY_PREFIX.sub("", subject or ""))  # tags have no spaces


def attached_texts(message: ParsedMessage) -> list[tuple[str, str]]:
    """The free text of attached vCards and calendar invites (NOTE, DESCRIPTION, SUMMARY,
    COMMENT): a condition may be written there."""
    found: list[tuple[str, str]] = []
    if message.message is None:
        return found
    try:
        parts = list(message.message.walk())
    except Exception:
        return found
    for part in parts[:200]:
        kind = part.get_content_type()
        if kind not in ("text/vcard", "text/x-vcard", "text/calendar", "application/ics"):
            continue
        try:
            data = part.get_payload(decode=True) or b""
        except Exception:
            continue
        text = data[:65536].decode("utf-8", "replace").replace("\r\n ", "").replace("\n ", "")
        fields = [m.group(1).replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";")
                  for m in _FREE_FIELD.finditer(text)]
        if fields:
            found.append((kind.rpartition("/")[2], "\n".join(fields)))
    return found


_FREE_FIELD = re.compile(r"^(?:NOTE|DESCRIPTION|SUMMARY|COMMENT|X-ALT-DESC)[^:\n]{0,200}:([^\n]{0,4000})", re.MULTILINE)


def _short(text: str | None, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
