"""The round trip compares string lengths: a widening (VARCHAR(100) -> VARCHAR(255)) whose
downgrade is ``pass`` leaves the wider type behind and fails, with the lengths named. A start
recorded before lengths were compared still checks. Real Alembic on both backends."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.engine.helpers import HEAD, write_revision
from tutorial.engine import layout
from tutorial.engine.core import Engine
from tutorial.lessons.loader import load_course
from tutorial.paths import lessons_dir

LESSON = "add-column"  # users.email is VARCHAR(100) NOT NULL at the start

GOAL = '''
[[goal]]
id = "round-trip"
check = "roundtrip"
to = "start"
'''

WIDEN = '''
with op.batch_alter_table("users") as batch_op:
    batch_op.alter_column("email", existing_type=sa.String(100), type_=sa.String(255),
                          existing_nullable=False)
'''
NARROW_BACK = '''
with op.batch_alter_table("users") as batch_op:
    batch_op.alter_column("email", existing_type=sa.String(255), type_=sa.String(100),
                          existing_nullable=False)
'''


def _course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(lessons_dir() / LESSON, root / LESSON)
    toml = root / LESSON / "lesson.toml"
    body = toml.read_text(encoding="utf-8").replace('prerequisites = ["first-upgrade"]\n', "")
    head, _, rest = body.partition("[[goal]]")
    toml.write_text(head + GOAL.lstrip() + "\n" + rest[rest.index("[[solution]]"):],
                    encoding="utf-8")
    (root / "course.toml").write_text(
        f'[[chapter]]\nid = "c"\nlessons = ["{LESSON}"]\n[chapter.title]\nen = "C"\n',
        encoding="utf-8")
    return root


def _round_trip(eng: Engine) -> tuple[bool, str]:
    (result,) = eng.check(LESSON)["checks"]
    return result["passed"], result["message"]


def test_a_widening_without_its_downgrade_fails_the_round_trip(tmp_path, make_settings, backend):
    with Engine(make_settings(backend), course=load_course(_course(tmp_path)),
                timeout=30.0) as eng:
        eng.start(LESSON)
        path = write_revision(eng, LESSON, "e5e5e5e5e5e5", HEAD, WIDEN)
        assert eng.run(LESSON, "alembic upgrade head")["ok"]
        assert _round_trip(eng) == (
            False, f"after downgrade {HEAD}: users.email has length 255; it was 100; a "
                   "downgrade does not undo its upgrade")

        path.write_text(path.read_text(encoding="utf-8").replace(
            "def downgrade():\n    pass",
            "def downgrade():\n" + "".join(f"    {line}\n" for line in
                                           NARROW_BACK.strip().splitlines())),
            encoding="utf-8")
        passed, message = _round_trip(eng)
        assert passed, message

        # A downgrade that forgets the length: the message says there is no limit any more.
        path.write_text(path.read_text(encoding="utf-8").replace(
            "type_=sa.String(100)", "type_=sa.String()"), encoding="utf-8")
        assert _round_trip(eng) == (
            False, f"after downgrade {HEAD}: users.email has no length limit; it was 100; a "
                   "downgrade does not undo its upgrade")

        # A start recorded before lengths were part of the schema compares without them.
        path.write_text(path.read_text(encoding="utf-8").replace(
            "def downgrade():\n", "def downgrade():\n    return\n"), encoding="utf-8")
        assert not _round_trip(eng)[0]
        start_file = eng.paths(LESSON).start_file
        start = layout.read_json(start_file, {})
        for table in start["schema"].values():
            for column in table["columns"]:
                del column["length"]
        layout.write_json(start_file, start)
        passed, message = _round_trip(eng)
        assert passed, message
