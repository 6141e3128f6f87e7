"""Unique constraints in goal checks: ``unique`` with ``exists = false`` (a constraint that had
to be dropped), and a round trip whose downgrade forgets to restore one fails. Both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.engine.helpers import HEAD, write_revision
from tutorial.engine.core import Engine
from tutorial.lessons.loader import load_course
from tutorial.paths import lessons_dir

LESSON = "add-column"
GOAL = '''
[[goal]]
id = "email-not-unique"
check = "unique"
table = "users"
columns = ["email"]
exists = false

[[goal]]
id = "round-trip"
check = "roundtrip"
to = "start"
'''


def _course(tmp_path: Path) -> Path:
    """add-column with only the two checks under test as its goal."""
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace('prerequisites = ["first-upgrade"]\n', "")
    head, _, rest = text.partition("[[goal]]")
    solution = rest[rest.index("[[solution]]"):]
    toml.write_text(head + GOAL.lstrip() + "\n" + solution, encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def _checks(eng: Engine) -> dict[str, tuple[bool, str]]:
    result = eng.check(LESSON)
    return {c["id"]: (c["passed"], c["message"]) for c in result["checks"]}


def test_unique_absent_and_a_round_trip_that_must_restore_it(tmp_path, make_settings, backend):
    with Engine(make_settings(backend), course=load_course(_course(tmp_path)),
                timeout=30.0) as eng:
        eng.start(LESSON)
        checks = _checks(eng)
        assert checks["email-not-unique"] == (True, "users(email) is not unique")
        assert checks["round-trip"][0], checks

        # A unique constraint whose downgrade forgets it.
        path = write_revision(eng, LESSON, "e1e1e1e1e1e1", HEAD, '''
            with op.batch_alter_table("users") as batch_op:
                batch_op.create_unique_constraint("uq_users_email", ["email"])
        ''')
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        checks = _checks(eng)
        assert checks["email-not-unique"] == (False, "users(email) is still unique")
        # PostgreSQL backs the constraint with a unique index, so the indexes differ too.
        what = "unique constraints" if backend == "sqlite" else "indexes"
        assert checks["round-trip"] == (
            False, f"after downgrade 3c4d5e6f7081: the {what} of users differ; "
                   "a downgrade does not undo its upgrade")

        # The downgrade drops it again: the round trip passes.
        path.write_text(path.read_text(encoding="utf-8").replace(
            "def downgrade():\n    pass",
            "def downgrade():\n"
            "    with op.batch_alter_table(\"users\") as batch_op:\n"
            "        batch_op.drop_constraint(\"uq_users_email\", type_=\"unique\")"),
            encoding="utf-8")
        checks = _checks(eng)
        assert checks["round-trip"][0], checks
