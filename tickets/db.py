"""Engines and migrations: SQLite (WAL, synchronous=FULL) or PostgreSQL through the same code.

Writes on SQLite start with ``BEGIN IMMEDIATE`` so concurrent writers queue on the database lock
instead of failing halfway; on PostgreSQL row locks and an advisory lock do the same job.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, make_url, text
from sqlalchemy.orm import sessionmaker

#: Alembic's version table for this package (its own name, so other packages may use Alembic too).
VERSION_TABLE = "tickets_alembic_version"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
#: Key of pg_advisory_xact_lock held while migrating, so that processes starting together queue.
_MIGRATION_LOCK_KEY = 0x48515449  # "HQTI"
_SQLITE_BUSY_MS = 30_000


def make_engines(database_url: str) -> tuple[Engine, Engine]:
    """Return ``(engine, write_engine)`` for ``database_url``.

    On SQLite the parent folder is created, every connection gets WAL, ``synchronous=FULL``,
    foreign keys and a busy timeout, and ``write_engine`` begins transactions with
    ``BEGIN IMMEDIATE``. On PostgreSQL both are the same engine.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True)
        return engine, engine
    if url.database and url.database != ":memory:":
        Path(url.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": _SQLITE_BUSY_MS / 1000})
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine, engine.execution_options(sqlite_begin="BEGIN IMMEDIATE")


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy (not the sqlite3 module) emit BEGIN, so that we can choose IMMEDIATE.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_MS}")
    cur.close()


def _sqlite_on_begin(conn: Any) -> None:
    conn.exec_driver_sql(conn.get_execution_options().get("sqlite_begin", "BEGIN"))


def upgrade(write_engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (``alembic upgrade head``), in one transaction."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with write_engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK_KEY})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def analyze(write_engine: Engine) -> None:
    """Refresh the query planner's statistics (SQLite's ``ANALYZE``; PostgreSQL's autovacuum does this
    by itself). Without them SQLite may scan a year of the consultation register through the wrong
    index (bench/office_page.py: 1.9 s instead of well under one)."""
    if write_engine.dialect.name != "sqlite":
        return
    with write_engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")


class SessionStore:
    """A store on the ticket database: read and write sessions (migrated on open) and a clock.

    Args:
        database_url: SQLAlchemy URL (default: ``HUIQI_DATABASE_URL``).
        clock: Returns the current time (tests pass a fixed one).
    """

    def __init__(
        self, database_url: str | None = None, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        if database_url is None:
            from huiqi.settings import get_settings

            database_url = get_settings().database_url
        self._clock = clock or (lambda: datetime.now(UTC))
        self.engine, write_engine = make_engines(database_url)
        upgrade(write_engine)
        self._read = sessionmaker(bind=self.engine, expire_on_commit=False)
        self._write = sessionmaker(bind=write_engine, expire_on_commit=False)

    def dispose(self) -> None:
        """Close the database connections."""
        self.engine.dispose()
