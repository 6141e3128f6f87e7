"""Alembic environment of the progress database.

It never opens a database itself: ``tutorial.progress.database.migrate`` opens the connection,
starts the transaction (``BEGIN IMMEDIATE``, so two processes opening a fresh file migrate one
after the other) and hands the connection over in ``config.attributes["connection"]``. Alembic
sees a transaction already open and runs every revision inside it, so an upgrade is all or
nothing.

To write a new revision (then update ``schema.py`` and ``HEAD_REVISION``)::

    from alembic import command
    from tutorial.progress.database import alembic_config
    command.revision(alembic_config(), message="what changes", rev_id="0003_what_changes")
"""

from __future__ import annotations

from alembic import context

from tutorial.progress.schema import metadata

config = context.config
connection = config.attributes.get("connection")

if context.is_offline_mode() or connection is None:
    raise RuntimeError(
        "The progress migrations run only through tutorial.progress "
        "(a connection in config.attributes['connection'])."
    )

context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite cannot ALTER most things; batch mode copies the table instead.
    render_as_batch=True,
    transactional_ddl=True,
)

with context.begin_transaction():
    context.run_migrations()
