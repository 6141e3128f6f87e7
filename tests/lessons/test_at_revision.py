"""The ``at_revision`` check: alembic_version names exactly one revision, ``"start"`` (where the
lesson began, e.g. a database only ``--sql`` may touch) or an id. Real Alembic, both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

from tutorial.engine.core import Engine
from tutorial.lessons.loader import load_course
from tutorial.paths import lessons_dir

LESSON = "add-column"  # starts at head, 3c4d5e6f7081; the revision before it is 2b3c4d5e6f70
GOAL = '''
[[goal]]
id = "at-start"
check = "at_revision"

[[goal]]
id = "at-second"
check = "at_revision"
revision = "2b3c4d5e6f70"
'''


def _course(tmp_path: Path) -> Path:
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
    return {c["id"]: (c["passed"], c["message"]) for c in eng.check(LESSON)["checks"]}


def test_at_the_start_at_another_revision_and_at_none(tmp_path, make_settings, backend):
    with Engine(make_settings(backend), course=load_course(_course(tmp_path)),
                timeout=30.0) as eng:
        eng.start(LESSON)
        assert _checks(eng) == {
            "at-start": (True, "the database is at 3c4d5e6f7081"),
            "at-second": (False, "the database is at 3c4d5e6f7081; the goal is 2b3c4d5e6f70"),
        }
        # --sql touches no database: still at the start.
        assert eng.run(LESSON, "alembic downgrade 3c4d5e6f7081:2b3c4d5e6f70 --sql")["ok"]
        assert _checks(eng)["at-start"][0]

        assert eng.run(LESSON, "alembic downgrade -1")["ok"]
        assert _checks(eng) == {
            "at-start": (False, "the database is at 2b3c4d5e6f70; the goal is 3c4d5e6f7081"),
            "at-second": (True, "the database is at 2b3c4d5e6f70"),
        }

        assert eng.run(LESSON, "alembic downgrade base")["ok"]
        assert _checks(eng)["at-start"] == (False, "the database has no revision applied yet")
