"""Adding columns and making them NOT NULL."""

from __future__ import annotations

from collections.abc import Iterator

from tutorial.i18n import N_
from tutorial.lint.model import Operation
from tutorial.lint.rules.base import (
    BOTH_PHASES,
    POSTGRESQL,
    SQLITE,
    UPGRADE_ONLY,
    Context,
    Hit,
    rule,
)
from tutorial.lint.rules.facts import default_kind

_PG_NOT_NULL_ERROR = 'column "{column}" of relation "{table}" contains null values'
_SQLITE_NOT_NULL_ERROR = "Cannot add a NOT NULL column with default value NULL"

NOT_NULL_MSG = N_(
    "NOT NULL column {table}.{column} is added without a server default: on a table that "
    "already has rows the ALTER fails ({error})."
)
NOT_NULL_PY_DEFAULT_MSG = N_(
    "NOT NULL column {table}.{column} has default= but no server_default: default= is filled "
    "in by SQLAlchemy when it inserts, the database never sees it, so on a table that already "
    "has rows the ALTER fails ({error})."
)
NOT_NULL_FIX = N_(
    'Add the column with nullable=True, fill it (op.execute("UPDATE {table} SET {column} = ... '
    'WHERE {column} IS NULL")), then op.alter_column("{table}", "{column}", nullable=False); '
    "or give it a constant server_default=."
)


def _added_columns(ctx: Context, phases: tuple[str, ...]) -> Iterator[Operation]:
    for op in ctx.ops(phases):  # type: ignore[arg-type]
        if op.kind == "add_column" and op.column_def is not None and not ctx.is_new(op):
            yield op


@rule(
    "not-null-without-default",
    severity="error",
    lesson="not-null-backfill",
    summary=N_("A NOT NULL column is added without a server default."),
)
def not_null_without_default(ctx: Context) -> Iterator[Hit]:
    error = _SQLITE_NOT_NULL_ERROR if ctx.dialect == "sqlite" else _PG_NOT_NULL_ERROR
    for op in _added_columns(ctx, BOTH_PHASES):
        col = op.column_def
        assert col is not None
        if col.nullable is False and col.server_default is None and not col.generated:
            message = NOT_NULL_PY_DEFAULT_MSG if col.python_default else NOT_NULL_MSG
            yield ctx.hit(
                op,
                message,
                NOT_NULL_FIX,
                error=error.format(table=op.table or "?", column=op.column or "?"),
            )


VOLATILE_MSG = N_(
    "Column {table}.{column} is added with the volatile default {default}: PostgreSQL "
    "rewrites the whole table to compute it for every row, and blocks reads and writes "
    "while it does."
)
VOLATILE_FIX = N_(
    "Add the column without a default, then set the default for new rows with "
    'op.alter_column("{table}", "{column}", server_default=...), and fill the existing '
    "rows in batches in a separate migration."
)


@rule(
    "volatile-default",
    severity="warning",
    dialects=POSTGRESQL,
    lesson="add-column",
    summary=N_("A column is added with a volatile default such as random() or gen_random_uuid()."),
)
def volatile_default(ctx: Context) -> Iterator[Hit]:
    for op in _added_columns(ctx, UPGRADE_ONLY):
        assert op.column_def is not None
        if default_kind(op.column_def.server_default) == "volatile":
            yield ctx.hit(op, VOLATILE_MSG, VOLATILE_FIX, default=op.column_def.server_default)


NOW_DEFAULT_MSG = N_(
    "Column {table}.{column} is added with the default {default}: every existing row gets the "
    "time of the migration, not a real value. (On PostgreSQL 11+ this is not a table rewrite: "
    "now() is evaluated once.)"
)
NOW_DEFAULT_FIX = N_(
    "If old rows need real values, fill them from other data in a data migration, or add the "
    "column nullable and set the default only for new rows."
)


@rule(
    "default-now-existing-rows",
    severity="info",
    lesson="add-column",
    summary=N_("A column with a now()-like default is added to an existing table."),
)
def default_now_existing_rows(ctx: Context) -> Iterator[Hit]:
    for op in _added_columns(ctx, UPGRADE_ONLY):
        assert op.column_def is not None
        if ctx.dialect == "sqlite" and not op.in_batch:
            continue  # outside batch mode SQLite refuses it: sqlite-non-constant-default
        if default_kind(op.column_def.server_default) == "time":
            yield ctx.hit(
                op, NOW_DEFAULT_MSG, NOW_DEFAULT_FIX, default=op.column_def.server_default
            )


SQLITE_DEFAULT_MSG = N_(
    "SQLite cannot ADD COLUMN {table}.{column} with the non-constant default {default} to a "
    'table that has rows ("Cannot add a column with non-constant default").'
)
SQLITE_DEFAULT_FIX = N_(
    'Add it in batch mode: with op.batch_alter_table("{table}") as batch_op: '
    "batch_op.add_column(...). Alembic then recreates the table and copies the rows. "
    "Or use a constant default."
)


@rule(
    "sqlite-non-constant-default",
    severity="error",
    dialects=SQLITE,
    lesson="sqlite-batch",
    summary=N_("SQLite: ADD COLUMN with an expression default outside batch mode."),
)
def sqlite_non_constant_default(ctx: Context) -> Iterator[Hit]:
    for op in _added_columns(ctx, BOTH_PHASES):
        assert op.column_def is not None
        if op.in_batch:
            continue
        if default_kind(op.column_def.server_default) in ("time", "volatile", "expression"):
            yield ctx.hit(
                op, SQLITE_DEFAULT_MSG, SQLITE_DEFAULT_FIX, default=op.column_def.server_default
            )


SET_NOT_NULL_PG_MSG = N_(
    "SET NOT NULL on {table}.{column} scans the whole table while reads and writes wait "
    "(ACCESS EXCLUSIVE lock), and fails if any row is NULL."
)
SET_NOT_NULL_PG_FIX = N_(
    "Fill the NULL rows first. On a big table (PostgreSQL 12+): add a CHECK ({column} IS NOT "
    "NULL) with postgresql_not_valid=True, VALIDATE CONSTRAINT it in a later migration, then "
    "SET NOT NULL (no scan needed) and drop the check."
)
SET_NOT_NULL_SQLITE_MSG = N_(
    "Making {table}.{column} NOT NULL: batch mode copies the whole table, and the copy fails "
    "if any row is NULL."
)
SET_NOT_NULL_SQLITE_FIX = N_(
    'Fill the NULL rows before the batch block: op.execute("UPDATE {table} SET {column} = ... '
    'WHERE {column} IS NULL").'
)


def _backfilled_before(ctx: Context, op: Operation) -> bool:
    for other in ctx.ops((op.phase,)):
        if other is op:
            break
        if any(st.verb == "update" and st.table == op.table for st in other.statements):
            return True
    return False


@rule(
    "set-not-null",
    severity="warning",
    lesson="not-null-backfill",
    summary=N_("An existing column is made NOT NULL."),
)
def set_not_null(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(UPGRADE_ONLY):
        if op.kind != "alter_column" or op.kw("nullable") is not False or ctx.is_new(op):
            continue
        if ctx.dialect == "postgresql":
            yield ctx.hit(op, SET_NOT_NULL_PG_MSG, SET_NOT_NULL_PG_FIX)
        elif op.in_batch and not _backfilled_before(ctx, op):
            # Outside batch mode SQLite refuses it at once: sqlite-alter-outside-batch.
            yield ctx.hit(op, SET_NOT_NULL_SQLITE_MSG, SET_NOT_NULL_SQLITE_FIX)
