"""Reading operations out of the syntax tree: batch blocks, autocommit blocks, helpers..."""

from __future__ import annotations

import textwrap

from lint_helpers import lint_text, rule_ids

from tutorial.lint.ast_ops import extract_source
from tutorial.lint.model import SqlExpr, TypeRef
from tutorial.lint.sql_text import classify, split_statements


def ops(source: str, phase: str = "upgrade"):
    script = extract_source(textwrap.dedent(source))
    body = script.upgrade if phase == "upgrade" else script.downgrade
    assert body is not None
    return body.operations


def test_batch_operations_get_the_table_and_batch_flag() -> None:
    (add, alter, index) = ops(
        """
        from alembic import op
        import sqlalchemy as sa
        def upgrade():
            with op.batch_alter_table("users", schema=None) as batch_op:
                batch_op.add_column(sa.Column("age", sa.Integer(), nullable=True))
                batch_op.alter_column("email", existing_type=sa.VARCHAR(length=100),
                                      type_=sa.String(255))
                batch_op.create_index(batch_op.f("ix_users_age"), ["age"], unique=False)
        """
    )
    assert (add.kind, add.table, add.column, add.in_batch, add.via) == (
        "add_column",
        "users",
        "age",
        True,
        "batch",
    )
    assert add.column_def is not None and add.column_def.type == TypeRef("Integer")
    assert alter.kw("existing_type") == TypeRef("VARCHAR", (100,))
    assert alter.kw("type_") == TypeRef("String", (255,))
    assert (index.kind, index.table, index.name, index.columns) == (
        "create_index",
        "users",
        "ix_users_age",
        ("age",),
    )


def test_autocommit_block_and_keyword_arguments() -> None:
    (inside, outside) = ops(
        """
        def upgrade():
            with op.get_context().autocommit_block():
                op.create_index(index_name="ix_a", table_name="t", columns=["a"],
                                postgresql_concurrently=True)
            op.drop_index("ix_b", table_name="t")
        """
    )
    assert inside.in_autocommit and inside.table == "t" and inside.name == "ix_a"
    assert inside.flag("postgresql_concurrently")
    assert not outside.in_autocommit and outside.table == "t"


def test_helpers_constants_and_connections() -> None:
    found = ops(
        """
        from alembic import op as migrate
        import sqlalchemy as sa

        TABLE = "users"
        users = sa.table("users", sa.column("age"))

        def _backfill(conn):
            conn.execute(sa.text(f"UPDATE {TABLE} SET age = 0"))

        def upgrade():
            migrate.add_column(TABLE, sa.Column("age", sa.Integer))
            bind = migrate.get_bind()
            _backfill(bind)
            bind.execute(users.delete())
            if bind.dialect.name == "postgresql":
                migrate.execute("SELECT 1")
        """
    )
    assert [(o.kind, o.via) for o in found] == [
        ("add_column", "op"),
        ("execute", "bind"),
        ("execute", "bind"),
        ("execute", "op"),
    ]
    assert found[0].table == "users"
    assert found[1].statements[0].verb == "update"
    assert found[2].statements[0].verb == "delete" and found[2].statements[0].table == "users"
    assert found[3].statements[0].verb == "select"


def test_server_defaults_are_recognised() -> None:
    found = ops(
        """
        def upgrade():
            op.add_column("t", sa.Column("a", sa.DateTime, server_default=sa.func.now()))
            op.add_column("t", sa.Column("b", sa.Integer, server_default=sa.text("0")))
            op.add_column("t", sa.Column("c", sa.String, server_default="x"))
            op.add_column("t", sa.Column("d", sa.Integer, sa.Computed("a + 1")))
        """
    )
    defaults = [o.column_def.server_default for o in found]
    assert defaults[0] == SqlExpr("func", "now()", function="now")
    assert defaults[1] == SqlExpr("text", "0", function=None)
    assert defaults[2] == "x"
    assert found[3].column_def.generated


def test_multi_database_template_functions() -> None:
    script = extract_source(
        textwrap.dedent(
            """
            def upgrade(engine_name: str) -> None:
                globals()["upgrade_%s" % engine_name]()
            def downgrade(engine_name: str) -> None:
                globals()["downgrade_%s" % engine_name]()
            def upgrade_engine1():
                op.add_column("t", sa.Column("a", sa.Integer))
            def downgrade_engine1():
                pass
            """
        )
    )
    assert [o.kind for o in script.upgrade.operations] == ["add_column"]
    assert script.downgrade.state == "empty"


def test_body_states() -> None:
    script = extract_source(
        'def upgrade():\n    """Nothing."""\n    ...\n'
        "def downgrade():\n    raise NotImplementedError\n"
    )
    assert script.upgrade.state == "empty"
    assert script.downgrade.state == "raises"
    assert not extract_source("x = 1\n").is_migration


def test_the_file_is_never_run(tmp_path) -> None:
    marker = tmp_path / "ran"
    source = f"""
    open({str(marker)!r}, "w").write("ran")
    raise SystemExit(3)
    def upgrade():
        op.add_column("users", sa.Column("age", sa.Integer, nullable=False))
    """
    findings = lint_text(source)
    assert "not-null-without-default" in rule_ids(findings)
    assert not marker.exists()


def test_non_migration_files_give_nothing() -> None:
    assert lint_text("import os\nprint(os.getcwd())\n") == []


def test_raw_sql_classification() -> None:
    statements = classify(
        """
        -- a comment; with a semicolon
        UPDATE "public"."users" SET note = 'a;b';
        CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix_u ON ONLY users (email);
        DROP INDEX CONCURRENTLY ix_old;
        CREATE TABLE users_backup AS SELECT * FROM users;
        ALTER TABLE users VALIDATE CONSTRAINT ck;
        VACUUM
        """
    )
    assert [(s.verb, s.table, s.name, s.concurrently) for s in statements] == [
        ("update", "users", None, False),
        ("create_index", "users", "ix_u", True),
        ("drop_index", None, "ix_old", True),
        ("create_table", "users_backup", None, False),
        ("alter_table", "users", None, False),
        ("other", None, None, False),
    ]
    assert split_statements("a; ;b") == ["a", "b"]


def test_nested_control_flow_and_try_blocks_are_walked() -> None:
    found = ops(
        """
        def upgrade():
            for name in ("a", "b"):
                try:
                    op.add_column("t", sa.Column(name, sa.Integer))
                except Exception:
                    op.execute("SELECT 1")
                finally:
                    pass
            while False:
                op.drop_table("x")
        """
    )
    assert [o.kind for o in found] == ["add_column", "execute", "drop_table"]
    assert found[0].column is None  # a loop variable: unknown, not guessed
