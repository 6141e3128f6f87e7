"""The rule registry and what every rule gets: a :class:`Context` over one migration script.

A rule is a function ``check(ctx) -> Iterable[Hit]`` registered with :func:`rule`. Messages
and fixes are English source strings marked with ``N_`` (so ``pybabel extract`` finds them),
with named ``{placeholders}``; the engine translates them when it makes the findings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from tutorial.lint.model import DIALECTS, MigrationScript, Operation, Phase, Severity

#: Lesson ids a rule may point to (``lessons/`` folders of the course).
LESSONS: frozenset[str] = frozenset(
    {
        "add-column",
        "not-null-backfill",
        "rename-column",
        "downgrade-roundtrip",
        "create-table",
        "drop-column",
        "change-type",
        "data-migration",
        "indexes-and-foreign-keys",
        "sqlite-batch",
        "atomic-migrations",
        "expand-contract",
    }
)

ALL_DIALECTS: frozenset[str] = frozenset(DIALECTS)
POSTGRESQL: frozenset[str] = frozenset({"postgresql"})
SQLITE: frozenset[str] = frozenset({"sqlite"})

#: Rules about what fails check both phases (a downgrade that cannot run is as bad as an
#: upgrade); rules about locks and data loss check upgrade() only, since undoing the upgrade
#: is exactly what a downgrade is for.
BOTH_PHASES: tuple[Phase, ...] = ("upgrade", "downgrade")
UPGRADE_ONLY: tuple[Phase, ...] = ("upgrade",)


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found, before translation."""

    line: int
    message: str  # English source, marked with N_
    fix: str  # English source, marked with N_
    params: Mapping[str, object] = field(default_factory=dict)
    end_line: int | None = None
    severity: Severity | None = None  # None: the rule's own severity


class Context:
    """One migration script seen for one dialect, with the facts several rules share."""

    def __init__(self, script: MigrationScript, dialect: str) -> None:
        self.script = script
        self.dialect = dialect

    def ops(self, phases: tuple[Phase, ...] = BOTH_PHASES) -> list[Operation]:
        return self.script.operations(*phases)

    @cached_property
    def _created(self) -> dict[Phase, set[str]]:
        return {p: self._tables_by(p, "create_table") for p in BOTH_PHASES}

    @cached_property
    def _dropped(self) -> dict[Phase, set[str]]:
        return {p: self._tables_by(p, "drop_table") for p in BOTH_PHASES}

    def _tables_by(self, phase: Phase, kind: str) -> set[str]:
        out: set[str] = set()
        for op in self.script.operations(phase):
            if op.kind == kind and op.table:
                out.add(op.table)
            for st in op.statements:
                if st.verb == kind and st.table:
                    out.add(st.table)
        return out

    def is_new(self, op: Operation, table: str | None = None) -> bool:
        """The table is created in the same phase (so it is empty and nobody uses it yet)."""
        name = table if table is not None else op.table
        return name is not None and name in self._created[op.phase]

    def is_dropped(self, op: Operation, table: str | None = None) -> bool:
        name = table if table is not None else op.table
        return name is not None and name in self._dropped[op.phase]

    def hit(
        self,
        op: Operation,
        message: str,
        fix: str,
        *,
        severity: Severity | None = None,
        **params: object,
    ) -> Hit:
        values: dict[str, object] = {"table": op.table, "column": op.column, "name": op.name}
        values.update(params)
        return Hit(
            line=op.line,
            end_line=op.end_line,
            message=message,
            fix=fix,
            params={k: "?" if v is None else v for k, v in values.items()},
            severity=severity,
        )


CheckFn = Callable[[Context], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    dialects: frozenset[str]
    lesson: str | None
    summary: str  # one line, English source marked with N_
    check: CheckFn
    #: Say nothing on a line that another rule already reported (``raw-sql``).
    quiet_if_other: bool = False


RULES: dict[str, Rule] = {}


def rule(
    id: str,  # noqa: A002 - the rule id is the natural name here
    *,
    severity: Severity,
    summary: str,
    dialects: frozenset[str] = ALL_DIALECTS,
    lesson: str | None = None,
    quiet_if_other: bool = False,
) -> Callable[[CheckFn], CheckFn]:
    """Register ``check`` as rule ``id``."""
    if lesson is not None and lesson not in LESSONS:
        raise ValueError(f"unknown lesson {lesson!r} for rule {id!r}")
    if id in RULES:
        raise ValueError(f"rule {id!r} registered twice")

    def register(check: CheckFn) -> CheckFn:
        RULES[id] = Rule(id, severity, dialects, lesson, summary, check, quiet_if_other)
        return check

    return register


def rules_for(dialect: str) -> Iterator[Rule]:
    return (r for r in RULES.values() if dialect in r.dialects)
