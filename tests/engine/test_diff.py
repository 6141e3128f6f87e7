"""Values-lost detection, renames and truncation: on real databases and on pure snapshots."""

from __future__ import annotations

from tests.engine.helpers import HEAD, write_revision
from tutorial.engine.diff import diff

LESSON = "add-column"


def test_drop_column_loses_its_values(engine):
    engine.start(LESSON)
    write_revision(engine, LESSON, "dddd00000001", HEAD, '''
        with op.batch_alter_table("users") as batch_op:
            batch_op.drop_column("username")
    ''')
    result = engine.run(LESSON, "alembic upgrade head")
    assert result["ok"], result["error"]
    users = result["diff"]["tables"]["users"]
    assert users["columns_removed"] == ["username"]
    assert users["values_lost"] == 3
    assert users["lost_by_column"] == {"username": 3}
    assert result["diff"]["values_lost"] == 3
    assert users["rows_before"] == users["rows_after"] == 3


def test_rename_as_drop_and_add_loses_values_but_a_real_rename_does_not(engine):
    engine.start(LESSON)
    write_revision(engine, LESSON, "dddd00000002", HEAD, '''
        with op.batch_alter_table("users") as batch_op:
            batch_op.drop_column("username")
            batch_op.add_column(sa.Column("login", sa.String(50)))
    ''', name="drop_add")
    lossy = engine.run(LESSON, "alembic upgrade head")
    users = lossy["diff"]["tables"]["users"]
    assert users["columns_renamed"] == []
    assert users["columns_added"] == ["login"]
    assert users["values_lost"] == 3

    engine.undo(LESSON)
    write_revision(engine, LESSON, "dddd00000002", HEAD, '''
        with op.batch_alter_table("users") as batch_op:
            batch_op.alter_column("username", new_column_name="login")
    ''', name="drop_add")
    renamed = engine.run(LESSON, "alembic upgrade head")
    users = renamed["diff"]["tables"]["users"]
    assert users["columns_renamed"] == [{"from": "username", "to": "login"}]
    assert users["columns_added"] == [] and users["columns_removed"] == []
    assert users["values_lost"] == 0


def test_drop_table_loses_every_value(engine):
    engine.start(LESSON)
    write_revision(engine, LESSON, "dddd00000003", HEAD, 'op.drop_table("posts")')
    result = engine.run(LESSON, "alembic upgrade head")
    posts = result["diff"]["tables"]["posts"]
    assert posts["status"] == "removed"
    assert posts["values_lost"] == 6  # 2 rows x (id, user_id, title)


def test_cells_changed_and_rows_added(engine):
    engine.start(LESSON)
    write_revision(engine, LESSON, "dddd00000004", HEAD, '''
        op.execute("UPDATE users SET username = 'x' || username WHERE id = 1")
        op.execute("INSERT INTO users (id, username, email) VALUES (9, 'new', 'n@example.com')")
    ''')
    users = engine.run(LESSON, "alembic upgrade head")["diff"]["tables"]["users"]
    assert users["cells_changed"] == 1
    assert users["rows_added"] == 1
    assert users["values_lost"] == 0


def _snap(columns: list[tuple[str, str]], rows: list[list[object]]) -> dict:
    return {"version": ["a"], "tables": {"t": {
        "columns": [{"name": n, "type": t, "family": "string" if "CHAR" in t else "integer",
                     "nullable": n != "id", "default": None, "primary_key": n == "id"}
                    for n, t in columns],
        "primary_key": ["id"], "indexes": [], "foreign_keys": [], "uniques": [], "checks": [],
        "row_count": len(rows), "rows": rows, "complete": True,
        "non_null": {n: sum(1 for r in rows if r[i] is not None)
                     for i, (n, _) in enumerate(columns)}}}}


def test_truncation_counts_as_lost():
    before = _snap([("id", "INTEGER"), ("name", "VARCHAR(10)")], [[1, "abcdefghij"], [2, "ab"]])
    after = _snap([("id", "INTEGER"), ("name", "VARCHAR(3)")], [[1, "abc"], [2, "ab"]])
    t = diff(before, after)["tables"]["t"]
    assert t["values_lost"] == 1
    assert t["columns_changed"] == [{"column": "name", "type_before": "VARCHAR(10)",
                                     "type_after": "VARCHAR(3)"}]


def test_unchanged_database_has_an_empty_diff():
    snap = _snap([("id", "INTEGER")], [[1], [2]])
    assert diff(snap, snap)["tables"] == {}


def test_table_rename_is_recognised():
    before = _snap([("id", "INTEGER")], [[1]])
    after = {**before, "tables": {"t2": before["tables"]["t"]}}
    tables = diff(before, after)["tables"]
    assert tables == {"t2": tables["t2"]}
    assert tables["t2"]["status"] == "renamed" and tables["t2"]["renamed_from"] == "t"
