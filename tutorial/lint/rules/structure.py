"""The shape of a migration: what belongs together, raw SQL, data changes next to DDL."""

from __future__ import annotations

from collections.abc import Iterator

from tutorial.i18n import N_
from tutorial.lint.model import Operation
from tutorial.lint.rules.base import BOTH_PHASES, POSTGRESQL, UPGRADE_ONLY, Context, Hit, rule

_DML = frozenset({"update", "delete", "insert"})


def _tables(op: Operation) -> set[str]:
    out = {op.table} if op.table else set()
    out.update(st.table for st in op.statements if st.table)
    if op.new_name and op.kind == "rename_table":
        out.add(op.new_name)
    return out


class _Groups:
    """Union-find over table names."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


UNRELATED_MSG = N_(
    "This migration changes unrelated tables ({tables}): none of these changes can be rolled "
    "back or deployed without the others, and on SQLite, where DDL is not transactional, a "
    "failure midway leaves the earlier changes applied."
)
UNRELATED_FIX = N_("Split it: one migration per change (per table or per feature).")


@rule(
    "unrelated-changes",
    severity="info",
    lesson="atomic-migrations",
    summary=N_("One migration changes several unrelated existing tables."),
)
def unrelated_changes(ctx: Context) -> Iterator[Hit]:
    body = ctx.script.upgrade
    if body is None:
        return
    groups = _Groups()
    changed: set[str] = set()
    for op in body.operations:
        tables = _tables(op)
        for ref in (*op.references, *([op.referent_table] if op.referent_table else [])):
            for table in tables:
                groups.join(table, ref)
        first = next(iter(sorted(tables)), None)
        for table in tables:
            groups.find(table)
            if first is not None:
                groups.join(table, first)
            if op.kind != "create_table" and not ctx.is_new(op, table):
                changed.add(table)
    roots = {groups.find(t) for t in changed}
    if len(roots) > 1:
        yield Hit(
            line=body.line,
            message=UNRELATED_MSG,
            fix=UNRELATED_FIX,
            params={"tables": ", ".join(sorted(changed))},
        )


RAW_SQL_MSG = N_(
    "Raw SQL in {call}: the linter cannot check it, so review it by hand (locks, data loss, "
    "whether it runs on every database you use)."
)
RAW_SQL_FIX = N_(
    "Prefer an op.* operation where one exists; keep raw SQL short, and try it on a copy of "
    "real data (alembic upgrade --sql shows what will run)."
)


_DML = frozenset({"update", "insert", "delete"})


@rule(
    "raw-sql",
    severity="info",
    lesson="data-migration",
    summary=N_("op.execute() with raw SQL: review by hand."),
    quiet_if_other=True,
)
def raw_sql(ctx: Context) -> Iterator[Hit]:
    for op in ctx.ops(BOTH_PHASES):
        if op.kind != "execute":
            continue
        # SELECTs, and SQLAlchemy expressions (users.update(), sa.delete(t)): not raw SQL.
        if op.statements and all(st.verb == "select" or (not st.text and st.verb in _DML)
                                 for st in op.statements):
            continue
        call = "op.execute()" if op.via == "op" else "connection.execute()"
        yield ctx.hit(op, RAW_SQL_MSG, RAW_SQL_FIX, call=call)


BACKFILL_MSG = N_(
    "{verb} on {table} runs in the same transaction as DDL on {table}: the DDL's lock is held "
    "until the whole data change commits, so reads and writes of {table} wait for all of it."
)
BACKFILL_FIX = N_(
    "Move the data change to its own migration (or an autocommit_block()) and update in "
    "batches; keep schema migrations short."
)


def _is_ddl_on(op: Operation, table: str) -> bool:
    if op.in_autocommit:
        return False
    if op.kind == "execute":
        return any(st.table == table and st.verb not in (*_DML, "select") for st in op.statements)
    return op.kind not in ("create_table", "bulk_insert") and op.table == table


@rule(
    "backfill-with-ddl",
    severity="warning",
    dialects=POSTGRESQL,
    lesson="data-migration",
    summary=N_("A data change (UPDATE/DELETE/INSERT) shares a transaction with DDL on its table."),
)
def backfill_with_ddl(ctx: Context) -> Iterator[Hit]:
    ops = ctx.ops(UPGRADE_ONLY)
    for op in ops:
        if op.in_autocommit:
            continue
        for st in op.statements:
            if st.verb not in _DML or not st.table or ctx.is_new(op, st.table):
                continue
            if any(_is_ddl_on(other, st.table) for other in ops if other is not op):
                yield ctx.hit(op, BACKFILL_MSG, BACKFILL_FIX, verb=st.verb.upper(), table=st.table)
                break


APP_MODELS_MSG = N_(
    "This migration imports the application's models ({module}). A migration must keep doing "
    "what it did when it was written, but the models change with the code: a later rename or "
    "a removed class changes or breaks this old migration on every new database."
)
APP_MODELS_FIX = N_(
    "Describe the tables the migration needs inside it, as they are at this revision "
    "(sa.table(\"users\", sa.column(\"first_name\"), ...)), and use those with op.execute()."
)
#: Module path segments that name an application's models.
_MODEL_SEGMENTS = frozenset({"models", "model"})


@rule(
    "imports-app-models",
    severity="warning",
    lesson="data-migration",
    summary=N_("A migration imports the application's models."),
)
def imports_app_models(ctx: Context) -> Iterator[Hit]:
    for line, module in ctx.script.imports:
        segments = set(module.lstrip(".").split("."))
        if segments & _MODEL_SEGMENTS and not module.startswith(("sqlalchemy.", "alembic.")):
            yield Hit(line=line, message=APP_MODELS_MSG, fix=APP_MODELS_FIX,
                      params={"module": module.rsplit(".", 1)[0] if "." in module else module})
