"""Database facts the rules rely on: which defaults are constant, stable or volatile, and
which type changes widen, narrow, or need an explicit cast.

PostgreSQL sources: the ALTER TABLE notes (a non-volatile DEFAULT on ADD COLUMN is stored in
the catalogue since 11, no rewrite; ``now()`` is STABLE, ``random()``/``gen_random_uuid()``/
``clock_timestamp()``/``nextval()`` are VOLATILE); varchar(n) -> varchar(m >= n) or text is
binary-coercible (no rewrite); casts from string types to anything else are explicit only
("cannot be cast automatically", so ``USING`` is needed).
"""

from __future__ import annotations

import re
from typing import Literal

from tutorial.lint.model import SqlExpr, TypeRef, Unknown, Value

DefaultKind = Literal["none", "constant", "time", "volatile", "expression", "unknown"]

VOLATILE_FUNCTIONS = frozenset(
    {
        "random",
        "gen_random_uuid",
        "uuid_generate_v1",
        "uuid_generate_v1mc",
        "uuid_generate_v4",
        "uuidv4",
        "uuidv7",
        "clock_timestamp",
        "timeofday",
        "nextval",
        "randomblob",
    }
)
#: STABLE in PostgreSQL (one value per statement), or SQLite's 'now' functions.
TIME_FUNCTIONS = frozenset(
    {
        "now",
        "current_timestamp",
        "current_date",
        "current_time",
        "localtimestamp",
        "localtime",
        "statement_timestamp",
        "transaction_timestamp",
        "unixepoch",
    }
)
_SQLITE_DATE_FUNCTIONS = frozenset({"datetime", "date", "time", "strftime", "julianday"})

_LITERAL = re.compile(
    r"""^\(*\s*(?:[-+]?\d+(?:\.\d+)?|'(?:[^']|'')*'|true|false|null)\s*\)*"""
    r"""(?:\s*::\s*[\w\s\[\]().,]+)?\s*$""",
    re.IGNORECASE,
)


def default_kind(value: Value) -> DefaultKind:
    """What a ``server_default=`` is, as far as the file tells."""
    if value is None:
        return "none"
    if isinstance(value, Unknown):
        return "unknown"
    if isinstance(value, (str, int, float, bool)):
        return "constant"
    if isinstance(value, SqlExpr):
        if value.kind == "literal":
            return "constant"
        function = value.function
        if function is None:
            return "constant" if _LITERAL.match(value.text) else "expression"
        if function in VOLATILE_FUNCTIONS:
            return "volatile"
        if function in TIME_FUNCTIONS:
            return "time"
        if function in _SQLITE_DATE_FUNCTIONS and "now" in value.text.lower():
            return "time"
        return "expression"
    return "unknown"


STRING_TYPES = frozenset(
    {
        "String",
        "VARCHAR",
        "Unicode",
        "NVARCHAR",
        "CHAR",
        "NCHAR",
        "Text",
        "TEXT",
        "UnicodeText",
        "CITEXT",
    }
)
_UNBOUNDED_STRINGS = frozenset({"Text", "TEXT", "UnicodeText", "CITEXT"})
#: SQLAlchemy type name -> the PostgreSQL name in its error message.
PG_TYPE_NAMES: dict[str, str] = {
    "Integer": "integer",
    "INTEGER": "integer",
    "INT": "integer",
    "BigInteger": "bigint",
    "BIGINT": "bigint",
    "SmallInteger": "smallint",
    "SMALLINT": "smallint",
    "Numeric": "numeric",
    "NUMERIC": "numeric",
    "DECIMAL": "numeric",
    "Float": "double precision",
    "FLOAT": "double precision",
    "Double": "double precision",
    "REAL": "real",
    "Boolean": "boolean",
    "BOOLEAN": "boolean",
    "Date": "date",
    "DATE": "date",
    "DateTime": "timestamp without time zone",
    "DATETIME": "timestamp without time zone",
    "TIMESTAMP": "timestamp without time zone",
    "Time": "time without time zone",
    "TIME": "time without time zone",
    "Interval": "interval",
    "INTERVAL": "interval",
    "Uuid": "uuid",
    "UUID": "uuid",
    "JSON": "json",
    "JSONB": "jsonb",
    "LargeBinary": "bytea",
    "BYTEA": "bytea",
}
_INT_WIDTH: dict[str, int] = {
    "SmallInteger": 2,
    "SMALLINT": 2,
    "Integer": 4,
    "INTEGER": 4,
    "INT": 4,
    "BigInteger": 8,
    "BIGINT": 8,
}


def _is_string(t: TypeRef) -> bool:
    return t.name in STRING_TYPES


def _string_limit(t: TypeRef) -> int | None:
    """Max length; None for unbounded (Text, or String() without a length)."""
    if t.name in _UNBOUNDED_STRINGS:
        return None
    return t.length


def is_widening(old: TypeRef | None, new: TypeRef | None) -> bool:
    """A change PostgreSQL makes without rewriting: a longer VARCHAR, VARCHAR -> TEXT,
    or a wider integer... except that integer widening does rewrite, so only strings."""
    if old is None or new is None or not (_is_string(old) and _is_string(new)):
        return False
    if old.name in ("CHAR", "NCHAR") or new.name in ("CHAR", "NCHAR"):
        return False  # CHAR pads: changing it rewrites
    old_limit, new_limit = _string_limit(old), _string_limit(new)
    if new_limit is None:
        return True
    return old_limit is not None and new_limit >= old_limit


def narrowing(old: TypeRef | None, new: TypeRef | None) -> bool:
    """A change that can cut or reject existing values: a shorter string, a smaller integer,
    fewer digits of a Numeric."""
    if old is None or new is None:
        return False
    if _is_string(old) and _is_string(new):
        old_limit, new_limit = _string_limit(old), _string_limit(new)
        return new_limit is not None and (old_limit is None or new_limit < old_limit)
    if old.name in _INT_WIDTH and new.name in _INT_WIDTH:
        return _INT_WIDTH[new.name] < _INT_WIDTH[old.name]
    numeric = ("Numeric", "NUMERIC", "DECIMAL")
    if old.name in numeric and new.name == old.name and old.args and new.args:
        # (precision, scale): fewer digits before the point overflow, after it round.
        old_scale = old.args[1] if len(old.args) > 1 else 0
        new_scale = new.args[1] if len(new.args) > 1 else 0
        return new.args[0] - new_scale < old.args[0] - old_scale or new_scale < old_scale
    return False


def needs_using(old: TypeRef | None, new: TypeRef | None) -> str | None:
    """The PostgreSQL type name when ``old -> new`` has no automatic cast, else None."""
    if old is None or new is None:
        return None
    target = PG_TYPE_NAMES.get(new.name)
    if target is None:
        return None
    if _is_string(old):
        return target
    old_int = old.name in _INT_WIDTH
    if (old_int and target == "boolean") or (
        old.name in ("Boolean", "BOOLEAN") and new.name in _INT_WIDTH
    ):
        return target
    if old_int and target in ("date", "timestamp without time zone", "uuid"):
        return target
    return None
