"""Alembic environment. ``Store`` runs migrations programmatically and passes its open connection in
``config.attributes["connection"]``; the ``alembic`` command line is not needed."""

from __future__ import annotations

from alembic import context

from reviewer.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("reviewer migrations run through reviewer.store.Store, which passes a connection")
    # render_as_batch lets ALTER TABLE work on SQLite in later migrations.
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
