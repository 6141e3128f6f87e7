"""SQLite's ALTER TABLE: what works natively and what needs batch mode.

Natively (``ALTER TABLE``): ADD COLUMN (not UNIQUE/PRIMARY KEY, not with a foreign key through
Alembic, not NOT NULL without a default or with a non-constant default on a table with rows),
RENAME COLUMN (SQLite 3.25+), DROP COLUMN (3.35+, and only for a column that is not indexed,
UNIQUE, a PRIMARY KEY, in a foreign key, or used by a CHECK, view or trigger), RENAME TABLE,
CREATE/DROP INDEX. Anything else - ALTER COLUMN, adding or dropping a constraint - fails
outside ``op.batch_alter_table()``, which recreates the table and copies the rows.
"""

from __future__ import annotations

from collections.abc import Iterator

from tutorial.i18n import N_
from tutorial.lint.model import Operation
from tutorial.lint.rules.base import BOTH_PHASES, SQLITE, Context, Hit, rule

_CONSTRAINT_OPS = frozenset(
    {
        "create_foreign_key",
        "create_check_constraint",
        "create_unique_constraint",
        "create_primary_key",
        "create_exclude_constraint",
        "drop_constraint",
    }
)
_ALTER_CHANGES = ("nullable", "type_", "server_default", "comment")

ALTER_COLUMN_MSG = N_(
    "SQLite has no ALTER COLUMN: op.alter_column on {table}.{column} outside batch mode fails "
    '(near "ALTER": syntax error).'
)
CONSTRAINT_MSG = N_(
    "SQLite cannot add or drop a constraint with ALTER TABLE: op.{method} on {table} outside "
    'batch mode fails ("No support for ALTER of constraints in SQLite dialect").'
)
ADD_CONSTRAINED_COLUMN_MSG = N_(
    "SQLite cannot ADD COLUMN {table}.{column} with a UNIQUE, PRIMARY KEY or foreign key "
    "constraint outside batch mode: Alembic has to ALTER the constraint in, which SQLite "
    'refuses ("No support for ALTER of constraints in SQLite dialect").'
)
BATCH_FIX = N_(
    'Move it into batch mode: with op.batch_alter_table("{table}") as batch_op: '
    "batch_op.{method}(...). Alembic recreates the table and copies the rows. (ADD COLUMN, "
    "RENAME COLUMN, DROP COLUMN, CREATE/DROP INDEX and RENAME TABLE work without it.)"
)


def _is_pure_rename(op: Operation) -> bool:
    """alter_column(new_column_name=...) only: SQLite 3.25+ renames natively."""
    changes = [k for k in _ALTER_CHANGES if k in op.kwargs]
    if "comment" in changes and op.kw("comment") is False:
        changes.remove("comment")
    return bool(op.new_name) and not changes


@rule(
    "sqlite-alter-outside-batch",
    severity="error",
    dialects=SQLITE,
    lesson="sqlite-batch",
    summary=N_("SQLite: an ALTER that SQLite cannot do, outside batch mode."),
)
def sqlite_alter_outside_batch(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(BOTH_PHASES):
        if op.in_batch:
            continue
        if op.kind == "alter_column" and not _is_pure_rename(op):
            yield ctx.hit(op, ALTER_COLUMN_MSG, BATCH_FIX, method=op.kind)
        elif op.kind in _CONSTRAINT_OPS:
            yield ctx.hit(op, CONSTRAINT_MSG, BATCH_FIX, method=op.kind)
        elif op.kind == "add_column" and op.column_def is not None:
            col = op.column_def
            if col.unique or col.primary_key or col.references:
                yield ctx.hit(op, ADD_CONSTRAINED_COLUMN_MSG, BATCH_FIX, method=op.kind)


DROP_COLUMN_MSG = N_(
    "op.drop_column on {table}.{column} outside batch mode uses SQLite's own DROP COLUMN: it "
    "needs SQLite 3.35 or later and fails if the column is indexed, UNIQUE, a PRIMARY KEY, part "
    "of a foreign key, or used in a CHECK, a view or a trigger."
)
DROP_COLUMN_FIX = N_(
    "Use batch mode, which works on any SQLite and with any constraint: "
    'with op.batch_alter_table("{table}") as batch_op: batch_op.drop_column("{column}").'
)


def _plainly_added_by_upgrade(ctx: Context, op: Operation) -> bool:
    """A downgrade dropping a column its upgrade added without constraints, after dropping
    any index the upgrade put on it: native DROP COLUMN works, and saying otherwise on every
    reversible add_column would be noise."""
    if op.phase != "downgrade":
        return False
    dropped_before: set[str] = set()
    for earlier in ctx.ops(("downgrade",)):
        if earlier is op:
            break
        if earlier.kind in ("drop_index", "drop_constraint") and earlier.name:
            dropped_before.add(earlier.name)
    added = False
    for up in ctx.ops(("upgrade",)):
        if up.table != op.table:
            continue
        if up.kind == "add_column" and up.column == op.column and up.column_def is not None:
            col = up.column_def
            added = not (col.unique or col.primary_key or col.references or col.index)
        elif op.column in up.columns and up.name not in dropped_before:
            return False  # indexed or constrained by this very migration, and still so
    return added


@rule(
    "sqlite-drop-column",
    severity="warning",
    dialects=SQLITE,
    lesson="sqlite-batch",
    summary=N_("SQLite: a column is dropped outside batch mode (native DROP COLUMN, 3.35+)."),
)
def sqlite_drop_column(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(BOTH_PHASES):
        if op.kind != "drop_column" or op.in_batch or ctx.is_dropped(op):
            continue
        if not _plainly_added_by_upgrade(ctx, op):
            yield ctx.hit(op, DROP_COLUMN_MSG, DROP_COLUMN_FIX)
