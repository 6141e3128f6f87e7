"""Raw SQL from ``op.execute(...)``, classified just enough for the rules.

This is not a SQL parser: it splits statements, drops comments and looks at the first words,
which is what the rules need (is it an UPDATE of ``users``? a CREATE INDEX, CONCURRENTLY or
not?). Anything else is ``other``, and the ``raw-sql`` rule asks for a human review.
"""

from __future__ import annotations

import re

from tutorial.lint.model import SqlStatement

_NAME = r'(?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?'

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (verb, re.compile(pattern, re.IGNORECASE | re.DOTALL))
    for verb, pattern in (
        ("update", rf"UPDATE\s+(?:ONLY\s+)?(?P<table>{_NAME})"),
        ("delete", rf"DELETE\s+FROM\s+(?:ONLY\s+)?(?P<table>{_NAME})"),
        ("insert", rf"INSERT\s+INTO\s+(?P<table>{_NAME})"),
        (
            "create_index",
            r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?P<conc>CONCURRENTLY\s+)?"
            rf"(?:IF\s+NOT\s+EXISTS\s+)?(?:(?P<name>{_NAME})\s+)?ON\s+(?:ONLY\s+)?(?P<table>{_NAME})",
        ),
        (
            "drop_index",
            rf"DROP\s+INDEX\s+(?P<conc>CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?(?P<name>{_NAME})",
        ),
        (
            "create_table",
            rf"CREATE\s+(?:TEMP(?:ORARY)?\s+|UNLOGGED\s+)?TABLE\s+"
            rf"(?:IF\s+NOT\s+EXISTS\s+)?(?P<table>{_NAME})",
        ),
        ("drop_table", rf"DROP\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?P<table>{_NAME})"),
        ("alter_table", rf"ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?P<table>{_NAME})"),
        ("select", r"(?:SELECT|WITH|SHOW|EXPLAIN)\b"),
    )
)

_COMMENT = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)


def _unquote(name: str | None) -> str | None:
    """``"public"."users"`` -> ``users`` (the rules compare bare table names)."""
    if name is None:
        return None
    last = re.split(r"\s*\.\s*", name)[-1]
    return last.strip('"')


def split_statements(sql: str) -> list[str]:
    """Split on semicolons outside quotes; comments removed, blank statements dropped."""
    out: list[str] = []
    buf: list[str] = []
    quote: str | None = None
    for ch in _COMMENT.sub(" ", sql):
        if quote:
            buf.append(ch)
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
            buf.append(ch)
        elif ch == ";":
            out.append("".join(buf))
            buf = []
        else:
            buf.append(ch)
    out.append("".join(buf))
    return [s.strip() for s in out if s.strip()]


def classify(sql: str) -> tuple[SqlStatement, ...]:
    statements: list[SqlStatement] = []
    for text in split_statements(sql):
        for verb, pattern in _PATTERNS:
            match = pattern.match(text)
            if match:
                groups = match.groupdict()
                statements.append(
                    SqlStatement(
                        verb=verb,
                        table=_unquote(groups.get("table")),
                        name=_unquote(groups.get("name")),
                        concurrently=bool(groups.get("conc")),
                        text=text,
                    )
                )
                break
        else:
            statements.append(SqlStatement(verb="other", text=text))
    return tuple(statements)
