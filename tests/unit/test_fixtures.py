"""The fixture corpus: every mail read as its .json next to it says.

The .json files hold only what each fixture is about; ``reply_text`` is compared with
whitespace collapsed (line wrapping is not the point), everything else exactly. Every .json
states the intent a careful reader gives the mail.

Mails the reader gets wrong today are listed in ``tests/fixtures/known_misses.json`` (stem ->
reason) and fail as strict xfails: a listed mail that starts to read right fails the run until
it is taken off the list, and a mail not on the list that reads wrong fails it at once. A reason
that starts with "False signing:" marks a mail the reader signs (agree/accept where the
expected intent is something else); only those are expected to fail the false-signing test.
"""

from __future__ import annotations

import io
import json
from email.utils import parseaddr
from functools import cache

import pytest

from mailbot.cli import main
from parsers.reading import read_mail
from tests.conftest import FIXTURES, fixture_pairs, settings_for

PAIRS = fixture_pairs()
KNOWN_MISSES_FILE = FIXTURES.parent / "known_misses.json"
KNOWN_MISSES: dict[str, str] = json.loads(KNOWN_MISSES_FILE.read_text(encoding="utf-8"))
FALSE_SIGNING = "False signing:"
CONTRACT_KEYS = {"message_id", "from", "to", "cc", "subject", "reference", "reply_token",
                 "classification", "reply_text", "intent", "commands", "form"}
YES = {"agree", "accept"}


@cache
def reading(eml) -> tuple[dict, str]:
    """Each fixture is read once for every test of this module: its JSON and its intent."""
    result = read_mail(eml.read_bytes(), settings_for(eml))
    return result.as_json(), str(result.intent)


def collapse(text: str) -> str:
    return " ".join((text or "").split())


def cases(*, false_signings_only: bool = False) -> list:
    """Every fixture as a test case; a known miss is a strict xfail with its reason."""
    params = []
    for eml, expected in PAIRS:
        reason = KNOWN_MISSES.get(eml.stem)
        if reason is not None and false_signings_only and not reason.startswith(FALSE_SIGNING):
            reason = None
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason is not None else []
        params.append(pytest.param(eml, expected, id=eml.stem, marks=marks))
    return params


def test_the_corpus_is_big_enough_and_paired():
    assert len(PAIRS) >= 80
    assert all(expected for _, expected in PAIRS), "every .eml needs its .json"


def test_every_fixture_states_its_intent():
    """No fixture leaves its intent to the reader: machine, staff and broken mail included."""
    intents = {"agree", "object", "accept", "decline", "cancel", "none", "ambiguous"}
    missing = [eml.name for eml, expected in PAIRS if "intent" not in expected]
    assert missing == [], "every .json needs an intent"
    assert {eml.name: expected["intent"] for eml, expected in PAIRS if expected["intent"] not in intents} == {}


def test_known_misses_name_fixtures_and_give_a_reason():
    stems = {eml.stem for eml, _ in PAIRS}
    assert sorted(set(KNOWN_MISSES) - stems) == [], "a known miss without a fixture"
    assert all(reason.strip() for reason in KNOWN_MISSES.values())


# What a labeller wrote about a mail rather than expects of it (set D names its class, client
# and language in each file; set I keeps the label its generator gave a mail relabelled before
# the first reading, and why).
_ABOUT_THE_MAIL = frozenset({"description", "class", "client", "language", "generator_intent", "label_note"})


@cache
def about_the_mail(folder) -> frozenset[str]:
    """The keys that describe a fixture rather than say what parse shows: the common ones, and
    those a corpus names in its corpus.json (set O labels which case, notice and role a mail
    answers, whether or not its subject carries the reference)."""
    corpus = folder / "corpus.json"
    extra = json.loads(corpus.read_text(encoding="utf-8")).get("about_the_mail", []) if corpus.exists() else []
    return _ABOUT_THE_MAIL | frozenset(extra)


@pytest.mark.parametrize("eml, expected", cases())
def test_fixture_is_read_as_expected(eml, expected):
    data, _ = reading(eml)
    for key, want in expected.items():
        if key in about_the_mail(eml.parent):
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
        elif key == "from" and want and "<" in want:
            # (a labeller who wrote the header's display name too: `from` is the address)
            assert got == parseaddr(want)[1], f"from of {eml.name}"
        else:
            assert got == want, f"{key} of {eml.name}"


@pytest.mark.parametrize("eml, expected", cases(false_signings_only=True))
def test_zero_false_signings_on_the_corpus(eml, expected):
    """No agree/accept where the mail does not say it: the one number that must be 0 (known
    false signings are listed, and xfail until they are fixed)."""
    _, intent = reading(eml)
    assert not (intent in YES and intent != expected["intent"]), (
        f"{eml.name} signs ({intent}) where a careful reader says {expected['intent']}")


def test_every_reading_has_every_contract_key():
    missing = {eml.name: sorted(CONTRACT_KEYS - set(reading(eml)[0])) for eml, _ in PAIRS}
    assert {name: keys for name, keys in missing.items() if keys} == {}


# ``parse --json`` prints a reading's JSON: one mail of every 40, and the first of each folder,
# through the command itself (every mail is read once above)
CLI_SAMPLE = [eml for i, (eml, _) in enumerate(PAIRS) if i % 40 == 0 or eml.parent != PAIRS[i - 1][0].parent]


@pytest.mark.parametrize("eml", CLI_SAMPLE, ids=[p.stem for p in CLI_SAMPLE])
def test_parse_json_prints_the_reading(eml, capsys):
    assert main(["parse", str(eml), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= CONTRACT_KEYS
    # (the command reads with the default config's mailbox, not the fixture folder's)
    assert set(data) == set(reading(eml)[0])
    assert (data["message_id"], data["subject"]) == (reading(eml)[0]["message_id"], reading(eml)[0]["subject"])


def test_human_output_names_the_intent(capsys):
    eml = PAIRS[0][0]
    assert main(["parse", str(eml)]) == 0
    out = capsys.readouterr().out
    assert "Intent:" in out and "New text:" in out
    assert isinstance(io.StringIO(out).read(), str)
