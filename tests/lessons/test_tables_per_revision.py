"""The ``tables_per_revision`` check: from the start, one revision at a time on a scratch copy,
each revision may change at most ``max`` tables (a revision that does one thing leaves nothing
half done when it fails). Real Alembic on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.engine.helpers import HEAD, write_revision
from tutorial.engine.core import Engine
from tutorial.lessons.loader import LessonFormatError, load_course
from tutorial.paths import lessons_dir

LESSON = "add-column"


def _course(tmp_path: Path, goal: str) -> Path:
    """add-column with ``goal`` as its only goal."""
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace('prerequisites = ["first-upgrade"]\n', "")
    head, _, rest = text.partition("[[goal]]")
    solution = rest[rest.index("[[solution]]"):]
    toml.write_text(head + goal.lstrip() + "\n" + solution, encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def _goal(limit: int | None = None) -> str:
    extra = f"max = {limit}\n" if limit is not None else ""
    return f'[[goal]]\nid = "small"\ncheck = "tables_per_revision"\n{extra}'


def _check(eng: Engine) -> tuple[bool, str]:
    (result,) = eng.check(LESSON)["checks"]
    return result["passed"], result["message"]


def _engine(tmp_path: Path, make_settings, backend: str, limit: int | None = None) -> Engine:
    return Engine(make_settings(backend), course=load_course(_course(tmp_path, _goal(limit))),
                  timeout=30.0)


TWO_TABLES = '''
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))
    op.add_column("posts", sa.Column("views", sa.Integer(), nullable=True))
'''
TWO_TABLES_DOWN = '''
    op.drop_column("posts", "views")
    op.drop_column("users", "phone")
'''


def test_one_revision_changing_two_tables_fails_and_two_small_ones_pass(
        tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend) as eng:
        eng.start(LESSON)
        assert _check(eng) == (True, "every revision from 3c4d5e6f7081 to head changes at "
                                     "most 1 table")

        big = write_revision(eng, LESSON, "b1b1b1b1b1b1", HEAD, TWO_TABLES, TWO_TABLES_DOWN)
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        assert _check(eng) == (False, "revision b1b1b1b1b1b1 changes 2 tables (posts, users); "
                                      "the goal is at most 1 per revision")
        # The check works on a scratch copy: the sandbox is still at head with both columns.
        assert eng.snapshot(LESSON)["version"] == ["b1b1b1b1b1b1"]

        # Split: the same two changes, one revision each.
        assert eng.run(LESSON, "alembic downgrade 3c4d5e6f7081")["ok"]
        big.unlink()
        write_revision(eng, LESSON, "c1c1c1c1c1c1", HEAD,
                       'op.add_column("users", sa.Column("phone", sa.String(20)))',
                       'op.drop_column("users", "phone")')
        write_revision(eng, LESSON, "c2c2c2c2c2c2", "c1c1c1c1c1c1",
                       'op.add_column("posts", sa.Column("views", sa.Integer()))',
                       'op.drop_column("posts", "views")')
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        assert _check(eng) == (True, "every revision from 3c4d5e6f7081 to head changes at "
                                     "most 1 table")


def test_a_higher_max_allows_the_bigger_revision(tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend, limit=2) as eng:
        eng.start(LESSON)
        write_revision(eng, LESSON, "b1b1b1b1b1b1", HEAD, TWO_TABLES, TWO_TABLES_DOWN)
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        assert _check(eng) == (True, "every revision from 3c4d5e6f7081 to head changes at "
                                     "most 2 tables")


def test_a_revision_that_cannot_be_applied_fails_the_check(tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend) as eng:
        eng.start(LESSON)
        # Not applied yet; on the scratch copy the step up fails: there is no such table.
        write_revision(eng, LESSON, "d1d1d1d1d1d1", HEAD,
                       'op.add_column("nowhere", sa.Column("x", sa.Integer()))')
        passed, message = _check(eng)
        assert not passed
        assert message.startswith("upgrading from 3c4d5e6f7081 one revision at a time failed: ")
        assert "nowhere" in message


def test_the_loader_knows_the_check_and_its_parameter(tmp_path):
    load_course(_course(tmp_path, _goal(1)))  # max is accepted
    bad = _course(tmp_path / "bad", _goal().replace('check = "tables_per_revision"',
                                                    'check = "tables_per_revision"\nmin = 1'))
    try:
        load_course(bad)
    except LessonFormatError as exc:
        assert "check 'tables_per_revision' does not take min" in str(exc)
    else:  # pragma: no cover - the assertion is the test
        raise AssertionError("an unknown parameter was accepted")
