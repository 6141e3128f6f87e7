"""op.execute() with a SQLAlchemy expression is not raw SQL, and ``sa.update(X)`` names X's
table, not ``sa`` (the data-migration lesson's files were reported with "tables (sa, users)")."""

from __future__ import annotations

from tests.lint.lint_helpers import lint_text, rule_ids

REVISION = '''
users = sa.table("users", sa.column("full_name", sa.String))


def upgrade():
    op.add_column("users", sa.Column("full_name", sa.String(100)))
    op.execute({statement})


def downgrade():
    op.drop_column("users", "full_name")
'''


def test_expressions_are_not_raw_sql() -> None:
    for statement in ('users.update().values(full_name="x")', 'sa.update(users).values(full_name="x")',
                      "sa.delete(users)"):
        found = rule_ids(lint_text(REVISION.format(statement=statement)))
        assert "raw-sql" not in found, statement
        assert "unrelated-changes" not in found, statement


def test_text_is_still_raw_sql() -> None:
    # Alone (no DDL beside it: a louder finding on the same line would quiet the note).
    source = "def upgrade():\n    op.execute({statement})\n\n\ndef downgrade():\n    pass\n"
    found = rule_ids(lint_text(source.format(statement='"UPDATE users SET a = 1"')))
    assert "raw-sql" in found
    found = rule_ids(lint_text(source.format(statement='sa.table("users").update()')))
    assert "raw-sql" not in found


def test_a_model_class_is_not_a_table_name() -> None:
    source = "from models import User\n" + REVISION.format(
        statement='sa.update(User).values(full_name="x")')
    found = lint_text(source)
    assert not any("sa," in f.message or "User" in f.message for f in found
                   if f.rule == "unrelated-changes")
    assert "raw-sql" not in rule_ids(found)
