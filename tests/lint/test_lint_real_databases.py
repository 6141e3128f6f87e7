"""The error-level rules tell the truth: what they call a failure fails on a real database
with rows, and the fix they suggest runs.

Each migration is linted (never run by the linter), then run here through Alembic's
``Operations`` the way ``env.py`` runs it: one transaction per migration, on a ``users``
table that already has rows.
"""

from __future__ import annotations

import textwrap
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations
from lint_helpers import HEADER, lint_text

SETUP = [
    "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(255), code VARCHAR(20), "
    "phone VARCHAR(20))",
    "INSERT INTO users (id, email, code, phone) VALUES "
    "(1, 'ann@example.com', '12', NULL), (2, 'a-much-longer-address@example.com', '7', '555')",
]


@dataclass(frozen=True)
class Case:
    rule: str
    upgrade: str  # body of upgrade()
    fails: bool
    error: str = ""  # the database's words, quoted by the finding too


PG_CASES = [
    Case(
        "not-null-without-default",
        'op.add_column("users", sa.Column("age", sa.Integer, nullable=False))',
        True,
        "contains null values",
    ),
    Case(
        "not-null-without-default",
        'op.add_column("users", sa.Column("age", sa.Integer, nullable=False, server_default="0"))',
        False,
    ),
    Case(
        "concurrently-in-transaction",
        'op.create_index("ix_e", "users", ["email"], postgresql_concurrently=True)',
        True,
        "cannot run inside a transaction block",
    ),
    Case(
        "concurrently-in-transaction",
        "with op.get_context().autocommit_block():\n"
        '    op.create_index("ix_e", "users", ["email"], postgresql_concurrently=True)',
        False,
    ),
    Case(
        "cast-without-using",
        'op.alter_column("users", "code", existing_type=sa.String(20), type_=sa.Integer())',
        True,
        "cannot be cast automatically",
    ),
    Case(
        "cast-without-using",
        'op.alter_column("users", "code", existing_type=sa.String(20), type_=sa.Integer(), '
        'postgresql_using="code::integer")',
        False,
    ),
    Case(
        "type-narrowing",
        'op.alter_column("users", "email", existing_type=sa.String(255), type_=sa.String(20))',
        True,
        "value too long",
    ),
    Case(
        "type-narrowing",
        'op.alter_column("users", "email", existing_type=sa.String(255), type_=sa.Text())',
        False,
    ),
]

SQLITE_CASES = [
    Case(
        "not-null-without-default",
        'op.add_column("users", sa.Column("age", sa.Integer, nullable=False))',
        True,
        "Cannot add a NOT NULL column with default value NULL",
    ),
    Case(
        "not-null-without-default",
        'op.add_column("users", sa.Column("age", sa.Integer, nullable=False, '
        'server_default=sa.text("0")))',
        False,
    ),
    Case(
        "sqlite-non-constant-default",
        'op.add_column("users", sa.Column("seen", sa.DateTime, server_default=sa.func.now()))',
        True,
        "Cannot add a column with non-constant default",
    ),
    Case(
        "sqlite-non-constant-default",
        'with op.batch_alter_table("users") as batch_op:\n'
        '    batch_op.add_column(sa.Column("seen", sa.DateTime, '
        "server_default=sa.func.now()))",
        False,
    ),
    Case(
        "sqlite-alter-outside-batch",
        'op.alter_column("users", "email", existing_type=sa.String(255), nullable=False)',
        True,
        'near "ALTER"',
    ),
    Case(
        "sqlite-alter-outside-batch",
        'with op.batch_alter_table("users") as batch_op:\n'
        '    batch_op.alter_column("email", existing_type=sa.String(255), nullable=False)',
        False,
    ),
    Case(
        "sqlite-alter-outside-batch",
        'op.create_unique_constraint("uq_email", "users", ["email"])',
        True,
        "No support for ALTER of constraints",
    ),
    Case(
        "sqlite-alter-outside-batch",
        'op.add_column("users", sa.Column("ref", sa.Integer, sa.ForeignKey("users.id")))',
        True,
        "No support for ALTER of constraints",
    ),
    Case(
        "sqlite-alter-outside-batch",
        'op.alter_column("users", "phone", new_column_name="mobile")',
        False,
    ),
]


def _source(case: Case) -> str:
    body = textwrap.indent(case.upgrade, "    ")
    return f"def upgrade():\n{body}\n\ndef downgrade():\n    pass\n"


def _run(engine: sa.Engine, case: Case) -> Exception | None:
    """Run ``upgrade()`` like env.py does: one transaction around the migration."""
    namespace: dict[str, object] = {}
    exec(compile(HEADER + _source(case), "migration.py", "exec"), namespace)  # noqa: S102
    with engine.connect() as conn:
        context = MigrationContext.configure(conn)
        namespace["op"] = Operations(context)
        try:
            with context.begin_transaction():
                namespace["upgrade"]()  # type: ignore[operator]
        except Exception as exc:  # the database's refusal is the point
            return exc
    return None


def _reset(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS users")
        for statement in SETUP:
            conn.exec_driver_sql(statement)


def _check(engine: sa.Engine, case: Case, dialect: str) -> None:
    _reset(engine)
    reported = {f.rule: f for f in lint_text(_source(case), dialect)}
    error = _run(engine, case)
    if case.fails:
        assert error is not None, f"expected {case.upgrade!r} to fail on {dialect}"
        assert case.error in str(error)
        assert case.rule in reported and reported[case.rule].severity == "error", reported
        assert case.error in reported[case.rule].message
    else:
        assert error is None, f"{case.upgrade!r} failed on {dialect}: {error}"
        assert case.rule not in reported, reported


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[sa.Engine]:
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'lint.db'}")
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    "case", SQLITE_CASES, ids=lambda c: f"{c.rule}-{'fails' if c.fails else 'ok'}"
)
def test_sqlite(sqlite_engine: sa.Engine, case: Case) -> None:
    _check(sqlite_engine, case, "sqlite")


@pytest.fixture(scope="module")
def pg_engine(request: pytest.FixtureRequest) -> Iterator[sa.Engine]:
    """A database of our own on the test run's private server, dropped afterwards."""
    admin_url = request.getfixturevalue("pg_admin_url")
    name = f"lint_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine = sa.create_engine(sa.make_url(admin_url).set(database=name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        admin.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("case", PG_CASES, ids=lambda c: f"{c.rule}-{'fails' if c.fails else 'ok'}")
def test_postgresql(pg_engine: sa.Engine, case: Case) -> None:
    _check(pg_engine, case, "postgresql")
