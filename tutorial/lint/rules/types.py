"""Changing a column's type: rewrites, truncation, casts PostgreSQL will not do by itself."""

from __future__ import annotations

from collections.abc import Iterator

from tutorial.i18n import N_
from tutorial.lint.model import Operation, TypeRef
from tutorial.lint.rules.base import BOTH_PHASES, POSTGRESQL, UPGRADE_ONLY, Context, Hit, rule
from tutorial.lint.rules.facts import is_widening, narrowing, needs_using


def _types(op: Operation) -> tuple[TypeRef | None, TypeRef | None]:
    old, new = op.kw("existing_type"), op.kw("type_")
    return (
        old if isinstance(old, TypeRef) else None,
        new if isinstance(new, TypeRef) else None,
    )


def _type_changes(ctx: Context, phases: tuple[str, ...]) -> Iterator[Operation]:
    """alter_column(type_=...) on an existing table that the dialect runs as a type change
    (on SQLite only inside batch mode: outside it, sqlite-alter-outside-batch applies)."""
    for op in ctx.ops(phases):  # type: ignore[arg-type]
        if op.kind != "alter_column" or "type_" not in op.kwargs or op.kw("type_") is None:
            continue
        if ctx.is_new(op) or (ctx.dialect == "sqlite" and not op.in_batch):
            continue
        yield op


def _cast_target(ctx: Context, op: Operation) -> str | None:
    if ctx.dialect != "postgresql" or "postgresql_using" in op.kwargs:
        return None
    return needs_using(*_types(op))


TYPE_CHANGE_PG_MSG = N_(
    "Changing the type of {table}.{column} to {new_type} rewrites the whole table (and its "
    "indexes) while reads and writes wait."
)
TYPE_CHANGE_SQLITE_MSG = N_(
    "Changing the type of {table}.{column} to {new_type}: batch mode copies the whole table, "
    "converting each value by SQLite's type affinity."
)
TYPE_CHANGE_FIX = N_(
    "On a busy table use expand/contract: add a new column of the new type, fill it, move the "
    "code to it, then drop the old column. Give existing_type= so the change can be checked."
)


@rule(
    "type-change",
    severity="warning",
    lesson="change-type",
    summary=N_("A column's type is changed in a way that rewrites the table."),
)
def type_change(ctx: Context) -> Iterator[Hit]:
    for op in _type_changes(ctx, UPGRADE_ONLY):
        old, new = _types(op)
        if is_widening(old, new) or narrowing(old, new) or _cast_target(ctx, op):
            continue  # free, or reported by type-narrowing / cast-without-using
        message = TYPE_CHANGE_SQLITE_MSG if ctx.dialect == "sqlite" else TYPE_CHANGE_PG_MSG
        yield ctx.hit(op, message, TYPE_CHANGE_FIX, new_type=new or "?")


NARROW_PG_MSG = N_(
    "{table}.{column} narrows from {old_type} to {new_type}: the migration fails if a stored "
    'value does not fit ("value too long", "out of range"), and on databases that truncate, '
    "data is cut."
)
NARROW_SQLITE_MSG = N_(
    "{table}.{column} narrows from {old_type} to {new_type}: SQLite does not enforce lengths, "
    "so values that do not fit stay, and break later on a stricter database."
)
NARROW_FIX = N_(
    "Find the values that do not fit before migrating (e.g. SELECT count(*) FROM {table} WHERE "
    "length({column}) > N), fix or move them, or keep the wider type."
)


@rule(
    "type-narrowing",
    severity="error",
    lesson="change-type",
    summary=N_("A column's type is narrowed (shorter string, smaller number): values may not fit."),
)
def type_narrowing(ctx: Context) -> Iterator[Hit]:
    for op in _type_changes(ctx, BOTH_PHASES):
        old, new = _types(op)
        if narrowing(old, new):
            sqlite = ctx.dialect == "sqlite"
            yield ctx.hit(
                op,
                NARROW_SQLITE_MSG if sqlite else NARROW_PG_MSG,
                NARROW_FIX,
                severity="warning" if sqlite else None,
                old_type=old,
                new_type=new,
            )


CAST_MSG = N_(
    "{table}.{column} changes from {old_type} to {new_type} without postgresql_using=: "
    'PostgreSQL refuses it (column "{column}" cannot be cast automatically to type {pg_type}).'
)
CAST_FIX = N_(
    'Pass postgresql_using="{column}::{pg_type}" (or an expression that converts each value), '
    "and clean the values that do not convert first."
)


@rule(
    "cast-without-using",
    severity="error",
    dialects=POSTGRESQL,
    lesson="change-type",
    summary=N_("A type change PostgreSQL cannot cast automatically, without postgresql_using."),
)
def cast_without_using(ctx: Context) -> Iterator[Hit]:
    for op in _type_changes(ctx, BOTH_PHASES):
        target = _cast_target(ctx, op)
        if target:
            old, new = _types(op)
            yield ctx.hit(op, CAST_MSG, CAST_FIX, old_type=old, new_type=new, pg_type=target)
