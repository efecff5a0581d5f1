"""The fixture corpus: every mail read as its .json next to it says.

The .json files hold only what each fixture is about; ``reply_text`` is compared with
whitespace collapsed (line wrapping is not the point), everything else exactly.
"""

from __future__ import annotations

import io
import json

import pytest

from mailbot.cli import main
from parsers.reading import read_mail
from tests.conftest import SETTINGS, fixture_pairs

PAIRS = fixture_pairs()
CONTRACT_KEYS = {"message_id", "from", "to", "cc", "subject", "reference", "reply_token",
                 "classification", "reply_text", "intent", "commands", "form"}
YES = {"agree", "accept"}


def collapse(text: str) -> str:
    return " ".join((text or "").split())


def test_the_corpus_is_big_enough_and_paired():
    assert len(PAIRS) >= 80
    assert all(expected for _, expected in PAIRS), "every .eml needs its .json"


@pytest.mark.parametrize("eml, expected", PAIRS, ids=[p.stem for p, _ in PAIRS])
def test_fixture_is_read_as_expected(eml, expected):
    data = read_mail(eml.read_bytes(), SETTINGS).as_json()
    for key, want in expected.items():
        if key == "description":
            continue
        got = data.get(key)
        if key == "reply_text":
            assert collapse(got) == collapse(want), f"new text of {eml.name}"
        elif key == "defects":
            assert bool(got) == want
        elif key == "attachments":
            assert [{"name": a["name"], "size": a["size"]} for a in got] == want
        elif key == "bounce_recipients":
            assert sorted(got) == sorted(want)
        elif key == "reply_token" and want is not None:
            assert got == {**want, **{k: got[k] for k in got if k not in want}}
        else:
            assert got == want, f"{key} of {eml.name}"


def test_zero_false_signings_on_the_corpus():
    """No agree/accept where the new text does not say it: the one number that must be 0."""
    false = []
    for eml, expected in PAIRS:
        intent = read_mail(eml.read_bytes(), SETTINGS).intent
        if intent in YES and expected.get("intent", intent) != intent:
            false.append(eml.name)
    assert false == []


@pytest.mark.parametrize("eml", [p for p, _ in PAIRS], ids=[p.stem for p, _ in PAIRS])
def test_parse_json_has_every_contract_key(eml, capsys):
    assert main(["parse", str(eml), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= CONTRACT_KEYS


def test_human_output_names_the_intent(capsys):
    eml = PAIRS[0][0]
    assert main(["parse", str(eml)]) == 0
    out = capsys.readouterr().out
    assert "Intent:" in out and "New text:" in out
    assert isinstance(io.StringIO(out).read(), str)
