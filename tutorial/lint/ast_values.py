"""Static values of expressions in a migration file: strings, types, columns, SQL expressions.

Only literals and the few SQLAlchemy constructors migrations use are understood; anything
else is :data:`~tutorial.lint.model.UNKNOWN`, and the rules stay silent about what they
cannot know rather than guess.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from dataclasses import dataclass

from tutorial.lint.model import UNKNOWN, ColumnDef, SqlExpr, TypeRef, Value

#: Names bound in the file that the evaluator may look through (module constants, locals).
Names = Mapping[str, Value]

_TEXT_FUNCTIONS = frozenset({"text", "literal_column", "DDL"})
_STRING_WRAPPERS = frozenset({"dedent", "strip", "format"})
_GENERATED = frozenset({"Identity", "Computed", "Sequence"})
_SQL_KEYWORD_FUNCTIONS = frozenset(
    {"current_timestamp", "current_date", "current_time", "localtimestamp", "localtime"}
)
_FUNCTION_CALL = re.compile(r"^\s*\(*\s*(?:[A-Za-z_][\w]*\s*\.\s*)?([A-Za-z_][\w]*)\s*\(")


@dataclass(frozen=True, slots=True)
class TableRef:
    """``sa.table("users", ...)`` or ``sa.Table("users", ...)`` bound to a name."""

    name: str


def dotted(node: ast.AST) -> str | None:
    """``sa.func.now`` for an attribute chain, ``x`` for a name, else None."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def last_name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def call_name(node: ast.AST) -> str | None:
    """The last name of what is called: ``sa.Column(...)`` -> ``Column``."""
    return last_name(node.func) if isinstance(node, ast.Call) else None


def string(node: ast.AST | None, names: Names) -> str | None:
    """The text of a string-ish expression: a literal, an f-string (holes as ``?``), ``a + b``,
    ``sa.text("...")``, ``textwrap.dedent("...")``, or a name bound to one of these."""
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        return node.value if isinstance(node.value, str) else None
    if isinstance(node, ast.JoinedStr):
        parts: list[str] = []
        for v in node.values:
            if isinstance(v, ast.Constant) and isinstance(v.value, str):
                parts.append(v.value)
            elif isinstance(v, ast.FormattedValue):
                parts.append(string(v.value, names) or "?")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        left = string(node.left, names)
        if left is None:
            return None
        if isinstance(node.op, ast.Mod):
            return left
        right = string(node.right, names)
        return None if right is None else left + right
    if isinstance(node, ast.Name):
        value = names.get(node.id)
        if isinstance(value, str):
            return value
        if isinstance(value, SqlExpr) and value.kind == "text":
            return value.text
        return None
    if isinstance(node, ast.Call):
        fname = call_name(node)
        if fname in _TEXT_FUNCTIONS or fname in _STRING_WRAPPERS:
            if fname in ("strip", "format") and isinstance(node.func, ast.Attribute):
                return string(node.func.value, names)
            return string(node.args[0], names) if node.args else None
        if fname == "f" and node.args:  # op.f("ix_name"): a naming-convention-proof name
            return string(node.args[0], names)
    return None


def _sql_function(text: str) -> str | None:
    bare = text.strip().strip("()").strip().lower()
    if bare in _SQL_KEYWORD_FUNCTIONS:
        return bare
    match = _FUNCTION_CALL.match(text)
    return match.group(1).lower() if match else None


def sql_expr(node: ast.AST, names: Names) -> SqlExpr | None:
    """``sa.text("now()")``, ``sa.func.now()``, ``sa.literal(0)``; None for anything else."""
    if not isinstance(node, ast.Call):
        return None
    fname = call_name(node)
    func = node.func
    if isinstance(func, ast.Attribute):
        owner = dotted(func.value) or ""
        if owner == "func" or owner.endswith(".func"):
            return SqlExpr("func", f"{func.attr}()", function=func.attr.lower())
    if fname in ("text", "literal_column"):
        text = string(node.args[0], names) if node.args else None
        if text is None:
            return None
        return SqlExpr("text", text, function=_sql_function(text))
    if fname == "literal" and node.args:
        value = evaluate(node.args[0], names)
        return SqlExpr("literal", repr(value))
    return None


def _ints(nodes: list[ast.expr]) -> tuple[int, ...]:
    out: list[int] = []
    for arg in nodes:
        if (
            isinstance(arg, ast.Constant)
            and isinstance(arg.value, int)
            and not isinstance(arg.value, bool)
        ):
            out.append(arg.value)
        else:
            break
    return tuple(out)


def type_ref(node: ast.AST | None) -> TypeRef | None:
    """``sa.String(255)``, ``sa.VARCHAR(length=100)``, ``sa.Integer``, ``postgresql.JSONB()``."""
    if node is None:
        return None
    if isinstance(node, ast.Call):
        name = last_name(node.func)
        if not name:
            return None
        args = _ints(node.args)
        if not args:
            kws = {k.arg: k.value for k in node.keywords if k.arg}
            args = _ints([kws[k] for k in ("length", "precision", "scale") if k in kws])
        return TypeRef(name, args)
    name = last_name(node)
    if name and name[:1].isupper():
        return TypeRef(name)
    return None


def _foreign_key_tables(call: ast.Call) -> tuple[str, ...]:
    """``ForeignKey("users.id")`` -> ``("users",)``; ``ForeignKeyConstraint([...], ["a.id"])``."""
    fname = call_name(call)
    targets: list[ast.expr] = []
    if fname == "ForeignKey" and call.args:
        targets = [call.args[0]]
    elif fname == "ForeignKeyConstraint" and len(call.args) > 1:
        refcols = call.args[1]
        if isinstance(refcols, (ast.List, ast.Tuple)):
            targets = list(refcols.elts)
    out: list[str] = []
    for target in targets:
        if isinstance(target, ast.Constant) and isinstance(target.value, str):
            parts = target.value.split(".")
            if len(parts) >= 2:
                out.append(parts[-2])
    return tuple(dict.fromkeys(out))


def foreign_key_tables(node: ast.AST) -> tuple[str, ...]:
    return _foreign_key_tables(node) if isinstance(node, ast.Call) else ()


def column_def(node: ast.AST, names: Names) -> ColumnDef | None:
    """``sa.Column("age", sa.Integer, nullable=False, server_default="0")``."""
    if not isinstance(node, ast.Call) or call_name(node) != "Column":
        return None
    args = list(node.args)
    name = None
    if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
        name = args.pop(0).value
    elif args and isinstance(args[0], ast.Name) and isinstance(names.get(args[0].id), str):
        name = str(names[args.pop(0).id])  # type: ignore[union-attr]
    col_type: TypeRef | None = None
    generated = False
    references: list[str] = []
    for arg in args:
        if isinstance(arg, ast.Call) and call_name(arg) in _GENERATED:
            generated = True
        elif isinstance(arg, ast.Call) and call_name(arg) == "ForeignKey":
            references.extend(_foreign_key_tables(arg))
        elif col_type is None:
            col_type = type_ref(arg)
    kws = {k.arg: k.value for k in node.keywords if k.arg}
    if col_type is None and "type_" in kws:
        col_type = type_ref(kws["type_"])
    primary_key = _literal_bool(kws.get("primary_key")) is True
    nullable_node = kws.get("nullable")
    nullable = not primary_key if nullable_node is None else _literal_bool(nullable_node)
    server_default: Value = None
    default_node = kws.get("server_default")
    if isinstance(default_node, ast.Call) and call_name(default_node) in _GENERATED:
        generated = True  # server_default=sa.Computed(...)
    elif default_node is not None:
        server_default = evaluate(default_node, names)
    return ColumnDef(
        name=name,
        type=col_type,
        nullable=nullable,
        server_default=server_default,
        python_default="default" in kws and not _literal_none(kws["default"]),
        generated=generated,
        primary_key=primary_key,
        unique=_literal_bool(kws.get("unique")) is True,
        index=_literal_bool(kws.get("index")) is True,
        references=tuple(dict.fromkeys(references)),
    )


def _literal_bool(node: ast.AST | None) -> bool | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, bool):
        return node.value
    return None


def _literal_none(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def evaluate(node: ast.AST, names: Names) -> Value:
    """The static value of ``node``: a Python literal, a tuple of values, a
    :class:`ColumnDef`, :class:`SqlExpr`, :class:`TypeRef`, :class:`TableRef`, or UNKNOWN."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return tuple(evaluate(e, names) for e in node.elts)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = evaluate(node.operand, names)
        return (
            -inner if isinstance(inner, (int, float)) and not isinstance(inner, bool) else UNKNOWN
        )
    if isinstance(node, ast.Name):
        return names.get(node.id, UNKNOWN)
    if isinstance(node, (ast.JoinedStr, ast.BinOp)):
        text = string(node, names)
        return UNKNOWN if text is None else text
    if isinstance(node, ast.Call):
        fname = call_name(node)
        if fname == "Column":
            return column_def(node, names) or UNKNOWN
        if fname in ("table", "Table") and node.args:
            table_name = string(node.args[0], names)
            return TableRef(table_name) if table_name else UNKNOWN
        if fname == "f" and node.args:
            text = string(node.args[0], names)
            return UNKNOWN if text is None else text
        if fname in _STRING_WRAPPERS:
            text = string(node, names)
            return UNKNOWN if text is None else text
        expr = sql_expr(node, names)
        if expr is not None:
            return expr
        ref = type_ref(node)
        if ref is not None and ref.name[:1].isupper():
            return ref
        return UNKNOWN
    if isinstance(node, ast.Attribute):
        ref = type_ref(node)
        return ref if ref is not None else UNKNOWN
    return UNKNOWN
