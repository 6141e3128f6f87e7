"""``values_kept`` with ``from_table``: the starting values of one table copied into another
(a backup table kept before a column is dropped). Rows are matched by the starting table's
primary key; a starting NULL needs no copy. Real Alembic on both backends, and the NULL rule
on a snapshot taken from a real SQLite database."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.engine.helpers import HEAD, write_revision
from tutorial.engine.core import Engine
from tutorial.engine.snapshot import take
from tutorial.engine.snapshot_facts import start_facts
from tutorial.lessons.checks import CheckContext, evaluate
from tutorial.lessons.loader import load_course
from tutorial.paths import lessons_dir

LESSON = "add-column"  # users (id, username, email) with 3 rows at the start


def _goal(check_id: str, table: str, columns: list[str], source: str | None = None) -> str:
    extra = f'from = "{source}"\n' if source else ""
    return (f'[[goal]]\nid = "{check_id}"\ncheck = "values_kept"\ntable = "{table}"\n'
            f'columns = {columns!r}\nfrom_table = "users"\n{extra}'.replace("'", '"'))


GOAL = "\n".join([
    _goal("full", "backup_full", ["email"]),
    _goal("narrow", "backup_narrow", ["email", "username"]),
    _goal("renamed", "backup_renamed", ["old_email"], source="email"),
    _goal("partial", "backup_partial", ["email"]),
    _goal("no-column", "backup_no_column", ["email"]),
    _goal("no-key", "backup_no_key", ["email"]),
    _goal("missing", "backup_missing", ["email"]),
])

BACKUPS = '''
    op.execute("CREATE TABLE backup_full AS SELECT * FROM users")
    op.execute("CREATE TABLE backup_narrow AS SELECT id, username, email FROM users")
    op.execute("CREATE TABLE backup_renamed AS SELECT id, email AS old_email FROM users")
    op.execute("CREATE TABLE backup_partial AS SELECT id, email FROM users WHERE id <> 2")
    op.execute("CREATE TABLE backup_no_column AS SELECT id, username FROM users")
    op.execute("CREATE TABLE backup_no_key AS SELECT email FROM users")
'''
BACKUPS_DOWN = "\n".join(f'op.drop_table("backup_{n}")' for n in
                         ("full", "narrow", "renamed", "partial", "no_column", "no_key"))


def _course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    body = toml.read_text(encoding="utf-8").replace('prerequisites = ["first-upgrade"]\n', "")
    head, _, rest = body.partition("[[goal]]")
    toml.write_text(head + GOAL + "\n" + rest[rest.index("[[solution]]"):], encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def test_backups_are_judged_by_the_values_they_hold(tmp_path, make_settings, backend):
    with Engine(make_settings(backend), course=load_course(_course(tmp_path)),
                timeout=30.0) as eng:
        eng.start(LESSON)
        before = {c["id"]: (c["passed"], c["message"]) for c in eng.check(LESSON)["checks"]}
        assert before["full"] == (False, "table backup_full does not exist")

        write_revision(eng, LESSON, "b0b0b0b0b0b0", HEAD, BACKUPS, BACKUPS_DOWN)
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        checks = {c["id"]: (c["passed"], c["message"]) for c in eng.check(LESSON)["checks"]}

    assert checks["full"] == (True, "all 3 values in backup_full(email) were kept")
    assert checks["narrow"] == (True, "all 6 values in backup_narrow(email, username) were kept")
    assert checks["renamed"] == (True, "all 3 values in backup_renamed(old_email) were kept")
    assert checks["partial"] == (False, "1 of 3 values in backup_partial(email) were lost or "
                                        "changed")
    # Copied after the column was gone, or without the ids to put the values back by.
    assert checks["no-column"] == (False, "backup_no_column.email does not exist")
    assert checks["no-key"] == (False, "backup_no_key.id does not exist")
    assert checks["missing"] == (False, "table backup_missing does not exist")


def test_a_starting_null_needs_no_row_in_the_backup(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    try:
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE users (id INTEGER PRIMARY KEY, note VARCHAR(20))"))
            conn.execute(text("INSERT INTO users VALUES (1, 'kept'), (2, NULL), (3, 'also')"))
        start = start_facts(take(engine), {"revisions": [], "heads": []}, {})
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE notes_backup AS SELECT id, note FROM users "
                              "WHERE note IS NOT NULL"))
            conn.execute(text("UPDATE users SET note = NULL"))
        ctx = CheckContext(snapshot=take(engine), sandbox=tmp_path, start=start, commands=[],
                           graph={})
        goal = [{"id": "backup", "check": "values_kept", "table": "notes_backup",
                 "columns": ["note"], "from_table": "users"}]
        result = evaluate(goal, ctx)
        assert result["checks"][0]["message"] == "all 3 values in notes_backup(note) were kept"
        assert result["passed"]

        # A NULL where a value should be is still a lost value.
        with engine.begin() as conn:
            conn.execute(text("UPDATE notes_backup SET note = NULL WHERE id = 3"))
        ctx.snapshot = take(engine)
        (check,) = evaluate(goal, ctx)["checks"]
        assert (check["passed"], check["message"]) == (
            False, "1 of 3 values in notes_backup(note) were lost or changed")
    finally:
        engine.dispose()
