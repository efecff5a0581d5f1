"""The new text of a reply: quoted history, forwarded parts and signatures removed.

Works on plain text (HTML mail arrives here already converted, quotes as ``> `` lines):

1. Cut at the first line below which everything is history: an Outlook header block
   ("From: / Sent: / To:" in any of our languages), "-----Original Message-----" or a
   forwarding banner, an underscore separator, or an "On … wrote:" line not followed by ``>``
   quoting (clients that quote without prefixes).
2. Above the cut, drop ``>``-quoted lines and the attribution line that introduces them; what
   is left, in order, is the new text. This handles top-posting, bottom-posting and inline
   answers alike.
3. Drop the signature: the "-- " delimiter, "Sent from my iPhone" and friends, and a closing
   sign-off block at the end.

Choosing this over the libraries is written down in docs/parsing.md: it is the only one of
them that handles inline answers, HTML converted text and all ten languages at once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from parsers.html_text import without_invisible
from parsers.line_shapes import (
    Kind,
    Sender,
    closing_states_terms,
    first_statement,
    fold,
    is_closing_above_name,
    is_company_first,
    is_courtesy,
    is_external_banner,
    is_name_line,
    is_notice_paragraph,
    is_opening_hours,
    is_sent_from,
    is_wish_above_name,
    line_kind,
    signs_for,
    without_titles,
)
from parsers.quote_patterns import (
    ATTRIBUTION_OPENING,
    BARE_LABEL_ANY,
    BARE_LABEL_FROM,
    DISCLAIMER,
    GROUPWISE_HEADER,
    HEADER_ANY,
    HEADER_FROM,
    LABEL_FIRST_WORDS,
    NAME_LINE,
    NOTES_DATE,
    NOTES_LABEL,
    NOTES_SENDER,
    POSTSCRIPT,
    RULE_LINE,
    SENT_FROM,
    SEPARATOR,
    SIGN_OFF,
    SIGNATURE_DELIMITER,
    UNDERSCORE_LINE,
    is_attribution,
    is_attribution_without_colon,
    is_weak_attribution,
    signature_details,
)

# ">" quoting, or the writer's initials before it (Supercite, The Bat!: "BTD> Hello,")
_QUOTED = re.compile(r"^\s*(?:[^\W\d_]{1,5})?>")
# The longest name line of a closing name block or sign-off.
_MAX_SIGNOFF_LINE = 80
# Outlook header blocks: the From line and at least one more label within this many lines.
_HEADER_WINDOW = 6
# Mail bodies can be huge; replies are at the top. Past this many lines we stop looking.
MAX_LINES = 5000


@dataclass(frozen=True)
class Reply:
    """A reply split into the new text and the rest."""

    text: str  # the new text only
    quoted: str  # quoted history and forwarded parts (what was removed, without the signature)
    signature: str
    attribution: str = ""  # the "On …, X wrote:" lines removed with the quotes (they are part of ``quoted``)


def normalise(text: str) -> str:
    """Line endings, NBSP and invisible characters, trailing spaces."""
    text = without_invisible(unicodedata.normalize("NFC", text or ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def extract_reply(text: str, sender: Sender | None = None) -> Reply:
    """Split ``text`` into the new text, the quoted history and the signature. ``sender``: the
    writer's name and address, so that a name alone under the text is known as theirs."""
    lines = _without_pgp_armor(normalise(text).split("\n"))
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
    lines, cut, attributed = _history_cut(lines)
    head, history = lines[:cut], lines[cut:]

    new, quoted, attribution = _drop_quotes(head)
    attribution += history[:attributed]
    new = _without_banner(new)
    new, signature = _drop_signature(new, sender or Sender())
    if signature:
        new, rule = _without_closing_rule(new)
        signature = rule + signature
    return Reply(
        text=_tidy(new),
        quoted=_tidy(quoted + history),
        signature=_tidy(signature),
        attribution=_tidy(attribution),
    )


_MAX_FOOTER_DETAILS = 4


def _rule_above(lines: list[str], i: int) -> int:
    """Where a ticket system's footer starts: at a rule over it and its team's name and links
    ("-----\nX Support Team\nhttps://…/tickets/41887\nPlease do not remove the ticket number …")."""
    details = 0
    for j in range(i - 1, -1, -1):
        line = lines[j].strip()
        if not line:
            continue
        if RULE_LINE.match(line):
            return j
        if details == _MAX_FOOTER_DETAILS or line_kind(line, Sender(), True) not in _DETAIL_KINDS:
            break
        details += 1
    return i


def _without_closing_rule(lines: list[str]) -> tuple[list[str], list[str]]:
    """A rule left at the end of the text above the cut signature goes with it: ticket systems
    draw one above their footer ("--------\nThis email is a service from …")."""
    end = len(lines)
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    if end > 0 and (RULE_LINE.match(lines[end - 1].strip()) or SIGNATURE_DELIMITER.match(lines[end - 1])):
        return lines[:end - 1], lines[end - 1:]
    return lines, []


def _without_banner(lines: list[str]) -> list[str]:
    """The new text without a mail gateway's warning above it (``is_external_banner``): its
    first paragraph, where that is one."""
    start = _next_content(lines, 0)
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    if start < len(lines) and is_external_banner("\n".join(lines[start:end])):
        return lines[end:]
    # (an HTML part's warning is a block of its own, with no blank line under it: one line)
    if start < len(lines) and end > start + 1 and is_external_banner(lines[start]):
        return lines[start + 1:]
    return lines


def _history_cut(lines: list[str]) -> tuple[list[str], int, int]:
    """The lines, where their history starts and how long its attribution is (``_history_start``);
    Proton's "------- Original Message -------" over the quote with the answer under it is
    blanked first: the separator is the quote's, and what follows the quote is the writer's."""
    cut, attributed = _history_start(lines)
    if _bottom_posted_under_separator(lines, cut):
        lines = lines[:cut] + [""] + lines[cut + 1:]
        cut, attributed = _history_start(lines)
    return lines, cut, attributed


def _bottom_posted_under_separator(lines: list[str], cut: int) -> bool:
    """Nothing typed above an "Original Message" separator, then "On … wrote:" and a ">"
    quote, then unquoted lines: a bottom-posted answer. (Not a forward: its mail is unquoted.)"""
    if cut >= len(lines) or not SEPARATOR.match(lines[cut]) or any(line.strip() for line in lines[:cut]):
        return False
    start = _next_content(lines, cut + 1)
    if start >= len(lines):
        return False
    length = _attribution_length(lines, start, is_weak_attribution)
    first_quoted = _next_content(lines, start + length)
    if not length or first_quoted >= len(lines) or not _QUOTED.match(lines[first_quoted]):
        return False
    end = first_quoted
    while end < len(lines) and (_QUOTED.match(lines[end]) or not lines[end].strip()):
        end += 1
    return end < len(lines)


def _without_pgp_armor(lines: list[str]) -> list[str]:
    """An inline-signed (cleartext) PGP message as its writer typed it: without the armor
    lines, the "Hash:" header and the signature block, and with dash-escaping undone
    (RFC 4880 7.1)."""
    if not any(line.strip() == "-----BEGIN PGP SIGNED MESSAGE-----" for line in lines):
        return lines
    out: list[str] = []
    i, signed = 0, False
    while i < len(lines):
        line = lines[i]
        if line.strip() == "-----BEGIN PGP SIGNED MESSAGE-----":
            i += 1
            while i < len(lines) and re.match(r"^[A-Za-z-]+: \S", lines[i]):
                i += 1  # armor headers up to the blank line
            signed = True
            continue
        if signed and line.strip() == "-----BEGIN PGP SIGNATURE-----":
            while i < len(lines) and lines[i].strip() != "-----END PGP SIGNATURE-----":
                i += 1
            i, signed = i + 1, False
            continue
        out.append(line[2:] if signed and line.startswith("- ") else line)
        i += 1
    return out


def _joined(lines: list[str], start: int, count: int) -> str:
    return " ".join(line.strip() for line in lines[start : start + count])


_ATTRIBUTION_ENDS = (":", "-", ">", "：")
_MAX_INITIALS = 24  # ("-AS", "/rv", "—Naomi K.": initials or a dash name, not a sentence)
_SHORT_COURTESY = 80  # "Thank you!" above a closing is short (a long line is read once, not per closing)


def _ends_like_attribution(line: str) -> bool:
    # (a full stop too where the line holds an address: "02.11.2026 17:48, X <x@y> գրել է.")
    end = line.rstrip()
    return end.endswith(_ATTRIBUTION_ENDS) or end.endswith(".") and "@" in end


def _attribution_length(lines: list[str], i: int, matches: Callable[[str], bool] = is_attribution) -> int:
    """Number of lines (1-3) of an attribution starting at ``i``, or 0."""
    if not lines[i].strip() or _QUOTED.match(lines[i]):
        return 0
    for count in (1, 2, 3):
        if i + count > len(lines) or (count > 1 and not lines[i + count - 1].strip()):
            break
        if not _ends_like_attribution(lines[i + count - 1]):
            continue  # (every shape of attribution ends so: most lines are never joined)
        if matches(_joined(lines, i, count)):
            if count > 1 and any(_starts_later(lines, i, k, count, matches) for k in range(1, count)):
                # The attribution starts on a later line; this one is the writer's own last
                # line, glued to it ("…is paid.\nOn 25/11/2026 X wrote:", "On receipt of the
                # payment\nOn 25/11/2026 X wrote:").
                return 0
            return count
    return 0


def _starts_later(lines: list[str], i: int, k: int, count: int, matches: Callable[[str], bool]) -> bool:
    """Whether lines ``i+k`` … ``i+count-1`` are an attribution of their own, which line ``i``
    does not begin (it does not open like one, or the later line opens like one too)."""
    if not matches(_joined(lines, i + k, count - k)):
        return False
    if lines[i + k - 1].rstrip().endswith("<"):
        return False  # Gmail wraps inside the address: "X <\nx@y> schrieb am …:"
    if _ANGLE_ADDRESS.search(lines[i]) and not _ANGLE_ADDRESS.search(lines[i + k]):
        return False  # the sender's address first, the time and verb wrapped: "X <x@y> 于2025年1月13日周一" / "21:41写道："
    return not _opens_attribution(lines[i]) or _opens_attribution(lines[i + k])


_ANGLE_ADDRESS = re.compile(r"<[^\s<>@]{1,64}@[^\s<>@]{1,255}>")


def _opens_attribution(line: str) -> bool:
    """"On Tue, 3 Mar 2026 …" or "25.11.2026 …": a first line an attribution may wrap from."""
    return bool(ATTRIBUTION_OPENING.match(line)) and not line.rstrip().endswith((".", "!", "?"))


def _next_content(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _is_header_block(lines: list[str], i: int) -> bool:
    if not HEADER_FROM.match(lines[i]):
        # GMX and web.de put the date first: "Gesendet: Mittwoch, …" then "Von: …".
        return bool(HEADER_ANY.match(lines[i])) and any(HEADER_FROM.match(line) for line in lines[i + 1 : i + 3])
    labels, j = 0, i + 1
    while j < len(lines) and j <= i + _HEADER_WINDOW:
        if HEADER_ANY.match(lines[j]):
            labels += 1
        elif lines[j].strip() and labels == 0 and j > i + 2:
            break
        j += 1
    return labels >= 1


# "Label: value", a label of one to three short words: a header line in any language ("Mula kay:",
# "Daripada:", "Nga:"), read by its shape where the lists of labels end.
_LABEL_LINE = re.compile(r"^\s*(?!\s)[^\W\d_][^\s:：]{0,20}(?: [^\s:：]{1,20}){0,2} ?[:：][ \t]*\S")
# (bounded runs: an unbounded one was tried from every letter of a 100 kB line, 17 s)
_ADDRESS_IN = re.compile(r"[^\s<>@]{1,64}@[^\s<>@.]{1,63}\.\w")
_MIN_LABELLED = 3


def _is_labelled_block(lines: list[str], i: int) -> bool:
    """A mail's header block in a language the label lists do not know: a "Label: value" line
    naming an address, and at least two more label lines right under it, one of them with a
    date ("Mula kay: X <x@y>" / "Ipinadala: Lunes, Marso 3, 2025 9:00 AM" / "Kay: …")."""
    if not (_LABEL_LINE.match(lines[i]) and _ADDRESS_IN.search(lines[i])):
        return False
    block = [lines[i]]
    for line in lines[i + 1 : i + _HEADER_WINDOW]:
        if not _LABEL_LINE.match(line):
            break
        block.append(line)
    # (a date with its time: a mail's header block has one, a form the writer fills in, with
    # its address and phone lines, has not)
    return len(block) >= _MIN_LABELLED and any(_DATE_AND_TIME.search(line) for line in block[1:])


_DATE_AND_TIME = re.compile(r"(?:19|20)\d\d\b.{0,40}?\b\d{1,2}[:.h]\d\d\b|\b\d{1,2}[:.h]\d\d\b.{0,40}?(?:19|20)\d\d\b")


def _is_bare_label_block(lines: list[str], i: int) -> bool:
    """A header block whose labels lost their colons ("Gesendet Mo., 18. März 2024 um 04:07" /
    "Von "X" <x@y>" / "An …" / "Betreff …", bold cells in web.de's HTML): three label lines in
    a row, one of them a sender with an address."""
    block = lines[i:i + _BARE_LABEL_LINES]
    words = lines[i].split(None, 1)
    if not words or words[0].lower() not in LABEL_FIRST_WORDS:
        return False
    if len(block) < _BARE_LABEL_LINES or not all(BARE_LABEL_ANY.match(line) for line in block):
        return False
    return any(BARE_LABEL_FROM.match(line) for line in block[:2])


_BARE_LABEL_LINES = 3


def _is_notes_header(lines: list[str], i: int) -> bool:
    if not NOTES_SENDER.match(lines[i]):
        return False
    nxt = _next_content(lines, i + 1)
    if nxt >= len(lines) or nxt > i + 2 or not NOTES_DATE.match(lines[nxt]):
        return False
    window = lines[nxt + 1 : nxt + 8]
    return any(NOTES_LABEL.match(line) for line in window)


def _history_start(lines: list[str]) -> tuple[int, int]:
    """Index of the first line of unprefixed history (or len(lines)), and how many lines of
    it are an "On … wrote:" attribution."""
    # (whether an attribution may end within each line's next three: asked of every line, so
    # read once per line here)
    ends = [(end := line.rstrip()).endswith(_ATTRIBUTION_ENDS) or end.endswith(".") and "@" in end
            for line in lines] + [False, False]  # (_ends_like_attribution, written out)
    may_end = [a or b or c for a, b, c in zip(ends, ends[1:], ends[2:], strict=False)]
    for i, line in enumerate(lines):
        if line.startswith(">>>") and GROUPWISE_HEADER.match(line):
            return i, 0
        if _QUOTED.match(line):
            if _headers_only_quote(lines, i):
                return i, 0
            continue
        if not line.strip():
            continue
        if SEPARATOR.match(line):
            return i, 0
        if _DASH_RULE.match(line):
            nxt = _next_content(lines, i + 1)
            if nxt < len(lines) and _TICKET_HEADING.match(lines[nxt].strip()):
                return i, 0  # a ticket system's rule over the mail it quotes: "Name, 11 Dec 2026, 09:28 GMT"
        if UNDERSCORE_LINE.match(line):
            nxt = _next_content(lines, i + 1)
            if nxt < len(lines) and (HEADER_ANY.match(lines[nxt]) or SEPARATOR.match(lines[nxt])):
                return i, 0
            continue
        # (every header line but a bare label has a colon or an address: most lines are
        # never run past the label lists)
        marked = ":" in line or "：" in line or "@" in line
        if marked and (_is_header_block(lines, i) or _is_notes_header(lines, i) or _is_labelled_block(lines, i)) \
                or _is_bare_label_block(lines, i):
            if i and _DATED_HEADING.match(lines[i - 1]):
                return i - 1, 0  # La Poste's "Message du 10/12/2026 18:38" over "De : …"
            return i, 0
        length = (_attribution_length(lines, i) if may_end[i] else 0) or (
            1 if is_attribution_without_colon(line) else 0)
        if length and re.search(r"\d|@", _joined(lines, i, length)):
            # (a real attribution has a date or an address: "On the invoice, our CFO wrote:"
            # is the writer's own text)
            nxt = _next_content(lines, i + length)
            if nxt < len(lines) and not _QUOTED.match(lines[nxt]):
                return i, length  # "On … wrote:" with the old mail below it, unprefixed
    return len(lines), 0


# A ticket system's footer under its acknowledgement: "—— Reply above this line.", "This email is a
# service from … Support. Delivered by Zendesk"
# (one way to read a run of spaces: "\s*[-#]*\s*" split 3,000 spaces every way)
_TICKET_FOOTER = re.compile(r"^\s*(?:[-—–#]+\s*)?(?:please )?(?:type your )?reply above this line\b|"
                            r"^\s*this email is a service from\b|"
                            r"^\s*please do not (?:remove|change|delete|edit) the (?:ticket|case|request) (?:number|id)\b|"
                            r"^\s*powered by (?:jira|zendesk|freshdesk|freshservice|servicenow|zoho desk|help ?scout|"
                            r"hubspot|otrs|znuny|osticket|topdesk|halo ?itsm|gorgias)\b", re.IGNORECASE)
# Ticket systems (Zendesk, Freshdesk) quote the conversation under a rule, each mail headed by
# its writer's name and when: "Marlowe Transfers, 11 Dec 2026, 09:28 GMT"
_DASH_RULE = re.compile(r"^-{10,}\s*$")
_TICKET_HEADING = re.compile(r"^[^,\n]{1,80}, (?:\d{1,2} [^\W\d_]{3,9}\.? \d{4}|[^\W\d_]{3,9}\.? \d{1,2}, \d{4}),? "
                             r"\d{1,2}:\d{2}(?: ?[AaPp][Mm])?(?: [A-Z]{2,5}| [+-]\d{4})?$")


# A dated heading right above a quoted header block: "Message du 10/12/2026 18:38", "Mensagem de
# 10/12/2026 18:38" (a few words, then a date and maybe a time)
_DATED_HEADING = re.compile(r"^[^\W\d_]{1,12}(?: [^\W\d_]{1,12}){0,2} \d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?: \d{1,2}:\d{2})?\s*$")


def _headers_only_quote(lines: list[str], i: int) -> bool:
    """A quoted header block with the mail's body unquoted under it (Zimbra's HTML puts only
    the "From:/To:/Sent:/Subject:" lines in its blockquote): the body is the old mail too,
    not the writer's inline answer."""
    if (i and _QUOTED.match(lines[i - 1])) or not HEADER_FROM.match(_unquoted(lines[i])):
        return False
    j = i
    while j < len(lines) and _QUOTED.match(lines[j]):
        if not HEADER_ANY.match(_unquoted(lines[j])) and not HEADER_FROM.match(_unquoted(lines[j])):
            return False  # (a quoted mail with its body: the usual quote)
        j += 1
    return j - i >= 2 and _next_content(lines, j) < len(lines)


def _unquoted(line: str) -> str:
    return line.lstrip("> ")


def _drop_quotes(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Remove ``>`` lines and the attribution that introduces them; returns the new text, the
    quoted lines (with attributions) and the attribution lines alone."""
    new: list[str] = []
    quoted: list[str] = []
    attribution: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _QUOTED.match(line):
            quoted.append(line)
            i += 1
            continue
        length = _attribution_length(lines, i, is_weak_attribution) or (
            1 if is_attribution_without_colon(line) else 0)
        if length:
            nxt = _next_content(lines, i + length)
            if nxt >= len(lines) or _QUOTED.match(lines[nxt]):
                quoted.extend(lines[i : i + length])
                attribution.extend(lines[i : i + length])
                i += length
                continue
        new.append(line)
        i += 1
    return new, quoted, attribution


def _drop_signature(lines: list[str], sender: Sender) -> tuple[list[str], list[str]]:
    """Cut at the signature delimiter or a "Sent from my …" line in any language, then a
    closing sign-off block, then a bare name block ("Bob", "Rob Young / Pinecrest IT", "-Lev.")
    ending the mail. What is cut is still read: a statement in it makes a yes ambiguous."""
    signature: list[str] = []
    for i, line in enumerate(lines):
        if SIGNATURE_DELIMITER.match(line) or SENT_FROM.match(line) or is_sent_from(line) or \
                _TICKET_FOOTER.match(line) and any(ch.isalpha() for above in lines[:i] for ch in above):  # (a footer, under text)
            if _TICKET_FOOTER.match(line):
                i = _rule_above(lines, i)
            lines, signature = lines[:i], lines[i:]
            break
    notice = _trailing_notice(lines)
    if notice is not None:
        lines, signature = lines[:notice], lines[notice:] + signature
    content = [i for i, line in enumerate(lines) if line.strip()]
    for position, i in enumerate(content):
        if not _is_sign_off(lines[i]):
            continue
        if len(lines[i]) <= _SHORT_COURTESY and lines[i].rstrip().endswith((".", "!", "。", "！")) and any(
                len(lines[j]) <= _SHORT_COURTESY and _is_sign_off(lines[j]) for j in content[position + 1:position + 3]):
            continue  # "Thank you!" then "Cheers,\nOliver": a courtesy, then the closing
        # A sign-off ends the message: what follows is name, title, company, address and
        # disclaimer, however long. As the very first line it is the whole reply only when
        # a name follows ("Thanks,\nBob"); "Thanks!" alone is the reply.
        if position > 0 or (len(content) > 1 and (NAME_LINE.match(lines[content[1]]) or sender.signs(lines[content[1]])
                                                   or _CJK_NAME.fullmatch(lines[content[1]].strip()))):
            return lines[:i], lines[i:] + signature  # a P.S. under it too: the judge reads it there
    if content and _closing_name(lines[content[0]], sender, alone=True) and \
            first_statement(lines[content[0]:], sender) is None:
        return [], lines + signature  # a signature block with nothing written above it
    cut = _name_block_start(lines, content)
    closing = _closing_block_start(lines, content, sender)
    if closing is not None and (cut is None or closing < cut):
        cut = closing  # ("Miłego dnia,", then a blank line, then the name block)
    if cut is not None:
        if cut - 1 in content and (is_closing_above_name(lines[cut - 1], lines[cut], sender) or (
                content.index(cut - 1) > 0 and is_wish_above_name(lines[cut - 1], lines[cut], sender))):
            cut -= 1  # "E se," or "Гарного дня!" right above the name block: the closing goes with it

        above = [i for i in content if i < cut]
        if len(above) > 1 and len(lines[above[-1]].strip()) <= _MAX_INITIALS and \
                _closing_name(lines[above[-1]], sender, alone=False):
            cut = above[-1]  # the writer's initials, then a blank line, then the block: "I ACCEPT\n-AS"
        return lines[:cut], lines[cut:] + signature
    if content and _closing_name(lines[content[-1]], sender, alone=len(content) == 1):
        return lines[:content[-1]], lines[content[-1]:] + signature
    return lines, signature


def _trailing_notice(lines: list[str]) -> int | None:
    """Where the paragraphs of legal notice that end the text start, under something written
    above them ("CONFIDENTIALITY NOTICE: This e-mail …", "本邮件可能包含保密信息，如误收请通知…"):
    a notice is no part of what the writer typed to us, wherever no sign-off stands above it."""
    end, cut = len(lines), None
    while end > 0:
        while end > 0 and not lines[end - 1].strip():
            end -= 1
        start = end
        while start > 0 and lines[start - 1].strip():
            start -= 1
        if start == end or end - start > _MAX_NOTICE_LINES:
            break
        paragraph = " ".join(line.strip() for line in lines[start:end])
        if not is_notice_paragraph(paragraph):
            break
        cut, end = start, start
    return cut


_MAX_NOTICE_LINES = 12


def _closing_block_start(lines: list[str], content: list[int], sender: Sender) -> int | None:
    """Where a closing block starts that the lists do not know, read by its shape: a short
    courtesy ending in a comma ("Tack på förhand,", "Muchas gracias y un saludo,"), or the
    writer's own name or initials, with only signature lines under it."""
    for position in range(max(1, len(content) - 12), len(content)):
        i = content[position]
        line = lines[i].strip()
        closing = (line.endswith(",") and len(line.split()) <= 6 and is_courtesy(line)) or sender.signs(line)
        if closing and first_statement(lines[i + 1:], sender) is None:
            return i
    return None


def _closing_name(line: str, sender: Sender, alone: bool) -> bool:
    """The writer's name closing the text: "-Lev.", "—Naomi", "S.", or (as the whole text)
    the sender's own name: a signature with nothing above it."""
    text = line.strip()
    if len(text) > 60:
        return False
    if text[:1] in "-–—~" and line_kind(text, sender) is Kind.NAME:
        return True  # "-Lev.", "—Naomi"
    if re.fullmatch(r"[A-ZÀ-ÞА-Я]\.?", text) or (not alone and sender.signs(text)):
        return True  # an initial: "S.", or the writer's initials: "ub", "J.K."
    if not sender.words:
        return False
    words = [w for w in re.split(r"[^\w]+", fold(text)) if w]
    # (a letter alone is a part of the name: "O'Connor")
    return any(len(w) > 1 for w in words) and (not alone or len(words) > 1) and \
        all(w in sender.words or len(w) == 1 for w in words) and is_name_line(text, sender)


def _is_sign_off(line: str) -> bool:
    """"Best regards," alone, or with the name on the same line ("Regards, Chris")."""
    match = SIGN_OFF.match(line)
    if match and closing_states_terms(line):
        return False  # ("Greetings from April onwards": terms, not a place)
    if match:
        # "Thanks - Bob" signs off; "Thanks - but only once the invoice is paid" does not.
        return match.group("tail") is None or bool(NAME_LINE.match(match.group("tail")))
    salutation, comma, name = line.partition(",")
    return bool(comma and SIGN_OFF.match(salutation) and NAME_LINE.match(name))


def _name_block_start(lines: list[str], content: list[int]) -> int | None:
    """Index of a closing name block: a name line ("Tom Baker", "Tom Baker | Smith IT Ltd",
    "Tom Baker, Smith IT Ltd"), then at most eight lines of details (title, company, address,
    phones, links), then maybe a confidentiality notice. Outlook signatures often come without
    a sign-off line."""
    if len(content) < 2:
        return None
    for start in content[max(1, len(content) - 12):]:  # a signature is near the end
        rest = [i for i in content if i > start]
        if any(_ANSWER_WORD.search(lines[i]) for i in rest):
            continue  # (a keyword under a name is the answer, the name an introduction above it)
        if _opens_name_block(lines[start]) and _details_to_the_end(lines, rest):
            if _UNCASED_NAME.fullmatch(lines[start].strip()) and not any(
                    line_kind(lines[i].strip(), Sender(), True) is Kind.CONTACT for i in rest):
                continue  # (two words of a script without capitals are a name only above contact details)
            return start
    return None


_ANSWER_WORD = re.compile(r"(?i)\b(?:agree|accept|object|decline|cancel)\b")


def _opens_name_block(line: str) -> bool:
    """A name, alone or followed by details on the same line; not a sentence."""
    if len(line) > _MAX_SIGNOFF_LINE:
        return False  # (first: the split below tries every space of a long run of them)
    line = without_titles(signs_for(line))  # ("i.A. Florian Hofer", "p. Luca Romano": an assistant signing for the
    # doctor; "dr. med. Ivana Marić", "Mag. pharm. Birgit Baumgartner": titles in lower case)
    name = re.split(r"\s*[|,•·]\s*", line.strip(), maxsplit=1)[0]
    if _INITIAL.fullmatch(name) and not name[0].islower():
        return True  # the writer's initial alone: "Д.", "李."
    if _CJK_NAME.fullmatch(name) and line_kind(name, Sender(), True) is Kind.NAME:
        return True  # "高橋 誠", "김민준"
    if _UNCASED_NAME.fullmatch(line.strip()) and line_kind(name, Sender(), True) is Kind.NAME and not is_courtesy(name):
        return True  # "नेहा गुप्ता", "ចាន់ ស្រីពៅ", "นภา ศรีสุข": a name in a script without capitals
    if is_company_first(line.strip()):
        return True  # "株式会社メディネット関西", "(주)메디넷솔루션" over the details
    if not (NAME_LINE.match(name) and len(name.split()) <= 4):
        return False
    ending = line.rstrip()
    if ending.endswith((".", "?", "!", ":")) and not ending.endswith(_COMPANY_ENDINGS):
        return False
    return line.strip() == name or signature_details(line)


_DETAIL_KINDS = (Kind.NAME, Kind.CONTACT)
_INITIAL = re.compile(r"[^\W\d_]\.")
# (two or three words of a script without capitals: Devanagari, Bengali, Tamil, Sinhala, Thai,
# Khmer, Georgian, Arabic, Hebrew; each word a few letters and signs)
_UNCASED_NAME = re.compile(r"[\u0900-\u0dff\u0e00-\u0eff\u1780-\u17ff\u10a0-\u10ff\u0600-\u06ff\u0590-\u05ff]{2,12}"
                           r"(?: [\u0900-\u0dff\u0e00-\u0eff\u1780-\u17ff\u10a0-\u10ff\u0600-\u06ff\u0590-\u05ff]{2,12}){1,2}")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af]{1,4}(?: [\u4e00-\u9fff\u3040-\u30ff\uac00-\ud7af]{1,3})?")
_COMPANY_ENDINGS = ("Ltd.", "Inc.", "Co.", "Corp.", "S.A.", "B.V.", "e.V.", "GmbH.")


def _details_to_the_end(lines: list[str], rest: list[int]) -> bool:
    """Whether the lines ``rest`` are signature details, maybe ending in a notice paragraph."""
    details = 0
    for i in rest:
        line = lines[i]
        if DISCLAIMER.search(line) and not lines[i - 1].strip():
            break  # a notice opening a paragraph: the rest is boilerplate
        if line_kind(line.strip()) is Kind.BOILERPLATE:
            continue  # ("Authorised and regulated by the Solicitors Regulation Authority")
        if POSTSCRIPT.match(line.strip()) and not lines[i - 1].strip():
            break  # a P.S. under the block: with the signature, where the judge reads it
        if not (signature_details(line) or ":" not in line and line_kind(line.strip(), Sender(), True) in _DETAIL_KINDS
                or is_opening_hours(line) or line_kind(line.strip(), Sender(), True) is Kind.CONTACT):
            # (by its shape: "ООО «СистемИнтегратор Урал»", "X s.r.o. – Sales & Onboarding"; a
            # labelled line is a report's, "Message rejected by: GV0P278MB4584…")
            return False
        details += 1
    return details <= 8


def _tidy(lines: list[str]) -> str:
    text = "\n".join(lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", text).strip()


@dataclass(frozen=True)
class History:
    """The first part of a mail read as quoted history."""

    heading: str  # the lines that say whose it is: "On …, X wrote:" or "From: … / Sent: …"
    body: str  # its first lines


@lru_cache(maxsize=64)
def first_history(text: str) -> History | None:
    """The first part of ``text`` read as quoted history, or None when nothing is: who a
    quote claims to come from is written in its heading. (Cached: the judge asks twice per
    mail, whose history it is and what stands under our part of it.)"""
    lines = _without_pgp_armor(normalise(text).split("\n"))[:MAX_LINES]
    lines, cut, _ = _history_cut(lines)
    first_quoted = next((i for i, line in enumerate(lines[:cut]) if _QUOTED.match(line)), None)
    if first_quoted is None:
        if cut >= len(lines):
            return None
        end = cut
        while end < len(lines) and end - cut < _OPENING_LINES and (lines[end].strip() or end == cut):
            end += 1  # the separator, header block or attribution: up to the first blank line
        if end - cut <= 1 and end < len(lines) and SEPARATOR.match(lines[cut]):
            end = _next_content(lines, end)
            # (the header block under the separator, not a ">" quote under it: Naver's quote
            # holds the partner's address in our waiver, which names no sender)
            while end < len(lines) and end - cut < _OPENING_LINES and lines[end].strip() and not _QUOTED.match(lines[end]):
                end += 1
        return History("\n".join(lines[cut:end]), "\n".join(lines[end:end + _BODY_LINES]))
    start = first_quoted
    top = first_quoted
    while top > 0 and first_quoted - top < 2 and not lines[top - 1].strip():
        top -= 1  # ("On …, X wrote:", a blank line, then the quote)
    for above in (1, 2, 3):  # the attribution introducing the block, if one does
        if top - above >= 0 and _attribution_length(lines, top - above, is_weak_attribution) == above:
            start = top - above
            break
    end = first_quoted
    while end < len(lines) and end - first_quoted < _BODY_LINES and (_QUOTED.match(lines[end]) or not lines[end].strip()):
        end += 1
    return History("\n".join(lines[start:top]), "\n".join(lines[first_quoted:end]))


# How much of a quote tells whose it is: its heading, and the lines searched for a reference.
_OPENING_LINES = 12
_BODY_LINES = 400
