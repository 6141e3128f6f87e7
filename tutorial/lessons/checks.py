"""The goal-check vocabulary, evaluated in the worker against the sandbox (worker side).

A lesson's goal is a list of declarative checks (``[[goal]]`` in lesson.toml). Each judges an
outcome, not one exact solution, and explains a failure in the learner's terms, translated.
Authors can add ``check = "python"`` functions in the lesson's ``checks.py`` for what the
vocabulary cannot say.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib.util
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutorial.i18n import N_, _, format_number, ngettext

CheckFn = Callable[["CheckContext", dict[str, Any]], "Outcome"]
REGISTRY: dict[str, CheckFn] = {}
#: Parameters every check kind accepts besides its own. ``backends`` limits a check to some
#: backends (e.g. a PostgreSQL-only step such as VALIDATE CONSTRAINT): elsewhere it is neither
#: run nor shown.
COMMON_PARAMS = {"id", "check", "description", "backends"}
#: Parameters each kind accepts (validated when a lesson is loaded).
PARAMS: dict[str, set[str]] = {}


@dataclass
class Outcome:
    passed: bool
    message: str


@dataclass
class CheckContext:
    """What a check may look at. ``snapshot`` is the database now (every row)."""

    snapshot: dict[str, Any]
    sandbox: Path
    start: dict[str, Any]
    commands: list[str]
    graph: dict[str, Any]
    lesson_dir: Path | None = None
    run_alembic: Callable[[list[str], Any], dict[str, Any]] | None = None
    scratch: Callable[[], Any] | None = None  # context manager yielding a scratch engine
    empty: Callable[[], Any] | None = None  # context manager: an engine on an empty database
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def backend(self) -> str | None:
        """``sqlite`` or ``postgres``: the backend of the database checked (None if unknown)."""
        engine = self.extra.get("engine")
        if engine is None:
            return None
        name = engine.dialect.name
        return "postgres" if name == "postgresql" else name

    def table(self, name: str) -> dict[str, Any] | None:
        return self.snapshot["tables"].get(name)

    def column(self, table: str, column: str) -> dict[str, Any] | None:
        t = self.table(table)
        if t is None:
            return None
        return next((c for c in t["columns"] if c["name"] == column), None)

    def column_values(self, table: str, column: str) -> dict[tuple[Any, ...], Any]:
        t = self.table(table)
        assert t is not None
        names = [c["name"] for c in t["columns"]]
        key = [names.index(k) for k in t["primary_key"]] or list(range(len(names)))
        i = names.index(column)
        return {tuple(r[k] for k in key): r[i] for r in t["rows"]}


def check(kind: str, *params: str) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        REGISTRY[kind] = fn
        PARAMS[kind] = set(params)
        return fn

    return register


def _local(params: dict[str, Any]) -> dict[str, Any]:
    """Numbers as the learner's locale writes them (Persian digits in fa)."""
    return {k: format_number(v) if isinstance(v, int) and not isinstance(v, bool) else v
            for k, v in params.items()}


def _fmt(message: str, **params: Any) -> str:
    return _(message).format(**_local(params))


def _plural(singular: str, plural: str, count: int, **params: Any) -> str:
    return ngettext(singular, plural, count).format(**_local({"count": count, **params}))


def _cols(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


# -- schema ----------------------------------------------------------------------------------
@check("table", "table", "exists")
def _table(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    exists = ctx.table(p["table"]) is not None
    if p.get("exists", True):
        return Outcome(exists, _fmt(N_("table {table} exists"), table=p["table"]) if exists
                       else _fmt(N_("table {table} does not exist yet"), table=p["table"]))
    if not exists:
        # "gone" only for a table the sandbox started with; otherwise it was never made.
        existed = p["table"] in (ctx.start.get("schema") or {})
        return Outcome(True, _fmt(N_("table {table} is gone"), table=p["table"]) if existed
                       else _fmt(N_("there is no table {table}"), table=p["table"]))
    return Outcome(False, _fmt(N_("table {table} still exists"), table=p["table"]))


@check("column", "table", "column", "exists", "type", "length", "nullable", "default")
def _column(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    table, name = p["table"], p["column"]
    ref = f"{table}.{name}"
    col = ctx.column(table, name)
    if not p.get("exists", True):
        if col is None:
            return Outcome(True, _fmt(N_("{column} is gone"), column=ref))
        return Outcome(False, _fmt(N_("{column} still exists"), column=ref))
    if ctx.table(table) is None:
        return Outcome(False, _fmt(N_("table {table} does not exist"), table=table))
    if col is None:
        return Outcome(False, _fmt(N_("{column} does not exist yet"), column=ref))
    if "type" in p and col["family"] != p["type"]:
        return Outcome(False, _fmt(N_("{column} is {actual}; the goal is a {expected} column"),
                                   column=ref, actual=col["type"], expected=p["type"]))
    if "length" in p and col.get("length") != p["length"]:
        return Outcome(False, _fmt(N_("{column} is {actual}; the goal is length {expected}"),
                                   column=ref, actual=col["type"], expected=p["length"]))
    if "nullable" in p and col["nullable"] != p["nullable"]:
        if p["nullable"]:
            return Outcome(False, _fmt(N_("{column} is NOT NULL; the goal is a column that "
                                          "allows NULL"), column=ref))
        return Outcome(False, _fmt(N_("{column} exists but allows NULL; the goal is NOT NULL"),
                                   column=ref))
    if "default" in p and (col["default"] is None) == bool(p["default"]):
        if p["default"]:
            return Outcome(False, _fmt(N_("{column} has no server default"), column=ref))
        return Outcome(False, _fmt(N_("{column} still has a server default"), column=ref))
    return Outcome(True, _fmt(N_("{column} exists as the goal says ({type})"),
                              column=ref, type=col["type"]))


@check("index", "table", "columns", "unique", "exists")
def _index(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    t = ctx.table(p["table"])
    cols = _cols(p["columns"])
    label = f"{p['table']}({', '.join(cols)})"
    found = t is not None and any(
        ix["columns"] == cols and ("unique" not in p or ix["unique"] == p["unique"])
        for ix in t["indexes"]
    )
    if p.get("exists", True):
        return Outcome(found, _fmt(N_("an index on {columns} exists"), columns=label) if found
                       else _fmt(N_("there is no index on {columns} yet"), columns=label))
    return Outcome(not found, _fmt(N_("the index on {columns} is gone"), columns=label)
                   if not found else _fmt(N_("the index on {columns} still exists"),
                                          columns=label))


@check("foreign_key", "table", "columns", "ref_table", "ref_columns", "exists")
def _foreign_key(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    t = ctx.table(p["table"])
    cols = _cols(p["columns"])
    ref_cols = _cols(p.get("ref_columns", []))
    label = f"{p['table']}({', '.join(cols)}) -> {p['ref_table']}"
    found = t is not None and any(
        fk["columns"] == cols and fk["ref_table"] == p["ref_table"]
        and (not ref_cols or fk["ref_columns"] == ref_cols)
        for fk in t["foreign_keys"]
    )
    if p.get("exists", True):
        return Outcome(found, _fmt(N_("the foreign key {fk} exists"), fk=label) if found
                       else _fmt(N_("there is no foreign key {fk} yet"), fk=label))
    return Outcome(not found, _fmt(N_("the foreign key {fk} is gone"), fk=label) if not found
                   else _fmt(N_("the foreign key {fk} still exists"), fk=label))


@check("unique", "table", "columns", "exists")
def _unique(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """A unique constraint or unique index on exactly ``columns``; with ``exists = false``,
    none (a constraint that had to be dropped)."""
    t = ctx.table(p["table"])
    cols = _cols(p["columns"])
    label = f"{p['table']}({', '.join(cols)})"
    found = t is not None and (
        any(u["columns"] == cols for u in t["uniques"])
        or any(ix["columns"] == cols and ix["unique"] for ix in t["indexes"])
    )
    if p.get("exists", True) is False:
        return Outcome(not found, _fmt(N_("{columns} is still unique"), columns=label) if found
                       else _fmt(N_("{columns} is not unique"), columns=label))
    return Outcome(found, _fmt(N_("{columns} is unique"), columns=label) if found
                   else _fmt(N_("{columns} is not unique yet"), columns=label))


@check("primary_key", "table", "columns")
def _primary_key(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    t = ctx.table(p["table"])
    cols = _cols(p["columns"])
    ok = t is not None and t["primary_key"] == cols
    label = f"{p['table']}({', '.join(cols)})"
    return Outcome(ok, _fmt(N_("the primary key is {columns}"), columns=label) if ok
                   else _fmt(N_("the primary key of {table} is not ({columns})"),
                             table=p["table"], columns=", ".join(cols)))


# -- data ------------------------------------------------------------------------------------
def _start_table(ctx: CheckContext, table: str) -> dict[str, Any] | None:
    return (ctx.start.get("data") or {}).get(table)


@check("row_count", "table", "equals", "same_as_start", "min")
def _row_count(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    t = ctx.table(p["table"])
    if t is None:
        return Outcome(False, _fmt(N_("table {table} does not exist"), table=p["table"]))
    count = t["row_count"]
    expected = p.get("equals")
    if p.get("same_as_start"):
        start = _start_table(ctx, p["table"])
        expected = len(start["rows"]) if start else 0
    if expected is not None and count != expected:
        return Outcome(False, _fmt(N_("{table} has {actual} rows; it should have {expected}"),
                                   table=p["table"], actual=count, expected=expected))
    if "min" in p and count < p["min"]:
        return Outcome(False, _fmt(N_("{table} has {actual} rows; it should have at least "
                                      "{expected}"), table=p["table"], actual=count,
                                   expected=p["min"]))
    return Outcome(True, _plural("{table} has {count} row", "{table} has {count} rows", count,
                                 table=p["table"]))


@check("values_kept", "table", "columns", "from", "from_table")
def _values_kept(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """Every starting row keeps its values in ``columns`` (read from column ``from``
    at the start when the values were meant to move, e.g. a rename). With ``from_table``
    the values were copied out of another table's starting rows (a backup table)."""
    table = p["table"]
    if p.get("from_table", table) != table:
        return _values_copied(ctx, p)
    start = _start_table(ctx, table)
    t = ctx.table(table)
    if t is None:
        return Outcome(False, _fmt(N_("table {table} does not exist"), table=table))
    if not start:
        return Outcome(True, _fmt(N_("{table} had no rows to keep"), table=table))
    names_now = [c["name"] for c in t["columns"]]
    key_cols = start["primary_key"]
    lost = 0
    total = 0
    for column in _cols(p["columns"]):
        source = p.get("from", column)
        if column not in names_now:
            return Outcome(False, _fmt(N_("{column} does not exist"), column=f"{table}.{column}"))
        if source not in start["columns"]:
            raise ValueError(f"values_kept: {table}.{source} is not in the starting data")
        now = ctx.column_values(table, column)
        si = start["columns"].index(source)
        ki = [start["columns"].index(k) for k in key_cols]
        for row in start["rows"]:
            total += 1
            if now.get(tuple(row[k] for k in ki), _MISSING) != row[si]:
                lost += 1
    label = f"{table}({', '.join(_cols(p['columns']))})"
    if lost:
        return Outcome(False, _fmt(N_("{lost} of {total} values in {columns} were lost or "
                                      "changed"), lost=lost, total=total, columns=label))
    return Outcome(True, _plural("the {count} value in {columns} was kept",
                                 "all {count} values in {columns} were kept", total,
                                 columns=label))


_MISSING = object()


def _values_copied(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """``values_kept`` with ``from_table``: each starting row of ``from_table`` has a row in
    ``table`` with the same primary key values (``table`` has those columns too) holding its
    values. A starting NULL needs no row: a backup of the non-NULL values is complete."""
    table, source_table = p["table"], p["from_table"]
    start = _start_table(ctx, source_table)
    if start is None:
        raise ValueError(f"values_kept: {source_table} is not in the starting data")
    key_cols = start["primary_key"]
    if not key_cols:
        raise ValueError(f"values_kept: {source_table} has no primary key to match rows by")
    t = ctx.table(table)
    if t is None:
        return Outcome(False, _fmt(N_("table {table} does not exist"), table=table))
    columns = _cols(p["columns"])
    names_now = [c["name"] for c in t["columns"]]
    for column in key_cols + columns:
        if column not in names_now:
            return Outcome(False, _fmt(N_("{column} does not exist"), column=f"{table}.{column}"))
    copies: dict[tuple[Any, ...], list[Any]] = {}
    for row in t["rows"]:
        copies.setdefault(tuple(row[names_now.index(k)] for k in key_cols), row)
    ki = [start["columns"].index(k) for k in key_cols]
    lost = total = 0
    for column in columns:
        source = p.get("from", column)
        if source not in start["columns"]:
            raise ValueError(f"values_kept: {source_table}.{source} is not in the starting data")
        si, ci = start["columns"].index(source), names_now.index(column)
        for row in start["rows"]:
            total += 1
            copy = copies.get(tuple(row[k] for k in ki))
            if (row[si] is not None) if copy is None else copy[ci] != row[si]:
                lost += 1
    label = f"{table}({', '.join(columns)})"
    if lost:
        return Outcome(False, _fmt(N_("{lost} of {total} values in {columns} were lost or "
                                      "changed"), lost=lost, total=total, columns=label))
    return Outcome(True, _plural("the {count} value in {columns} was kept",
                                 "all {count} values in {columns} were kept", total,
                                 columns=label))


@check("column_values", "table", "column", "all")
def _column_values(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    ref = f"{p['table']}.{p['column']}"
    if ctx.column(p["table"], p["column"]) is None:
        return Outcome(False, _fmt(N_("{column} does not exist yet"), column=ref))
    values = list(ctx.column_values(p["table"], p["column"]).values())
    nulls = sum(1 for v in values if v is None)
    if p["all"] == "null":
        ok = nulls == len(values)
        return Outcome(ok, _fmt(N_("{column} is NULL in every row"), column=ref) if ok else
                       _fmt(N_("{column} has values in {count} rows; they should be NULL"),
                            column=ref, count=len(values) - nulls))
    ok = nulls == 0
    return Outcome(ok, _fmt(N_("every row has a value in {column}"), column=ref) if ok else
                   _plural("{count} row has no value in {column}",
                           "{count} rows have no value in {column}", nulls, column=ref))


@check("no_values_lost", "table")
def _no_values_lost(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """Every non-NULL starting value still exists somewhere in its table (moved is fine)."""
    tables = [p["table"]] if p.get("table") else sorted((ctx.start.get("data") or {}).keys())
    for table in tables:
        start = _start_table(ctx, table)
        if not start:
            continue
        t = ctx.table(table)
        if t is None:
            return Outcome(False, _fmt(N_("table {table} is gone with its data"), table=table))
        now = Counter(v for row in t["rows"] for v in row if v is not None)
        for i, column in enumerate(start["columns"]):
            before = Counter(r[i] for r in start["rows"] if r[i] is not None)
            missing = sum((before - now).values())
            if missing:
                return Outcome(False, _fmt(N_("{count} values of {column} are gone"),
                                           count=missing, column=f"{table}.{column}"))
    return Outcome(True, _("no values were lost"))


@check("query", "sql", "expect", "ordered")
def _query(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    from sqlalchemy import text

    from tutorial.engine.snapshot import plain

    engine = ctx.extra["engine"]
    try:
        with engine.connect() as conn:
            rows = [[plain(v) for v in r] for r in conn.execute(text(p["sql"]))]
    except Exception as exc:  # noqa: BLE001 - e.g. a column the learner has not made
        return Outcome(False, _fmt(N_("the query failed: {error}"), error=str(exc).split("\n")[0]))
    expected = [list(r) for r in p["expect"]]
    got = rows if p.get("ordered") else sorted(rows, key=repr)
    want = expected if p.get("ordered") else sorted(expected, key=repr)
    if got == want:
        return Outcome(True, _("the data is as expected"))
    return Outcome(False, _fmt(N_("the data is not as expected: got {got}, expected {expected}"),
                               got=_rows_text(got), expected=_rows_text(want)))


def _rows_text(rows: list[list[Any]], limit: int = 5) -> str:
    """Rows as a learner reads them: ``(1, 'a'); (2, 'b')``; no rows is an em dash."""
    if not rows:
        return "\u2014"
    shown = "; ".join("(" + ", ".join("NULL" if v is None else repr(v) if isinstance(v, str)
                                      else str(v) for v in row) + ")" if len(row) != 1
                      else ("NULL" if row[0] is None else str(row[0])) for row in rows[:limit])
    return shown + ("; …" if len(rows) > limit else "")


# -- revisions -------------------------------------------------------------------------------
@check("at_head")
def _at_head(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    heads = ctx.graph.get("heads") or []
    current = ctx.snapshot.get("version") or []
    if not heads:
        return Outcome(False, _("there are no revisions"))
    if sorted(current) == sorted(heads):
        return Outcome(True, _("the database is at head"))
    if not current:
        return Outcome(False, _("the database has no revision applied yet"))
    return Outcome(False, _fmt(N_("the database is at {current}; head is {heads}"),
                               current=", ".join(current), heads=", ".join(heads)))


@check("at_revision", "revision")
def _at_revision(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """alembic_version names exactly ``revision`` (an id, or ``"start"``: where the lesson
    started, e.g. a database that only ``--sql`` commands may touch)."""
    wanted = p.get("revision", "start")
    expected = sorted(ctx.start.get("revision") or []) if wanted == "start" else [wanted]
    current = sorted(ctx.snapshot.get("version") or [])
    label = ", ".join(expected) or "base"
    if current == expected:
        return Outcome(True, _fmt(N_("the database is at {revision}"), revision=label))
    if not current:
        return Outcome(False, _("the database has no revision applied yet"))
    return Outcome(False, _fmt(N_("the database is at {current}; the goal is {revision}"),
                               current=", ".join(current), revision=label))


@check("single_head")
def _single_head(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    heads = ctx.graph.get("heads") or []
    if len(heads) == 1:
        return Outcome(True, _("there is a single head"))
    return Outcome(False, _plural("there is {count} head: {heads}",
                                  "there are {count} heads: {heads}", len(heads),
                                  heads=", ".join(heads) or "-"))


@check("merge_head", "parents")
def _merge_head(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    heads = ctx.graph.get("heads") or []
    revs = {r["id"]: r for r in ctx.graph.get("revisions", [])}
    want = p.get("parents", 2)
    if len(heads) == 1 and len(revs.get(heads[0], {}).get("parents", [])) == want:
        return Outcome(True, _fmt(N_("the head merges {count} revisions"), count=want))
    return Outcome(False, _fmt(N_("the head is not a merge of {count} revisions yet"), count=want))


def _new_revisions(ctx: CheckContext) -> list[dict[str, Any]]:
    start_ids = set(ctx.start.get("revision_ids") or [])
    return [r for r in ctx.graph.get("revisions", []) if r["id"] not in start_ids]


@check("new_revisions", "min", "max", "equals")
def _new_revisions_check(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    count = len(_new_revisions(ctx))
    lo, hi = p.get("equals", p.get("min", 0)), p.get("equals", p.get("max"))
    if count < lo:
        return Outcome(False, ngettext(
            "the goal needs at least {min} new revision; you have written {count}",
            "the goal needs at least {min} new revisions; you have written {count}", lo,
        ).format(**_local({"min": lo, "count": count})))
    if hi is not None and count > hi:
        return Outcome(False, ngettext(
            "the goal expects at most {max} new revision; you have written {count}",
            "the goal expects at most {max} new revisions; you have written {count}", hi,
        ).format(**_local({"max": hi, "count": count})))
    return Outcome(True, _plural("{count} new revision", "{count} new revisions", count))


@check("files_unchanged", "paths")
def _files_unchanged(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    hashes: dict[str, str] = ctx.start.get("files") or {}
    patterns = _cols(p["paths"])
    for rel, digest in sorted(hashes.items()):
        if not any(fnmatch.fnmatch(rel, pat) for pat in patterns):
            continue
        path = ctx.sandbox / rel
        if not path.exists():
            return Outcome(False, _fmt(N_("{file} was deleted; it must stay"), file=rel))
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            return Outcome(False, _fmt(N_("{file} was edited; it must stay as it was"), file=rel))
    return Outcome(True, _("the existing revision files are untouched"))


@check("roundtrip", "to", "values")
def _roundtrip(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """Down to the start (or base) and up again on a scratch copy: the schema must come back
    to what it was at each end. With ``values = true`` (to the start only) the downgrade must
    also bring back every starting value, e.g. from a backup table the upgrade kept."""
    from tutorial.engine.snapshot import schema_only, take

    assert ctx.run_alembic is not None and ctx.scratch is not None
    to_base = p.get("to", "start") == "base"
    values = bool(p.get("values"))
    if values and to_base:
        raise ValueError("roundtrip: values = true needs to = \"start\"")
    target = "base" if to_base else (",".join(ctx.start.get("revision") or []) or "base")
    if "," in target:
        raise ValueError("roundtrip to a start with several heads is not supported")
    expected_down = {} if to_base else ctx.start.get("schema", {})
    heads = ctx.graph.get("heads") or []
    if sorted(ctx.snapshot.get("version") or []) != sorted(heads):
        return Outcome(False, _("upgrade to head first: the round trip starts at head"))
    expected_up = schema_only(ctx.snapshot)
    with ctx.scratch() as engine:
        down = ctx.run_alembic(["downgrade", target], engine)
        if not down["ok"]:
            err = down["error"] or {}
            return Outcome(False, _fmt(N_("downgrade to {target} failed: {error}"), target=target,
                                       error=err.get("message", "")))
        down_snapshot = take(engine)
        problem = _schema_problem(schema_only(down_snapshot), expected_down)
        if problem:
            return Outcome(False, _fmt(N_("after downgrade {target}: {problem}; a downgrade "
                                          "does not undo its upgrade"), target=target,
                                       problem=problem))
        if values:
            missing = _values_back_problem(down_snapshot, ctx.start.get("data") or {}, target)
            if missing:
                return Outcome(False, missing)
        up = ctx.run_alembic(["upgrade", "heads"], engine)
        if not up["ok"]:
            err = up["error"] or {}
            return Outcome(False, _fmt(N_("upgrade after the downgrade failed: {error}"),
                                       error=err.get("message", "")))
        problem = _schema_problem(schema_only(take(engine)), expected_up)
        if problem:
            return Outcome(False, _fmt(N_("after upgrading again: {problem}"), problem=problem))
    if values:
        return Outcome(True, _fmt(N_("down to {target} and up again restores the schema, and "
                                     "the downgrade brings every value back"), target=target))
    return Outcome(True, _fmt(N_("down to {target} and up again restores the schema"),
                              target=target))


def _values_back_problem(snap: dict[str, Any], start_data: dict[str, Any],
                         target: str) -> str | None:
    """After a downgrade to the start: the first column whose starting values did not all
    come back (a re-created column is empty unless the migration restores it)."""
    for table in sorted(start_data):
        start = start_data[table]
        now = snap["tables"].get(table)
        if not start["rows"] or now is None:
            continue
        names = [c["name"] for c in now["columns"]]
        key_cols = start["primary_key"] or start["columns"]
        ki = [start["columns"].index(k) for k in key_cols]
        rows = {tuple(r[names.index(k)] for k in key_cols): r for r in now["rows"]}
        for i, column in enumerate(start["columns"]):
            if column not in names:
                continue
            ni = names.index(column)
            missing = sum(1 for r in start["rows"]
                          if _value_at(rows.get(tuple(r[k] for k in ki)), ni) != r[i])
            if missing:
                return _plural("after downgrade {target}: {count} value of {column} did not "
                               "come back; a downgrade can only put back what the upgrade kept",
                               "after downgrade {target}: {count} values of {column} did not "
                               "come back; a downgrade can only put back what the upgrade kept",
                               missing, target=target, column=f"{table}.{column}")
    return None


def _value_at(row: list[Any] | None, index: int) -> Any:
    return _MISSING if row is None else row[index]


def _schema_problem(now: dict[str, Any], expected: dict[str, Any]) -> str | None:
    for table in sorted(now.keys() - expected.keys()):
        return _fmt(N_("table {table} is still there"), table=table)
    for table in sorted(expected.keys() - now.keys()):
        return _fmt(N_("table {table} is missing"), table=table)
    for table in sorted(expected):
        cols_now = {c["name"]: c for c in now[table]["columns"]}
        cols_exp = {c["name"]: c for c in expected[table]["columns"]}
        for col in sorted(cols_now.keys() - cols_exp.keys()):
            return _fmt(N_("{column} is still there"), column=f"{table}.{col}")
        for col in sorted(cols_exp.keys() - cols_now.keys()):
            return _fmt(N_("{column} is missing"), column=f"{table}.{col}")
        for col in sorted(cols_exp):
            # Only the facts the expected side recorded: a start saved before a fact was
            # added (e.g. ``length``) still compares.
            was = cols_exp[col]
            now_col = {k: cols_now[col].get(k) for k in was}
            if now_col == was:
                continue
            if {**now_col, "length": None} == {**was, "length": None}:
                return _length_problem(f"{table}.{col}", now_col["length"], was["length"])
            return _fmt(N_("{column} is not as it was"), column=f"{table}.{col}")
        if now[table]["indexes"] != expected[table]["indexes"]:
            return _fmt(N_("the indexes of {table} differ"), table=table)
        if now[table]["foreign_keys"] != expected[table]["foreign_keys"]:
            return _fmt(N_("the foreign keys of {table} differ"), table=table)
        # A start saved before unique constraints were recorded still compares.
        if "uniques" in expected[table] and now[table].get("uniques") != expected[table][
                "uniques"]:
            return _fmt(N_("the unique constraints of {table} differ"), table=table)
    return None


def _length_problem(column: str, actual: int | None, expected: int | None) -> str:
    if actual is None:
        return _fmt(N_("{column} has no length limit; it was {expected}"), column=column,
                    expected=expected)
    if expected is None:
        return _fmt(N_("{column} has length {actual}; it had no length limit"), column=column,
                    actual=actual)
    return _fmt(N_("{column} has length {actual}; it was {expected}"), column=column,
                actual=actual, expected=expected)


@check("models_match")
def _models_match(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """``alembic check``: autogenerate finds no difference between models.py and the database."""
    assert ctx.run_alembic is not None
    result = ctx.run_alembic(["check"], ctx.extra["engine"])
    if result["ok"]:
        return Outcome(True, _("the database matches models.py (alembic check finds nothing)"))
    err = result.get("error") or {}
    return Outcome(False, _fmt(N_("the database and models.py differ: {detail}"),
                               detail=_summarise_autogen(err.get("message") or "")))


def _summarise_autogen(message: str) -> str:
    """``New upgrade operations detected: [('add_column', None, 'users', Column(...))]``
    -> ``add_column users.phone``: the operations, without SQLAlchemy's reprs."""
    ops = re.findall(r"\('(\w+)', (?:None|'\w*'), '(\w+)'(?:, Column\('(\w+)')?", message)
    tables = re.findall(r"\('((?:add|remove)_table)', Table\('(\w+)'", message)
    indexes = re.findall(r"\('((?:add|remove)_index)', Index\('(\w+)'", message)
    if not ops and not tables and not indexes:
        return message.split("\n")[0][:200]
    return ", ".join([f"{op} {table}" for op, table in tables]
                     + [f"{op} {name}" for op, name in indexes]
                     + [f"{op} {table}" + (f".{column}" if column else "")
                        for op, table, column in ops])


# -- files and commands ----------------------------------------------------------------------
@check("file_contains", "glob", "pattern", "new_only", "absent", "example")
def _file_contains(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    pattern = re.compile(p["pattern"])
    # What the learner reads: an example of the text, not the regex (``example``).
    shown = p.get("example") or p["pattern"]
    start_files = ctx.start.get("files") or {}
    hits = []
    for path in sorted(ctx.sandbox.glob(p.get("glob", "versions/*.py"))):
        rel = str(path.relative_to(ctx.sandbox))
        if p.get("new_only", True) and rel in start_files:
            continue
        if pattern.search(path.read_text(encoding="utf-8", errors="replace")):
            hits.append(rel)
    if p.get("absent"):
        glob = p.get("glob", "versions/*.py")
        none = (_fmt(N_("no migration uses {pattern}"), pattern=shown)
                if glob.startswith("versions/")
                else _fmt(N_("{file} does not use {pattern}"), file=glob, pattern=shown))
        return Outcome(not hits, none if not hits else _fmt(
            N_("{file} uses {pattern}"), file=hits[0], pattern=shown))
    return Outcome(bool(hits), _fmt(N_("{file} uses {pattern}"), file=hits[0],
                                    pattern=shown) if hits
                   else _fmt(N_("no new migration uses {pattern} yet"), pattern=shown))


@check("command_used", "pattern", "example")
def _command_used(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    pattern = re.compile(p["pattern"])
    used = any(pattern.search(c) for c in ctx.commands)
    shown = p.get("example") or p["pattern"]
    return Outcome(used, _fmt(N_("you ran {command}"), command=shown) if used
                   else _fmt(N_("run {command}"), command=shown))


@check("tables_per_revision", "max")
def _tables_per_revision(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """From the start, one revision at a time on a scratch copy: every revision applies on its
    own and changes at most ``max`` tables (added, dropped or altered). Where DDL is not
    transactional, a migration that fails halfway keeps what ran before the failure; small
    revisions leave nothing half done."""
    from tutorial.engine.snapshot import schema_only, take

    assert ctx.run_alembic is not None and ctx.scratch is not None
    limit = int(p.get("max", 1))
    start = ",".join(ctx.start.get("revision") or []) or "base"
    heads = sorted(ctx.graph.get("heads") or [])
    if not heads:
        return Outcome(False, _("there are no revisions"))
    with ctx.scratch() as engine:
        down = ctx.run_alembic(["downgrade", start], engine)
        if not down["ok"]:
            return Outcome(False, _fmt(N_("downgrade to {target} failed: {error}"), target=start,
                                       error=(down["error"] or {}).get("message", "")))
        snap = take(engine)
        # Each step applies one revision, so a linear history ends within this many steps.
        for _step in range(len(ctx.graph.get("revisions") or []) + 1):
            if sorted(snap.get("version") or []) == heads:
                break
            up = ctx.run_alembic(["upgrade", "+1"], engine)
            if not up["ok"]:
                return Outcome(False, _fmt(
                    N_("upgrading from {start} one revision at a time failed: {error}"),
                    start=start, error=(up["error"] or {}).get("message", "")))
            after = take(engine)
            before_schema, after_schema = schema_only(snap), schema_only(after)
            changed = sorted(name for name in before_schema.keys() | after_schema.keys()
                             if before_schema.get(name) != after_schema.get(name))
            if len(changed) > limit:
                return Outcome(False, _plural(
                    "revision {revision} changes {count} table ({tables}); the goal is at "
                    "most {max} per revision",
                    "revision {revision} changes {count} tables ({tables}); the goal is at "
                    "most {max} per revision", len(changed),
                    revision=", ".join(after.get("version") or []), tables=", ".join(changed),
                    max=limit))
            snap = after
    if sorted(snap.get("version") or []) != heads:
        return Outcome(False, _fmt(N_("upgrading from {start} one revision at a time did not "
                                      "reach head"), start=start))
    return Outcome(True, _plural(
        "every revision from {start} to head changes at most {count} table",
        "every revision from {start} to head changes at most {count} tables", limit,
        start=start))


@check("fresh_upgrade", "target", "tables", "same_schema")
def _fresh_upgrade(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """``alembic upgrade <target>`` on a new, empty database (a teammate's laptop, CI): it must
    work and create ``tables``; with ``same_schema`` it must also give exactly this database's
    schema. A database changed by hand, or by migrations that look at what exists before they
    act, is at head like the new one and still differs from it."""
    from tutorial.engine.snapshot import schema_only, take

    assert ctx.run_alembic is not None and ctx.empty is not None
    target = str(p.get("target", "heads"))
    with ctx.empty() as engine:
        up = ctx.run_alembic(["upgrade", target], engine)
        if not up["ok"]:
            return Outcome(False, _fmt(
                N_("on a new, empty database, alembic upgrade {target} fails: {error}"),
                target=target, error=(up["error"] or {}).get("message", "")))
        built = take(engine, full_rows=0)
    for table in _cols(p.get("tables", [])):
        if table not in built["tables"]:
            return Outcome(False, _fmt(N_("on a new, empty database, alembic upgrade {target} "
                                          "does not create table {table}"),
                                       target=target, table=table))
    if p.get("same_schema"):
        problem = _schema_problem(schema_only(built), schema_only(ctx.snapshot))
        if problem:
            return Outcome(False, _fmt(N_("a new database built with alembic upgrade {target} "
                                          "differs from this one: {problem}"),
                                       target=target, problem=problem))
        return Outcome(True, _fmt(N_("a new database built with alembic upgrade {target} has "
                                     "the same schema as this one"), target=target))
    return Outcome(True, _fmt(N_("on a new, empty database, alembic upgrade {target} works"),
                              target=target))


@check("expand_phase", "table", "old", "new", "insert", "update")
def _expand_phase(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """Expand/contract: from the start, one revision at a time, some revision has column
    ``old`` and column ``new`` side by side, with every row's ``old`` value copied into
    ``new``: the state in which old and new code can both run. With ``insert`` (a row as old
    code writes it: ``old`` set, ``new`` left out) and ``update`` (a new ``old`` value for the
    first row), a write made the old way must reach ``new`` too (dual write, e.g. a trigger);
    those test writes are rolled back.

    The walk runs on a new, empty database brought to the start revision and given the start
    rows (not the start ``sql``), so it does not depend on the learner's downgrades."""
    from tutorial.engine.snapshot import take

    assert ctx.run_alembic is not None and ctx.empty is not None
    table, old, new = p["table"], p["old"], p["new"]
    refs = {"old": f"{table}.{old}", "new": f"{table}.{new}"}
    start = ",".join(ctx.start.get("revision") or []) or "base"
    heads = sorted(ctx.graph.get("heads") or [])
    if not heads:
        return Outcome(False, _("there are no revisions"))
    # The furthest the walk got, reported if no revision is a complete expand phase.
    failure = Outcome(False, _fmt(N_("no revision from the start to head has {old} and {new} "
                                     "side by side: code that still uses {old} breaks as soon "
                                     "as the migration runs"), **refs))
    with ctx.empty() as engine:
        for revision in ctx.start.get("revision") or []:
            up = ctx.run_alembic(["upgrade", revision], engine)
            if not up["ok"]:
                return Outcome(False, _fmt(
                    N_("on a new, empty database, alembic upgrade {target} fails: {error}"),
                    target=revision, error=(up["error"] or {}).get("message", "")))
        _insert_start_rows(engine, ctx.start.get("data") or {})
        snap = take(engine)
        for _step in range(len(ctx.graph.get("revisions") or []) + 1):
            found = _expand_state(engine, snap, p, refs)
            if found is not None:
                if found.passed:
                    return found
                failure = found
            if sorted(snap.get("version") or []) == heads:
                break
            up = ctx.run_alembic(["upgrade", "+1"], engine)
            if not up["ok"]:
                return Outcome(False, _fmt(
                    N_("upgrading from {start} one revision at a time failed: {error}"),
                    start=start, error=(up["error"] or {}).get("message", "")))
            snap = take(engine)
    return failure


def _insert_start_rows(engine: Any, start_data: dict[str, Any]) -> None:
    """The start snapshot's rows into a database at the start revision (the columns it has),
    parents before children. Plain SQL parameters: the values are as the snapshot keeps them."""
    from sqlalchemy import MetaData, text

    metadata = MetaData()
    metadata.reflect(engine, only=[t for t in start_data if start_data[t]["rows"]])
    quote = engine.dialect.identifier_preparer.quote
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            start = start_data[table.name]
            columns = [c for c in start["columns"] if c in table.c]
            if not columns or not start["rows"]:
                continue
            names = ", ".join(quote(c) for c in columns)
            values = ", ".join(f":p{i}" for i in range(len(columns)))
            rows = [{f"p{i}": row[start["columns"].index(c)] for i, c in enumerate(columns)}
                    for row in start["rows"]]
            conn.execute(text(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({values})"),
                         rows)


def _expand_state(engine: Any, snap: dict[str, Any], p: dict[str, Any],
                  refs: dict[str, str]) -> Outcome | None:
    """Whether this revision is the expand phase: None when the two columns are not both
    there, else passed or the reason it falls short (not backfilled, writes not copied)."""
    t = snap["tables"].get(p["table"])
    names = [c["name"] for c in t["columns"]] if t else []
    if p["old"] not in names or p["new"] not in names:
        return None
    revision = ", ".join(snap.get("version") or []) or "base"
    oi, ni = names.index(p["old"]), names.index(p["new"])
    unfilled = sum(1 for row in t["rows"] if row[oi] is not None and row[ni] != row[oi])
    if unfilled:
        return Outcome(False, _plural(
            "at revision {revision}, {count} row has no copy of its {old} value in {new} yet: "
            "backfill it",
            "at revision {revision}, {count} rows have no copy of their {old} value in {new} yet: "
            "backfill them", unfilled, revision=revision, **refs))
    problem = _dual_write_problem(engine, t, p, refs, revision)
    if problem:
        return Outcome(False, problem)
    return Outcome(True, _fmt(N_("at revision {revision}, {old} and {new} sit side by side, "
                                 "filled and kept in step"), revision=revision, **refs))


def _dual_write_problem(engine: Any, t: dict[str, Any], p: dict[str, Any],
                        refs: dict[str, str], revision: str) -> str | None:
    """Write the old way (``insert``, ``update``) in a transaction that is rolled back, and
    read ``new`` back: None when every such write reached it."""
    from sqlalchemy import MetaData, Table, and_, select

    from tutorial.engine.snapshot import plain

    if "insert" not in p and "update" not in p:
        return None
    old, new = p["old"], p["new"]
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            table = Table(p["table"], MetaData(), autoload_with=conn)
            key_cols = t["primary_key"]
            writes = []
            if "insert" in p:
                row = dict(p["insert"])
                conn.execute(table.insert().values(**row))
                writes.append((N_("at revision {revision}, a row inserted the old way (only "
                                  "{old}) gets {got} in {new}: nothing copies new writes"),
                               {k: row[k] for k in key_cols}, row[old]))
            if "update" in p and t["rows"]:
                names = [c["name"] for c in t["columns"]]
                first = {k: t["rows"][0][names.index(k)] for k in key_cols}
                conn.execute(table.update().where(and_(*[table.c[k] == v
                                                         for k, v in first.items()]))
                             .values({old: p["update"]}))
                writes.append((N_("at revision {revision}, a row updated the old way (only "
                                  "{old}) gets {got} in {new}: nothing copies new writes"),
                               first, p["update"]))
            for message, key, expected in writes:
                got = plain(conn.execute(select(table.c[new]).where(
                    and_(*[table.c[k] == v for k, v in key.items()]))).scalar())
                if got != expected:
                    return _fmt(message, revision=revision, got=repr(got), **refs)
        except Exception as exc:  # noqa: BLE001 - e.g. a NOT NULL the old code cannot meet
            return _fmt(N_("at revision {revision}, a write the old way fails: {error}"),
                        revision=revision, error=str(exc).split("\n")[0])
        finally:
            trans.rollback()
    return None


_LOG_LINE = re.compile(r"^[A-Z]+ +\[[\w.]+\] ", re.MULTILINE)


@check("upgrade_sql", "pattern", "example", "absent")
def _upgrade_sql(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """The SQL that the revisions added since the start would send, as ``alembic upgrade
    <start>:heads --sql`` writes it (offline: nothing runs), matches a regex, or not
    (``absent``). It judges what a migration does however it is spelled (an ``op.*`` keyword
    or raw SQL), e.g. ``CREATE INDEX CONCURRENTLY`` or a ``COMMIT`` between two statements.
    On SQLite, batch mode cannot render offline without ``copy_from``: a check for
    PostgreSQL only (``backends``) is the usual use."""
    assert ctx.run_alembic is not None
    start = ctx.start.get("revision") or []
    if len(start) > 1:
        raise ValueError("upgrade_sql from a start with several heads is not supported")
    target = f"{start[0]}:heads" if start else "heads"
    result = ctx.run_alembic(["upgrade", target, "--sql"], ctx.extra.get("engine"))
    if not result["ok"]:
        err = result.get("error") or {}
        return Outcome(False, _fmt(N_("alembic upgrade --sql failed: {error}"),
                                   error=(err.get("message") or "").split("\n")[0]))
    sql = "\n".join(line for line in result["output"].splitlines()
                    if not _LOG_LINE.match(line))
    found = re.search(p["pattern"], sql) is not None
    shown = p.get("example") or p["pattern"]
    if p.get("absent"):
        return Outcome(not found, _fmt(N_("the SQL of your revisions contains {sql}"), sql=shown)
                       if found else _fmt(N_("the SQL of your revisions does not contain {sql}"),
                                          sql=shown))
    return Outcome(found, _fmt(N_("the SQL of your revisions contains {sql}"), sql=shown)
                   if found else _fmt(N_("the SQL of your revisions does not contain {sql} yet "
                                         "(alembic upgrade --sql shows it)"), sql=shown))


@check("branch", "label", "applied", "own_base")
def _branch(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    """A branch named by ``branch_labels``: with ``own_base`` its labelled revision has no
    down_revision (an independent line with a base of its own, not a fork of another line);
    with ``applied`` (the default) the database is at the branch's head, as after
    ``alembic upgrade <label>@head``; ``applied = false``: the branch waits (not at its head)."""
    label = p["label"]
    revisions = ctx.graph.get("revisions") or []
    labelled = ([r for r in revisions if label in (r.get("declared_labels") or [])]
                or [r for r in revisions if label in (r.get("branch_labels") or [])])
    if not labelled:
        return Outcome(False, _fmt(N_("no revision has the branch label {label} yet"),
                                   label=label))
    first = labelled[0]
    if p.get("own_base") and first["parents"]:
        return Outcome(False, _fmt(N_("branch {label} forks from {parent}; the goal is a branch "
                                      "that starts at a base of its own"),
                                   label=label, parent=", ".join(first["parents"])))
    children: dict[str, list[str]] = {}
    for rev in revisions:
        for parent in rev["parents"]:
            children.setdefault(parent, []).append(rev["id"])
    line, todo = set(), [first["id"]]
    while todo:
        rev_id = todo.pop()
        if rev_id not in line:
            line.add(rev_id)
            todo.extend(children.get(rev_id, []))
    heads = sorted(h for h in ctx.graph.get("heads") or [] if h in line)
    current = set(ctx.snapshot.get("version") or [])
    at_head = bool(heads) and all(h in current for h in heads)
    where = ", ".join(heads) or "-"
    if p.get("applied", True):
        if not at_head:
            return Outcome(False, _fmt(N_("branch {label} is not applied yet: its head {head} is "
                                          "not in alembic_version"), label=label, head=where))
        if p.get("own_base"):
            return Outcome(True, _fmt(N_("branch {label} starts at a base of its own and the "
                                         "database is at its head {head}"),
                                      label=label, head=where))
        return Outcome(True, _fmt(N_("the database is at the head {head} of branch {label}"),
                                  label=label, head=where))
    if at_head:
        return Outcome(False, _fmt(N_("branch {label} is applied up to {head}; the goal leaves it "
                                      "for later"), label=label, head=where))
    return Outcome(True, _fmt(N_("branch {label} waits: its head {head} is not applied"),
                              label=label, head=where))


# -- the lesson's own --------------------------------------------------------------------------
@check("python", "function")
def _python(ctx: CheckContext, p: dict[str, Any]) -> Outcome:
    if ctx.lesson_dir is None:
        raise ValueError("a python check needs the lesson folder")
    path = ctx.lesson_dir / "checks.py"
    spec = importlib.util.spec_from_file_location("lesson_checks", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = getattr(module, p["function"])(ctx)
    if isinstance(result, Outcome):
        return result
    passed, message = result if isinstance(result, tuple) else (bool(result), "")
    return Outcome(bool(passed), _(message) if message else "")


def applies(spec: dict[str, Any], backend: str | None) -> bool:
    """Whether a goal check (or a wrong attempt) with an optional ``backends`` list is for
    ``backend``; everything applies when the backend is unknown."""
    only = spec.get("backends")
    return not only or backend is None or backend in only


def evaluate(goal: list[dict[str, Any]], ctx: CheckContext) -> dict[str, Any]:
    """Run every check that applies to the backend; a check that itself breaks fails with its
    reason, never raises. A check for other backends is left out of the results."""
    results = []
    backend = ctx.backend
    for spec in goal:
        if not applies(spec, backend):
            continue
        kind = spec.get("check", "")
        params = {k: v for k, v in spec.items() if k not in COMMON_PARAMS}
        fn = REGISTRY.get(kind)
        try:
            if fn is None:
                raise ValueError(f"unknown check {kind!r}")
            outcome = fn(ctx, params)
        except Exception as exc:  # noqa: BLE001 - a check's own failure is reported
            outcome = Outcome(False, _fmt(N_("this check could not run: {error}"),
                                          error=f"{type(exc).__name__}: {exc}"))
        results.append({"id": spec.get("id", kind), "passed": outcome.passed,
                        "message": outcome.message})
    return {"passed": bool(results) and all(r["passed"] for r in results), "checks": results}
