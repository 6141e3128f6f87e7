"""Alembic's environment for this project: how migrations connect and what they compare to.

This is the env.py that `alembic init` writes, as most projects keep it. Other lessons of
alembic-tutorial add SQLAlchemy's recipe for SQLite (below, not switched on here).
"""

from logging.config import fileConfig

import models
from alembic import context
from sqlalchemy import create_engine, event, pool

config = context.config

# alembic-tutorial captures the log itself; the plain `alembic` command logs as usual.
if config.config_file_name is not None and not config.attributes.get("capture_output"):
    fileConfig(config.config_file_name)

# `alembic revision --autogenerate` compares the database with these models.
target_metadata = models.Base.metadata


def make_sqlite_ddl_transactional(engine):
    """SQLAlchemy's recipe for SQLite. Python's sqlite3 driver starts a transaction only
    before INSERT, UPDATE and DELETE, so CREATE TABLE and ALTER TABLE are committed the moment
    they run. Turn the driver's own handling off and send BEGIN ourselves: then DDL is rolled
    back with everything else when a migration fails."""

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection, connection_record):
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _emit_begin(connection):
        connection.exec_driver_sql("BEGIN")


def run_migrations_offline() -> None:
    """`--sql` mode: write the SQL out instead of running it."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Connect to the database and run the migrations."""
    # alembic-tutorial names the database to use (the sandbox's, or a scratch copy when it
    # checks your goal); the plain `alembic` command uses sqlalchemy.url from alembic.ini.
    given = config.attributes.get("engine")
    url = given.url if given is not None else config.get_main_option("sqlalchemy.url")
    engine = create_engine(url, poolclass=pool.NullPool)
    # make_sqlite_ddl_transactional(engine)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
