"""The fast reading of common From headers agrees with the RFC 5322 grammar it stands in for.

``read_from`` reads "Name <local@domain>" and its plain ASCII cousins with one anchored
pattern; everything else goes through ``email.headerregistry``. From decides who may act, so
the two must never read a header differently: every header the pattern takes is also read by
the grammar here, and the answers compared.
"""

from __future__ import annotations

import random

import pytest

from parsers.addresses import _SIMPLE_FROM, _simple_from, _strict_from, read_from

COMMON = [
    "Mark Ellison <mark@brightfalls-it.example>",
    '"Ellison, Mark" <Mark.Ellison@BrightFalls-IT.example>',
    "mark@brightfalls-it.example",
    "  mark+transfer@brightfalls-it.example  ",
    "O'Brien <ob@x.example>",
    '"" <a@b.example>',
    '"Smith (IT) Ltd" <s@x.example>',
    "<a@b.example>",
    "Anna\tOlsson <anna@kustnat.example>",
    "a=b@x.example",
    "R&D team <rd@x.example>",
    '"  spaced   name  " <a@b.example>',
    "=?utf-8?q?J=C3=BCrgen_Gro=C3=9F?= <j@x.example>",
    "=?utf-8?q?Fran=C3=A7ois?= Dupont <f@x.example>",
    "Jean =?UTF-8?B?RnJhbsOnb2lz?= <f@x.example>",
    "=?utf-8?q?J=C3=BCrgen?= =?utf-8?q?_Gro=C3=9F?= <j@x.example>",
]


@pytest.mark.parametrize("value", COMMON)
def test_common_shapes_are_read_as_the_grammar_reads_them(value):
    match = _SIMPLE_FROM.fullmatch(value)
    assert match, "a common shape takes the fast path"
    assert _simple_from(match) == _strict_from(value)
    assert isinstance(read_from([value]), tuple)


@pytest.mark.parametrize("value", [
    "=?koi8-r?q?=F0=C5?= <mark@x.example>",  # an encoded word in a rarer charset
    "=?utf-8?q?Mark?=<mark@x.example>",  # an encoded word without a space after it
    "Mark (CEO) <mark@x.example>",  # a comment
    '"Mark \\" <eve@evil.example>" <mark@x.example>',  # an escape
    "Mark <mark@x.example>, Eve <eve@y.example>",  # two authors
    "Mark <mark@x.example",  # unclosed
    "John Q. Public <jqp@x.example>",  # obsolete syntax
    "Renée <r@x.example>",  # not ASCII
])
def test_other_shapes_go_to_the_grammar(value):
    assert not _SIMPLE_FROM.fullmatch(value)
    assert read_from([value]) == _strict_from(value)


def test_random_headers_of_the_fast_alphabet_agree_with_the_grammar():
    rng = random.Random(5322)
    alphabet = "aZ09.!#$%&'*+/=?^_`{|}~- \t\"<>@,()"
    taken = 0
    for _ in range(20_000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(3, 24)))
        match = _SIMPLE_FROM.fullmatch(value)
        if match:
            taken += 1
            assert _simple_from(match) == _strict_from(value), value
    assert taken > 50  # (the alphabet does reach the fast path)


def test_random_common_shapes_agree_with_the_grammar():
    rng = random.Random(2822)
    atext = "aZ09!#$%&'*+/=?^_`{|}~-"

    def atom(chars: str = atext) -> str:
        return "".join(rng.choice(chars) for _ in range(rng.randint(1, 6)))

    def dot_atom() -> str:
        return ".".join(atom() for _ in range(rng.randint(1, 3)))

    for _ in range(5_000):
        address = f"{dot_atom()}@{dot_atom()}"
        shape = rng.randrange(3)
        if shape == 0:
            value = f"{rng.choice(['', ' '])}{address}{rng.choice(['', ' ', chr(9)])}"
        elif shape == 1:
            name = rng.choice([" ", "  ", chr(9)]).join(atom(atext.replace("=", "").replace("?", ""))
                                                        for _ in range(rng.randint(1, 3)))
            value = f"{name}{rng.choice(['', ' '])}<{address}>"
        else:
            quoted = "".join(rng.choice(" aZ,.;:()<>@[]") for _ in range(rng.randint(0, 12)))
            value = f'"{quoted}" <{address}>'
        match = _SIMPLE_FROM.fullmatch(value)
        assert match, value
        assert _simple_from(match) == _strict_from(value), value


def test_random_encoded_names_agree_with_the_grammar():
    import base64
    import quopri

    rng = random.Random(2047)
    letters = "aZé ßüИвя_=?.,çÆ日本"
    checked = 0
    for _ in range(5_000):
        words = []
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.3:
                words.append("".join(rng.choice("aZ09-'") for _ in range(rng.randint(1, 5))))
                continue
            charset = rng.choice(["utf-8", "UTF-8", "iso-8859-1", "windows-1252"])
            text = "".join(rng.choice(letters) for _ in range(rng.randint(0, 8)))
            try:
                data = text.encode(charset)
            except UnicodeEncodeError:
                data = text.encode("utf-8")
                charset = "utf-8"
            if rng.random() < 0.5:
                encoded = base64.b64encode(data).decode()
                if rng.random() < 0.1:
                    encoded = encoded[:-1]  # broken padding
                words.append(f"=?{charset}?b?{encoded}?=")
            else:
                encoded = quopri.encodestring(data, header=True).decode().replace("?", "=3F")
                words.append(f"=?{charset}?q?{encoded}?=")
        value = f"{rng.choice([' ', chr(9)]).join(words)} <x{rng.randint(0, 9)}@a.example>"
        match = _SIMPLE_FROM.fullmatch(value)
        if not match:
            continue
        fast = _simple_from(match)
        if fast is None:
            continue
        checked += 1
        assert fast == _strict_from(value), value
    assert checked > 2_000
