"""The languages notices are written in: gettext catalogs kept as ``.po`` files.

The English text of the templates is the source (the msgid); each other language has
``locale/<lang>/LC_MESSAGES/notices.po`` beside this file. The catalogs are compiled in memory
the first time a language is used (Babel reads the ``.po`` and writes the ``.mo`` into a
buffer), so an install needs no build step and an edited ``.po`` takes effect at the next start.

A message is looked up with its whitespace folded as Jinja's ``trimmed`` option folds it: a
sentence wrapped over three lines in the text template and written on one line in the HTML
template is one message, translated once. A message a catalog lacks (or marks fuzzy) stays
English, and English text is returned exactly as the template wrote it, byte for byte.

The keywords (I AGREE, I ACCEPT, I OBJECT, I DECLINE, CANCEL) are placeholders in the
messages, never words of them: no translation can change what a party must write.
"""

from __future__ import annotations

import gettext
import io
import re
import textwrap
from functools import cache
from pathlib import Path

from markupsafe import Markup

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "notices"
SOURCE = "en"  # the templates' own language
# What each language is called, in that language (check-config, the preview).
NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español", "nl": "Nederlands",
         "it": "Italiano"}
_WS = re.compile(r"\s*\n\s*")  # (jinja2.ext's _ws_re: what its "trimmed" folds)
_KEYWORDS = re.compile(r"\bI (AGREE|ACCEPT|OBJECT|DECLINE)\b")
WRAP = 95  # columns of a translated paragraph that the English text wrapped by hand
_HELD = "\ue000"


def N_(message: str) -> str:  # noqa: N802 (the gettext convention for "translate this later")
    """Marks a message for the catalogs where it is written; translated where it is used."""
    return message


def Np_(context: str, message: str) -> str:  # noqa: N802
    """``N_`` with a context: the same English word meaning something else elsewhere."""
    return message


def folded(message: str) -> str:
    """The message as the catalogs hold it: whitespace around line breaks folded to a space."""
    return _WS.sub(" ", message.strip())


@cache
def languages() -> tuple[str, ...]:
    """English, then every language with a catalog, sorted (read once: a catalog added later
    is used after a restart, as an edited one is)."""
    found = sorted(path.parent.parent.name for path in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (SOURCE, *(code for code in found if code != SOURCE))


def normalise(code: str | None) -> str:
    """A language tag as people write it ("de-CH", "FR_be", " nl ") -> its primary subtag."""
    return re.split(r"[-_\s]", (code or "").strip().lower(), maxsplit=1)[0] if code else ""


@cache
def catalog(language: str):
    """The Babel catalog of ``language`` (its .po file), or None for English or no file."""
    from babel.messages.pofile import read_po

    path = LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == SOURCE or not path.is_file():
        return None
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The compiled catalog (fuzzy entries left out); English and unknown languages translate
    nothing."""
    from babel.messages.mofile import write_mo
    from babel.support import Translations

    found = catalog(language)
    if found is None:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, found, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def translated(language: str, message: str, context: str | None = None) -> str | None:
    """The translation of ``message`` in ``language``, or None where the catalog has none."""
    if language == SOURCE:
        return None
    key = folded(message)
    table = translations(language)
    found = table.gettext(key) if context is None else table.pgettext(context, key)
    return found if found != key else None


def text(language: str, message: str, context: str | None = None) -> str:
    """``message`` in ``language``: its translation, else the English as written."""
    found = translated(language, message, context)
    return message if found is None else found


@cache
def code_messages() -> tuple[tuple[str | None, str], ...]:
    """The messages the code marks (N_, Np_), as the catalog template lists them."""
    from babel.messages.pofile import read_po

    path = LOCALE / f"{DOMAIN}.pot"
    if not path.is_file():
        return ()
    with path.open("rb") as handle:
        template = read_po(handle)
    return tuple((m.context, m.id) for m in template
                 if m.id and any(filename.endswith(".py") for filename, _ in m.locations))


def missing(language: str, messages: list[tuple[str | None, str]]) -> list[str]:
    """The messages (context, msgid) that ``language`` has no translation for."""
    if language == SOURCE:
        return []
    found = catalog(language)
    absent = []
    for context, message in messages:
        entry = found.get(folded(message), context=context) if found is not None else None
        if entry is None or entry.fuzzy or not entry.string:
            absent.append(folded(message))
    return absent


def broken(language: str) -> list[str]:
    """Translations whose placeholders do not fit their message (Babel's python-format check):
    such a message goes out in English (``jinja_functions``)."""
    found = catalog(language)
    if found is None:
        return []
    return [f"{message.id!r}: {error}" for message, errors in found.check() for error in errors]


def wrap(paragraphs: str, width: int = WRAP) -> str:
    """A translated paragraph wrapped as the English one was (by words; a keyword such as
    I AGREE is never split over two lines)."""
    lines = []
    for line in paragraphs.split("\n"):
        # (the keyword's space held by a private-use character that textwrap does not break at;
        # a translation's own no-break spaces, French "merci\u00a0:", stay as they are)
        kept = _KEYWORDS.sub(lambda m: m.group(0).replace(" ", _HELD), line)
        lines.append(textwrap.fill(kept, width, break_long_words=False, break_on_hyphens=False) if kept else kept)
    return "\n".join(lines).replace(_HELD, " ")


def jinja_functions(language: str) -> dict:
    """``gettext``/``_``/``pgettext`` for a Jinja environment writing ``language``, newstyle:
    the function formats the variables itself, escaping them in HTML."""
    from jinja2 import pass_context

    def render(context, message: str, found: str | None, variables: dict) -> str:
        escape = context.eval_ctx.autoescape
        if found is not None:
            try:
                value = Markup(found) % variables if escape else found % variables
            except (KeyError, ValueError, TypeError):  # a broken translation: the English goes out
                found = None
            else:
                # A paragraph the English text wraps by hand comes out wrapped in the text part too.
                return wrap(value) if not escape and "\n" in message.strip() else value
        return Markup(message) % variables if escape else message % variables

    @pass_context
    def _gettext(context, message: str, **variables) -> str:
        return render(context, message, translated(language, message), variables)

    @pass_context
    def _pgettext(context, message_context: str, message: str, **variables) -> str:
        return render(context, message, translated(language, message, message_context), variables)

    return {"gettext": _gettext, "_": _gettext, "pgettext": _pgettext}
