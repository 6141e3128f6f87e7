"""Every rule: a migration that triggers it, and a safe one that does not."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from lint_helpers import lint_text, rule_ids

from tutorial.lint import RULES


@dataclass(frozen=True)
class Case:
    rule: str
    dialect: str
    unsafe: str
    safe: str
    id: str = ""


DOWN_PASS = "\ndef downgrade():\n    pass\n"

CASES: list[Case] = [
    Case(
        "imports-app-models",
        "postgresql",
        """
        from myapp.models import User
        def upgrade():
            op.execute(sa.update(User).values(full_name=User.first_name))
        def downgrade():
            pass
        """,
        """
        users = sa.table("users", sa.column("full_name"), sa.column("first_name"))
        def upgrade():
            op.execute(users.update().values(full_name=users.c.first_name))
        def downgrade():
            pass
        """,
    ),
    # -- adding columns -------------------------------------------------------------------
    Case(
        "not-null-without-default",
        "postgresql",
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer, nullable=False))
        def downgrade():
            op.drop_column("users", "age")
        """,
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer, nullable=False, server_default="0"))
        def downgrade():
            op.drop_column("users", "age")
        """,
        "pg",
    ),
    Case(
        "not-null-without-default",
        "sqlite",
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.add_column(sa.Column("age", sa.Integer(), nullable=False))
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.drop_column("age")
        """,
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.add_column(sa.Column("age", sa.Integer(), nullable=False,
                                              server_default=sa.text("0")))
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.drop_column("age")
        """,
        "sqlite-batch",
    ),
    Case(
        "not-null-without-default",
        "postgresql",
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer, nullable=False, default=0))
        def downgrade():
            op.drop_column("users", "age")
        """,
        """
        def upgrade():
            op.create_table("pets", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("name", sa.String(50), nullable=False))
        def downgrade():
            op.drop_table("pets")
        """,
        "python-default-vs-new-table",
    ),
    Case(
        "volatile-default",
        "postgresql",
        """
        def upgrade():
            op.add_column("users", sa.Column("token", sa.Uuid,
                          server_default=sa.text("gen_random_uuid()")))
        def downgrade():
            op.drop_column("users", "token")
        """,
        """
        def upgrade():
            op.add_column("users", sa.Column("seen", sa.DateTime, server_default=sa.text("now()")))
        def downgrade():
            op.drop_column("users", "seen")
        """,
    ),
    Case(
        "volatile-default",
        "postgresql",
        """
        def upgrade():
            op.add_column("users", sa.Column("r", sa.Float, server_default=sa.func.random()))
        def downgrade():
            op.drop_column("users", "r")
        """,
        """
        def upgrade():
            op.add_column("users", sa.Column("seen", sa.DateTime, server_default=sa.func.now()))
        def downgrade():
            op.drop_column("users", "seen")
        """,
        "func",
    ),
    Case(
        "default-now-existing-rows",
        "postgresql",
        """
        def upgrade():
            op.add_column("users", sa.Column("created_at", sa.DateTime, nullable=False,
                          server_default=sa.func.now()))
        def downgrade():
            op.drop_column("users", "created_at")
        """,
        """
        def upgrade():
            op.add_column("users", sa.Column("active", sa.Boolean, nullable=False,
                          server_default=sa.true()))
        def downgrade():
            op.drop_column("users", "active")
        """,
    ),
    Case(
        "sqlite-non-constant-default",
        "sqlite",
        """
        def upgrade():
            op.add_column("users", sa.Column("created_at", sa.DateTime,
                          server_default=sa.text("CURRENT_TIMESTAMP")))
        def downgrade():
            op.drop_column("users", "created_at")
        """,
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.add_column(sa.Column("created_at", sa.DateTime,
                                              server_default=sa.text("CURRENT_TIMESTAMP")))
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.drop_column("created_at")
        """,
    ),
    Case(
        "set-not-null",
        "postgresql",
        """
        def upgrade():
            op.alter_column("users", "email", existing_type=sa.String(255), nullable=False)
        def downgrade():
            op.alter_column("users", "email", existing_type=sa.String(255), nullable=True)
        """,
        """
        def upgrade():
            op.alter_column("users", "email", existing_type=sa.String(255), nullable=True)
        def downgrade():
            op.alter_column("users", "email", existing_type=sa.String(255), nullable=False)
        """,
    ),
    Case(
        "set-not-null",
        "sqlite",
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("age", existing_type=sa.Integer, nullable=False)
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("age", existing_type=sa.Integer, nullable=True)
        """,
        """
        def upgrade():
            op.execute("UPDATE users SET age = 18 WHERE age IS NULL")
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("age", existing_type=sa.Integer, nullable=False)
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("age", existing_type=sa.Integer, nullable=True)
        """,
        "sqlite-backfilled",
    ),
    # -- indexes and constraints ------------------------------------------------------------
    Case(
        "index-not-concurrent",
        "postgresql",
        """
        def upgrade():
            op.create_index("ix_users_email", "users", ["email"])
        def downgrade():
            op.drop_index("ix_users_email", table_name="users")
        """,
        """
        def upgrade():
            with op.get_context().autocommit_block():
                op.create_index("ix_users_email", "users", ["email"],
                                postgresql_concurrently=True)
        def downgrade():
            with op.get_context().autocommit_block():
                op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)
        """,
    ),
    Case(
        "index-not-concurrent",
        "postgresql",
        """
        def upgrade():
            op.execute("CREATE INDEX ix_users_email ON users (email)")
        def downgrade():
            op.execute("DROP INDEX ix_users_email")
        """,
        """
        def upgrade():
            op.create_table("pets", sa.Column("id", sa.Integer, primary_key=True),
                            sa.Column("name", sa.String(50)))
            op.create_index("ix_pets_name", "pets", ["name"])
        def downgrade():
            op.drop_index("ix_pets_name", table_name="pets")
            op.drop_table("pets")
        """,
        "raw-sql-vs-new-table",
    ),
    Case(
        "drop-index-not-concurrent",
        "postgresql",
        """
        def upgrade():
            op.drop_index("ix_users_email", table_name="users")
        def downgrade():
            op.create_index("ix_users_email", "users", ["email"])
        """,
        """
        def upgrade():
            with op.get_context().autocommit_block():
                op.drop_index("ix_users_email", table_name="users", postgresql_concurrently=True)
        def downgrade():
            with op.get_context().autocommit_block():
                op.create_index("ix_users_email", "users", ["email"],
                                postgresql_concurrently=True)
        """,
    ),
    Case(
        "concurrently-in-transaction",
        "postgresql",
        """
        def upgrade():
            op.create_index("ix_users_email", "users", ["email"], postgresql_concurrently=True)
        def downgrade():
            op.drop_index("ix_users_email", table_name="users")
        """,
        """
        def upgrade():
            with op.get_context().autocommit_block():
                op.create_index("ix_users_email", "users", ["email"],
                                postgresql_concurrently=True)
        def downgrade():
            op.drop_index("ix_users_email", table_name="users")
        """,
    ),
    Case(
        "concurrently-in-transaction",
        "postgresql",
        """
        def upgrade():
            op.execute("CREATE INDEX CONCURRENTLY ix_users_email ON users (email)")
        def downgrade():
            op.execute("DROP INDEX ix_users_email")
        """,
        """
        def upgrade():
            ctx = op.get_context()
            with ctx.autocommit_block():
                op.execute("CREATE INDEX CONCURRENTLY ix_users_email ON users (email)")
        def downgrade():
            op.execute("DROP INDEX ix_users_email")
        """,
        "raw-sql",
    ),
    Case(
        "constraint-without-not-valid",
        "postgresql",
        """
        def upgrade():
            op.create_foreign_key("fk_projects_user_id", "projects", "users", ["user_id"], ["id"])
        def downgrade():
            op.drop_constraint("fk_projects_user_id", "projects", type_="foreignkey")
        """,
        """
        def upgrade():
            op.create_foreign_key("fk_projects_user_id", "projects", "users", ["user_id"], ["id"],
                                  postgresql_not_valid=True)
        def downgrade():
            op.drop_constraint("fk_projects_user_id", "projects", type_="foreignkey")
        """,
        "fk",
    ),
    Case(
        "constraint-without-not-valid",
        "postgresql",
        """
        def upgrade():
            op.create_check_constraint("ck_users_age", "users", "age >= 0")
        def downgrade():
            op.drop_constraint("ck_users_age", "users", type_="check")
        """,
        """
        def upgrade():
            op.create_check_constraint("ck_users_age", "users", "age >= 0",
                                       postgresql_not_valid=True)
        def downgrade():
            op.drop_constraint("ck_users_age", "users", type_="check")
        """,
        "check",
    ),
    Case(
        "add-unique-constraint",
        "postgresql",
        """
        def upgrade():
            op.create_unique_constraint("uq_users_email", "users", ["email"])
        def downgrade():
            op.drop_constraint("uq_users_email", "users", type_="unique")
        """,
        """
        def upgrade():
            with op.get_context().autocommit_block():
                op.create_index("uq_users_email", "users", ["email"], unique=True,
                                postgresql_concurrently=True)
        def downgrade():
            with op.get_context().autocommit_block():
                op.drop_index("uq_users_email", table_name="users", postgresql_concurrently=True)
        """,
    ),
    Case(
        "add-unique-constraint",
        "sqlite",
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.create_unique_constraint("uq_users_email", ["email"])
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.drop_constraint("uq_users_email", type_="unique")
        """,
        """
        def upgrade():
            op.create_index("uq_users_email", "users", ["email"], unique=True)
        def downgrade():
            op.drop_index("uq_users_email", table_name="users")
        """,
        "sqlite",
    ),
    # -- types ------------------------------------------------------------------------------
    Case(
        "type-change",
        "postgresql",
        """
        def upgrade():
            op.alter_column("users", "id", existing_type=sa.Integer(), type_=sa.BigInteger())
        def downgrade():
            op.alter_column("users", "id", existing_type=sa.BigInteger(), type_=sa.Integer())
        """,
        """
        def upgrade():
            op.alter_column("users", "email", existing_type=sa.VARCHAR(length=100),
                            type_=sa.VARCHAR(length=255), existing_nullable=False)
        def downgrade():
            op.alter_column("users", "email", existing_type=sa.VARCHAR(length=255),
                            type_=sa.VARCHAR(length=100), existing_nullable=False)
        """,
    ),
    Case(
        "type-narrowing",
        "postgresql",
        """
        def upgrade():
            op.alter_column("users", "email", existing_type=sa.String(255), type_=sa.String(50))
        def downgrade():
            op.alter_column("users", "email", existing_type=sa.String(50), type_=sa.String(255))
        """,
        """
        def upgrade():
            op.alter_column("users", "email", existing_type=sa.String(50), type_=sa.Text())
        def downgrade():
            op.alter_column("users", "email", existing_type=sa.Text(), type_=sa.String(),
                            postgresql_using="email")
        """,
    ),
    Case(
        "type-narrowing",
        "sqlite",
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("n", existing_type=sa.BigInteger(), type_=sa.SmallInteger())
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("n", existing_type=sa.SmallInteger(), type_=sa.BigInteger())
        """,
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("n", existing_type=sa.SmallInteger(), type_=sa.BigInteger())
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("n", existing_type=sa.BigInteger(), type_=sa.BigInteger())
        """,
        "sqlite-int",
    ),
    Case(
        "cast-without-using",
        "postgresql",
        """
        def upgrade():
            op.alter_column("users", "age", existing_type=sa.String(10), type_=sa.Integer())
        def downgrade():
            op.alter_column("users", "age", existing_type=sa.Integer(), type_=sa.String(10))
        """,
        """
        def upgrade():
            op.alter_column("users", "age", existing_type=sa.String(10), type_=sa.Integer(),
                            postgresql_using="age::integer")
        def downgrade():
            op.alter_column("users", "age", existing_type=sa.Integer(), type_=sa.String(10))
        """,
    ),
    # -- renames and drops -----------------------------------------------------------------
    Case(
        "rename-column",
        "postgresql",
        """
        def upgrade():
            op.alter_column("users", "phone", new_column_name="mobile")
        def downgrade():
            op.alter_column("users", "mobile", new_column_name="phone")
        """,
        """
        def upgrade():
            op.add_column("users", sa.Column("mobile", sa.String(20), nullable=True))
        def downgrade():
            op.drop_column("users", "mobile")
        """,
    ),
    Case(
        "rename-table",
        "sqlite",
        """
        def upgrade():
            op.rename_table("user", "users")
        def downgrade():
            op.rename_table("users", "user")
        """,
        """
        def upgrade():
            op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))
        def downgrade():
            op.drop_table("users")
        """,
    ),
    Case(
        "drop-column",
        "postgresql",
        """
        def upgrade():
            op.drop_column("users", "phone")
        def downgrade():
            op.add_column("users", sa.Column("phone", sa.String(20)))
        """,
        """
        def upgrade():
            op.add_column("users", sa.Column("phone", sa.String(20)))
        def downgrade():
            op.drop_column("users", "phone")
        """,
    ),
    Case(
        "drop-table",
        "postgresql",
        """
        def upgrade():
            op.drop_table("orders")
        def downgrade():
            op.create_table("orders", sa.Column("id", sa.Integer, primary_key=True))
        """,
        """
        def upgrade():
            op.execute("CREATE TABLE users_backup AS SELECT * FROM users")
            op.drop_table("users_backup")
        def downgrade():
            pass
        """,
        "temporary-table",
    ),
    # -- SQLite batch mode -----------------------------------------------------------------
    Case(
        "sqlite-alter-outside-batch",
        "sqlite",
        """
        def upgrade():
            op.alter_column("users", "age", existing_type=sa.Integer, nullable=False)
        def downgrade():
            op.alter_column("users", "age", existing_type=sa.Integer, nullable=True)
        """,
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("age", existing_type=sa.Integer, nullable=False)
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("age", existing_type=sa.Integer, nullable=True)
        """,
        "alter-column",
    ),
    Case(
        "sqlite-alter-outside-batch",
        "sqlite",
        """
        def upgrade():
            op.create_foreign_key("fk_p_u", "projects", "users", ["user_id"], ["id"])
        def downgrade():
            op.drop_constraint("fk_p_u", "projects", type_="foreignkey")
        """,
        """
        def upgrade():
            op.alter_column("users", "phone", new_column_name="mobile",
                            existing_type=sa.String(20))
        def downgrade():
            op.alter_column("users", "mobile", new_column_name="phone",
                            existing_type=sa.String(20))
        """,
        "constraint-vs-native-rename",
    ),
    Case(
        "sqlite-alter-outside-batch",
        "sqlite",
        """
        def upgrade():
            op.add_column("projects", sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id")))
        def downgrade():
            op.drop_column("projects", "user_id")
        """,
        """
        def upgrade():
            op.add_column("projects", sa.Column("user_id", sa.Integer))
        def downgrade():
            op.drop_column("projects", "user_id")
        """,
        "add-column-with-fk",
    ),
    Case(
        "sqlite-drop-column",
        "sqlite",
        """
        def upgrade():
            op.drop_column("users", "phone")
        def downgrade():
            op.add_column("users", sa.Column("phone", sa.String(20)))
        """,
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.drop_column("phone")
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.add_column(sa.Column("phone", sa.String(20)))
        """,
    ),
    # -- downgrade ------------------------------------------------------------------------
    Case(
        "downgrade-missing",
        "postgresql",
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer))
        def downgrade():
            pass
        """,
        """
        def upgrade():
            pass
        def downgrade():
            pass
        """,
        "pass-vs-merge-revision",
    ),
    Case(
        "downgrade-missing",
        "sqlite",
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer))
        """,
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer))
        def downgrade():
            raise NotImplementedError("irreversible: see the data migration notes")
        """,
        "missing-vs-declared-irreversible",
    ),
    Case(
        "downgrade-incomplete",
        "postgresql",
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer))
            op.add_column("users", sa.Column("phone", sa.String(20)))
        def downgrade():
            op.drop_column("users", "phone")
        """,
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer))
            op.add_column("users", sa.Column("phone", sa.String(20)))
        def downgrade():
            op.drop_column("users", "phone")
            op.drop_column("users", "age")
        """,
    ),
    # -- structure ------------------------------------------------------------------------
    Case(
        "unrelated-changes",
        "postgresql",
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer))
            op.drop_column("invoices", "legacy_code")
        def downgrade():
            op.add_column("invoices", sa.Column("legacy_code", sa.String(10)))
            op.drop_column("users", "age")
        """,
        """
        def upgrade():
            op.add_column("projects", sa.Column("owner_id", sa.Integer))
            op.create_foreign_key("fk_projects_owner", "projects", "users", ["owner_id"], ["id"],
                                  postgresql_not_valid=True)
            op.add_column("users", sa.Column("projects_count", sa.Integer))
        def downgrade():
            op.drop_column("users", "projects_count")
            op.drop_constraint("fk_projects_owner", "projects", type_="foreignkey")
            op.drop_column("projects", "owner_id")
        """,
    ),
    Case(
        "raw-sql",
        "sqlite",
        """
        def upgrade():
            op.execute("UPDATE users SET full_name = first_name || ' ' || last_name")
        def downgrade():
            op.execute("UPDATE users SET full_name = NULL")
        """,
        """
        def upgrade():
            conn = op.get_bind()
            conn.execute(sa.text("SELECT count(*) FROM users"))
        def downgrade():
            pass
        """,
    ),
    Case(
        "backfill-with-ddl",
        "postgresql",
        """
        def upgrade():
            op.add_column("users", sa.Column("full_name", sa.String(255), nullable=True))
            op.execute("UPDATE users SET full_name = first_name || ' ' || last_name")
        def downgrade():
            op.drop_column("users", "full_name")
        """,
        """
        def upgrade():
            with op.get_context().autocommit_block():
                op.execute("UPDATE users SET full_name = first_name || ' ' || last_name")
        def downgrade():
            op.execute("UPDATE users SET full_name = NULL")
        """,
    ),
    Case(
        "backfill-with-ddl",
        "postgresql",
        """
        users = sa.table("users", sa.column("full_name"))
        def upgrade():
            op.add_column("users", sa.Column("full_name", sa.String(255), nullable=True))
            op.execute(users.update().values(full_name="?"))
        def downgrade():
            op.drop_column("users", "full_name")
        """,
        """
        orders = sa.table("orders", sa.column("total"))
        def upgrade():
            op.add_column("users", sa.Column("full_name", sa.String(255), nullable=True))
            op.execute(orders.update().values(total=0))
        def downgrade():
            op.drop_column("users", "full_name")
        """,
        "sa-table-expression",
    ),
    Case(
        "syntax-error",
        "postgresql",
        """
        def upgrade(:
            op.add_column("users", sa.Column("age", sa.Integer))
        """,
        """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer))
        def downgrade():
            op.drop_column("users", "age")
        """,
    ),
]


def _case_id(case: Case) -> str:
    return f"{case.rule}[{case.dialect}{'-' + case.id if case.id else ''}]"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_unsafe_migration_triggers_rule(case: Case) -> None:
    findings = lint_text(case.unsafe, case.dialect)
    assert case.rule in rule_ids(findings), findings
    for finding in findings:
        if finding.rule == case.rule:
            assert finding.message and finding.fix
            assert "{" not in finding.message and "{" not in finding.fix, finding
            assert finding.line >= 1 and finding.file == "m.py"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_safe_migration_does_not(case: Case) -> None:
    findings = lint_text(case.safe, case.dialect)
    assert case.rule not in rule_ids(findings), findings


def test_every_rule_has_a_case() -> None:
    covered = {c.rule for c in CASES}
    assert covered == set(RULES), set(RULES) ^ covered


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_applies_only_to_its_dialects(rule_id: str) -> None:
    rule = RULES[rule_id]
    other = {"postgresql", "sqlite"} - rule.dialects
    for case in (c for c in CASES if c.rule == rule_id):
        for dialect in other:
            assert rule_id not in rule_ids(lint_text(case.unsafe, dialect))


def test_finding_points_at_the_call_line() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.add_column("users", sa.Column("phone", sa.String(20)))

            op.drop_column("users", "fax")
        def downgrade():
            op.add_column("users", sa.Column("fax", sa.String(20)))
            op.drop_column("users", "phone")
        """
    )
    (drop,) = [f for f in findings if f.rule == "drop-column"]
    assert drop.line == 3 + 4  # three header lines, then the fourth line of the body
    assert drop.severity == "warning" and drop.lesson == "drop-column"


def test_not_null_message_names_the_database_error() -> None:
    src = """
        def upgrade():
            op.add_column("users", sa.Column("age", sa.Integer, nullable=False))
        def downgrade():
            op.drop_column("users", "age")
        """
    (pg,) = [f for f in lint_text(src, "postgresql") if f.rule == "not-null-without-default"]
    (lite,) = [f for f in lint_text(src, "sqlite") if f.rule == "not-null-without-default"]
    assert 'column "age" of relation "users" contains null values' in pg.message
    assert "Cannot add a NOT NULL column with default value NULL" in lite.message
    assert pg.severity == lite.severity == "error"


def test_primary_key_column_is_not_null() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.add_column("users", sa.Column("uid", sa.Integer, primary_key=True))
        def downgrade():
            op.drop_column("users", "uid")
        """
    )
    assert "not-null-without-default" in rule_ids(findings)


def test_identity_column_is_filled_by_the_database() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.add_column("users", sa.Column("n", sa.BigInteger, sa.Identity(), nullable=False))
        def downgrade():
            op.drop_column("users", "n")
        """
    )
    assert "not-null-without-default" not in rule_ids(findings)


def test_type_narrowing_is_a_warning_on_sqlite_and_an_error_on_postgresql() -> None:
    src = """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("email", existing_type=sa.String(255), type_=sa.String(50))
        def downgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.alter_column("email", existing_type=sa.String(50), type_=sa.String(255))
        """
    severities = {
        d: {f.severity for f in lint_text(src, d) if f.rule == "type-narrowing"}
        for d in ("postgresql", "sqlite")
    }
    assert severities == {"postgresql": {"error"}, "sqlite": {"warning"}}


def test_type_change_is_quiet_when_narrowing_or_cast_already_reported() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.alter_column("users", "age", existing_type=sa.String(10), type_=sa.Integer())
        def downgrade():
            op.alter_column("users", "age", existing_type=sa.Integer(), type_=sa.String(10))
        """
    )
    assert "cast-without-using" in rule_ids(findings)
    assert "type-change" not in rule_ids(findings)


def test_type_change_without_existing_type_still_warns() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.alter_column("users", "email", type_=sa.String(255))
        def downgrade():
            op.alter_column("users", "email", type_=sa.String(100))
        """
    )
    assert "type-change" in rule_ids(findings)
    assert "type-narrowing" not in rule_ids(findings)  # unknown old type: no guess


def test_downgrade_is_checked_for_what_fails_but_not_for_data_loss() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.add_column("users", sa.Column("phone", sa.String(20)))
        def downgrade():
            op.drop_column("users", "phone")
            op.add_column("users", sa.Column("fax", sa.String(20), nullable=False))
        """
    )
    by_rule = {f.rule: f for f in findings}
    assert "drop-column" not in by_rule  # undoing the upgrade is what a downgrade is for
    assert by_rule["not-null-without-default"].line == 8


def test_raw_sql_note_is_quiet_on_a_line_already_reported() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.add_column("users", sa.Column("full_name", sa.String(255), nullable=True))
            op.execute("UPDATE users SET full_name = 'x'")
        def downgrade():
            op.drop_column("users", "full_name")
        """
    )
    assert "backfill-with-ddl" in rule_ids(findings)
    assert "raw-sql" not in rule_ids(findings)


def test_downgrade_incomplete_accepts_drop_table_and_raw_sql() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.create_table("pets", sa.Column("id", sa.Integer, primary_key=True))
            op.create_index("ix_pets_id", "pets", ["id"])
            op.add_column("users", sa.Column("age", sa.Integer))
        def downgrade():
            op.execute("ALTER TABLE users DROP COLUMN age")
            op.drop_table("pets")
        """
    )
    assert "downgrade-incomplete" not in rule_ids(findings)


def test_downgrade_incomplete_names_each_missing_undo() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.alter_column("users", "phone", new_column_name="mobile")
            op.create_index("ix_users_mobile", "users", ["mobile"])
            op.drop_column("users", "fax")
        def downgrade():
            op.add_column("users", sa.Column("fax", sa.String(20)))
        """
    )
    missing = sorted(f.line for f in findings if f.rule == "downgrade-incomplete")
    assert missing == [5, 6]


def test_unrelated_changes_ignore_an_initial_schema_of_new_tables() -> None:
    findings = lint_text(
        """
        def upgrade():
            op.create_table("users", sa.Column("id", sa.Integer, primary_key=True))
            op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))
            op.create_index("ix_tags_id", "tags", ["id"])
        def downgrade():
            op.drop_table("tags")
            op.drop_table("users")
        """
    )
    assert findings == []


def test_sqlite_drop_column_in_downgrade_after_its_index_is_dropped_is_fine() -> None:
    src = """
        def upgrade():
            op.add_column("users", sa.Column("email", sa.String(100), nullable=True))
            op.create_index("ix_users_email", "users", ["email"])
        def downgrade():
            {drop_index}
            op.drop_column("users", "email")
        """
    clean = lint_text(
        src.format(drop_index='op.drop_index("ix_users_email", table_name="users")'), "sqlite"
    )
    assert "sqlite-drop-column" not in rule_ids(clean)
    still_indexed = lint_text(src.format(drop_index="pass"), "sqlite")
    assert "sqlite-drop-column" in rule_ids(still_indexed)


def test_sqlite_drop_column_of_a_unique_column_added_by_the_upgrade_warns() -> None:
    findings = lint_text(
        """
        def upgrade():
            with op.batch_alter_table("users") as batch_op:
                batch_op.add_column(sa.Column("code", sa.String(10), unique=True))
        def downgrade():
            op.drop_column("users", "code")
        """,
        "sqlite",
    )
    assert "sqlite-drop-column" in rule_ids(findings)
