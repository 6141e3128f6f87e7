"""The plain-text report of a table's changes names indexes and constraints too (the CLI and
the TUI's "what changed" list both use it)."""

from __future__ import annotations

from tutorial.cli_format import table_changes
from tutorial.engine.diff import diff_table


def _table(indexes: list[dict], fks: list[dict], uniques: list[dict]) -> dict:
    return {"columns": [{"name": "id", "type": "INTEGER", "nullable": False, "default": None},
                        {"name": "user_id", "type": "INTEGER", "nullable": True,
                         "default": None}],
            "primary_key": ["id"], "rows": [[1, 1]], "complete": True,
            "non_null": {"id": 1, "user_id": 1}, "row_count": 1,
            "indexes": indexes, "foreign_keys": fks, "uniques": uniques, "checks": []}


def test_index_foreign_key_and_unique_changes_are_listed():
    before = _table([{"name": "ix_posts_title", "columns": ["title"], "unique": False}], [],
                    [{"name": None, "columns": ["user_id"]}])
    after = _table([{"name": "ix_posts_user_id", "columns": ["user_id"], "unique": False}],
                   [{"columns": ["user_id"], "ref_table": "users", "ref_columns": ["id"]}], [])
    change = {"status": "changed", **diff_table(before, after)}
    lines = table_changes("posts", change)
    assert "    + index ix_posts_user_id (user_id) added" in lines
    assert "    - index ix_posts_title (title) removed" in lines
    assert "    + foreign key (user_id) -> users(id) added" in lines
    assert "    - unique constraint (user_id) removed" in lines
