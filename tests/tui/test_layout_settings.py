"""Layouts (tabs at 80x24, side by side when wide), the settings screen, the backend switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TabbedContent

from tests.tui.tui_helpers import (
    footer_descriptions,
    idle,
    make_app,
    open_lesson,
    ready,
    type_command,
    until,
)
from tutorial.tui.screens.settings import SettingsScreen
from tutorial.tui.widgets.console import Console
from tutorial.tui.widgets.lesson_status import LessonStatus


async def test_narrow_is_tabs_wide_is_side_by_side_and_state_survives(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "add-column")
        assert [t.id for t in screen.query(TabbedContent)] == ["all-tabs"]
        console = screen.query_one(Console)
        assert console.region.height >= 5 and console.region.bottom <= 24
        await type_command(pilot, 'alembic revision -m "add phone"')
        current = screen.editor.current
        screen.editor.text_area.insert("# not saved yet\n", (0, 0))
        await pilot.pause()
        assert screen.editor.dirty

        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: bool(screen.query("#right-tabs")))
        await pilot.pause()
        assert {t.id for t in screen.query(TabbedContent)} == {"left-tabs", "right-tabs"}
        # The console, the transcript, the history and the unsaved edit are all still there.
        assert screen.console.input.history[-1] == 'alembic revision -m "add phone"'
        assert screen.editor.current == current and screen.editor.dirty
        assert screen.editor.text_area.text.startswith("# not saved yet")
        assert screen.view["graph"] is not None

        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: bool(screen.query("#all-tabs")))
        assert screen.editor.dirty


async def test_settings_apply_at_once_and_persist(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        assert "Close" in footer_descriptions(app.screen)
        select = app.screen.query_one("#set-theme")
        select.value = "high-contrast"
        await pilot.pause()
        assert app.theme == "high-contrast"
        app.screen.query_one("#set-bidi").value = "off"
        await pilot.pause()
        assert app.text_layout.mode == "off"
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, SettingsScreen))
        await until(pilot, lambda: not any(w.is_running for w in app.workers))
        assert app.link.get_setting("theme") == "high-contrast"
        assert app.link.get_setting("bidi") == "off"


@pytest.mark.postgres
@pytest.mark.slow
async def test_switching_the_backend_opens_the_lessons_sandbox_there(
        workspace: Path, pg_admin_url: str) -> None:
    app = make_app(workspace, db="postgres", db_url=pg_admin_url)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "first-upgrade")
        await type_command(pilot, "alembic upgrade head")
        assert screen.view["graph"]["current"] == ["3c4d5e6f7081"]

        app.switch_backend("sqlite")
        await until(pilot, lambda: screen.backend == "sqlite" and screen.project is not None)
        await idle(pilot)
        assert app.screen is screen
        assert screen.query_one(LessonStatus).backend == "sqlite"
        assert screen.view["graph"]["current"] == []

        app.switch_backend("postgres")
        await until(pilot, lambda: screen.backend == "postgres" and screen.project is not None)
        await idle(pilot)
        assert screen.view["graph"]["current"] == ["3c4d5e6f7081"]
