"""Undo (ctrl+z) and reset (ctrl+r, confirmed) through keys."""

from __future__ import annotations

from pathlib import Path

from tests.tui.tui_helpers import console_text, idle, make_app, open_lesson, type_command, until
from tutorial.tui.screens.confirm import ConfirmScreen
from tutorial.tui.screens.lesson import LessonScreen


def _versions(project: Path) -> list[str]:
    return sorted(p.name for p in (project / "versions").glob("*.py"))


async def test_undo_takes_back_the_last_command(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "first-upgrade")
        assert screen.view["graph"]["current"] == []
        await type_command(pilot, "alembic upgrade head")
        assert screen.view["graph"]["current"] == ["3c4d5e6f7081"]
        await pilot.press("ctrl+z")
        await idle(pilot)
        assert "Undone: alembic upgrade head" in console_text(screen)
        assert screen.view["graph"]["current"] == []
        assert screen.view["tables"][1]["tables"] == {}
        # Nothing left to undo: said plainly, no error.
        await pilot.press("ctrl+z")
        await idle(pilot)
        assert "Nothing to undo" in console_text(screen)


async def test_undo_removes_the_file_a_revision_wrote(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        before = _versions(screen.project)
        await type_command(pilot, 'alembic revision -m "add phone"')
        assert len(_versions(screen.project)) == len(before) + 1
        assert screen.editor.current is not None
        screen.console.focus_input()
        await pilot.press("ctrl+z")
        await idle(pilot)
        assert _versions(screen.project) == before
        assert screen.editor.current is None
        assert screen.editor.current not in screen.editor.files


async def test_reset_asks_first_then_restores_the_start(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        before = _versions(screen.project)
        await type_command(pilot, 'alembic revision -m "add phone"')
        await type_command(pilot, "alembic downgrade -1")
        assert len(_versions(screen.project)) == len(before) + 1

        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("n")  # no: nothing happens
        await until(pilot, lambda: isinstance(app.screen, LessonScreen))
        assert len(_versions(screen.project)) == len(before) + 1

        await pilot.press("ctrl+r")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: app.screen is screen)
        await idle(pilot)
        assert _versions(screen.project) == before
        assert screen.view["graph"]["current"] == ["3c4d5e6f7081"]
        text = console_text(screen)
        assert "back at its start" in text
        assert "Your files were kept in" in text


async def test_hints_one_at_a_time_and_the_solution_behind_a_confirmation(
        workspace: Path) -> None:
    from tutorial.tui.widgets.goal_check import GoalCheck

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        total = len(screen.lesson.text("en").hints)
        await pilot.press("ctrl+g")
        await idle(pilot)
        assert screen.hints == [1]
        assert screen.query_one("#all-tabs").active == "tab-lesson"
        assert f"Hint 1 of {total}" in console_text(screen)
        await pilot.press("ctrl+g")
        await idle(pilot)
        assert screen.hints == [1, 2]

        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")  # no
        await until(pilot, lambda: app.screen is screen)
        # Nothing has run yet: the checks are not shown before the learner acts.
        assert screen.query_one(GoalCheck).check is None

        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await until(pilot, lambda: app.screen is screen)
        await idle(pilot)
        assert screen.query_one(GoalCheck).check["passed"]
        assert "The reference solution:" in console_text(screen)
        assert screen.editor.current == "versions/4d5e6f708192_add_phone_to_users.py"


async def test_the_goal_checks_appear_after_the_first_command(workspace: Path) -> None:
    """downgrade-roundtrip's checks name the broken revision: they must not be on screen
    before the learner has run anything; after a command they are, and they stay on reopen."""
    from tutorial.tui.widgets.goal_check import GoalCheck

    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        await idle(pilot)
        assert screen.query_one(GoalCheck).check is None
        await type_command(pilot, "alembic current")
        check = screen.query_one(GoalCheck).check
        assert check is not None and not check["passed"]
        await pilot.press("escape")
        screen = await open_lesson(pilot, "add-column")
        await idle(pilot)
        assert screen.query_one(GoalCheck).check is not None
