"""A picture of a database: its schema and its rows, as plain JSON-able data (worker side).

``rows`` hold every row up to ``full_rows`` (so the diff can count lost values exactly); faces
get only a preview. Row order follows the primary key so two snapshots line up.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import uuid
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy import types as sqltypes
from sqlalchemy.engine import Connection, Engine

from tutorial.engine.snapshot_facts import schema_only  # noqa: F401 - re-exported

VERSION_TABLE = "alembic_version"
FULL_ROWS = 100_000
PREVIEW_ROWS = 50

_FAMILIES: list[tuple[type, str]] = [
    (sqltypes.Boolean, "boolean"),
    (sqltypes.Enum, "string"),
    (sqltypes.Text, "text"),
    (sqltypes.String, "string"),
    (sqltypes.Integer, "integer"),
    (sqltypes.Float, "float"),
    (sqltypes.Numeric, "numeric"),
    (sqltypes.DateTime, "datetime"),
    (sqltypes.Date, "date"),
    (sqltypes.Time, "time"),
    (sqltypes.Interval, "interval"),
    (sqltypes.LargeBinary, "binary"),
    (sqltypes.JSON, "json"),
    (sqltypes.Uuid, "uuid"),
]


def type_family(type_: Any) -> str:
    for cls, family in _FAMILIES:
        if isinstance(type_, cls):
            if family == "text" and getattr(type_, "length", None):
                return "string"
            return family
    return "other"


def plain(value: Any) -> Any:
    """A JSON-able stand-in for a database value (compared the same way on both sides)."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "base64:" + base64.b64encode(bytes(value)).decode()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def _type_name(type_: Any, dialect: Any) -> str:
    try:
        return str(type_.compile(dialect=dialect))
    except Exception:  # noqa: BLE001 - some reflected types cannot compile back
        return str(type_)


def _multi(call: Any, names: list[str]) -> dict[str, Any]:
    """One catalogue query for every table (``get_multi_*``), keyed by table name."""
    try:
        found = call(filter_names=names)
    except NotImplementedError:
        return {}
    return {key[1]: value for key, value in found.items()}


def _schema(conn: Connection, inspector: Any, names: list[str]) -> dict[str, dict[str, Any]]:
    dialect = conn.dialect
    columns = _multi(inspector.get_multi_columns, names)
    pks = _multi(inspector.get_multi_pk_constraint, names)
    indexes = _multi(inspector.get_multi_indexes, names)
    fks = _multi(inspector.get_multi_foreign_keys, names)
    uniques = _multi(inspector.get_multi_unique_constraints, names)
    checks = _multi(inspector.get_multi_check_constraints, names)
    out = {}
    for name in names:
        pk = (pks.get(name) or {}).get("constrained_columns") or []
        cols = []
        for col in columns.get(name, []):
            default = col.get("default")
            cols.append({
                "name": col["name"],
                "type": _type_name(col["type"], dialect),
                "family": type_family(col["type"]),
                "length": getattr(col["type"], "length", None),
                "nullable": bool(col.get("nullable", True)) and col["name"] not in pk,
                "default": None if default is None else str(default),
                "primary_key": col["name"] in pk,
            })
        out[name] = {
            "columns": cols,
            "primary_key": list(pk),
            "indexes": sorted(
                (
                    {"name": ix.get("name"), "columns": list(ix.get("column_names") or []),
                     "unique": bool(ix.get("unique"))}
                    for ix in indexes.get(name, [])
                ),
                key=lambda ix: (ix["name"] or "", ix["columns"]),
            ),
            "foreign_keys": [
                {"name": fk.get("name"), "columns": list(fk.get("constrained_columns") or []),
                 "ref_table": fk.get("referred_table"),
                 "ref_columns": list(fk.get("referred_columns") or [])}
                for fk in fks.get(name, [])
            ],
            "uniques": [
                {"name": uq.get("name"), "columns": list(uq.get("column_names") or [])}
                for uq in uniques.get(name, [])
            ],
            "checks": [
                {"name": ck.get("name"), "sqltext": str(ck.get("sqltext"))}
                for ck in checks.get(name, [])
            ],
        }
    return out


def _rows(conn: Connection, name: str, table: dict[str, Any], full_rows: int) -> None:
    quote = conn.dialect.identifier_preparer.quote
    names = [c["name"] for c in table["columns"]]
    pk = table["primary_key"]
    qname = quote(name)
    count = conn.execute(text(f"SELECT COUNT(*) FROM {qname}")).scalar_one()
    order = " ORDER BY " + ", ".join(quote(c) for c in pk) if pk else ""
    select = ", ".join(quote(c) for c in names) or "*"
    rows: list[list[Any]] = []
    if full_rows > 0:
        result = conn.execute(text(f"SELECT {select} FROM {qname}{order} LIMIT {int(full_rows)}"))
        rows = [[plain(v) for v in row] for row in result]
    if len(rows) == count:
        non_null = {c: sum(1 for r in rows if r[i] is not None) for i, c in enumerate(names)}
    else:
        counts = ", ".join(f"COUNT({quote(c)})" for c in names)
        values = conn.execute(text(f"SELECT {counts} FROM {qname}")).one() if names else []
        non_null = dict(zip(names, (int(v) for v in values), strict=False))
    table.update(row_count=int(count), rows=rows, complete=len(rows) == count,
                 non_null=non_null)


def current_version(engine: Engine) -> list[str] | None:
    """What ``alembic current`` would say: the rows of alembic_version (None: no table)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table(VERSION_TABLE):
            return None
        return sorted(r[0] for r in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")))


def take(engine: Engine, full_rows: int = FULL_ROWS) -> dict[str, Any]:
    """Snapshot every table of the database (a fresh inspector: they cache)."""
    with engine.connect() as conn:
        inspector = inspect(conn)
        names = sorted(inspector.get_table_names())
        version: list[str] | None = None
        if VERSION_TABLE in names:
            version = sorted(
                r[0] for r in conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
            )
        user_tables = [n for n in names if n != VERSION_TABLE]
        tables = _schema(conn, inspector, user_tables) if user_tables else {}
        for name, table in tables.items():
            _rows(conn, name, table, full_rows)
        conn.rollback()
    return {"dialect": engine.dialect.name, "version": version, "tables": tables}


def preview(snapshot: dict[str, Any], rows: int = PREVIEW_ROWS) -> dict[str, Any]:
    """The snapshot with at most ``rows`` rows a table: what crosses to the faces."""
    tables = {}
    for name, table in snapshot["tables"].items():
        tables[name] = {**table, "rows": table["rows"][:rows]}
    return {**snapshot, "tables": tables}
