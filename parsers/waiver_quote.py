"""Whether the waiver quoted under a reply is the waiver we sent.

A partner who rewrites a clause inside the quoted waiver ("4. Open invoices … must be paid in
full before the transfer is executed") and answers I AGREE on top has, in their eyes, signed
the edited text. The quote is history and never acts, but a yes over an edited waiver is no
clean yes. The waiver texts are the project's own versioned templates
(``replies/templates/waivers/<version>.txt.j2``); the quote names its version in its heading.

Words are compared, not lines: mail clients re-wrap, re-indent, add ">" markers and render
numbered lists in their own way. Placeholders ({{ vendor }}) match a few words; optional parts
({% if … %}…{% endif %}) may be there or not.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

WAIVERS = Path(__file__).resolve().parents[1] / "replies" / "templates" / "waivers"
# The waiver's heading in each language it is sent in (its words, as ``_words`` leaves them),
# and the template's file for that language: a partner may edit a translated waiver too.
_HEADINGS = {
    "en": "waiver and release version",
    "de": "verzichts und freigabeerklärung fassung",
    "fr": "renonciation et décharge version",
    "es": "renuncia y liberación versión",
    "nl": "afstandsverklaring en vrijgave versie",
    "it": "rinuncia e liberatoria versione",
}
_HEADING = re.compile(r"\b(?:" + "|".join(f"(?P<{lang}>{re.escape(words)})" for lang, words in _HEADINGS.items())
                      + r") (?P<version>v\w{1,10})\b")
_FIRST_CLAUSE = re.compile(r"(?m)^1\. ")
_TAG = re.compile(r"(\{\{.*?\}\}|\{%-?\s*\w+.*?%\})", re.DOTALL)
_WORD = re.compile(r"\w+")
_PLACEHOLDER_WORDS = 8  # a vendor's or company's name
_MAX_WORDS = 5000
# The quote marks at a line's start, with the initials some clients put before them ("BTD> ")
_QUOTE_PREFIX = re.compile(r"(?m)^[ \t]*(?:[^\W\d_]{1,5})?>[ \t>]*")  # a quote longer than any waiver mail is read up to here


def _words(text: str) -> str:
    return " ".join(_WORD.findall(text.lower())) + " "


@cache
def _clauses(version: str, language: str = "en") -> tuple[re.Pattern, int] | None:
    """The clauses of waiver ``version`` in ``language`` as a pattern over words, and how many
    fixed words it has; None when there is no such template or it uses tags this reading does
    not know."""
    path = WAIVERS / (f"{version}.txt.j2" if language == "en" else f"{version}.{language}.txt.j2")
    if not path.is_file():
        return None
    source = path.read_text(encoding="utf-8")
    start = _FIRST_CLAUSE.search(source)
    if not start:
        return None
    pattern, fixed, depth = [], 0, 0
    for piece in _TAG.split(source[start.start():]):
        if piece.startswith("{{"):
            pattern.append(rf"(?:\w+ ){{1,{_PLACEHOLDER_WORDS}}}?")
        elif piece.startswith("{%"):
            tag = piece.strip("{%- }").split()[0]
            if tag == "if":
                pattern.append("(?:")
                depth += 1
            elif tag == "endif" and depth:
                pattern.append(")?")
                depth -= 1
            else:
                return None  # (else, for, …: not in the waivers; read nothing rather than guess)
        else:
            words = _WORD.findall(piece.lower())
            fixed += len(words)
            # (list numbers are rendered by some clients as bullets or not at all)
            pattern.extend(rf"(?:{w} )?" if w.isdigit() else rf"{re.escape(w)} " for w in words)
    if depth:
        return None
    return re.compile("".join(pattern)), fixed


def edited_waiver(quoted: str) -> str | None:
    """The version of a waiver quoted with its clauses changed, or None (no waiver quoted,
    the quote cut short, or the clauses as we sent them)."""
    text = _words(_QUOTE_PREFIX.sub("", quoted))
    heading = _HEADING.search(text)
    if not heading:
        return None
    language = next(lang for lang in _HEADINGS if heading.group(lang))
    version = heading.group("version")
    clauses = _clauses(version, language)
    if clauses is None:
        return None
    pattern, fixed = clauses
    after = " ".join(text[heading.end():].split(" ")[:_MAX_WORDS]) + " "
    if len(after.split()) < fixed:
        return None  # the writer cut the quote short: nothing to compare
    return None if pattern.search(after) else version
