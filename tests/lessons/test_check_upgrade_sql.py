"""The ``upgrade_sql`` goal check: the SQL the learner's new revisions would send
(``alembic upgrade <start>:heads --sql``, nothing runs) matches a pattern, or not.

Real engine, real Alembic, SQLite and PostgreSQL: add-column's lesson with extra checks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tutorial.engine.core import Engine
from tutorial.lessons.loader import LessonFormatError, load_course, load_lesson
from tutorial.paths import lessons_dir

LESSON = "add-column"  # three revisions at the start; the solution adds users.phone
NEW_FILE = "versions/4d5e6f708192_add_phone_to_users.py"

CHECKS = """
[[goal]]
id = "adds-phone"
check = "upgrade_sql"
pattern = 'ALTER TABLE users ADD COLUMN phone VARCHAR\\(20\\)'
example = "ALTER TABLE users ADD COLUMN phone"

[[goal]]
id = "no-drop"
check = "upgrade_sql"
pattern = 'DROP (TABLE|COLUMN)'
absent = true

[[goal]]
id = "start-not-included"
check = "upgrade_sql"
pattern = 'CREATE TABLE users'
absent = true
"""


def _course(tmp_path: Path, extra: str = CHECKS) -> Path:
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace('prerequisites = ["first-upgrade"]\n', "")
    toml.write_text(text + extra, encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def _results(engine: Engine) -> dict[str, dict[str, object]]:
    return {c["id"]: c for c in engine.check(LESSON)["checks"]}


def test_it_judges_only_the_sql_of_the_new_revisions(tmp_path, make_settings, backend):
    root = _course(tmp_path)
    lesson = load_lesson(root / LESSON)
    with Engine(make_settings(backend), course=load_course(root), timeout=30.0) as eng:
        eng.start(LESSON)
        before = _results(eng)
        # No new revision yet: nothing to find, and the start's CREATE TABLE does not count.
        assert not before["adds-phone"]["passed"]
        assert before["adds-phone"]["message"] == (
            "the SQL of your revisions does not contain ALTER TABLE users ADD COLUMN phone yet "
            "(alembic upgrade --sql shows it)")
        assert before["no-drop"]["passed"] and before["start-not-included"]["passed"]
        # The revision is written but not applied: the check reads its SQL all the same.
        write = next(s for s in lesson.solution if s.value == NEW_FILE)
        eng.apply_steps(LESSON, (write,))
        after = _results(eng)
        assert after["adds-phone"]["passed"], after["adds-phone"]["message"]
        assert after["adds-phone"]["message"] == (
            "the SQL of your revisions contains ALTER TABLE users ADD COLUMN phone")
        assert after["no-drop"]["passed"] and after["start-not-included"]["passed"]
        # A migration that drops something: the absent pattern fails, named by its pattern.
        folder = Path(eng.start(LESSON)["folder"])
        path = folder / NEW_FILE
        path.write_text(path.read_text(encoding="utf-8").replace(
            'op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))',
            'op.drop_table("posts")'), encoding="utf-8")
        dropped = _results(eng)
        assert not dropped["no-drop"]["passed"]
        assert dropped["no-drop"]["message"] == (
            "the SQL of your revisions contains DROP (TABLE|COLUMN)")
        assert not dropped["adds-phone"]["passed"]
        # A revision that cannot even be rendered: the check fails with Alembic's reason.
        path.write_text("def upgrade(:\n", encoding="utf-8")
        broken = _results(eng)
        assert not broken["adds-phone"]["passed"]
        assert broken["adds-phone"]["message"].startswith("alembic upgrade --sql failed: ")
        # Nothing ran against the database: still at the start revision, no phone column.
        snap = eng.snapshot(LESSON)
        assert "phone" not in [c["name"] for c in snap["tables"]["users"]["columns"]]


def test_the_pattern_is_required(tmp_path):
    root = _course(tmp_path, '\n[[goal]]\nid = "x"\ncheck = "upgrade_sql"\nabsent = true\n')
    with pytest.raises(LessonFormatError) as caught:
        load_lesson(root / LESSON)
    assert any("check 'upgrade_sql' needs pattern" in str(p) for p in caught.value.problems)
