"""Alembic's environment for this sandbox: how migrations connect and what they compare to."""

from logging.config import fileConfig

import models
from alembic import context
from sqlalchemy import engine_from_config, event, pool

config = context.config

# alembic-tutorial captures the log itself; the plain `alembic` command logs as usual.
if config.config_file_name is not None and not config.attributes.get("capture_output"):
    fileConfig(config.config_file_name)

# `alembic revision --autogenerate` compares the database with these models.
target_metadata = models.Base.metadata


def _sqlite_no_implicit_transactions(dbapi_connection, connection_record):
    # Python's sqlite3 driver commits before every DDL statement, so a migration that fails
    # halfway would leave its first tables behind. Turn that off ...
    dbapi_connection.isolation_level = None


def _sqlite_emit_begin(connection):
    # ... and open the transaction ourselves (SQLAlchemy's documented recipe), so DDL is
    # rolled back with everything else when a migration fails.
    connection.exec_driver_sql("BEGIN")


def make_sqlite_ddl_transactional(engine):
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_no_implicit_transactions)
        event.listen(engine, "begin", _sqlite_emit_begin)


def run_migrations_offline() -> None:
    """`--sql` mode: write the SQL out instead of running it."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        render_as_batch=config.get_main_option("sqlalchemy.url", "").startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Connect to the database and run the migrations in one transaction."""
    # alembic-tutorial hands over an engine it has already set up the same way.
    engine = config.attributes.get("engine")
    if engine is None:
        engine = engine_from_config(
            config.get_section(config.config_ini_section, {}),
            prefix="sqlalchemy.",
            poolclass=pool.NullPool,
        )
        make_sqlite_ddl_transactional(engine)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            transactional_ddl=True,
            # SQLite cannot ALTER most things: autogenerate writes batch_alter_table blocks.
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
