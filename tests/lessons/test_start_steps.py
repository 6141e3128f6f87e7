"""Start-state steps beyond upgrade and rows: ``[start] sql`` (statements run after the start
upgrade and rows) and ``[start] delete`` (sandbox files removed after the start upgrade).

A lesson about a database made without Alembic drops ``alembic_version``; a lesson about a
lost revision file deletes it after upgrading past it. Both on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tutorial.engine import layout
from tutorial.engine.core import Engine
from tutorial.engine.errors import EngineError
from tutorial.lessons.loader import LessonFormatError, load_course, load_lesson
from tutorial.paths import lessons_dir

LESSON = "add-column"  # three revisions at the start; users and posts with rows
POSTS_REV = "3c4d5e6f7081"
POSTS_FILE = "versions/3c4d5e6f7081_create_posts.py"


def _course(tmp_path: Path, start_extra: str) -> Path:
    """A one-lesson course: add-column with ``start_extra`` lines added to its [start]."""
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace("prerequisites = [\"first-upgrade\"]\n", "")
    assert '[start]\nupgrade = "head"\n' in text
    toml.write_text(text.replace('[start]\nupgrade = "head"\n',
                                 f'[start]\nupgrade = "head"\n{start_extra}\n'), encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def _problems(folder: Path) -> list[str]:
    with pytest.raises(LessonFormatError) as caught:
        load_lesson(folder)
    return [str(p) for p in caught.value.problems]


# -- the loader ------------------------------------------------------------------------------

def test_the_loader_reads_sql_and_delete(tmp_path):
    root = _course(tmp_path, f'sql = ["DROP TABLE alembic_version"]\ndelete = ["{POSTS_FILE}"]')
    lesson = load_lesson(root / LESSON)
    assert lesson.start_sql == ("DROP TABLE alembic_version",)
    assert lesson.start_delete == (POSTS_FILE,)
    plain = load_lesson(lessons_dir() / LESSON)
    assert plain.start_sql == () and plain.start_delete == ()


@pytest.mark.parametrize(("extra", "message"), [
    ('sql = "DROP TABLE alembic_version"', "start.sql must be a list of non-empty texts"),
    ('sql = ["DROP TABLE alembic_version", ""]', "start.sql must be a list of non-empty texts"),
    ('delete = [3]', "start.delete must be a list of non-empty texts"),
    ('delete = ["versions/nope.py"]', "start.delete: start/versions/nope.py is missing"),
    ('delete = ["../add-column/lesson.toml"]',
     "start.delete: ../add-column/lesson.toml must be a path inside the sandbox"),
    ('delete = ["/etc/passwd"]', "start.delete: /etc/passwd must be a path inside the sandbox"),
    ('delete = ["models.py"]', "start.delete: models.py is required"),
    ('remove = ["x"]', "unknown start key 'remove'"),
])
def test_bad_start_steps_are_format_errors_with_the_line(tmp_path, extra, message):
    root = _course(tmp_path, extra)
    problems = _problems(root / LESSON)
    line = (root / LESSON / "lesson.toml").read_text().splitlines().index(extra) + 1
    assert any(f"lesson.toml:{line}: {message}" in p for p in problems), problems


# -- the engine, both backends ---------------------------------------------------------------

def _engine(tmp_path: Path, make_settings, backend: str, root: Path) -> Engine:
    return Engine(make_settings(backend), course=load_course(root), timeout=30.0)


def test_sql_drops_the_version_table_after_upgrade_and_rows(tmp_path, make_settings, backend):
    root = _course(tmp_path, 'sql = ["DROP TABLE alembic_version", '
                             '"UPDATE users SET email = \'50%:off\' WHERE id = 2"]')
    with _engine(tmp_path, make_settings, backend, root) as eng:
        eng.start(LESSON)
        snap = eng.snapshot(LESSON)
        assert snap["version"] is None  # no alembic_version table at all
        assert set(snap["tables"]) == {"users", "posts"}
        assert snap["tables"]["users"]["row_count"] == 3
        current = eng.run(LESSON, "alembic current")
        assert current["ok"] and current["revision"]["after"] == []
        # The learner sees what a database made without Alembic does: upgrade head fails.
        failed = eng.run(LESSON, "alembic upgrade head")
        assert not failed["ok"] and "already exists" in failed["error"]["message"]
        stamped = eng.run(LESSON, f"alembic stamp {POSTS_REV}")
        assert stamped["ok"] and stamped["revision"]["after"] == [POSTS_REV]
        # The start facts were taken after the statements: no revision at the start, and
        # the statements ran as written (no bind parameters, no %-formatting).
        start = layout.read_json(eng.paths(LESSON).start_file, {})
        assert start["revision"] == []
        rows = start["data"]["users"]
        email_at = rows["columns"].index("email")
        assert [r[email_at] for r in rows["rows"] if r[0] == 2] == ["50%:off"]
        # Reset builds the same start again.
        eng.reset(LESSON)
        assert eng.snapshot(LESSON)["version"] is None


def test_delete_removes_a_revision_file_after_the_start_upgrade(tmp_path, make_settings,
                                                                 backend):
    root = _course(tmp_path, f'delete = ["{POSTS_FILE}"]')
    with _engine(tmp_path, make_settings, backend, root) as eng:
        eng.start(LESSON)
        project = eng.paths(LESSON).project
        assert not (project / POSTS_FILE).exists()
        assert (project / "versions" / "2b3c4d5e6f70_add_email_to_users.py").exists()
        # The database went up through the file before it was removed: it names a revision
        # the project no longer has.
        snap = eng.snapshot(LESSON)
        assert snap["version"] == [POSTS_REV] and "posts" in snap["tables"]
        failed = eng.run(LESSON, "alembic upgrade head")
        assert not failed["ok"]
        assert "Can't locate revision" in failed["error"]["message"]
        start = layout.read_json(eng.paths(LESSON).start_file, {})
        assert POSTS_FILE not in start["files"]
        assert POSTS_REV not in start["revision_ids"]
        eng.reset(LESSON)
        assert not (project / POSTS_FILE).exists()


def test_a_failing_start_statement_names_the_lesson(tmp_path, make_settings, backend):
    root = _course(tmp_path, 'sql = ["DROP TABLE no_such_table"]')
    with _engine(tmp_path, make_settings, backend, root) as eng, \
            pytest.raises(EngineError) as caught:
        eng.start(LESSON)
    message = str(caught.value)
    assert f"lesson {LESSON!r}: its start sql failed" in message
    assert "no_such_table" in message
