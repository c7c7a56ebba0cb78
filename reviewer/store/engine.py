"""Engines and migrations: SQLite (WAL, foreign keys, busy timeout, BEGIN IMMEDIATE writes) or PostgreSQL."""

from __future__ import annotations

import contextvars
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 60_000

# Set while a write transaction begins: SQLite then takes the write lock up front (BEGIN IMMEDIATE), so two
# writers queue on the busy timeout instead of one failing when it upgrades a read lock.
_immediate: contextvars.ContextVar[bool] = contextvars.ContextVar("reviewer_sqlite_immediate", default=False)


def immediate_transactions() -> contextvars.ContextVar[bool]:
    return _immediate


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, future=True)
    database = parsed.database
    in_memory = not database or database == ":memory:"
    if not in_memory:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    options: dict = {"connect_args": {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    if in_memory:
        options["poolclass"] = StaticPool
    engine = create_engine(url, **options)
    _configure_sqlite(engine, wal=not in_memory)
    return engine


def _configure_sqlite(engine: Engine, wal: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # pysqlite's own transaction handling is off; the "begin" hook below emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if wal:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _immediate.get() else "BEGIN")


def alembic_config(connection) -> Config:
    """An Alembic config that runs reviewer's migrations on ``connection`` (inside the caller's transaction)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to the newest migration; safe when several processes open one database at once."""
    token = _immediate.set(True)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Serialises concurrent first opens; released at commit.
                connection.execute(text("SELECT pg_advisory_xact_lock(620220106)"))
            command.upgrade(alembic_config(connection), "head")
    finally:
        _immediate.reset(token)
