"""Which language each party is written to in, and what one mail says about its writer's.

A party's language is decided in this order, the first that says something winning:

1. staff: ``#set language [client|partner|provider] <code>`` (``decide``); no mail overrides it;
2. the party's own mail: its ``Content-Language`` header, else the language of the words it
   wrote (detected with lingua, see ``text_language``); the latest mail that says something
   wins, and a mail that says nothing (a bare I AGREE, a name, a form) changes nothing;
3. the configured default, ``[notices] language``.

Only languages the notices are written in are recorded; anything else is the default. A
language without a catalog, or a message a catalog lacks, is English (``replies/i18n.py``).

Why lingua (lingua-language-detector): it is maintained (releases through 2025-26), built for
short and mixed texts such as a two-line reply, deterministic, and can be limited to the
languages that matter here; langdetect, the other common choice, is a port last released in
2021 that needs a global seed to answer the same twice and is weak on short text. Its low
accuracy mode (trigrams) loads in a tenth of a second and ~50 MB for the languages below.
"""

from __future__ import annotations

import re
from functools import cache

from parsers.form import without_form_lines
from replies import i18n

HEADER, TEXT, STAFF = "header", "text", "staff"  # where a party's language came from
# Fewer letters than this, once keywords, commands, form lines and addresses are gone, say
# nothing about a language ("Thanks", a name): the party keeps what we knew.
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.8
# Weighed besides ours, so that a Portuguese mail does not pass for Spanish, nor a Danish or
# Afrikaans one for Dutch: any of them means "not one of ours", and the party keeps the default.
_NEIGHBOURS = ("PORTUGUESE", "CATALAN", "ROMANIAN", "DANISH", "SWEDISH", "BOKMAL", "AFRIKAANS", "POLISH",
               "CZECH")
MAX_CHARS = 2000  # of the new text read for its language (the start says enough; bounded work)
# The keywords are English in every language: they say nothing about the writer's.
_KEYWORDS = re.compile(r"\bI\s+(?:AGREE|ACCEPT|OBJECT|DECLINE)\b|\bCANCEL\b", re.IGNORECASE)


def _words(text: str) -> str:
    """The words someone wrote in their own language: without form lines, staff commands,
    addresses, links, references and keywords (token by token: linear on any input)."""
    kept = []
    for line in without_form_lines(text[:MAX_CHARS]).splitlines():
        if line.lstrip().startswith(("#", "\uff03")):
            continue
        for token in line.split():
            low = token.lower()
            if "@" in low or "://" in low or low.startswith(("www.", "xfer-", "[xfer-")):
                continue
            kept.append(token)
    return _KEYWORDS.sub(" ", " ".join(kept))


def header_language(value: str | None, supported: tuple[str, ...]) -> str | None:
    """The first language a ``Content-Language`` header names (RFC 3282: "de-DE, en"), when
    the notices are written in it."""
    first = (value or "").split(",")[0]
    code = i18n.normalise(first)
    return code if code in supported else None


def text_language(text: str, supported: tuple[str, ...]) -> str | None:
    """The language of the words someone wrote, when it is one of ``supported`` and clear."""
    words = _words(text or "")
    if sum(ch.isalpha() for ch in words) < MIN_LETTERS:
        return None
    values = _detector(tuple(sorted(supported))).compute_language_confidence_values(words)
    if not values or values[0].value < MIN_CONFIDENCE:
        return None
    code = values[0].language.iso_code_639_1.name.lower()
    return code if code in supported else None


def mail_language(content_language: str | None, text: str, supported: tuple[str, ...]) -> tuple[str, str] | None:
    """(language, HEADER or TEXT) of one mail's writer, or None when the mail does not say."""
    code = header_language(content_language, supported)
    if code:
        return code, HEADER
    code = text_language(text, supported)
    return (code, TEXT) if code else None


def choose(wanted: str | None, default: str, available: tuple[str, ...]) -> str:
    """The language to write in: the party's, else the configured default, else English."""
    for code in (i18n.normalise(wanted), i18n.normalise(default)):
        if code and code in available:
            return code
    return i18n.SOURCE


@cache
def _detector(codes: tuple[str, ...]):
    """lingua's detector for ``codes`` and their neighbours (built once per process; its
    models load on first use)."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = {Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                 for code in codes if hasattr(IsoCode639_1, code.upper())}
    languages |= {getattr(Language, name) for name in _NEIGHBOURS}
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
