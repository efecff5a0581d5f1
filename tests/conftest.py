"""Shared test helpers: the fixture corpus and the settings the fixtures were written for."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers.reading import ReaderSettings

FIXTURES = Path(__file__).parent / "fixtures" / "mail"
HELDOUT = Path(__file__).parent / "fixtures" / "heldout"  # written later, blind to the rules
# Written by helpers who never saw the reader, each answering a bot of its own (corpus.json)
BLIND = tuple(sorted(p for p in (Path(__file__).parent / "fixtures").glob("blind_*") if p.is_dir()))
TEST_SECRET = b"test-secret-for-fixtures"
SETTINGS = ReaderSettings(mailbox="transfer@example.com", secret=TEST_SECRET, name="Example transfer desk",
                          trusted_authserv_ids=("mx.example.com",))


def settings_for(eml: Path) -> ReaderSettings:
    """The settings of the bot a fixture answers: a blind corpus names its own in corpus.json."""
    corpus = eml.parent / "corpus.json"
    if not corpus.exists():
        return SETTINGS
    data = json.loads(corpus.read_text(encoding="utf-8"))
    return ReaderSettings(mailbox=data["mailbox"], secret=TEST_SECRET, name=data.get("name", ""),
                          trusted_authserv_ids=tuple(data.get("trusted_authserv_ids", ())))


def fixture_pairs(folders: tuple[Path, ...] = (FIXTURES, HELDOUT, *BLIND)) -> list[tuple[Path, dict]]:
    pairs = []
    for eml in sorted(p for folder in folders for p in folder.glob("*.eml")):
        expected = eml.with_suffix(".json")
        pairs.append((eml, json.loads(expected.read_text(encoding="utf-8")) if expected.exists() else {}))
    return pairs


@pytest.fixture
def settings() -> ReaderSettings:
    return SETTINGS


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the session (the project's own script installs and starts it).
    Outside CI a machine that cannot run it skips the PostgreSQL tier loudly; under CI it fails."""
    from scripts.postgres import PostgresServer, Unavailable, ensure_installed
    from tests.tiers import one_install_at_a_time, unavailable

    try:
        with one_install_at_a_time():
            ensure_installed()
        server = PostgresServer().start()
    except Unavailable as exc:
        unavailable("POSTGRESQL TIER", exc)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each test that takes this runs twice: on SQLite and on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'mailbot.db'}"
    import hashlib

    server = request.getfixturevalue("postgres_server")
    name = "t_" + hashlib.sha1(request.node.nodeid.encode()).hexdigest()[:16]
    return server.create_database(name)
