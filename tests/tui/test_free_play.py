"""A course with a free-play lesson: a map entry, no goal pane, every other pane working."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.tui.tui_helpers import COURSE, console_text, idle, make_app, ready, type_command, until
from tutorial.tui.screens.lesson import LessonScreen
from tutorial.tui.widgets.goal_check import GoalCheck
from tutorial.tui.widgets.lesson_list import LessonList

SANDBOX_TOML = '''id = "sandbox"
minutes = 5
backends = ["sqlite", "postgres"]
free_play = true

[start]
upgrade = "head"
'''

SANDBOX_MD = '''+++
title = "Free play"
goal = "Try anything: no check, undo and reset work."
hints = []
+++
# Free play

A sandbox with three revisions. Try anything.
'''


def _course(root: Path) -> Path:
    course = root / "course"
    shutil.copytree(COURSE / "first-upgrade", course / "first-upgrade")
    sandbox = course / "sandbox"
    shutil.copytree(COURSE / "first-upgrade" / "start", sandbox / "start")
    (sandbox / "lesson.toml").write_text(SANDBOX_TOML, encoding="utf-8")
    (sandbox / "en.md").write_text(SANDBOX_MD, encoding="utf-8")
    (course / "course.toml").write_text(
        '[[chapter]]\nid = "basics"\nlessons = ["first-upgrade", "sandbox"]\n\n'
        '[chapter.title]\nen = "Basics"\n', encoding="utf-8")
    return course


async def test_free_play_from_the_map(tmp_path: Path) -> None:
    app = make_app(tmp_path / "ws", course=_course(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert app.course is not None and app.course.lessons["sandbox"].free_play
        lessons = app.screen.query_one(LessonList)
        ids = [lessons.get_option_at_index(i).id for i in range(lessons.option_count)]
        assert ids == ["chapter:basics", "first-upgrade", "sandbox"]
        # "f" (Free play) is offered in the footer because the course has a sandbox.
        assert "free_play" in {b.action for _k, b, _e, _t in app.screen.active_bindings.values()}
        # Free play is not counted in the overall progress.
        assert app.continue_target() == "first-upgrade"

        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, LessonScreen))
        screen = app.screen
        await until(pilot, lambda: screen.project is not None)
        await idle(pilot)
        assert screen.lesson_id == "sandbox"
        assert not screen.query(GoalCheck)
        assert not screen.query("#tab-goal")
        # Hint and Solution are not offered; the rest is.
        keys = {b.action for _k, b, _e, _t in screen.active_bindings.values()}
        assert "hint" not in keys and "solution" not in keys
        assert {"undo", "reset", "focus_editor"} <= keys

        await type_command(pilot, "alembic downgrade -1")
        assert screen.view["graph"]["current"] == ["2b3c4d5e6f70"]
        assert screen.view["tables"][2]["tables"]["posts"]["status"] == "removed"
        assert "Goal" not in console_text(screen)
