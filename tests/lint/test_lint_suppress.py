"""``# alembic-tutorial: ignore[rule-id]`` silences one rule on one line."""

from __future__ import annotations

from lint_helpers import lint_text, rule_ids

from tutorial.lint.suppress import parse_suppressions

TWO_PROBLEMS = """
def upgrade():
    op.drop_column("users", "phone"){c1}
    op.add_column("users", sa.Column("age", sa.Integer, nullable=False)){c2}
def downgrade():
    op.drop_column("users", "age")
    op.add_column("users", sa.Column("phone", sa.String(20)))
"""


def test_without_comments_both_are_reported() -> None:
    assert {"drop-column", "not-null-without-default"} <= rule_ids(
        lint_text(TWO_PROBLEMS.format(c1="", c2=""))
    )


def test_ignore_one_rule_on_one_line() -> None:
    src = TWO_PROBLEMS.format(c1="  # alembic-tutorial: ignore[drop-column]", c2="")
    found = rule_ids(lint_text(src))
    assert "drop-column" not in found
    assert "not-null-without-default" in found


def test_ignore_other_rule_does_not_silence() -> None:
    src = TWO_PROBLEMS.format(c1="  # alembic-tutorial: ignore[rename-column]", c2="")
    assert "drop-column" in rule_ids(lint_text(src))


def test_bare_ignore_silences_every_rule_on_that_line_only() -> None:
    src = TWO_PROBLEMS.format(c1="", c2="  # alembic-tutorial: ignore")
    found = rule_ids(lint_text(src))
    assert "not-null-without-default" not in found
    assert "drop-column" in found


def test_several_rules_and_multiline_calls() -> None:
    src = """
    def upgrade():
        op.alter_column(
            "users", "email",
            existing_type=sa.String(255),
            type_=sa.String(50),
        )  # alembic-tutorial: ignore[type-narrowing, set-not-null]
    def downgrade():
        op.alter_column("users", "email", existing_type=sa.String(50), type_=sa.String(255))
    """
    assert "type-narrowing" not in rule_ids(lint_text(src))


def test_file_wide_ignore() -> None:
    src = "# alembic-tutorial: ignore-file[drop-column]\n" + TWO_PROBLEMS.format(c1="", c2="")
    found = rule_ids(lint_text(src))
    assert "drop-column" not in found and "not-null-without-default" in found


def test_marker_inside_a_string_is_not_a_comment() -> None:
    parsed = parse_suppressions('x = "# alembic-tutorial: ignore"\n')
    assert not parsed
    parsed = parse_suppressions("x = 1  # alembic-tutorial: ignore[a,b]\n")
    assert parsed.by_line == {1: {"a", "b"}}
    assert parsed.silences("a", 1) and not parsed.silences("c", 1)
