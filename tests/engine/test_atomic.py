"""A failing migration leaves the schema as it was, on both backends."""

from __future__ import annotations

from tests.engine.helpers import HEAD, tables, write_revision

LESSON = "add-column"


def test_partial_failure_leaves_nothing_behind(engine):
    engine.start(LESSON)
    before = tables(engine, LESSON)
    write_revision(engine, LESSON, "bbbb00000001", HEAD, '''
        op.create_table("half", sa.Column("id", sa.Integer(), primary_key=True))
        op.add_column("users", sa.Column("nickname", sa.String(20)))
        op.execute("SELECT * FROM table_that_does_not_exist")
    ''')
    result = engine.run(LESSON, "alembic upgrade head")
    assert result["ok"] is False
    assert result["error"]["explanation"]["key"] == "no-such-table"
    assert tables(engine, LESSON) == before
    assert result["diff"]["tables"] == {}
    assert result["revision"]["after"] == [HEAD]
    # The SQL pane still shows what was attempted.
    assert any("CREATE TABLE half" in s for s in result["sql"])
    # Fixed, the same revision now applies cleanly (no "table already exists").
    write_revision(engine, LESSON, "bbbb00000001", HEAD, '''
        op.create_table("half", sa.Column("id", sa.Integer(), primary_key=True))
    ''', 'op.drop_table("half")')
    assert engine.run(LESSON, "alembic upgrade head")["ok"]
    assert "half" in tables(engine, LESSON)
