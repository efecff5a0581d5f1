"""A second tester's yes-lookalikes as plain texts (tests/fixtures/intent_texts.json): conditions,
scopes, time limits, reservations, sarcasm, conditions under the signature — none may sign. Read
the way the pipeline reads them: new text, signature cut off, a yes withdrawn when the
signature adds a condition. (The tester's genuine yeses are mails: fixtures/mail/review2_gy_*.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.intent import classify_intent
from parsers.line_shapes import first_statement
from parsers.reply_text import extract_reply

CASES = json.loads((Path(__file__).parents[1] / "fixtures" / "intent_texts.json").read_text())


def read(text: str) -> str:
    reply = extract_reply(text)
    intent = classify_intent(reply.text)
    if intent in ("agree", "accept") and first_statement(reply.signature.split("\n")):
        return "ambiguous"
    return str(intent)


def test_the_set_is_all_lookalikes():
    assert len(CASES) >= 100 and not [c for c in CASES if c["intent"] in ("agree", "accept")]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_text_is_read_as_expected(case):
    assert read(case["text"]) == case["intent"], case["note"]
