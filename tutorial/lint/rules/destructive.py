"""Renames (break the code that is running) and drops (lose data)."""

from __future__ import annotations

from collections.abc import Iterator

from tutorial.i18n import N_
from tutorial.lint.rules.base import UPGRADE_ONLY, Context, Hit, rule

RENAME_COLUMN_MSG = N_(
    "Renaming {table}.{column} to {new_name} breaks every running copy of the application "
    "that still uses {column}, from the moment the migration commits until the new code is "
    "deployed."
)
RENAME_COLUMN_FIX = N_(
    "Expand/contract: add {new_name}, write to both columns, copy the data, move reads to "
    "{new_name}, then drop {column} in a later migration. If a short outage is acceptable, "
    "deploy the code and the migration together."
)


@rule(
    "rename-column",
    severity="warning",
    lesson="rename-column",
    summary=N_("A column is renamed: code that still uses the old name breaks."),
)
def rename_column(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(UPGRADE_ONLY):
        if op.kind == "alter_column" and op.new_name and not ctx.is_new(op):
            yield ctx.hit(op, RENAME_COLUMN_MSG, RENAME_COLUMN_FIX, new_name=op.new_name)


RENAME_TABLE_MSG = N_(
    "Renaming table {table} to {new_name} breaks every running copy of the application that "
    "still uses {table}."
)
RENAME_TABLE_FIX = N_(
    "Expand/contract: create {new_name} (or rename and leave a view named {table} behind), "
    "move the code over, then drop the old name in a later migration."
)


@rule(
    "rename-table",
    severity="warning",
    lesson="expand-contract",
    summary=N_("A table is renamed: code that still uses the old name breaks."),
)
def rename_table(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(UPGRADE_ONLY):
        if op.kind == "rename_table" and not ctx.is_new(op):
            yield ctx.hit(op, RENAME_TABLE_MSG, RENAME_TABLE_FIX, new_name=op.new_name)


DROP_COLUMN_MSG = N_(
    "Dropping {table}.{column} deletes its data for good: a downgrade can bring the column "
    "back, but not the values. Code still reading {column} breaks."
)
DROP_COLUMN_FIX = N_(
    "First deploy code that no longer uses {column}; copy the data somewhere (a backup or an "
    "archive table) if it may be needed; then drop the column in a later migration."
)


@rule(
    "drop-column",
    severity="warning",
    lesson="drop-column",
    summary=N_("A column is dropped: its data is lost."),
)
def drop_column(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(UPGRADE_ONLY):
        if op.kind == "drop_column" and not ctx.is_new(op) and not ctx.is_dropped(op):
            yield ctx.hit(op, DROP_COLUMN_MSG, DROP_COLUMN_FIX)


DROP_TABLE_MSG = N_(
    "Dropping table {table} deletes all its rows for good: a downgrade can recreate the table, "
    "but not the data."
)
DROP_TABLE_FIX = N_(
    "Make sure no code uses {table} any more, and back it up first (e.g. "
    "CREATE TABLE {table}_archive AS SELECT * FROM {table}) if the data may be needed."
)


@rule(
    "drop-table",
    severity="warning",
    lesson="drop-column",
    summary=N_("A table is dropped: its data is lost."),
)
def drop_table(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(UPGRADE_ONLY):
        tables = [op.table] if op.kind == "drop_table" else []
        tables += [st.table for st in op.statements if st.verb == "drop_table"]
        for table in tables:
            if table and not ctx.is_new(op, table):
                yield ctx.hit(op, DROP_TABLE_MSG, DROP_TABLE_FIX, table=table)
