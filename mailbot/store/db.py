"""Opening the database: the engine, SQLite's settings, and migrations with Alembic.

The embedded SQLite default migrates itself on first use, so ``make demo`` and a first
``mailbot ingest`` need no setup. PostgreSQL is migrated explicitly with ``mailbot db upgrade``
(several instances must not race to alter one schema); an out-of-date schema is refused with
a message that says so.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).parent / "migrations"


class DatabaseError(Exception):
    """The database cannot be used; worded for the operator."""


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and for an in-memory one)."""
    if not url.startswith("sqlite"):
        return None
    path = make_url(url).database or ""
    return Path(path) if path and path != ":memory:" else None


def make_engine(url: str, create: bool = True) -> Engine:
    """``create``: a SQLite file's folder is made when missing (only commands that write
    create a database; reading one that does not exist is an error, not a new empty file)."""
    if url.startswith("sqlite"):
        # "?timeout=SECONDS" on the URL: how long to wait for another writer's lock (30 s).
        parsed = make_url(url)
        timeout = float(parsed.query.get("timeout", 30))
        path = sqlite_file(url)
        if path is not None and create:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed.difference_update_query(["timeout"]), connect_args={"timeout": timeout})
        event.listen(engine, "connect", lambda conn, record: _sqlite_settings(conn, timeout))
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_settings(dbapi_connection, timeout: float) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (mailbot cases) work while the daemon writes; NORMAL is durable in WAL
    # mode except for the last transactions on power loss, which IMAP redelivers.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    cursor.close()


def alembic_config(engine: Engine) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> str:
    """Apply every migration; returns the schema revision now in place."""
    command.upgrade(alembic_config(engine), "head")
    return current_revision(engine) or "empty"


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision(engine: Engine) -> str:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def open_database(url: str, create: bool = True) -> sessionmaker[Session]:
    """An engine ready for use: SQLite is migrated on the spot, others must be current.
    Without ``create``, a SQLite file that does not exist is refused (nothing is made)."""
    path = sqlite_file(url)
    if not create and path is not None and not path.is_file():
        raise DatabaseError(f"no database at {path}: check [database] url (the daemon, 'mailbot ingest' "
                            "and 'mailbot db upgrade' create it; this command only reads one)")
    engine = make_engine(url, create)
    try:
        if engine.dialect.name == "sqlite":
            upgrade(engine)
        elif current_revision(engine) != head_revision(engine):
            raise DatabaseError(f"the database schema at {engine.url.render_as_string(hide_password=True)} "
                                "is not up to date: run 'mailbot db upgrade'")
    except OperationalError as exc:
        raise DatabaseError(f"cannot open the database {engine.url.render_as_string(hide_password=True)}: "
                            f"{exc.orig}") from None
    # No autoflush: every query would flush first (several times per mail). The few places
    # that must see their own pending rows flush explicitly.
    return sessionmaker(engine, expire_on_commit=False, autoflush=False)
