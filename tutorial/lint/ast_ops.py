"""Read a migration file's ``upgrade()`` and ``downgrade()`` into :class:`Operation` lists.

The file is parsed, never run. Understood: ``op.<method>(...)`` for Alembic's operations,
``with op.batch_alter_table("t") as batch_op:`` (``batch_op.<method>`` is in batch mode on
table ``t``), ``with op.get_context().autocommit_block():``, ``op.get_bind().execute(...)``
and connections bound from it, module-level helper functions called from ``upgrade()``,
module constants used as table names, and the multi-database ``upgrade_<name>()`` layout.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from typing import Literal

from tutorial.lint import sql_text
from tutorial.lint.ast_values import (
    TableRef,
    call_name,
    column_def,
    dotted,
    evaluate,
    foreign_key_tables,
    string,
)
from tutorial.lint.model import (
    BodyState,
    MigrationScript,
    Operation,
    Phase,
    PhaseBody,
    SqlStatement,
    Value,
)

#: Alembic operation -> (positional parameters on ``op``, positional parameters in batch mode).
#: Checked against ``alembic/operations/base.py`` (Alembic 1.13 - 1.20).
OP_METHODS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "add_column": (("table_name", "column"), ("column",)),
    "drop_column": (("table_name", "column_name"), ("column_name",)),
    "alter_column": (("table_name", "column_name"), ("column_name",)),
    "create_index": (("index_name", "table_name", "columns"), ("index_name", "columns")),
    "drop_index": (("index_name", "table_name"), ("index_name",)),
    "create_foreign_key": (
        ("constraint_name", "source_table", "referent_table", "local_cols", "remote_cols"),
        ("constraint_name", "referent_table", "local_cols", "remote_cols"),
    ),
    "create_check_constraint": (
        ("constraint_name", "table_name", "condition"),
        ("constraint_name", "condition"),
    ),
    "create_unique_constraint": (
        ("constraint_name", "table_name", "columns"),
        ("constraint_name", "columns"),
    ),
    "create_primary_key": (
        ("constraint_name", "table_name", "columns"),
        ("constraint_name", "columns"),
    ),
    "create_exclude_constraint": (("constraint_name", "table_name"), ("constraint_name",)),
    "drop_constraint": (("constraint_name", "table_name", "type_"), ("constraint_name", "type_")),
    "rename_table": (("old_table_name", "new_table_name"), ()),
    "drop_table": (("table_name",), ()),
    "create_table": (("table_name",), ()),
    "execute": (("sqltext",), ("sqltext",)),
    "bulk_insert": (("table", "rows"), ()),
}

_TABLE_PARAMS = ("table_name", "source_table", "old_table_name", "table")
_DEFAULT_BIND_NAMES = frozenset({"conn", "connection", "bind", "session"})
_DML_METHODS = frozenset({"update", "insert", "delete"})


@dataclass
class _Ctx:
    """Where a call stands: inside which ``with`` blocks, which names mean what."""

    phase: Phase
    batch: dict[str, str] = field(default_factory=dict)  # batch_op alias -> table
    autocommit: bool = False
    binds: set[str] = field(default_factory=lambda: set(_DEFAULT_BIND_NAMES))
    names: dict[str, Value] = field(default_factory=dict)
    stack: tuple[str, ...] = ()


class _Extractor:
    def __init__(self, tree: ast.Module) -> None:
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
        self.op_names: set[str] = set()
        self.module_names: dict[str, Value] = {}
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.functions[node.name] = node
            elif isinstance(node, ast.ImportFrom) and node.module == "alembic":
                for alias in node.names:
                    if alias.name == "op":
                        self.op_names.add(alias.asname or "op")
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                self._bind(node, self.module_names)
        if not self.op_names:
            self.op_names.add("op")

    # -- names -----------------------------------------------------------------------------

    def _bind(self, node: ast.Assign | ast.AnnAssign, names: dict[str, Value]) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if node.value is None:
            return
        value = evaluate(node.value, names)
        for target in targets:
            if isinstance(target, ast.Name):
                names[target.id] = value

    def _is_bind(self, node: ast.AST, ctx: _Ctx) -> bool:
        """``op.get_bind()``, a name bound from it, or a conventional connection name."""
        if isinstance(node, ast.Name):
            return node.id in ctx.binds
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return node.func.attr in ("get_bind", "connect", "begin")
        if isinstance(node, ast.Attribute):
            return node.attr in ("connection", "bind")
        return False

    # -- bodies ----------------------------------------------------------------------------

    def phase(self, name: Phase) -> PhaseBody | None:
        fn = self.functions.get(name)
        # The multi-database template dispatches to upgrade_<engine>() through globals().
        extra = [f for n, f in self.functions.items() if n.startswith(f"{name}_")]
        if fn is None and not extra:
            return None
        first = fn or extra[0]
        body = PhaseBody(phase=name, line=first.lineno, state=_body_state(first))
        ctx = _Ctx(phase=name, names=dict(self.module_names), stack=(first.name,))
        if fn is not None:
            self._walk(fn.body, ctx, body.operations)
        if not body.operations and extra:
            states = []
            for helper in extra:
                self._walk(helper.body, replace(ctx, stack=(helper.name,)), body.operations)
                states.append(_body_state(helper))
            body.state = "ops" if "ops" in states else "raises" if "raises" in states else "empty"
        return body

    def _walk(self, stmts: list[ast.stmt], ctx: _Ctx, out: list[Operation]) -> None:
        for stmt in stmts:
            self._stmt(stmt, ctx, out)

    def _stmt(self, stmt: ast.stmt, ctx: _Ctx, out: list[Operation]) -> None:
        if isinstance(stmt, (ast.With, ast.AsyncWith)):
            inner = ctx
            for item in stmt.items:
                inner = self._enter(item, inner)
            self._walk(stmt.body, inner, out)
        elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While)):
            self._walk(stmt.body, ctx, out)
            self._walk(stmt.orelse, ctx, out)
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            self._walk(stmt.body, ctx, out)  # type: ignore[attr-defined]
            for handler in stmt.handlers:  # type: ignore[attr-defined]
                self._walk(handler.body, ctx, out)
            self._walk(stmt.orelse, ctx, out)  # type: ignore[attr-defined]
            self._walk(stmt.finalbody, ctx, out)  # type: ignore[attr-defined]
        elif isinstance(stmt, ast.Match):
            for case in stmt.cases:
                self._walk(case.body, ctx, out)
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return
        else:
            if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
                self._bind(stmt, ctx.names)
                if stmt.value is not None and self._is_bind(stmt.value, ctx):
                    targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
                    extra = {t.id for t in targets if isinstance(t, ast.Name)}
                    ctx.binds.update(extra)
            calls = [n for n in ast.walk(stmt) if isinstance(n, ast.Call)]
            calls.sort(key=lambda n: (n.lineno, n.col_offset))
            for call in calls:
                self._call(call, ctx, out)

    def _enter(self, item: ast.withitem, ctx: _Ctx) -> _Ctx:
        expr = item.context_expr
        if not isinstance(expr, ast.Call) or not isinstance(expr.func, ast.Attribute):
            return ctx
        attr = expr.func.attr
        if attr == "autocommit_block":
            return replace(ctx, autocommit=True)
        if attr == "batch_alter_table":
            table_node = expr.args[0] if expr.args else _keyword(expr, "table_name")
            table = string(table_node, ctx.names) or "?"
            alias = item.optional_vars
            if isinstance(alias, ast.Name):
                return replace(ctx, batch={**ctx.batch, alias.id: table})
        if attr in ("begin", "connect") and isinstance(item.optional_vars, ast.Name):
            ctx.binds.add(item.optional_vars.id)
        return ctx

    # -- calls -----------------------------------------------------------------------------

    def _call(self, call: ast.Call, ctx: _Ctx, out: list[Operation]) -> None:
        func = call.func
        if isinstance(func, ast.Name):
            helper = self.functions.get(func.id)
            if helper is not None and func.id not in ctx.stack:
                params = {
                    a.arg
                    for a in (*helper.args.posonlyargs, *helper.args.args, *helper.args.kwonlyargs)
                }
                names = {k: v for k, v in ctx.names.items() if k not in params}
                inner = replace(ctx, names=names, stack=(*ctx.stack, func.id))
                self._walk(helper.body, inner, out)
            return
        if not isinstance(func, ast.Attribute):
            return
        method = func.attr
        receiver = func.value
        if isinstance(receiver, ast.Name) and receiver.id in ctx.batch:
            if method in OP_METHODS:
                out.append(self._operation(method, call, ctx, "batch", ctx.batch[receiver.id]))
        elif isinstance(receiver, ast.Name) and receiver.id in self.op_names:
            if method in OP_METHODS:
                out.append(self._operation(method, call, ctx, "op", None))
        elif method == "execute" and self._is_bind(receiver, ctx):
            out.append(self._operation("execute", call, ctx, "bind", None))

    def _operation(
        self,
        method: str,
        call: ast.Call,
        ctx: _Ctx,
        via: Literal["op", "batch", "bind"],
        batch_table: str | None,
    ) -> Operation:
        params = OP_METHODS[method][1 if via == "batch" else 0]
        bound: dict[str, ast.expr] = {}
        positional = [a for a in call.args if not isinstance(a, ast.Starred)]
        for pname, arg in zip(params, positional, strict=False):
            bound[pname] = arg
        rest = positional[len(params) :]
        for kw in call.keywords:
            if kw.arg:
                bound[kw.arg] = kw.value
        names = ctx.names
        kwargs = {k: evaluate(v, names) for k, v in bound.items() if k not in ("column", "rows")}

        def text(key: str) -> str | None:
            return string(bound.get(key), names)

        table = batch_table
        if table is None:
            for key in _TABLE_PARAMS:
                if key in bound:
                    value = kwargs.get(key)
                    table = value.name if isinstance(value, TableRef) else text(key)
                    break
        fields: dict[str, object] = {}
        if method == "add_column":
            col = column_def(bound["column"], names) if "column" in bound else None
            fields.update(column_def=col, column=col.name if col else None)
            if col is not None:
                fields["references"] = col.references
        elif method in ("drop_column", "alter_column"):
            fields.update(column=text("column_name"), new_name=text("new_column_name"))
        elif method in ("create_index", "drop_index"):
            fields.update(name=text("index_name"), columns=_strings(kwargs.get("columns")))
        elif method == "create_foreign_key":
            fields.update(
                name=text("constraint_name"),
                referent_table=text("referent_table"),
                columns=_strings(kwargs.get("local_cols")),
            )
            if fields["referent_table"]:
                fields["references"] = (fields["referent_table"],)
        elif method.startswith(("create_", "drop_constraint")) and method != "create_table":
            fields.update(name=text("constraint_name"), columns=_strings(kwargs.get("columns")))
        elif method == "rename_table":
            fields["new_name"] = text("new_table_name")
        elif method == "create_table":
            cols = tuple(c for c in (column_def(a, names) for a in rest) if c is not None)
            refs = [t for c in cols for t in c.references]
            refs += [t for a in rest for t in foreign_key_tables(a)]
            fields.update(table_columns=cols, references=tuple(dict.fromkeys(refs)))
        elif method == "execute":
            fields["statements"] = _statements(bound.get("sqltext"), names)
        return Operation(
            kind=method,
            phase=ctx.phase,
            line=call.lineno,
            end_line=call.end_lineno or call.lineno,
            table=table,
            kwargs=kwargs,
            in_batch=via == "batch",
            in_autocommit=ctx.autocommit,
            via=via,
            **fields,  # type: ignore[arg-type]
        )


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _strings(value: Value) -> tuple[str, ...]:
    if isinstance(value, tuple):
        return tuple(v for v in value if isinstance(v, str))
    return ()


#: Module names a migration imports SQLAlchemy as (``sa.update(t)``, ``sqlalchemy.delete(t)``).
_SQLALCHEMY_MODULES = frozenset({"sa", "sqlalchemy"})


def _statements(node: ast.expr | None, names: dict[str, Value]) -> tuple[SqlStatement, ...]:
    """What ``op.execute(...)`` runs: classified raw SQL, or an expression such as
    ``users.update().values(...)`` / ``sa.update(users)`` on a table bound with ``sa.table``."""
    if node is None:
        return ()
    text = string(node, names)
    if text is not None:
        return sql_text.classify(text)
    current: ast.AST = node
    while isinstance(current, ast.Call) and isinstance(current.func, ast.Attribute):
        owner = current.func.value
        if current.func.attr in _DML_METHODS:
            if dotted(owner) in _SQLALCHEMY_MODULES:  # sa.update(users): the table is the arg
                target = current.args[0] if current.args else None
                table = _table_of(target, names) if target is not None else None
            else:  # users.update()
                table = _table_of(owner, names)
            return (SqlStatement(verb=current.func.attr, table=table),)
        current = owner
    if isinstance(current, ast.Call) and call_name(current) in _DML_METHODS and current.args:
        return (
            SqlStatement(
                verb=call_name(current) or "other", table=_table_of(current.args[0], names)
            ),
        )
    return (SqlStatement(verb="other"),)


def _table_of(node: ast.AST, names: dict[str, Value]) -> str | None:
    value = evaluate(node, names)
    if isinstance(value, TableRef):
        return value.name
    name = dotted(node)
    last = name.rsplit(".", 1)[-1] if name else None
    # ``sa.update(User)``: a model class (imported from the application), not a table name.
    return None if last is None or last[:1].isupper() else last


def _body_state(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> BodyState:
    """``empty``: only a docstring, ``pass`` or ``...``; ``raises``: starts by raising."""
    stmts = [
        s
        for s in fn.body
        if not isinstance(s, ast.Pass)
        and not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
    ]
    if not stmts:
        return "empty"
    if isinstance(stmts[0], ast.Raise):
        return "raises"
    return "ops"


def parse(source: str, filename: str) -> ast.Module:
    """Parse without running; raises SyntaxError (and ValueError for NUL bytes)."""
    return ast.parse(source, filename=filename)


def extract(tree: ast.Module, filename: str) -> MigrationScript:
    extractor = _Extractor(tree)
    return MigrationScript(
        filename=filename,
        upgrade=extractor.phase("upgrade"),
        downgrade=extractor.phase("downgrade"),
        imports=_imports(tree),
    )


def _imports(tree: ast.Module) -> tuple[tuple[int, str], ...]:
    """``import a.b`` -> ``a.b``; ``from a.b import c`` -> ``a.b.c`` (``c`` may be a module
    or a name: the rules look at the segments)."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            out.extend((node.lineno, f"{node.module}.{alias.name}") for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level:  # from .models import User
            base = "." * node.level + (node.module or "")
            out.extend((node.lineno, f"{base}.{alias.name}") for alias in node.names)
    return tuple(sorted(out))


def extract_source(source: str, filename: str = "<migration>") -> MigrationScript:
    return extract(parse(source, filename), filename)


__all__ = ["OP_METHODS", "extract", "extract_source", "parse"]
