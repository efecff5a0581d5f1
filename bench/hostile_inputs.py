"""Hostile mails built from the reader's own regular expressions, for bench/hostile.py and
tests/unit/test_linear_reading.py (one generator, deterministic).

Every compiled pattern in the ``parsers`` modules (module globals, and the values of dicts of
patterns) and every pattern literal written inside a function (``re.match(r"…", …)``, found
in the source) gives its pieces: its literal words and phrases, its punctuation, digits and
whitespace if it reads them. The pieces are joined by separators (spaces, tabs, the pattern's
own punctuation with spaces around it), repeated, and put where the reader reads them: the
body as plain text, HTML and base64, the Subject, the From display name, References and
In-Reply-To, a quoted block, a signature, a form line, the words after a yes, an attribution
line, a command line. That is how a failing sign-off line ("regards  /  " eight times and a
letter, 37 s) was found: a signature word and a separator of the same pattern.

    hostile_inputs("small")   # a few kB each: what backtracks exponentially or cubically
    hostile_inputs("large")   # about 100 kB: what scans quadratically
    known_cases()             # the inputs each fix was made for, named after the pattern

``run_guarded`` reads them in child processes (one per core, up to two), so that a reading which
never ends is reported with its name instead of stopping the caller.
"""

from __future__ import annotations

import ast
import base64
import html
import importlib
import os
import random
import re
import select
import subprocess
import sys
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from re import _compiler, _constants, _parser  # the parse tree of a pattern, to sample it

ROOT = Path(__file__).resolve().parents[1]
PARSER_MODULES = ("quote_patterns", "reply_text", "intent", "line_shapes", "form", "commands", "html_text", "reference",
                  "classify", "message", "addresses", "bounce", "auth_results", "reply_address", "reading",
                  "notice_quote")
SMALL = 3_000  # characters of hostile text in a small input
LARGE = 100_000


@dataclass(frozen=True)
class HostileInput:
    name: str  # what it is and where it is: "SIGN_OFF: 'regards' + '  /  ' x120 + 'x' in signature"
    raw: bytes


# -- the patterns and their pieces ------------------------------------------------------------

def parser_patterns() -> list[tuple[str, str, int]]:
    """(name, source, flags) of every pattern of the parsers modules: compiled module globals
    (and dicts of them), then the literals given to ``re.*`` calls inside functions."""
    found: dict[str, tuple[str, int]] = {}
    seen: set[int] = set()
    for short in PARSER_MODULES:
        module = importlib.import_module(f"parsers.{short}")
        for key, value in vars(module).items():
            values = value.items() if isinstance(value, dict) else [(None, value)]
            for sub, pattern in values:
                if isinstance(pattern, re.Pattern) and id(pattern) not in seen:
                    seen.add(id(pattern))
                    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
                    found[f"{short}.{key}" + (f"[{sub}]" if sub is not None else "")] = (source, pattern.flags)
        for number, literal in enumerate(_inline_literals(Path(module.__file__)), start=1):
            found[f"{short}:inline{number}"] = (literal, 0)
    return [(name, source, flags) for name, (source, flags) in found.items()]


def _inline_literals(path: Path) -> list[str]:
    """The string literals passed as the pattern of re.match/search/sub/split/… in a file."""
    literals = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in ("match", "search", "fullmatch", "sub", "subn", "split", "findall", "finditer")
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            literals.append(node.args[0].value)
    return literals


_SYNTAX = re.compile(r"\\[a-zA-Z]|\\.|\(\?P<\w+>|\(\?P=\w+\)|\(\?[:=!>]|\(\?<[=!]|\(\?[aiLmsux-]+[:)]"
                     r"|\{\d*,?\d*\}|\[\^?(?:\\.|[^\]\\])*\]|[?*+^$]")
_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~–—•·’‘«»＃")


def pieces(source: str) -> tuple[list[str], list[str]]:
    """A pattern's literal words and phrases, and the punctuation, digits and spaces it reads."""
    words = []
    for chunk in re.split(r"[|()]", _SYNTAX.sub("|", source)):
        chunk = " ".join(chunk.split())
        if re.search(r"[^\W\d_]", chunk) and len(chunk) <= 40:
            words.append(chunk)
    marks = sorted({ch for ch in source if ch in _PUNCTUATION} - {"\\"})
    if "\\d" in source or "0-9" in source:
        marks += ["1", "12", "1:11", "2026/11/25"]
    marks += [" ", "\t"]
    return sorted(set(words)), marks


def _separators(marks: list[str]) -> list[str]:
    seps = [" ", "  ", "\t", ", "]
    for mark in marks:
        if mark.strip():
            seps += [mark, f" {mark} ", f"  {mark}  "]
    return seps


# The pattern's own strings: a sample of what it matches, with one of its repeats ("pump")
# repeated many times. Followed by a character that makes the match fail, or cut off right
# after the pump, that is how a backtracking matcher is made to try every way it has.
_PUMPED = "\ue000"  # marks where the pumped repeat ends (removed before use)
_FALLBACK_CHARS = ["x", "a", "A", "1", " ", "-", ".", ",", ":", "/", "|", "@", "<", ">", "*", "_", "=", "(", ")",
                   ";", "!", "?", "'", "#", "[", "]", "\t", "é", "ж", "’", "—", "\u2002"]


class _Sampler:
    def __init__(self, source: str, flags: int, rnd: random.Random) -> None:
        self.tree = _parser.parse(source, flags & ~re.VERBOSE | (re.VERBOSE if flags & re.VERBOSE else 0))
        self.flags = flags
        self.rnd = rnd
        literals = sorted({ch for ch in source if not ch.isalnum() and ch not in "\\^$?+{}\n"})
        self.own = set(literals)  # the pattern's own punctuation is preferred
        self.chars = literals + _FALLBACK_CHARS
        self.cache: dict[tuple, list[str]] = {}
        # Inside a pumped repeat, its own repeats are taken twice ("rich"), or only those of
        # spaces ("lean": "regards  /  ", where the spaces can go to either side of the slash).
        self.mode = "random"

    def unit(self, pump: tuple, mode: str) -> str:
        """One sample of a repeat's body."""
        once: list[str] = []
        self.mode, before = mode, self.mode
        try:
            self.sample(pump[2], None, 1, once)
        finally:
            self.mode = before
        return "".join(once) or "x"

    def pumps(self) -> list[tuple]:
        """Every repeat that may repeat more than once: those holding another repeat first
        (nested quantifiers are what backtracks exponentially), then the rest."""
        found = []

        def walk(items):
            for op, av in items:
                if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
                    if av[1] > 1:
                        found.append(av)
                    walk(av[2])
                elif op is _constants.SUBPATTERN:
                    walk(av[3])
                elif op is _constants.ATOMIC_GROUP:
                    walk(av)
                elif op is _constants.BRANCH:
                    for alternative in av[1]:
                        walk(alternative)
                elif op in (_constants.ASSERT, _constants.ASSERT_NOT):
                    walk(av[1])
        walk(self.tree)
        return sorted(found, key=lambda av: not _nested(av[2]))

    def char(self, node: tuple) -> str:
        """A character the one-character node matches, preferring the pattern's own punctuation
        (what overlaps with its other parts), in an order of the sample's own."""
        key = repr(node)
        if key not in self.cache:
            matcher = _compiler.compile(_parser.SubPattern(_parser.State(), [node]), self.flags & re.IGNORECASE)
            self.cache[key] = [c for c in self.chars if matcher.fullmatch(c)] or ["x"]
        own = [c for c in self.cache[key] if c in self.own] or self.cache[key]
        return self.rnd.choice(own[:12])

    def sample(self, items, pump, times: int, out: list[str]) -> None:
        for op, av in items:
            if op is _constants.LITERAL:
                out.append(chr(av))
            elif op in (_constants.NOT_LITERAL, _constants.ANY, _constants.IN, _constants.CATEGORY, _constants.RANGE):
                out.append(self.char((op, av)))
            elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT):
                low, high, body = av
                if av is pump:
                    out.append(self.pumped * times + _PUMPED)
                else:
                    extra = {"rich": 2, "lean": 2 if _spaces(body) else 0}.get(self.mode, self.rnd.choice((0, 1, 2)))
                    for _ in range(min(high, low + extra)):
                        self.sample(body, pump, times, out)
            elif op is _constants.SUBPATTERN:
                self.sample(av[3], pump, times, out)
            elif op is _constants.ATOMIC_GROUP:
                self.sample(av, pump, times, out)
            elif op is _constants.BRANCH:
                alternatives = av[1]
                with_pump = [a for a in alternatives if _holds(a, pump)]
                self.sample(with_pump[0] if with_pump else self.rnd.choice(alternatives), pump, times, out)
            elif op is _constants.GROUPREF_EXISTS:
                self.sample(av[1], pump, times, out)


def _spaces(items) -> bool:
    """Whether a repeat's body is a space or a class of them."""
    if len(items) != 1:
        return False
    op, av = items[0]
    return (op is _constants.LITERAL and chr(av).isspace() or op is _constants.IN and any(
        kind is _constants.CATEGORY and value in (_constants.CATEGORY_SPACE, _constants.CATEGORY_UNI_SPACE)
        or kind is _constants.LITERAL and chr(value).isspace() for kind, value in av))


def _nested(items) -> bool:
    """Whether a repeat's body holds a repeat."""
    for op, av in items:
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT) and av[1] > 1:
            return True
        if op is _constants.SUBPATTERN and _nested(av[3]) or op is _constants.ATOMIC_GROUP and _nested(av):
            return True
        if op is _constants.BRANCH and any(_nested(a) for a in av[1]):
            return True
    return False


def _holds(items, node) -> bool:
    for op, av in items:
        if av is node:
            return True
        if op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT) and _holds(av[2], node):
            return True
        if op is _constants.SUBPATTERN and _holds(av[3], node):
            return True
        if op is _constants.ATOMIC_GROUP and _holds(av, node):
            return True
        if op is _constants.BRANCH and any(_holds(a, node) for a in av[1]):
            return True
    return False


def pumped_texts(name: str, source: str, flags: int, length: int, per_pattern: int) -> list[tuple[str, str]]:
    """(description, text) of at most ``per_pattern`` hostile texts of about ``length``
    characters from one pattern: for each of its repeats in turn, a sample with that repeat
    pumped, then either a failing character or nothing more (cut after the pump)."""
    rnd = random.Random(zlib.crc32(f"{name} {length}".encode()))
    try:
        sampler = _Sampler(source, flags, rnd)
    except (re.error, RecursionError):
        return []
    pumps = sampler.pumps()
    texts: list[tuple[str, str]] = []
    for k in range(min(per_pattern, 4 * len(pumps))):
        pump = pumps[k // 4]
        unit = sampler.pumped = sampler.unit(pump, "lean" if k % 4 < 2 else "rich")
        times = max(2, length // len(unit))
        out: list[str] = []
        sampler.sample(sampler.tree, pump, times, out)
        text = "".join(out)
        tail = rnd.choice(("x", "!", ":", "\u2002", "")) if k % 2 == 0 else rnd.choice(("x", "!", ":", "\u2002"))
        if k % 2:
            text = text[: text.index(_PUMPED)] if _PUMPED in text else text
            how = "cut after the pump, then"
        else:
            how = "then"
        text = text.replace(_PUMPED, "") + tail
        texts.append((f"{unit[:24]!r} x{times}, {how} {tail!r}", text))
    return texts


# -- where the reader reads -------------------------------------------------------------------

def _mail(body: str = "hello", *, headers: str = "", subject: str = "Re: waiver", sender: str = "Bob <bob@example.com>",
          kind: str = "text/plain", base64_body: bool = False) -> bytes:
    head = (f"From: {sender}\r\nTo: transfer@example.com\r\nSubject: {subject}\r\n"
            f"Message-ID: <1@example.com>\r\n{headers}MIME-Version: 1.0\r\n")
    if kind == "alternative":
        part = base64.encodebytes(body.encode()).decode()
        markup = base64.encodebytes(f"<p>{html.escape(body)}</p>".encode()).decode()
        return (head + 'Content-Type: multipart/alternative; boundary="b"\r\n\r\n'
                f"--b\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{part}\r\n"
                f"--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{markup}\r\n"
                "--b--\r\n").encode()
    if base64_body:
        return (head + f"Content-Type: {kind}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + base64.encodebytes(body.encode()).decode()).encode()
    return (head + f"Content-Type: {kind}; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n").encode()


def _header(text: str) -> str:
    """One header line (folded only where the text has line breaks), as UTF-8 RFC 2047 words
    when it is not ASCII."""
    text = " ".join(text.split("\n"))
    if text.isascii():
        return text
    return " ".join(f"=?utf-8?b?{base64.b64encode(text[i:i + 40].encode()).decode()}?=" for i in range(0, len(text), 40))


_KEYWORDS = ("I agree", "I ACCEPT", "cancel", "I object", "I decline")
PLACES: dict[str, Callable[[str, int], bytes]] = {
    "body": lambda t, n: _mail(t),
    "html body": lambda t, n: _mail(f"<html><body><p>{html.escape(t)}</p></body></html>", kind="text/html"),
    "html table": lambda t, n: _mail("<table><tr>" + "".join(f"<td>{html.escape(t[i:i + 3])}</td>" for i in range(0, len(t), 3))
                                     + "</tr></table>", kind="text/html"),
    "html pre": lambda t, n: _mail(f"<pre>{html.escape(t)}</pre>", kind="text/html"),
    "base64 text": lambda t, n: _mail(t, base64_body=True),
    "base64 html": lambda t, n: _mail(f"<div>{html.escape(t)}</div>", kind="text/html", base64_body=True),
    "text and html after a yes": lambda t, n: _mail(f"{_KEYWORDS[n % 5]}\n{t}", kind="alternative"),
    "after a keyword": lambda t, n: _mail(f"{_KEYWORDS[n % 5]} {t}"),
    "before a keyword": lambda t, n: _mail(f"{t} {_KEYWORDS[n % 5]}"),
    "quoted": lambda t, n: _mail("I agree\n\nOn Tue, 3 Mar 2026 at 09:00, transfer <transfer@example.com> wrote:\n"
                                 + "\n".join("> " + line for line in t.split("\n"))),
    "signature": lambda t, n: _mail(f"I agree.\n\nBest regards,\n{t}"),
    "closing lines": lambda t, n: _mail(f"Thanks for the help.\n\n{t}"),
    "attribution": lambda t, n: _mail(f"I agree\n\n{t}\n> the waiver\n> text"),
    "form line": lambda t, n: _mail(f"{('Company', 'Current partner', 'Domains', '> Contact')[n % 4]}: {t}"),
    "command": lambda t, n: _mail(f"{('#note', '#set partner', '#extend waiver', '#set company')[n % 4]} {t}"),
    "Subject": lambda t, n: _mail("I agree", subject=_header(t)),
    "From name": lambda t, n: _mail("I agree", sender=f'"{_header(t)}" <bob@example.com>' if n % 2 else f"{_header(t)} <bob@example.com>"),
    "References": lambda t, n: _mail("hello", headers=f"{('References', 'In-Reply-To')[n % 2]}: {_header(t)}\r\n"),
}


def _placed(place: str, text: str, n: int, length: int) -> bytes:
    """The mail, its text shortened in the middle (the end is what makes a match fail) where
    escaping or encoding would make it much larger than ``length``."""
    raw = PLACES[place](text, n)
    limit = length + 2_000
    while len(raw) > limit and len(text) > 40:
        keep = max(40, int(len(text) * limit / len(raw) * 0.95))
        text = text[: keep - 20] + text[-20:]
        raw = PLACES[place](text, n)
    return raw


_HOMES = {
    "quote_patterns": ("closing lines", "body", "attribution", "signature", "html pre"),
    "reply_text": ("closing lines", "body", "quoted", "html body"),
    "intent": ("after a keyword", "before a keyword", "signature", "text and html after a yes"),
    "form": ("form line",), "commands": ("command",), "message": ("References", "Subject"),
    "addresses": ("From name",), "html_text": ("html table", "html body", "base64 html"),
    "classify": ("Subject", "From name"), "reading": ("Subject",), "reference": ("Subject", "body"),
    "bounce": ("Subject",), "auth_results": ("body",), "reply_address": ("body",),
}
_SHAPES = ("line", "lines", "run")
_TAILS = ("x", "!", ":", "")


def _text(shape: str, word: str, sep: str, tail: str, size: int) -> tuple[str, str]:
    """Hostile text of about ``size`` characters and its description."""
    if shape == "run":  # a word, then one separator character many times, then the tail
        mark = sep.strip() or sep[:1] or " "
        count = max(1, (size - len(word)) // len(mark))
        return word + mark * count + tail, f"{word!r} + {mark!r} x{count} + {tail!r}"
    unit = word + sep
    if shape == "line":
        count = max(1, size // max(1, len(unit)))
        return unit * count + tail, f"{unit!r} x{count} + {tail!r}"
    per_line = max(1, 600 // max(1, len(unit)))
    lines = max(1, size // (per_line * len(unit) + len(tail) + 1))
    return "\n".join([unit * per_line + tail] * lines), f"({unit!r} x{per_line} + {tail!r}) x{lines} lines"


def _combos(text: str, n: int) -> list[tuple[str, bytes]]:
    """One hostile text in three mails that together put it everywhere the reader reads."""
    keyword = _KEYWORDS[n % len(_KEYWORDS)]
    cells = "".join(f"<td>{html.escape(text[i:i + 20])}</td>" for i in range(0, len(text), 20))
    return [
        ("headers and plain text", _mail(f"{keyword} {text}\n#note {text}\nCompany: {text}\n{text}\n> {text}\n\n"
                                         f"{text}\n\nBest regards,\n{text}", subject=_header(text),
                                         sender=f'"{_header(text)}" <bob@example.com>',
                                         headers=f"References: {_header(text)}\r\nIn-Reply-To: {_header(text)}\r\n")),
        ("base64 HTML", _mail(f"<p>{html.escape(text)} {keyword}</p><p>{html.escape(text)}</p><table><tr>{cells}</tr></table>"
                              f"<blockquote>{html.escape(text)}</blockquote><pre>{html.escape(text)}</pre>",
                              kind="text/html", base64_body=True)),
        ("a yes in text and HTML", _mail(f"{keyword} {text}\n\nThanks,\n{text}", kind="alternative",
                                         subject=_header(f"Re: {text}"), sender=f"{_header(text)} <bob@example.com>")),
    ]


def hostile_inputs(size: str = "small", per_pattern: int | None = None) -> Iterator[HostileInput]:
    """Inputs built from every pattern (see the module's docstring). ``size`` "small": about
    3,000 characters of hostile text, each put in three mails that hold it in every place at
    once (enough for anything exponential or cubic); "large": about 100,000, each in one
    place in turn, a third of them as 600-character lines (enough for anything quadratic, or
    linear in a line but run for each line). ``per_pattern`` caps the texts of one pattern."""
    seen: set[str] = set()
    for item in _hostile_inputs(size, per_pattern):
        name, again = item.name, 1
        while name in seen:  # (two samples alike: each input keeps a name of its own)
            again += 1
            name = f"{item.name} ({again})"
        seen.add(name)
        yield HostileInput(name, item.raw)


def _hostile_inputs(size: str, per_pattern: int | None) -> Iterator[HostileInput]:
    length = SMALL if size == "small" else LARGE
    count = per_pattern or (8 if size == "small" else 5)
    places = tuple(PLACES)
    for number, (name, source, flags) in enumerate(parser_patterns()):
        rnd = random.Random(zlib.crc32(f"{name} {size}".encode()))
        texts = pumped_texts(name, source, flags, length, count)
        # The pattern's words with its separators, repeated ("regards  /  regards  /  …").
        words, marks = pieces(source)
        seps = [sep for sep in _separators(marks) if sep.strip()] or [" "]
        for k in range(max(1, count // 2)):
            word = rnd.choice(words) if words else ""
            sep = rnd.choice(seps)
            shape = _SHAPES[k % len(_SHAPES)]
            text, what = _text(shape, word, sep, _TAILS[rnd.randrange(len(_TAILS))], length)
            texts.append((what, text))
        for k, (what, text) in enumerate(texts):
            if size == "small":
                for where, raw in _combos(text, k):
                    yield HostileInput(f"{name}: {what} in {where}", raw)
                continue
            # (half of them where the pattern's module reads, half anywhere in turn)
            home = _HOMES.get(name.split(".")[0].split(":")[0], places)
            place = home[k // 2 % len(home)] if k % 2 == 0 else places[(number + k) % len(places)]
            if k % 3 == 2 and "\n" not in text:
                text = "\n".join(text[i:i + 600] for i in range(0, len(text), 600))
                what += " in 600-character lines"
            yield HostileInput(f"{name}: {what} in {place}", _placed(place, text, k, length))


# -- the inputs each fix was made for -----------------------------------------------------------

def known_cases() -> list[HostileInput]:
    """The slow inputs found by hand and with the generator, one per pattern that was fixed
    (sizes at which the old pattern took from 2 s to minutes)."""
    b64 = lambda t: _mail(t, base64_body=True)  # noqa: E731
    return [
        HostileInput("SIGN_OFF: 'regards  /  ' x8 + 'x' (the 145-byte mail)", _mail("regards  /  " * 8 + "x")),
        HostileInput("SIGN_OFF: 'regards  /  ' x8 + 'x' in a base64 text part", b64("regards  /  " * 8 + "x")),
        HostileInput("100 kB of spaces in a base64 text/plain part", b64(" " * 100_000)),
        HostileInput("100 kB of spaces in a base64 text/html part", _mail(" " * 100_000, kind="text/html", base64_body=True)),
        HostileInput("'I agree' + 100 kB of spaces + 'x' in a base64 text/plain part", b64("I agree" + " " * 100_000 + "x")),
        HostileInput("'I agree' + 100 kB of spaces + 'x' in a base64 text/html part",
                     _mail("<p>I agree" + " " * 100_000 + "x</p>", kind="text/html", base64_body=True)),
        HostileInput("100 kB of spaces, words and line breaks in a base64 text/plain part",
                     b64(("I agree fully" + " " * 300 + "regards  /  \n") * 300)),
        HostileInput("_CONTINUATION: 'I agree fully' + 2,000 spaces + 'x' (base64 text)", b64("I agree fully" + " " * 2000 + "x")),
        HostileInput("_CONTINUATION: 'I agree fully' + 2,000 spaces + 'x' in <pre> (base64 html)",
                     _mail("<pre>I agree fully" + " " * 2000 + "x</pre>", kind="text/html", base64_body=True)),
        HostileInput("_CANCEL_OBJECT: 'cancel' + 2,000 spaces + 'x'", b64("cancel" + " " * 2000 + "x")),
        HostileInput("_LEAD: 'yes' + 30,000 spaces + 'x agree'", b64("yes" + " " * 30000 + "x agree")),
        HostileInput("_CLAUSE_BREAK: 'I agree ' + 100 kB of dots + 'x'", _mail("I agree " + "." * 100000 + "x")),
        HostileInput("_BARE_MSGID: a 100 kB token in References", _mail(headers="References: " + "x" * 100000 + "\r\n")),
        HostileInput("_BARE_MSGID: a 100 kB token in In-Reply-To", _mail(headers="In-Reply-To: " + "x" * 100000 + "\r\n")),
        HostileInput("ATTRIBUTION: 160 lines of 600 '@'", _mail(("@" * 600 + "\n") * 160)),
        HostileInput("ATTRIBUTION: 160 lines of '1:11 @ ' x100", _mail(("1:11 @ " * 100 + "\n") * 160)),
        HostileInput("SEPARATOR: 'original message' + 2,000 spaces + 'x'", _mail("hello\n\noriginal message" + " " * 2000 + "x")),
        HostileInput("SENT_FROM: 'sent from my phone' + 2,000 spaces + 'x'", _mail("hello\n\nsent from my phone" + " " * 2000 + "x")),
        HostileInput("NOTES_LABEL: a Notes header, 'to' + 20,000 spaces + 'x'",
                     _mail("hello\n\nbob@example.com\n1.1.2026\nto" + " " * 20000 + "x")),
        HostileInput("name block split: 'original message' + 20,000 spaces + 'x' closing the mail",
                     _mail("hello\n\noriginal message" + " " * 20000 + "x")),
        HostileInput("_LABEL_LINE: 'Company' + 20,000 spaces + 'x'", _mail("Company" + " " * 20000 + "x")),
        HostileInput("_LABEL_LINE and SIGN_OFF: 160 lines of 600 spaces + 'x'", _mail((" " * 600 + "x\n") * 160)),
        HostileInput("form e-mail search: 'Current partner: ' + 100 kB of letters", _mail("Current partner: " + "a" * 100000)),
        HostileInput("commands._LINE: '#note ' + '*_' x50,000 + 'x'", _mail("#note " + "*_" * 50000 + "x")),
        HostileInput("commands._LINE: '#note' + 100 kB of spaces + 'x'", _mail("#note" + " " * 100000 + "x")),
        HostileInput("commands._EMAIL: '#set partner a@' + 'b.' x50,000 + '@'", _mail("#set partner a@" + "b." * 50000 + "@")),
        HostileInput("REPLY_PREFIX: a yes whose subject is 'Re' + 20,000 en spaces + 'x'",
                     _mail("I agree", subject=_header("re" + "\u2002" * 20000 + "x"))),
        HostileInput("html cells: a row of 10,000 cells", _mail("<table><tr>" + "<td>x</td>" * 10000 + "</tr></table>", kind="text/html")),
        HostileInput("RFC 2047 decoding: a header of 8,000 unclosed encoded words ('=?utf-8?q?a')",
                     _mail(headers="X-Foo: " + "=?utf-8?q?a" * 8000 + "\r\n")),
        HostileInput("RFC 2047 decoding: a subject of 8,000 unclosed encoded words",
                     _mail("I agree", subject="=?utf-8?q?a" * 8000)),
        HostileInput("libxml2 attributes: a <p> with 50,000 attributes",
                     _mail("<p " + " ".join(f"a{i}=x" for i in range(50000)) + ">I agree</p>", kind="text/html")),
        HostileInput("RFC 2047 decoding: a 2 MB subject of 100,000 encoded words (the header block past 256 kB)",
                     _mail("I agree", subject="=?utf-8?q?a?= " * 100000)),
        HostileInput("IDNA: a From domain of 20,000 CJK characters",
                     _mail(sender="bob <x@" + "".join(chr(0x4E00 + i) for i in range(20000)) + ">")),
        *visibility_cases(),
    ]


def _html(body: str) -> bytes:
    return _mail(body, kind="text/html", base64_body=True)


def _fill(unit: str, size: int = 2_000_000, head: str = "", tail: str = "") -> str:
    """``unit`` repeated to make ``head + ... + tail`` about ``size`` characters."""
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def visibility_cases() -> list[HostileInput]:
    """HTML up to 2 MB against the CSS cascade of parsers.css_cascade and the walk of
    parsers.html_text: many elements, large or slow stylesheets, many distinct styles."""
    deep_rule = " ".join(["div"] * 30)
    return [
        HostileInput("html: 2 MB of '<p>x' (500,000 paragraphs)", _html(_fill("<p>x"))),
        HostileInput("html: 2 MB of '<br/>x'", _html(_fill("<br/>x"))),
        HostileInput("html: 2 MB of '<a>' (666,000 links)", _html(_fill("<a>"))),
        HostileInput("html: 2 MB of '<img alt=x>'", _html(_fill("<img alt=x>"))),
        HostileInput("html: 2 MB of empty comments", _html(_fill("<!---->"))),
        HostileInput("html: 1,000 universal rules over 450,000 <br>",
                     _html(_fill("<br>", head="<style>" + "".join(f"*{{color:#{i:06x}}}" for i in range(1000)) + "</style>"))),
        HostileInput("html: a 2 MB stylesheet of 80,000 rules",
                     _html(_fill(".a b c d e f{display:none}", head="<style>", tail="</style><p>I agree"))),
        HostileInput("html: a 2 MB stylesheet of one unclosed block",
                     _html(_fill("(((((", head="<style>a{", tail="</style><p>I agree"))),
        HostileInput("html: 30 descendant combinators over 255 nested <div>",
                     _html(_fill("<div>", head=f"<style>{deep_rule}{{display:none}} p {deep_rule}{{color:red}}</style>"))),
        HostileInput("html: 45,000 distinct style attributes",
                     _html("".join(f'<b style="color:#{i:06x};font-size:{i % 40}px">x</b>' for i in range(45000)))),
        HostileInput("html: 1,000 class rules, 10,000 elements of 20 classes each",
                     _html("<style>" + "".join(f".c{i}{{display:none}}" for i in range(1000)) + "</style>"
                           + "".join('<p class="' + " ".join(f"c{j}" for j in range(i % 50, i % 50 + 20)) + '">x</p>'
                                     for i in range(10000)))),
        HostileInput("html: '~', :nth-last-child and :last-of-type on a parent of 200,000 <p>",
                     _html("<style>p ~ p ~ p ~ p{color:#fff} p:nth-last-child(2n){display:none} p:last-of-type{opacity:0}"
                           "</style><div>" + "<p>x</p>" * 200000 + "</div>")),
        HostileInput("html: a selector of 2,000 :not() over 100,000 <p>",
                     _html("<style>p" + ":not(.a)" * 2000 + "{display:none}</style>" + "<p>x</p>" * 100000)),
        HostileInput("html: :not() nested 5,000 deep", _html("<style>p" + ":not(" * 5000 + ".a" + ")" * 5000 + "{display:none}</style><p>x")),
        HostileInput("html: @media nested 3,000 deep", _html("<style>" + "@media screen{" * 3000 + ".a{display:none}" + "}" * 3000 + "</style><p class=a>x")),
        HostileInput("html: 1,000 @media rules over 50,000 elements",
                     _html("<style>" + "".join(f"@media (min-width:{i}px){{.a{{display:none}}}}" for i in range(1000))
                           + "</style>" + "<p class=a>x</p>" * 50000)),
        HostileInput("html: 50,000 Outlook conditional comments",
                     _html("".join(f"<!--[if mso]><p>w{i}</p><![endif]-->" for i in range(50000)))),
        HostileInput("html: one Outlook conditional comment of 1.6 MB",
                     _html("<p>I agree</p><!--[if mso]>" + "<p>x" * 400000 + "<![endif]-->")),
        HostileInput("html: ::before/::after with attr() on 70,000 elements",
                     _html("<style>p::before{content:'a' attr(title)} p::after{content:'b'}</style>"
                           + "".join(f'<p title="t{i}">x</p>' for i in range(70000)))),
        HostileInput("html: 40,000 style attributes with calc()",
                     _html("".join(f'<b style="font-size:calc({i}px + 1em)">x</b>' for i in range(40000)))),
        HostileInput("html: 30,000 cells of distinct bgcolor and font colour",
                     _html("".join(f'<td bgcolor="#{i:06x}"><font color="#{i + 1:06x}">x</font></td>' for i in range(30000)))),
    ]


# -- reading them ---------------------------------------------------------------------------------

def select_inputs(selection: str) -> list[HostileInput]:
    """"small", "large", "known", or several of them joined by "+"."""
    chosen: list[HostileInput] = []
    for part in selection.split("+"):
        chosen += known_cases() if part == "known" else list(hostile_inputs(part))
    return chosen


def run_guarded(selection: str, stall: float = 20.0, workers: int | None = None) -> Iterator[tuple[str, float | None]]:
    """(name, seconds) of every input of ``selection``, read in child processes (CPU seconds
    of the reading process, so that a busy machine does not make an input look slow), one per
    core up to two, each reading every other input; an input that takes longer than ``stall``
    seconds of wall time ends the run and comes back with None."""
    count = workers or min(2, os.cpu_count() or 1)
    children = [subprocess.Popen([sys.executable, "-m", "bench.hostile_inputs", selection, str(k), str(count)],
                                 cwd=ROOT, stdout=subprocess.PIPE, text=True, bufsize=1) for k in range(count)]
    current = {child.stdout: "(starting)" for child in children}
    try:
        while current:
            ready, _, _ = select.select(list(current), [], [], stall)
            if not ready:
                yield " / ".join(current.values()), None
                return
            for stream in ready:
                line = stream.readline()
                if not line:
                    del current[stream]
                    continue
                kind, _, rest = line.rstrip("\n").partition("\t")
                if kind == "start":
                    current[stream] = rest
                elif kind == "done":
                    seconds, _, name = rest.partition("\t")
                    yield name, float(seconds)
    finally:
        for child in children:
            child.kill()
            child.wait()
    failed = [child.returncode for child in children if child.returncode not in (0, -9)]
    if failed:
        raise RuntimeError(f"the reading process failed ({failed[0]})")


_OUR_MAIL = ("Hello,\n\nAcme Widgets has named you as their new provider for their hosted service.\n"
             "Please answer by 20 December 2026.\n\nKind regards,\nTransfer desk\n")


def _child(selection: str, part: int = 0, parts: int = 1) -> None:
    inputs = select_inputs(selection)[part::parts]
    print(f"count\t{len(inputs)}", flush=True)
    from dataclasses import replace

    from parsers.intent import Intent
    from parsers.reading import ReaderSettings, against_what_we_sent, read_mail

    settings = ReaderSettings(mailbox="transfer@example.com", secret=b"hostile", trusted_authserv_ids=("mx.example.com",))
    if inputs:
        read_mail(inputs[0].raw, settings)  # (imports and first-use caches outside the timings)
    for item in inputs:
        print(f"start\t{item.name}", flush=True)

        def timed(raw: bytes = item.raw) -> float:
            start = time.process_time()  # (the work done, whatever else the machine runs)
            reading = read_mail(raw, settings)
            # (and its quote compared with a mail of ours, as the pipeline does for a yes)
            against_what_we_sent(replace(reading, intent=Intent.AGREE), [_OUR_MAIL])
            return time.process_time() - start

        seconds = timed()
        if seconds >= _READ_AGAIN:
            # (a pattern gone super-linear is slow every time; a collection of the process's
            # garbage that fell on this input, seen once at 1.8 s, is not)
            seconds = min(seconds, timed())
        print(f"done\t{seconds:.6f}\t{item.name}", flush=True)


_READ_AGAIN = 0.5  # seconds: an input this slow is read a second time, and the faster reading counts


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    _child(sys.argv[1] if len(sys.argv) > 1 else "small", *(int(a) for a in sys.argv[2:4]))
