"""The ``branch`` check: a line of revisions named by ``branch_labels`` starts at a base of its
own (``own_base``) and is applied up to its head (``applied``, or waits with
``applied = false``). Real Alembic on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.engine.helpers import HEAD
from tutorial.engine.core import Engine
from tutorial.lessons.loader import LessonFormatError, load_course
from tutorial.paths import lessons_dir

LESSON = "add-column"  # a single line: users, email, posts (head 3c4d5e6f7081)
USERS_REV = "1a2b3c4d5e6f"
AUDIT_REV = "a0a0a0a0a0a0"

AUDIT = '''"""create audit log"""
from alembic import op
import sqlalchemy as sa

revision = "a0a0a0a0a0a0"
down_revision = {down!r}
branch_labels = ("audit",)
depends_on = {depends!r}


def upgrade():
    op.create_table("audit_log", sa.Column("id", sa.Integer(), primary_key=True))


def downgrade():
    op.drop_table("audit_log")
'''


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


def _goal(extra: str = "") -> str:
    return f'[[goal]]\nid = "audit"\ncheck = "branch"\nlabel = "audit"\n{extra}'


def _engine(tmp_path: Path, make_settings, backend: str, extra: str = "") -> Engine:
    return Engine(make_settings(backend),
                  course=load_course(_course(tmp_path, _goal(extra))), timeout=30.0)


def _check(eng: Engine) -> tuple[bool, str]:
    (result,) = eng.check(LESSON)["checks"]
    return result["passed"], result["message"]


def _write_audit(eng: Engine, down: str | None, depends: str | None = USERS_REV) -> None:
    path = eng.paths(LESSON).project / "versions" / f"{AUDIT_REV}_create_audit_log.py"
    path.write_text(AUDIT.format(down=down, depends=depends), encoding="utf-8")


def test_an_independent_branch_applied_on_its_own(tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend, "own_base = true\n") as eng:
        eng.start(LESSON)
        assert _check(eng) == (False, "no revision has the branch label audit yet")
        _write_audit(eng, down=None)
        assert _check(eng) == (False, "branch audit is not applied yet: its head a0a0a0a0a0a0 "
                                      "is not in alembic_version")
        assert eng.run(LESSON, "alembic upgrade audit@head")["ok"]
        assert _check(eng) == (True, "branch audit starts at a base of its own and the "
                                     "database is at its head a0a0a0a0a0a0")
        # Both lines are recorded: the main line did not move.
        assert eng.snapshot(LESSON)["version"] == sorted([HEAD, AUDIT_REV])


def test_a_label_on_top_of_the_main_line_is_not_a_base_of_its_own(tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend, "own_base = true\n") as eng:
        eng.start(LESSON)
        _write_audit(eng, down=HEAD, depends=None)
        assert eng.run(LESSON, "alembic upgrade audit@head")["ok"]
        assert _check(eng) == (False, f"branch audit forks from {HEAD}; the goal is a branch "
                                      "that starts at a base of its own")


def test_without_own_base_a_labelled_continuation_passes_once_applied(tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend) as eng:
        eng.start(LESSON)
        _write_audit(eng, down=HEAD, depends=None)
        assert eng.run(LESSON, "alembic upgrade audit@head")["ok"]
        assert _check(eng) == (True, "the database is at the head a0a0a0a0a0a0 of branch audit")


def test_a_branch_that_must_wait(tmp_path, make_settings, backend):
    with _engine(tmp_path, make_settings, backend, "applied = false\n") as eng:
        eng.start(LESSON)
        _write_audit(eng, down=None)
        assert _check(eng) == (True, "branch audit waits: its head a0a0a0a0a0a0 is not applied")
        assert eng.run(LESSON, "alembic upgrade heads")["ok"]
        assert _check(eng) == (False, "branch audit is applied up to a0a0a0a0a0a0; the goal "
                                      "leaves it for later")


def test_the_loader_needs_a_label(tmp_path):
    bad = _course(tmp_path, _goal().replace('label = "audit"\n', ""))
    with pytest.raises(LessonFormatError, match="check 'branch' needs label"):
        load_course(bad)
