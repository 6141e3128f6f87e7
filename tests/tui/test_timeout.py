"""A migration that never ends does not freeze the UI; the timeout is explained."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.tui.tui_helpers import COURSE, idle, make_app, open_lesson, until
from tutorial.tui.screens.lesson import scan_files
from tutorial.tui.widgets.error_pane import ErrorPane, explanation_for

ENDLESS = '''"""endless"""
from alembic import op
import sqlalchemy as sa

revision = "4d5e6f708192"
down_revision = "3c4d5e6f7081"
branch_labels = None
depends_on = None


def upgrade() -> None:
    while True:
        pass


def downgrade() -> None:
    pass
'''


async def test_endless_migration_keeps_the_ui_responsive(workspace: Path) -> None:
    assert (COURSE / "add-column").is_dir()
    app = make_app(workspace, timeout=2)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        (screen.project / "versions" / "4d5e6f708192_endless.py").write_text(ENDLESS)
        screen.mtimes = scan_files(screen.project)  # not news for watch mode here
        await idle(pilot)

        screen.console.focus_input()
        await pilot.press(*"alembic upgrade head", "enter")
        await until(pilot, lambda: bool(screen.busy))
        tabs = screen.query_one("#all-tabs")
        before = tabs.active
        # The app still answers keys while the worker process spins.
        await pilot.press("ctrl+t")
        assert tabs.active != before
        await pilot.press(*"alembic current")
        assert screen.console.input.value == "alembic current"
        assert screen.busy, "the endless command should still be running"
        assert screen.query_one(ErrorPane).error is None

        await idle(pilot)
        error = screen.query_one(ErrorPane).error
        assert error is not None and error["type"] == "Timeout"
        explanation = explanation_for(error)
        assert explanation and explanation["what"]
        assert tabs.active == "tab-error"
        # The sandbox was restored: still at the lesson's start revision.
        assert screen.view["graph"]["current"] == ["3c4d5e6f7081"]


async def test_quitting_during_an_endless_migration_stops_the_worker(workspace: Path) -> None:
    import os

    app = make_app(workspace, timeout=30)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        (screen.project / "versions" / "4d5e6f708192_endless.py").write_text(ENDLESS)
        screen.mtimes = scan_files(screen.project)
        screen.console.focus_input()
        await pilot.press(*"alembic upgrade head", "enter")
        await until(pilot, lambda: bool(screen.busy))
        pid = app.link._engine._worker.pid
        assert pid is not None
        await pilot.press("ctrl+q")
    # The worker was killed on the way out instead of running to the 30 s timeout.
    for _ in range(200):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        await asyncio.sleep(0.05)
    else:
        raise AssertionError("the worker process is still running")
