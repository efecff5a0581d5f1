"""Every pattern linear on hostile input: no mail makes the reader backtrack for seconds.

The inputs come from bench/hostile_inputs.py (bench/hostile.py times the same ones): for every
compiled pattern of the parsers modules and every pattern literal inside their functions,
strings built from the pattern itself (a sample of what it matches with one of its repeats
pumped, then a failing character or nothing; its words joined by its separators), put
everywhere read_mail reads. They are read in child processes (two on a machine of two cores), so that a reading that never
ends fails the test with the input's name instead of hanging it.

The rewritten attribution check is compared with the regular expressions it replaced.
"""

from __future__ import annotations

import os
import random
import re

import pytest

from bench.hostile_inputs import hostile_inputs, known_cases, parser_patterns, run_guarded
from parsers import quote_patterns

# Seconds for one read_mail: a guard against backtracking (a pattern gone super-linear takes
# seconds to minutes on these inputs), not a speed goal (bench/hostile.py prints the figures).
# The heaviest inputs (70,000 styled elements, 2 MB of paragraphs) read in 0.35-0.45 s on an idle
# machine and were seen at 0.54 s on a busy clean-clone run: the limit leaves room for that.
LIMIT = 1.5
STALL = 15.0  # seconds after which one input counts as never ending
# Child processes: one per core up to two; under pytest-xdist one, as the other core is the other
# worker's (two children there would make three busy processes on two cores, beside a worker
# that may be running the real-server tier's timed tests).
CHILDREN = 1 if os.environ.get("PYTEST_XDIST_WORKER") else None


def _read(selection: str) -> tuple[dict[str, float], str | None]:
    times: dict[str, float] = {}
    for name, seconds in run_guarded(selection, STALL, workers=CHILDREN):
        if seconds is None:
            return times, name
        times[name] = seconds
    return times, None


@pytest.fixture(scope="module")
def known_times():
    return _read("known")


@pytest.mark.parametrize("case", [c.name for c in known_cases()])
def test_each_mail_that_was_slow_is_read_at_once(case, known_times):
    times, stalled = known_times
    assert case in times, f"not read: the reading stalled on {stalled!r}"
    assert times[case] < LIMIT, f"{case}: {times[case]:.2f} s"


def test_the_three_reported_mails_are_among_them():
    names = " | ".join(c.name for c in known_cases())
    assert "'regards  /  ' x8 + 'x' (the 145-byte mail)" in names
    assert "100 kB of spaces in a base64 text/plain part" in names and "base64 text/html" in names
    assert "100 kB token in References" in names and "100 kB token in In-Reply-To" in names


@pytest.mark.parametrize("size", ["small", "large"])
def test_every_hostile_input_is_read_in_well_under_a_second(size):
    times, stalled = _read(size)
    assert stalled is None, f"reading stalled (more than {STALL:.0f} s) on: {stalled}"
    expected = sum(1 for _ in hostile_inputs(size))
    assert len(times) == expected
    slow = sorted(((t, name) for name, t in times.items() if t >= LIMIT), reverse=True)
    assert not slow, f"{len(slow)} of {len(times)} inputs took {LIMIT} s or more, e.g. " + "; ".join(
        f"{name} ({t:.2f} s)" for t, name in slow[:5])


def test_every_pattern_of_the_parsers_gives_hostile_inputs():
    import importlib

    from bench.hostile_inputs import PARSER_MODULES

    sources = {source for _, source, _ in parser_patterns()}
    for short in PARSER_MODULES:
        for key, value in vars(importlib.import_module(f"parsers.{short}")).items():
            for pattern in value.values() if isinstance(value, dict) else [value]:
                if isinstance(pattern, re.Pattern):
                    source = pattern.pattern if isinstance(pattern.pattern, str) else pattern.pattern.decode("latin-1")
                    assert source in sources, f"parsers.{short}.{key} is not read by the generator"
    with_inputs = {item.name.split(": ", 1)[0] for item in hostile_inputs("small")}
    assert with_inputs >= {name for name, _, _ in parser_patterns()} - {
        name for name, source, _ in parser_patterns() if not re.search(r"[*+}]|\\[sdw]", source)}
    assert any(":inline" in name for name in with_inputs)  # the literals written inside functions


# -- the attribution check against the expressions it replaced ---------------------------------

_OPENERS = r"(?:on|am|le|el|il giorno|il|op|em|no dia|w dniu|dnia|den|dne|в|den)"
_VERBS = (
    r"(?:wrote|writes|has written|schrieb|hat geschrieben|a écrit|escribió|ha escrito|ha scritto|scrisse|"
    r"schreef|heeft .{1,80} geschreven|escreveu|napisał\(a\)|napisała|napisał|pisze|skrev|"
    r"napsal\(a\)|napsal|написал\(а\)|написала|написал|пишет|kirjoitti|yazdı)"
)
# The expressions, with what the blind corpus added since (Zoho's dashes after the name, a
# day-first date with a time, more verbs): what the linear code must answer, as a specification.
_VERBS = quote_patterns._VERBS
# (set G: a date and a time first, a bare address last, Tuta's "17.01.2025, 10:52 von x@y:")
_DATED_BARE_ADDRESS = (rf"(?:{quote_patterns._LEADING_DATE.pattern})[^\n]{{0,80}}?"
                       r"(?<![^\s<(])<?[^\s<>@()]{1,64}@[^\s<>@()]{1,255}>?\s*:")
# (set F: up to six words after "<x@y>", a verb in a language the lists do not know)
_TAIL_WORDS = r"(?:\s*(?:[^\s<>.!?:]|:(?=\d))+(?:\s+(?:[^\s<>.!?:]|:(?=\d))+){0,5})?"
OLD_ATTRIBUTION = re.compile(
    rf"^[\s>*_=-]*(?:{_OPENERS}\b.{{0,300}}?{_VERBS}\s*-{{2,}}"
    rf"|{_OPENERS}\b.{{0,300}}?{_VERBS}.{{0,200}}?(?::|\s-{{2,}})"
    rf"|.{{0,300}}?(?:@|\d:\d\d).{{0,300}}?{_VERBS}\s*:"
    r"|(?:\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\s|\d{1,2}[/.-]\d{1,2}[/.-]\d{4},?\s+\d{1,2}:\d{2}).{0,200}<[^>]+@[^>]+>\s*:?"
    r")\s*$"
    rf"|^\s*{_DATED_BARE_ADDRESS}\s*$",
    re.IGNORECASE,
)
# (a digit may stand right before the verb: "21:41写道：")
OLD_ATTRIBUTION_WEAK = re.compile(rf"^\s*(?:.{{0,300}}?(?<![^\W\d]){_VERBS}(?:.{{0,120}}?:|\s*-{{2,}})"
                                  rf"|[^<\n]{{0,300}}?\d[^<\n]{{0,300}}?<\s*[^<>\s@]+@[^<>\s@]+\s*>{_TAIL_WORDS}\s*:"
                                  rf"|{_DATED_BARE_ADDRESS})\s*$"
                                  # (Yandex's "15.03.2023, 09:36, Name:", on a line under 200 characters)
                                  rf"|^(?=[^\n]{{0,199}}$){quote_patterns._DATE_TIME_NAME.pattern}",
                                  re.IGNORECASE)

_PARTS = ["On 25 Nov 2026", "Am 25.11.2026 um", "25.11.2026, 09:00", "írta", "schrieb", "wrote", "heeft", "geschreven", "het volgende", "написал(а)",
          "ср, 25 нояб. 2026 г. в", "2026/11/25", "9:00", "1:1:11", "@", "a@b.example", "<a@b.example>", "<a>",
          "<@a@b>", "<", ">", ":", "::", "--", "----", ">>", "** ", "=", "_", " ", "  ", "\t", "\n", "1", "x", "Jan de Vries",
          "17.01.2025, 10:52", "21 Jan 2025, 09:03", "von", "写道", "ysgrifennodd", "(", "a@b.example:"]


def _attribution_like(rnd: random.Random) -> str:
    parts = []
    for _ in range(rnd.randint(1, 9)):
        part = rnd.choice(_PARTS)
        if rnd.random() < 0.04:  # (the old expressions take milliseconds on these)
            part = rnd.choice("xy @1<>") * rnd.choice([1, 5, 100, 196, 199, 200, 201, 296, 299, 300, 301, 304])
        parts.append(part + rnd.choice(["", " ", " ", ", "]))
    return "".join(parts).rstrip(rnd.choice(["", " "]))


def test_the_attribution_check_answers_as_the_expressions_it_replaced():
    rnd = random.Random(20261206)
    for _ in range(3000):
        line = _attribution_like(rnd)
        assert quote_patterns.is_attribution(line) == bool(OLD_ATTRIBUTION.match(line)), repr(line)
        assert quote_patterns.is_weak_attribution(line) == bool(OLD_ATTRIBUTION_WEAK.match(line)), repr(line)


@pytest.mark.parametrize("before", [0, 1, 296, 299, 300, 301, 304])
@pytest.mark.parametrize("after", [0, 1, 199, 200, 201, 299, 300, 301])
def test_the_attribution_windows_end_where_they_ended(before, after):
    lines = [
        "x" * before + "@" + "y" * after + " wrote:",
        "x" * before + "9:00" + "y" * after + " heeft a@b " + "z" * (after % 90) + " geschreven:",
        "On " + "x" * before + " wrote" + "y" * after + ":",
        "2026/11/25 " + "x" * after + "<a@b>:",
        "2026/11/25 " + "<" * (after % 7) + "x" * after + "<a>" + "<b@c>",
        "1" + "x" * before + "1" + "y" * after + "<a@b>:",
    ]
    for line in lines:
        assert quote_patterns.is_attribution(line) == bool(OLD_ATTRIBUTION.match(line)), repr(line)
        assert quote_patterns.is_weak_attribution(line) == bool(OLD_ATTRIBUTION_WEAK.match(line)), repr(line)
