"""Indexes and constraints on tables that already hold data (PostgreSQL locking)."""

from __future__ import annotations

from collections.abc import Iterator

from tutorial.i18n import N_
from tutorial.lint.model import Operation
from tutorial.lint.rules.base import BOTH_PHASES, POSTGRESQL, UPGRADE_ONLY, Context, Hit, rule


def _index_ops(
    ctx: Context, kind: str, phases: tuple[str, ...]
) -> Iterator[tuple[Operation, str | None, str | None, bool]]:
    """(operation, table, index name, concurrently) for op.create_index/drop_index and for
    CREATE/DROP INDEX in raw SQL."""
    for op in ctx.ops(phases):  # type: ignore[arg-type]
        if op.kind == kind:
            yield op, op.table, op.name, op.flag("postgresql_concurrently")
        for st in op.statements:
            if st.verb == kind:
                yield op, st.table, st.name, st.concurrently


CREATE_INDEX_MSG = N_(
    "CREATE INDEX {name} on {table} without CONCURRENTLY blocks all writes to {table} while "
    "the index is built."
)
CREATE_INDEX_FIX = N_(
    "Build it with postgresql_concurrently=True inside "
    "with op.get_context().autocommit_block(): (CONCURRENTLY cannot run in a transaction)."
)


@rule(
    "index-not-concurrent",
    severity="warning",
    dialects=POSTGRESQL,
    lesson="indexes-and-foreign-keys",
    summary=N_("An index is created on an existing table without CONCURRENTLY."),
)
def index_not_concurrent(ctx: Context) -> Iterator[Hit]:
    for op, table, name, concurrently in _index_ops(ctx, "create_index", UPGRADE_ONLY):
        if not concurrently and not ctx.is_new(op, table or ""):
            yield ctx.hit(op, CREATE_INDEX_MSG, CREATE_INDEX_FIX, table=table, name=name)


DROP_INDEX_MSG = N_(
    "DROP INDEX {name} without CONCURRENTLY waits for an ACCESS EXCLUSIVE lock on the table: "
    "reads and writes queue behind it."
)
DROP_INDEX_FIX = N_(
    "Drop it with postgresql_concurrently=True inside with op.get_context().autocommit_block():."
)


@rule(
    "drop-index-not-concurrent",
    severity="warning",
    dialects=POSTGRESQL,
    lesson="indexes-and-foreign-keys",
    summary=N_("An index is dropped without CONCURRENTLY."),
)
def drop_index_not_concurrent(ctx: Context) -> Iterator[Hit]:
    for op, table, name, concurrently in _index_ops(ctx, "drop_index", UPGRADE_ONLY):
        if (
            not concurrently
            and not ctx.is_dropped(op, table or "")
            and not ctx.is_new(op, table or "")
        ):
            yield ctx.hit(op, DROP_INDEX_MSG, DROP_INDEX_FIX, table=table, name=name)


CONCURRENTLY_MSG = N_(
    "{statement} CONCURRENTLY runs inside the migration's transaction, where PostgreSQL refuses "
    'it: "{statement} CONCURRENTLY cannot run inside a transaction block".'
)
CONCURRENTLY_FIX = N_(
    "Put it inside with op.get_context().autocommit_block(): (best in a migration of its own, "
    "since everything before it is committed at that point)."
)


@rule(
    "concurrently-in-transaction",
    severity="error",
    dialects=POSTGRESQL,
    lesson="indexes-and-foreign-keys",
    summary=N_("CREATE/DROP INDEX CONCURRENTLY outside an autocommit_block()."),
)
def concurrently_in_transaction(ctx: Context) -> Iterator[Hit]:
    for kind, statement in (("create_index", "CREATE INDEX"), ("drop_index", "DROP INDEX")):
        for op, table, name, concurrently in _index_ops(ctx, kind, BOTH_PHASES):
            if concurrently and not op.in_autocommit:
                yield ctx.hit(
                    op,
                    CONCURRENTLY_MSG,
                    CONCURRENTLY_FIX,
                    table=table,
                    name=name,
                    statement=statement,
                )


NOT_VALID_MSG = N_(
    "Adding the {kind} constraint {name} on {table} checks every existing row while writes to "
    "{tables} are blocked."
)
NOT_VALID_FIX = N_(
    "Add it with postgresql_not_valid=True (instant; new rows are checked), then validate it in "
    'a later migration: op.execute("ALTER TABLE {table} VALIDATE CONSTRAINT {name}"), which '
    "does not block writes."
)


@rule(
    "constraint-without-not-valid",
    severity="warning",
    dialects=POSTGRESQL,
    lesson="indexes-and-foreign-keys",
    summary=N_(
        "A foreign key or check constraint is added to an existing table without NOT VALID."
    ),
)
def constraint_without_not_valid(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(UPGRADE_ONLY):
        if op.kind not in ("create_foreign_key", "create_check_constraint") or ctx.is_new(op):
            continue
        if op.flag("postgresql_not_valid"):
            continue
        if op.kind == "create_foreign_key":
            tables = ", ".join(t for t in (op.table, op.referent_table) if t) or "?"
            yield ctx.hit(op, NOT_VALID_MSG, NOT_VALID_FIX, kind="FOREIGN KEY", tables=tables)
        else:
            yield ctx.hit(op, NOT_VALID_MSG, NOT_VALID_FIX, kind="CHECK", tables=op.table)


UNIQUE_PG_MSG = N_(
    "Adding the unique constraint {name} on {table} builds its index while writes to {table} "
    "are blocked, and fails if duplicate values exist."
)
UNIQUE_PG_FIX = N_(
    "Build the index first with op.create_index(..., unique=True, postgresql_concurrently=True) "
    'inside an autocommit_block(), then op.execute("ALTER TABLE {table} ADD CONSTRAINT {name} '
    'UNIQUE USING INDEX <index name>").'
)
UNIQUE_SQLITE_MSG = N_(
    "Adding the unique constraint {name} on {table}: batch mode copies the table, and the copy "
    "fails if duplicate values exist."
)
UNIQUE_SQLITE_FIX = N_(
    "Find and fix duplicates first: SELECT ..., count(*) FROM {table} GROUP BY ... "
    "HAVING count(*) > 1."
)


@rule(
    "add-unique-constraint",
    severity="warning",
    lesson="indexes-and-foreign-keys",
    summary=N_("A unique constraint is added to an existing table."),
)
def add_unique_constraint(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(UPGRADE_ONLY):
        if op.kind != "create_unique_constraint" or ctx.is_new(op):
            continue
        if ctx.dialect == "postgresql":
            yield ctx.hit(op, UNIQUE_PG_MSG, UNIQUE_PG_FIX)
        elif op.in_batch:  # outside batch mode: sqlite-alter-outside-batch
            yield ctx.hit(op, UNIQUE_SQLITE_MSG, UNIQUE_SQLITE_FIX)
