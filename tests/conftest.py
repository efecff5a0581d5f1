"""Shared test helpers: the fixture corpus and the settings the fixtures were written for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.reading import ReaderSettings

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
TEST_SECRET = b"test-secret-for-fixtures"
SETTINGS = ReaderSettings(mailbox="transfer@example.com", secret=TEST_SECRET,
                          trusted_authserv_ids=("mx.example.com",))


def fixture_pairs() -> list[tuple[Path, dict]]:
    pairs = []
    for eml in sorted(FIXTURES.glob("*.eml")):
        expected = eml.with_suffix(".json")
        pairs.append((eml, json.loads(expected.read_text(encoding="utf-8")) if expected.exists() else {}))
    return pairs


@pytest.fixture
def settings() -> ReaderSettings:
    return SETTINGS
