"""Which lines of our quoted mail are words we never wrote.

A partner answers I ACCEPT on top and types "provided our last invoice is paid" into the
middle of our quoted notice, where a mail client shows it as part of the quote (inside an
HTML blockquote, or a ">" line typed among ours). The quote is history and never acts, but a
yes over a notice the writer edited is no clean yes.

Only the mails we actually sent can tell for sure: notices change from one version of the
product to the next, and a case runs for weeks. So the daemon compares the quote with the texts
of those mails (the outbox keeps them); the reader alone compares it with today's templates and
their translations, and trusts that only where the quote is plainly one of today's notices. Both
read the quote as one stream of words: mail clients re-wrap, re-indent and add ">"
markers, and render our HTML in their own way. A word is ours when it stands in a run of
three words our mails hold (or in a mail of fewer words); a quoted line is the writer's when
at least three of its words, and at least half of them, are not ours. Addresses, links and
anything with a digit are values, never words.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

from parsers.html_text import html_to_text
from parsers.message import parse_message
from parsers.quote_patterns import HEADER_ANY, HEADER_FROM, RULE_LINE, is_attribution

_VALUE = re.compile(r"[@/\d]|\w\.\w")
_WORD = re.compile(r"[^\W\d_]+")
_QUOTE_MARKS = re.compile(r"^[ \t>|]+")
_TYPED_WORDS = 3


def _words(text: str, keep_case: bool = False) -> list[str]:
    if '"' in text or "“" in text or "„" in text or "«" in text:
        text = QUOTED_VALUE.sub(" ", text)
    words = []
    for token in (text if keep_case else text.casefold()).split():
        words += _unspaced_words(token) if _UNSPACED_LETTERS.search(token) else _token_words(token)
    return words


def _token_words(token: str) -> list[str]:
    """The words of a token of a spaced script; none if it is a value (an address, a number)."""
    if _VALUE.search(token):
        return []
    return [word for word in _WORD.findall(token) if word.casefold() not in _DATE_WORDS]


# Chinese, Japanese and Thai are written without spaces: a sentence is one token, and one
# number in it ("請求書No.2026-118のお支払い…") must not hide the rest. Each two of its letters
# count as a word; the values and Latin words between them are read as anywhere.
_UNSPACED = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
_UNSPACED_LETTERS = re.compile(f"[{_UNSPACED}]++")
_UNSPACED_PIECES = re.compile(f"([{_UNSPACED}]++)")


def _unspaced_words(token: str) -> list[str]:
    words = []
    for k, piece in enumerate(_UNSPACED_PIECES.split(token)):
        if k % 2:
            words += [piece[i:i + 2] for i in range(0, len(piece), 2)]
        else:
            words += [word for part in _PIECE_BREAK.split(piece) if part for word in _token_words(part)]
    return words


_PIECE_BREAK = re.compile(r"[^\w@/.]++")


# The words of a date or time as our notices write one in each language they are sent in
# ("Dienstag, 17. November 2026, 17:00 Uhr (MEZ)", "miércoles, 2 de diciembre de 2026"): values.
_DATE_WORDS = frozenset(["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "januar", "februar", "märz", "mai", "juni", "juli", "oktober", "dezember", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo", "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica", "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag", "uhr", "cet", "cest", "mez", "mesz", "utc", "gmt", "am", "pm"])
# What the client gave, quoted as given, in our notices ("Physiotherapie am Markt")
QUOTED_VALUE = re.compile(r"[\"“„«][^\"“”„«»\n]{0,200}[\"”“»]")


REPLIES = Path(__file__).resolve().parents[1] / "replies"
# What separates the literal text of a template: Jinja tags, HTML tags, gettext placeholders.
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<[^<>]{0,2000}>|%\(\w{1,40}\)s", re.DOTALL)
_PO_STRING = re.compile(r'^(?:msgid|msgstr)?\s*"(.*)"\s*$')


@cache
def template_runs() -> frozenset[tuple[str, ...]]:
    """The word runs of every notice this version of the product sends (its templates and
    their translations), for a reading without the outbox (see ``typed_into``)."""
    pieces: list[str] = []
    for path in sorted((REPLIES / "templates").rglob("*.j2")):
        pieces.extend(_TAG.split(html.unescape(path.read_text(encoding="utf-8"))))
    for path in sorted((REPLIES / "locale").rglob("*.po")):
        texts: list[str] = []
        for line in path.read_text(encoding="utf-8").split("\n"):
            match = _PO_STRING.match(line.strip())
            if match:
                text = match.group(1).replace('\\"', '"').replace("\\n", "\n")
                if line.lstrip().startswith("msg") or not texts:
                    texts.append(text)
                else:
                    texts[-1] += text
        pieces.extend(piece for text in texts for piece in _TAG.split(html.unescape(text)))
    return frozenset(run for piece in pieces for run in _runs(_words(piece)))


def _runs(words: list[str]) -> list[tuple[str, ...]]:
    return list(zip(words, words[1:], words[2:], strict=False)) if len(words) >= 3 else [tuple(words)]


def _in_runs(words: list[str], runs) -> list[bool]:
    """For each word, whether it stands in a run of three of ``runs``."""
    ours = [False] * len(words)
    for i, run in enumerate(zip(words, words[1:], words[2:], strict=False)):
        if run in runs:
            ours[i] = ours[i + 1] = ours[i + 2] = True
    return ours


def is_our_line(line: str) -> bool:
    """Whether a line is one of our notices' own, in any language they are sent in (our
    footer as a client renders it below our quoted mail: "Este correo lo ha escrito nuestro
    sistema de traspasos; …"): four words or more, nearly all in runs of three of ours."""
    words = _words(line)
    return len(words) >= 4 and sum(_in_runs(words, template_runs())) >= TEMPLATE_COVERAGE * len(words)


def in_our_words(text: str) -> bool:
    """Whether every word of a short text stands in a run of three of our texts' words (or is
    one of their short pieces): "und eine Frage" after the dash of our German subject."""
    words = _words(text)
    runs = template_runs()
    return bool(words) and all(_in_runs(words, runs)) or len(words) < 3 and tuple(words) in runs


def shown_texts(raw: bytes) -> list[str]:
    """A mail of ours as its reader's client may show it: its text part, its HTML rendered."""
    message = parse_message(raw)
    return [message.text] + ([html_to_text(message.html)] if message.html else [])


# "Label: value", a label of one to three words: a header line of a mail's heading
_LABELLED = re.compile(r"^[^\W\d_][^\s:：]{0,20}(?: [^\s:：]{1,20}){0,2}\s?[:：]\s")


def typed_into(quoted: str, sent: Iterable[str] | None = None, loose: bool = False) -> list[str]:
    """The lines of ``quoted`` (the history under a reply, quote marks and all) that none of
    the mails ``sent`` holds, up to an earlier mail quoted under ours. Without ``sent``, our
    templates stand for them, and only where the quote is plainly one of today's notices (at
    least ``TEMPLATE_COVERAGE`` of its words ours): a notice of an earlier version, or a mail
    that is not ours, tells nothing. ``loose``: every line none of our templates holds, however
    much of the quote differs (for a caller that asks more of each line, and whose finding the
    daemon checks against the mails it sent)."""
    runs: frozenset[tuple[str, ...]] | set[tuple[str, ...]]
    if sent is None:
        runs = template_runs()
    else:
        runs = {run for text in sent for run in _runs(_words(text))}
    if not runs:
        return []
    lines: list[str] = []
    in_heading = False
    for line in quoted.split("\n"):
        bare = _QUOTE_MARKS.sub("", line).strip()
        if HEADER_FROM.match(bare) or HEADER_ANY.match(bare) or is_attribution(bare) or RULE_LINE.match(bare):
            if sum(map(bool, lines)) == 1 and lines[-1] and is_attribution(f"{lines[-1]} {bare}"):
                lines[-1] = ""  # (our attribution wrapped over two lines: "On …, Transfer desk\n<transfer@…> wrote:")
            elif any(lines):
                break  # (an earlier mail, quoted under ours)
            # (our mail's own heading: "On …, Transfer desk wrote:", "From: …"; a header block goes on
            # to the blank line under it)
            in_heading = bool(HEADER_FROM.match(bare) or HEADER_ANY.match(bare))
            bare = ""
        elif not any(lines) and (bare.endswith(":") or in_heading and _LABELLED.match(bare)):
            # (its attribution in a language the patterns do not know: "Op …, X geskryf:"; a
            # header line of our heading whose label they do not know: "تاريخ الإرسال: Friday, …")
            bare = ""
        in_heading = in_heading and bool(line.strip())  # (a blank line ends a heading)
        lines.append(bare)
    stream = [(i, word) for i, line in enumerate(lines) for word in _words(line, keep_case=True)]
    words = [word.casefold() for _, word in stream]
    ours = _in_runs(words, runs)
    for i, word in enumerate(words):  # (what no run of three covers: one of our texts' short pieces, "transfer desk")
        if not ours[i]:
            if i + 1 < len(words) and (word, words[i + 1]) in runs:
                ours[i] = ours[i + 1] = True
            elif (word,) in runs:
                ours[i] = True
    theirs, total, named = [0] * len(lines), [0] * len(lines), [0] * len(lines)
    in_name = [False] * len(lines)
    names_only: dict[int, bool] = {}
    for (line, word), mine in zip(stream, ours, strict=True):
        total[line] += 1
        theirs[line] += not mine
        capital = not mine and word[:1].isupper()
        named[line] += capital
        # ("Logística Integral del Pacífico S. de R.L.": a short word inside a name is the name's)
        particle = not mine and in_name[line] and word.islower() and len(word) <= _PARTICLE_LETTERS
        names_only[line] = names_only.get(line, True) and (mine or capital or particle)
        in_name[line] = capital or particle
    typed = [i for i in range(len(lines)) if theirs[i] >= _TYPED_WORDS and 2 * theirs[i] >= total[i]]
    if sent is None and not loose:
        # (a writer types a line or two into a notice; a notice of an earlier version, or a
        # mail that is not ours, differs in many, and the rest of it is not ours either: in
        # the rest, the case's names, dates and places, capitalised, are neither; a line of
        # our notice that names the case's company and people at length is not typed)
        rest = [i for i in range(len(lines)) if i not in typed]
        rest_words = sum(total[i] - named[i] for i in rest)
        rest_ours = sum(total[i] - theirs[i] for i in rest)
        if sum(not names_only.get(i, False) for i in typed) > _MOST_TYPED_LINES or not rest_words \
                or rest_ours < TEMPLATE_COVERAGE * rest_words:
            return []
    return [lines[i] for i in typed]


TEMPLATE_COVERAGE = 0.8
_MOST_TYPED_LINES = 2
_PARTICLE_LETTERS = 3  # ("de", "del", "van", "von", "da", "y")
