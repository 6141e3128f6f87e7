"""A whole lesson done through the UI, as a learner does it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets.text_area import Selection

from tests.tui.tui_helpers import console_text, idle, make_app, open_lesson, type_command, until
from tutorial.tui.widgets.goal_check import GoalCheck
from tutorial.tui.widgets.lesson_status import LessonStatus
from tutorial.tui.widgets.sandbox_editor import SandboxEditor


def _select_pass(text: str, function: str) -> Selection:
    """The ``pass`` in the body of ``def <function>()``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"def {function}("))
    row = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "pass")
    column = lines[row].index("pass")
    return Selection((row, column), (row, column + len("pass")))


async def test_add_column_lesson_through_the_ui(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_lesson(pilot, "add-column")

        await type_command(pilot, 'alembic revision -m "add phone"')
        editor = screen.query_one(SandboxEditor)
        # The new revision file is opened in the editor by itself.
        assert editor.current is not None
        assert editor.current.startswith("versions/") and editor.current.endswith(
            "_add_phone.py")
        new_file = screen.project / editor.current

        await pilot.press("ctrl+f")
        area = editor.text_area
        assert area.has_focus
        area.selection = _select_pass(area.text, "upgrade")
        await pilot.press(*'op.add_column("users", sa.Column("phone", sa.String(20), '
                           'nullable=True))')
        area.selection = _select_pass(area.text, "downgrade")
        await pilot.press(*'op.drop_column("users", "phone")')
        assert editor.dirty
        await pilot.press("ctrl+s")
        await idle(pilot)
        assert not editor.dirty
        saved = new_file.read_text(encoding="utf-8")
        assert 'sa.Column("phone", sa.String(20), nullable=True)' in saved
        assert 'op.drop_column("users", "phone")' in saved

        await type_command(pilot, "alembic upgrade head")
        goal = screen.query_one(GoalCheck)
        assert goal.check is not None and goal.check["passed"], goal.check
        assert all(item["passed"] for item in goal.check["checks"])
        assert screen.query_one(LessonStatus).goal_passed
        text = console_text(screen)
        assert "Goal reached" in text
        # The after-table shows the new column, marked as added.
        tables = screen.view["tables"]
        assert "phone" in tables[2]["tables"]["users"]["columns_added"]
        # The map shows the lesson as done when the learner goes back.
        await pilot.press("escape")
        await until(pilot, lambda: app.statuses.get("add-column") == "done")


async def test_history_and_completion_in_the_console(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "first-upgrade")
        console = screen.console
        console.focus_input()
        await pilot.press(*"alembic hi", "tab")
        assert console.input.value == "alembic history "
        await pilot.press("enter")
        await idle(pilot)
        await pilot.press(*"alembic upgrade 3c", "tab")
        assert console.input.value == "alembic upgrade 3c4d5e6f7081 "
        await pilot.press(*["backspace"] * len(console.input.value))
        await pilot.press("up")
        assert console.input.value == "alembic history"
        await pilot.press("down")
        assert console.input.value == ""


async def test_bad_command_is_one_clear_line(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "first-upgrade")
        await type_command(pilot, "rm -rf /")
        assert "only alembic commands run in the sandbox" in console_text(screen)
        await type_command(pilot, "alembic upgrade nowhere")
        assert screen.view["error"] is not None
        assert "Traceback" not in console_text(screen)


async def test_the_real_course_opens(workspace: Path) -> None:
    """Smoke test on the shipped course (the other tests use a frozen copy)."""
    from tests.tui.tui_helpers import LESSONS

    app = make_app(workspace, course=LESSONS)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "first-upgrade")
        await type_command(pilot, "alembic upgrade head")
        assert screen.view["graph"]["current"] == screen.view["graph"]["heads"]
        assert "Traceback" not in console_text(screen)


async def test_safety_report_flags_the_learners_unsafe_migration(workspace: Path) -> None:
    from tests.tui.tui_helpers import COURSE
    from tutorial.tui.widgets.safety_report import SafetyReport

    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        report = screen.query_one(SafetyReport)
        assert report.findings == []  # the lesson's own files are not the learner's
        name = "versions/4d5e6f708192_add_phone_to_users.py"
        wrong = COURSE / "add-column" / "wrong" / "not-null" / name
        (screen.project / name).write_text(wrong.read_text(encoding="utf-8"), encoding="utf-8")
        await type_command(pilot, "alembic upgrade head")
        await idle(pilot)
        assert screen.view["error"] is not None  # NOT NULL on a table with rows fails
        rules = {f["rule"] for f in report.findings}
        assert "not-null-without-default" in rules
        assert all(f["file"] == name for f in report.findings)
        label = str(screen.query_one("#all-tabs").get_tab("tab-safety").label)
        assert label.endswith(str(len(report.findings)))
