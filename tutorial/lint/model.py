"""The neutral data the linter works on: what a migration file does, and what was found.

Nothing here knows about ``ast`` or about rules. :mod:`tutorial.lint.ast_ops` fills these in
from a migration's syntax tree; :mod:`tutorial.lint.rules` reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
Phase = Literal["upgrade", "downgrade"]

SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
DIALECTS: tuple[str, ...] = ("postgresql", "sqlite")


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value the linter cannot know without running the file (a variable, a call...)."""

    source: str = ""


UNKNOWN = Unknown()


@dataclass(frozen=True, slots=True)
class TypeRef:
    """A SQLAlchemy type as written: ``sa.String(255)`` -> ``TypeRef("String", (255,))``."""

    name: str
    args: tuple[int, ...] = ()

    @property
    def length(self) -> int | None:
        return self.args[0] if self.args else None

    def __str__(self) -> str:
        return f"{self.name}({', '.join(map(str, self.args))})" if self.args else self.name


@dataclass(frozen=True, slots=True)
class SqlExpr:
    """A SQL expression: ``sa.text("now()")`` (kind ``text``) or ``sa.func.now()`` (``func``)."""

    kind: Literal["text", "func", "literal"]
    text: str
    function: str | None = None  # lower-case function name for ``func`` and ``text`` calls

    def __str__(self) -> str:
        return self.text


#: What a keyword argument may hold after static evaluation.
Value = object  # str | int | float | bool | None | TypeRef | SqlExpr | Unknown | tuple


@dataclass(frozen=True, slots=True)
class ColumnDef:
    """``sa.Column(...)`` as written in a migration."""

    name: str | None
    type: TypeRef | None
    nullable: bool | None  # None: could not be known statically
    server_default: Value = None
    python_default: bool = False  # ``default=`` given (applied by SQLAlchemy, not the database)
    generated: bool = False  # Identity(), Computed() or Sequence(): the database fills it
    primary_key: bool = False
    unique: bool = False
    index: bool = False
    references: tuple[str, ...] = ()  # tables named by ForeignKey("table.col")


@dataclass(frozen=True, slots=True)
class SqlStatement:
    """One statement of raw SQL, classified just enough for the rules."""

    verb: str  # update, delete, insert, select, create_index, drop_index, create_table,
    #            drop_table, alter_table, other
    table: str | None = None
    name: str | None = None  # index name
    concurrently: bool = False
    text: str = ""


@dataclass(frozen=True, slots=True)
class Operation:
    """One migration operation (``op.add_column``, ``batch_op.alter_column``, ``op.execute``...)."""

    kind: str  # the alembic method name: add_column, alter_column, execute, ...
    phase: Phase
    line: int
    end_line: int
    table: str | None = None
    column: str | None = None
    new_name: str | None = None  # alter_column(new_column_name=...), rename_table's new name
    name: str | None = None  # index or constraint name
    columns: tuple[str, ...] = ()
    referent_table: str | None = None
    column_def: ColumnDef | None = None  # add_column
    table_columns: tuple[ColumnDef, ...] = ()  # create_table
    references: tuple[str, ...] = ()  # tables referenced by foreign keys
    kwargs: Mapping[str, Value] = field(default_factory=dict)
    statements: tuple[SqlStatement, ...] = ()  # execute
    in_batch: bool = False
    in_autocommit: bool = False
    via: Literal["op", "batch", "bind"] = "op"

    def kw(self, key: str, default: Value = None) -> Value:
        return self.kwargs.get(key, default)

    def flag(self, key: str) -> bool:
        """True only when ``key=True`` is written literally."""
        return self.kwargs.get(key) is True


BodyState = Literal["ops", "empty", "raises"]


@dataclass(slots=True)
class PhaseBody:
    """``upgrade()`` or ``downgrade()``."""

    phase: Phase
    line: int
    state: BodyState
    operations: list[Operation] = field(default_factory=list)


@dataclass(slots=True)
class MigrationScript:
    filename: str
    upgrade: PhaseBody | None
    downgrade: PhaseBody | None
    #: (line, dotted module) of every import in the file, at any depth.
    imports: tuple[tuple[int, str], ...] = ()

    @property
    def is_migration(self) -> bool:
        return self.upgrade is not None

    def operations(self, *phases: Phase) -> list[Operation]:
        wanted = phases or ("upgrade", "downgrade")
        out: list[Operation] = []
        for body in (self.upgrade, self.downgrade):
            if body is not None and body.phase in wanted:
                out.extend(body.operations)
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found. ``message`` and ``fix`` are already in the learner's language."""

    file: str
    line: int
    rule: str
    severity: str
    message: str
    fix: str
    lesson: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "fix": self.fix,
            "lesson": self.lesson,
        }
