"""``roundtrip`` with ``values = true``: the downgrade must bring every starting value back, not
only the schema. A column or table the downgrade re-creates is empty unless the migration kept
the values (a backup table) and puts them back; a data change needs its reverse. Real Alembic
on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.engine.helpers import HEAD, write_revision
from tutorial.engine.core import Engine
from tutorial.lessons.loader import load_course
from tutorial.paths import lessons_dir

LESSON = "add-column"  # users (3 rows) and posts (2 rows, user_id -> users.id) at the start

GOAL = '''
[[goal]]
id = "round-trip"
check = "roundtrip"
to = "start"
values = true
'''

# posts as its start revision creates it (and as the downgrade must create it again).
CREATE_POSTS = '''
op.create_table(
    "posts",
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
)
'''


def _course(tmp_path: Path, goal: str = GOAL) -> Path:
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    body = toml.read_text(encoding="utf-8").replace('prerequisites = ["first-upgrade"]\n', "")
    head, _, rest = body.partition("[[goal]]")
    toml.write_text(head + goal.lstrip() + "\n" + rest[rest.index("[[solution]]"):],
                    encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def _round_trip(eng: Engine) -> tuple[bool, str]:
    (result,) = eng.check(LESSON)["checks"]
    return result["passed"], result["message"]


def _engine(tmp_path: Path, make_settings, backend: str, goal: str = GOAL) -> Engine:
    return Engine(make_settings(backend), course=load_course(_course(tmp_path, goal)),
                  timeout=30.0)


def test_a_dropped_table_must_come_back_with_its_rows(tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend) as eng:
        eng.start(LESSON)
        assert _round_trip(eng) == (
            True, f"down to {HEAD} and up again restores the schema, and the downgrade brings "
                  "every value back")

        # The downgrade re-creates posts, empty: the schema is back, the rows are not.
        path = write_revision(eng, LESSON, "d1d1d1d1d1d1", HEAD, 'op.drop_table("posts")',
                              CREATE_POSTS)
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        assert _round_trip(eng) == (
            False, f"after downgrade {HEAD}: 2 values of posts.id did not come back; a "
                   "downgrade can only put back what the upgrade kept")

        # Kept in a backup table and put back: the round trip passes. (Undo, not a
        # downgrade: that would re-create posts empty, the very loss under test.)
        eng.undo(LESSON)
        assert eng.snapshot(LESSON)["tables"]["posts"]["row_count"] == 2
        path.unlink()
        write_revision(eng, LESSON, "d2d2d2d2d2d2", HEAD, '''
            op.execute("CREATE TABLE posts_backup AS SELECT * FROM posts")
            op.drop_table("posts")
        ''', CREATE_POSTS + '''
op.execute("INSERT INTO posts (id, user_id, title) SELECT id, user_id, title FROM posts_backup")
op.drop_table("posts_backup")
''')
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        passed, message = _round_trip(eng)
        assert passed, message


def test_a_data_change_needs_its_reverse(tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend) as eng:
        eng.start(LESSON)
        path = write_revision(eng, LESSON, "d3d3d3d3d3d3", HEAD,
                              'op.execute("UPDATE users SET username = UPPER(username)")')
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        assert _round_trip(eng) == (
            False, f"after downgrade {HEAD}: 3 values of users.username did not come back; a "
                   "downgrade can only put back what the upgrade kept")
        path.write_text(path.read_text(encoding="utf-8").replace(
            "def downgrade():\n    pass",
            'def downgrade():\n    op.execute("UPDATE users SET username = LOWER(username)")'),
            encoding="utf-8")
        passed, message = _round_trip(eng)
        assert passed, message


def test_without_values_only_the_schema_is_compared(tmp_path, make_settings):
    goal = GOAL.replace("values = true\n", "")
    with _engine(tmp_path, make_settings, "sqlite", goal) as eng:
        eng.start(LESSON)
        write_revision(eng, LESSON, "d4d4d4d4d4d4", HEAD,
                       'op.execute("UPDATE users SET username = UPPER(username)")')
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        assert _round_trip(eng) == (True, f"down to {HEAD} and up again restores the schema")


def test_values_need_a_round_trip_to_the_start(tmp_path, make_settings):
    goal = GOAL.replace('to = "start"', 'to = "base"')
    with _engine(tmp_path, make_settings, "sqlite", goal) as eng:
        eng.start(LESSON)
        passed, message = _round_trip(eng)
    assert not passed
    assert message == ('this check could not run: ValueError: roundtrip: values = true needs '
                       'to = "start"')
