"""Every lesson of the real course done end to end in the TUI, as a learner would: open it from
the map, look around, change files (models.py in the app's editor; new revision files from
"their own editor", picked up by watch mode), type the commands in the console, and reach the
goal. Each lesson is done in English and in one other language (a different one per lesson, so
all five are used), on SQLite where the lesson runs there, else on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.tui_helpers import (
    LESSONS,
    console_text,
    idle,
    make_app,
    open_lesson,
    type_command,
    until,
)
from tutorial.i18n import _, use_language
from tutorial.lessons.loader import load_course
from tutorial.tui.widgets.goal_check import GoalCheck
from tutorial.tui.widgets.sandbox_editor import SandboxEditor

COURSE = load_course(LESSONS)
LESSONS_TO_DO = [lesson for lesson in COURSE.ordered() if not lesson.free_play]
OTHERS = ("fa", "th", "hi", "ur", "ru")
CASES = [(lesson.id, lang) for n, lesson in enumerate(LESSONS_TO_DO)
         for lang in ("en", OTHERS[n % len(OTHERS)])]


@pytest.mark.parametrize(("lesson_id", "lang"), CASES, ids=[f"{i}-{la}" for i, la in CASES])
async def test_lesson_done_in_the_tui(lesson_id: str, lang: str, tmp_path: Path,
                                     request: pytest.FixtureRequest) -> None:
    lesson = COURSE.lessons[lesson_id]
    changes: dict[str, object] = {"course": LESSONS}
    if "sqlite" not in lesson.backends:
        changes.update(db="postgres", db_url=request.getfixturevalue("pg_admin_url"))
    app = make_app(tmp_path / "ws", lang=lang, watch_interval=0.2, **changes)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lesson(pilot, lesson_id)
        # The lesson's own text, in the learner's language, is on the screen.
        assert screen.lesson.text(lang).lang == lang
        await type_command(pilot, "alembic history")
        editor = screen.query_one(SandboxEditor)
        for step in lesson.solution:
            if step.kind == "run":
                await type_command(pilot, step.value)
                continue
            target = screen.project / step.value
            if step.kind == "delete":
                target.unlink()
                await until(pilot, lambda v=step.value: v not in screen.mtimes)
            elif target.exists():
                # A file the learner already has: edited in the app's editor, then saved.
                editor.open_file(step.value)
                await until(pilot, lambda v=step.value: editor.current == v)
                assert step.source is not None
                await pilot.press("ctrl+f")
                await until(pilot, lambda: editor.text_area.has_focus)
                editor.text_area.text = step.source.read_text(encoding="utf-8")
                await until(pilot, lambda: editor.dirty)
                await pilot.press("ctrl+s")
                await until(pilot, lambda: not editor.dirty)
            else:
                # A new file from the learner's own editor: watch mode picks it up.
                assert step.source is not None
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(step.source.read_text(encoding="utf-8"), encoding="utf-8")
                await until(pilot, lambda v=step.value: v in screen.mtimes)
            await idle(pilot)
        await until(pilot, lambda: (screen.query_one(GoalCheck).check or {}).get("passed"))
        with use_language(lang):
            reached = _("Goal reached")
        assert reached in console_text(screen) or screen.query_one(GoalCheck).check["passed"]
        await pilot.press("escape")
        await until(pilot, lambda: app.statuses.get(lesson_id) == "done")
