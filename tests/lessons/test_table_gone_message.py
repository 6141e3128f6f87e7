"""``table`` with ``exists = false``: "gone" for a table the sandbox started with, "there is
no table" for one that was never made (a learner reading "orders is gone" would look for it)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tutorial.engine.core import Engine
from tutorial.lessons.loader import load_course
from tutorial.paths import lessons_dir

LESSON = "add-column"  # starts with users and posts
GOAL = '''
[[goal]]
id = "no-posts"
check = "table"
table = "posts"
exists = false

[[goal]]
id = "no-orders"
check = "table"
table = "orders"
exists = false
'''


def _course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    text = toml.read_text(encoding="utf-8").replace('prerequisites = ["first-upgrade"]\n', "")
    head, _, rest = text.partition("[[goal]]")
    toml.write_text(head + GOAL.lstrip() + "\n" + rest[rest.index("[[solution]]"):],
                    encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def test_gone_only_for_a_table_that_was_there(tmp_path, make_settings, backend):
    with Engine(make_settings(backend), course=load_course(_course(tmp_path)),
                timeout=30.0) as eng:
        eng.start(LESSON)
        checks = {c["id"]: (c["passed"], c["message"]) for c in eng.check(LESSON)["checks"]}
        assert checks["no-posts"] == (False, "table posts still exists")
        assert checks["no-orders"] == (True, "there is no table orders")
        assert eng.run(LESSON, "alembic downgrade -1")["ok"]
        checks = {c["id"]: (c["passed"], c["message"]) for c in eng.check(LESSON)["checks"]}
        assert checks["no-posts"] == (True, "table posts is gone")


def test_query_rows_read_as_values_not_python_lists():
    from tutorial.lessons.checks import _rows_text

    assert _rows_text([]) == "\u2014"
    assert _rows_text([["84671cf5f6b3"]]) == "84671cf5f6b3"
    assert _rows_text([[1, "a", None], [2, "b", 3]]) == "(1, 'a', NULL); (2, 'b', 3)"
    assert _rows_text([[n] for n in range(7)]) == "0; 1; 2; 3; 4; …"
