"""downgrade(): present, not empty, and undoing what upgrade() does."""

from __future__ import annotations

from collections.abc import Iterator

from tutorial.i18n import N_
from tutorial.lint.model import Operation
from tutorial.lint.rules.base import Context, Hit, rule

NO_DOWNGRADE_MSG = N_(
    "This migration has no downgrade(): alembic downgrade cannot step back over it."
)
EMPTY_DOWNGRADE_MSG = N_(
    "downgrade() is empty: alembic downgrade reports success and changes nothing, and "
    "afterwards the database no longer matches the scripts."
)
DOWNGRADE_FIX = N_(
    "Undo each upgrade operation, in reverse order (drop what was added, add back what was "
    "dropped), then test upgrade, downgrade, upgrade. If it truly cannot be undone, say so: "
    'raise NotImplementedError("irreversible: ...").'
)


@rule(
    "downgrade-missing",
    severity="warning",
    lesson="downgrade-roundtrip",
    summary=N_("downgrade() is missing, empty or only pass."),
)
def downgrade_missing(ctx: Context) -> Iterator[Hit]:
    up, down = ctx.script.upgrade, ctx.script.downgrade
    if up is None or up.state != "ops":
        return  # not a migration, or an empty one such as a merge revision
    if down is None:
        yield Hit(line=up.line, message=NO_DOWNGRADE_MSG, fix=DOWNGRADE_FIX)
    elif down.state == "empty":
        yield Hit(line=down.line, message=EMPTY_DOWNGRADE_MSG, fix=DOWNGRADE_FIX)


INCOMPLETE_FIX = N_(
    "Add the reverse operation to downgrade() (in reverse order of upgrade()), and test the "
    "round trip: upgrade, downgrade, upgrade."
)
_MESSAGES: dict[str, str] = {
    "add_column": N_("upgrade() adds column {table}.{column} but downgrade() does not drop it."),
    "create_table": N_("upgrade() creates table {table} but downgrade() does not drop it."),
    "create_index": N_("upgrade() creates index {name} but downgrade() does not drop it."),
    "create_constraint": N_(
        "upgrade() creates constraint {name} on {table} but downgrade() does not drop it."
    ),
    "rename_column": N_(
        "upgrade() renames {table}.{column} to {new_name} but downgrade() does not rename it back."
    ),
    "alter_column": N_("upgrade() alters {table}.{column} but downgrade() does not alter it back."),
    "rename_table": N_(
        "upgrade() renames table {table} to {new_name} but downgrade() does not rename it back."
    ),
    "drop_column": N_(
        "upgrade() drops column {table}.{column} but downgrade() does not add it back."
    ),
    "drop_table": N_("upgrade() drops table {table} but downgrade() does not create it again."),
    "drop_index": N_("upgrade() drops index {name} but downgrade() does not create it again."),
    "drop_constraint": N_(
        "upgrade() drops constraint {name} but downgrade() does not create it again."
    ),
}
_CREATE_CONSTRAINT = frozenset(
    {
        "create_foreign_key",
        "create_check_constraint",
        "create_unique_constraint",
        "create_primary_key",
        "create_exclude_constraint",
    }
)


class _Downgrade:
    def __init__(self, ops: list[Operation]) -> None:
        self.ops = ops
        self.raw = " ".join(st.text.lower() for op in ops for st in op.statements)
        # SQL the linter cannot read (a variable, an expression): it might undo anything.
        self.opaque = any(
            op.kind == "execute"
            and (not op.statements or any(not st.text for st in op.statements))
            and not any(st.table for st in op.statements)
            for op in ops
        )

    def has(self, kind: str, **match: object) -> bool:
        return any(
            op.kind == kind and all(getattr(op, k) == v for k, v in match.items())
            for op in self.ops
        )

    def mentions(self, word: str | None) -> bool:
        return bool(word) and f"{word}".lower() in self.raw

    def drops_table(self, table: str | None) -> bool:
        return self.has("drop_table", table=table) or any(
            st.verb == "drop_table" and st.table == table for op in self.ops for st in op.statements
        )


def _message_key(up: Operation, down: _Downgrade) -> str | None:
    """The message for an upgrade operation that ``down`` does not undo, or None."""
    kind, table = up.kind, up.table
    if kind == "add_column":
        undone = down.drops_table(table) or down.has("drop_column", table=table, column=up.column)
        return None if undone or down.mentions(up.column) else kind
    if kind == "create_table":
        return None if down.drops_table(table) else kind
    if kind == "create_index":
        if up.name is None or down.drops_table(table) or down.has("drop_index", name=up.name):
            return None
        return None if down.mentions(up.name) else kind
    if kind in _CREATE_CONSTRAINT:
        if up.name is None or down.drops_table(table) or down.has("drop_constraint", name=up.name):
            return None
        return None if down.mentions(up.name) else "create_constraint"
    if kind == "alter_column" and up.new_name:
        back = down.has("alter_column", table=table, column=up.new_name, new_name=up.column)
        return None if back or down.mentions(up.new_name) else "rename_column"
    if kind == "alter_column":
        back = down.has("alter_column", table=table, column=up.column) or down.has(
            "drop_column", table=table, column=up.column
        )
        return None if back or down.drops_table(table) or down.mentions(up.column) else kind
    if kind == "rename_table":
        back = down.has("rename_table", table=up.new_name, new_name=table)
        return None if back or down.mentions(up.new_name) else kind
    if kind == "drop_column":
        return None if down.has("add_column", table=table, column=up.column) else kind
    if kind == "drop_table":
        return None if down.has("create_table", table=table) or down.mentions(table) else kind
    if kind == "drop_index":
        return None if up.name is None or down.has("create_index", name=up.name) else kind
    if kind == "drop_constraint":
        if up.name is None or any(
            op.kind in _CREATE_CONSTRAINT and op.name == up.name for op in down.ops
        ):
            return None
        return None if down.mentions(up.name) else kind
    return None


@rule(
    "downgrade-incomplete",
    severity="warning",
    lesson="downgrade-roundtrip",
    summary=N_("downgrade() does not undo an operation of upgrade()."),
)
def downgrade_incomplete(ctx: Context) -> Iterator[Hit]:
    up, down_body = ctx.script.upgrade, ctx.script.downgrade
    if up is None or down_body is None or down_body.state != "ops":
        return
    if not down_body.operations:
        return  # the downgrade does something the linter cannot see (a helper module...)
    down = _Downgrade(down_body.operations)
    if down.opaque:
        return
    for op in up.operations:
        key = _message_key(op, down)
        if key is not None:
            yield ctx.hit(op, _MESSAGES[key], INCOMPLETE_FIX, new_name=op.new_name)
