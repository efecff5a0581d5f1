"""Which lines of our quoted mail are words we never wrote.

A partner answers I ACCEPT on top and types "provided our last invoice is paid" into the
middle of our quoted notice, where a mail client shows it as part of the quote (inside an
HTML blockquote, or a ">" line typed among ours). The quote is history and never acts, but a
yes over a notice the writer edited is no clean yes.

Only the mails we actually sent can tell: notices change from one version of the product to
the next, and a case runs for weeks. So this compares the quote with the texts of those mails
(the outbox keeps them), as one stream of words: mail clients re-wrap, re-indent and add ">"
markers, and render our HTML in their own way. A word is ours when it stands in a run of
three words our mails hold (or in a mail of fewer words); a quoted line is the writer's when
at least three of its words, and at least half of them, are not ours. Addresses, links and
anything with a digit are values, never words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from parsers.html_text import html_to_text
from parsers.message import parse_message
from parsers.quote_patterns import HEADER_ANY, HEADER_FROM, is_attribution

_VALUE = re.compile(r"[@/\d]|\w\.\w")
_WORD = re.compile(r"[^\W\d_]+")
_QUOTE_MARKS = re.compile(r"^[ \t>|]+")
_RULE = re.compile(r"^(?:-{3,}|_{5,}|={5,})")
_TYPED_WORDS = 3


def _words(text: str) -> list[str]:
    return [word for token in text.casefold().split() if not _VALUE.search(token) for word in _WORD.findall(token)]


def shown_texts(raw: bytes) -> list[str]:
    """A mail of ours as its reader's client may show it: its text part, its HTML rendered."""
    message = parse_message(raw)
    return [message.text] + ([html_to_text(message.html)] if message.html else [])


def typed_into(quoted: str, sent: Iterable[str]) -> list[str]:
    """The lines of ``quoted`` (the history under a reply, quote marks and all) that none of
    the mails ``sent`` holds, up to an earlier mail quoted under ours."""
    runs: set[tuple[str, ...]] = set()
    for text in sent:
        words = _words(text)
        runs.update(zip(words, words[1:], words[2:], strict=False) if len(words) >= 3 else [tuple(words)])
    if not runs:
        return []
    lines: list[str] = []
    for line in quoted.split("\n"):
        bare = _QUOTE_MARKS.sub("", line).strip()
        if HEADER_FROM.match(bare) or HEADER_ANY.match(bare) or is_attribution(bare) or _RULE.match(bare):
            if any(lines):
                break  # (an earlier mail, quoted under ours)
            bare = ""  # (our mail's own heading: "On …, Transfer desk wrote:", "From: …")
        elif not any(lines) and bare.endswith(":"):
            bare = ""  # (its attribution in a language the patterns do not know: "Op …, X geskryf:")
        lines.append(bare)
    stream = [(i, word) for i, line in enumerate(lines) for word in _words(line)]
    words = [word for _, word in stream]
    ours = [False] * len(words)
    for i in range(len(words) - 2):
        if (words[i], words[i + 1], words[i + 2]) in runs:
            ours[i] = ours[i + 1] = ours[i + 2] = True
    theirs, total = [0] * len(lines), [0] * len(lines)
    for (line, _), mine in zip(stream, ours, strict=True):
        total[line] += 1
        theirs[line] += not mine
    return [line for i, line in enumerate(lines) if theirs[i] >= _TYPED_WORDS and 2 * theirs[i] >= total[i]]
