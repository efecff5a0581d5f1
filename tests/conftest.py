"""Shared test helpers: the fixture corpus and the settings the fixtures were written for."""

from __future__ import annotations

import json
import os
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


# The whole suite, or a folder of it, runs on pytest-xdist workers: its server tiers spend most
# of their time waiting on real clocks (a one-minute SLA, a 30 s lease, daemons killed and
# restarted) while the unit tests are CPU-bound, so two processes finish in about half the time.
# --dist worksteal: the tiers come first in the collection and take longer than the unit tests;
# a worker that runs out takes half of the other's queue, so neither is left with a long tail.
# One file or one test runs in this process as before (no workers to start) unless -n is given;
# "-n 0" (or -p no:xdist) keeps any run in this process.
MAX_WORKERS = 4


def _workers_to_start(config: pytest.Config) -> int:
    option = config.option
    if (not config.pluginmanager.hasplugin("xdist") or hasattr(config, "workerinput")
            or option.numprocesses is not None or option.dist != "no" or option.tx
            or option.usepdb or option.collectonly or os.environ.get("MAILBOT_SCREENSHOTS")):
        # xdist not installed or switched off, a worker itself, the user chose, a debugger, only
        # listing tests, or refreshing docs/console/ (each picture as the serial order leaves it)
        return 0
    paths = [Path(arg.split("::")[0]) for arg in config.args]
    if not paths or not all(path.is_dir() for path in paths):
        return 0
    return min(len(os.sched_getaffinity(0)), MAX_WORKERS)


@pytest.hookimpl(wrapper=True)
def pytest_cmdline_main(config: pytest.Config):
    # A wrapper runs before every plugin's implementation, xdist's too, which turns these options
    # into worker processes.
    workers = _workers_to_start(config)
    if workers > 1:
        config.option.numprocesses = workers
        config.option.dist = "worksteal"
    return (yield)


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
