"""The instructor's screen, driven with Pilot over progress stores written by real lessons:
the table, sorting by keyboard and by clicking a header, the stuck filter, refreshing on its
own, a locked store marked without a crash, right-to-left."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.tui.tui_helpers import until

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "progress"))
from instructor_helpers import PERSIAN, VISITOR, learner, make_classroom  # noqa: E402
from progress_helpers import START, FakeClock  # noqa: E402

from tutorial.instructor.app import InstructorApp  # noqa: E402
from tutorial.instructor.room import read_room  # noqa: E402

COURSE = ["first-upgrade", "add-column", "rename-column"]
AT_0912 = START + timedelta(minutes=12)
TITLES = {"first-upgrade": "Your first upgrade", "add-column": "Add a column",
          "rename-column": "Rename a column"}
SIZE = (150, 30)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("room-tui") / "ws"
    make_classroom(root)
    return root


def _copy(classroom: Path, dest: Path) -> Path:
    shutil.copytree(classroom, dest, ignore=shutil.ignore_patterns("sandboxes", "state"))
    return dest


def _app(root: Path, lang: str = "en", interval: float = 0.0, **read: Any) -> InstructorApp:
    def load():  # type: ignore[no-untyped-def]
        return read_room(root, COURSE, now=AT_0912, **read)

    return InstructorApp(load, lang=lang, bidi="app", titles=TITLES, interval=interval)


def _keys(app: InstructorApp) -> list[str]:
    return [x.key for x in app.room_screen.shown()]


def _row(app: InstructorApp, key: str) -> dict[str, str]:
    from textual.widgets import DataTable

    table = app.room_screen.query_one(DataTable)
    cells = table.get_row(key)
    return {str(column.key.value): str(cell) for column, cell in
            zip(table.ordered_columns, cells, strict=True)}


async def _loaded(pilot: Any, at_least: int = 1) -> None:
    await until(pilot, lambda: pilot.app.room_screen.loads >= at_least)
    await pilot.pause()


async def test_the_room_table(classroom: Path) -> None:
    app = _app(classroom)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        assert _keys(app)[0] == "bo"  # stuck first
        assert set(_keys(app)) == {"ana", "bo", PERSIAN, "v1"}
        bo = _row(app, "bo")
        assert bo["lesson:first-upgrade"] == "▶" and bo["lesson:add-column"] == "○"
        assert bo["failed"] == "3" and bo["hints"] == "2"
        assert "failed commands" in bo["stuck"] and "hints" in bo["stuck"]
        assert bo["since_success"] == "–"
        ana = _row(app, "ana")
        assert ana["lesson:first-upgrade"] == "✓" and ana["done"] == "1/3"
        assert ana["current"] == "2. Add a column" and ana["stuck"] == ""
        assert ana["since_success"] == "10 min"
        details = str(app.room_screen.query_one("#room-details").render())
        assert "bo" in details and "3 failed" in details


async def test_sorting_and_filtering_by_keyboard(classroom: Path) -> None:
    app = _app(classroom)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        await pilot.press("s")  # next column after "stuck": the learner's name
        assert app.room_screen.sort_by == "learner"
        assert _keys(app) == ["ana", "bo", "v1", PERSIAN]
        await pilot.press("v")
        assert _keys(app) == [PERSIAN, "v1", "bo", "ana"]
        await pilot.press("s", "s")  # current lesson, then lessons done
        assert app.room_screen.sort_by == "done" and _keys(app)[0] != "ana"
        await pilot.press("v")
        assert _keys(app)[0] == "ana"
        await pilot.press("t")
        assert _keys(app) == ["bo"]
        await pilot.press("t")
        assert len(_keys(app)) == 4


def _column_x(app: InstructorApp, key: str) -> int:
    """The x offset (inside the table) of the middle of column ``key``'s header."""
    from textual.widgets import DataTable

    table = app.room_screen.query_one(DataTable)
    x = 0
    for column in table.ordered_columns:
        width = column.get_render_width(table)
        if column.key.value == key:
            return x + width // 2
        x += width
    raise KeyError(key)


async def test_clicking_a_header_sorts_and_clicking_a_row_shows_the_learner(
        classroom: Path) -> None:
    from textual.widgets import DataTable

    app = _app(classroom)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        await pilot.click(DataTable, offset=(_column_x(app, "learner"), 0))
        await pilot.pause()
        assert app.room_screen.sort_by == "learner" and not app.room_screen.reverse
        assert _keys(app)[0] == "ana"
        await pilot.click(DataTable, offset=(_column_x(app, "learner"), 0))
        await pilot.pause()
        assert app.room_screen.reverse and _keys(app)[0] == PERSIAN
        await pilot.click(DataTable, offset=(_column_x(app, "lesson:first-upgrade"), 0))
        await pilot.pause()
        assert app.room_screen.sort_by == "lesson:first-upgrade" and _keys(app)[0] == "ana"
        # Row 3 of the table (the header is line 0): the third learner.
        await pilot.click(DataTable, offset=(_column_x(app, "learner"), 3))
        await pilot.pause()
        third = _keys(app)[2]
        assert app.room_screen.highlighted().key == third
        assert third in str(app.room_screen.query_one("#room-details").render())


async def test_the_screen_refreshes_on_its_own(classroom: Path, tmp_path: Path) -> None:
    root = _copy(classroom, tmp_path / "room")
    app = _app(root, interval=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        assert "cy" not in _keys(app)
        # A new learner arrives and fails twice, through the engine, while the screen runs.
        await asyncio.to_thread(learner, root, "cy", [
            ("run", "add-column", "alembic downgrade nowhere"),
            ("run", "add-column", "alembic downgrade nowhere")], FakeClock(START))
        await until(pilot, lambda: "cy" in _keys(app) and _row(app, "cy")["failed"] == "2")
        assert _row(app, "cy")["lesson:add-column"] == "▶"


async def test_a_locked_store_is_marked_and_the_screen_keeps_going(classroom: Path,
                                                                   tmp_path: Path) -> None:
    root = _copy(classroom, tmp_path / "room")
    holder = sqlite3.connect(root / VISITOR / "progress.sqlite3", isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE lesson_progress SET attempts = attempts + 1")
    app = _app(root, interval=0.2)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _loaded(pilot)
            row = _row(app, "v1")
            assert row["current"].startswith("!!") and "locked" in row["current"]
            assert _keys(app)[-1] == "v1"
            summary = str(app.room_screen.query_one("#room-summary").render())
            assert "1 progress file unreadable" in summary
            holder.execute("ROLLBACK")
            holder.close()
            holder = None
            await until(pilot, lambda: app.room_screen.room is not None
                        and app.room_screen.room.problem_count == 0)
            await pilot.pause()
            assert _row(app, "v1")["lesson:add-column"] == "▶"
    finally:
        if holder is not None:
            holder.close()


async def test_a_failing_read_is_shown_not_raised(classroom: Path) -> None:
    calls = []

    def load():  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) > 1:
            raise OSError("the disk went away")
        return read_room(classroom, COURSE, now=AT_0912)

    app = InstructorApp(load, lang="en", bidi="app", titles=TITLES, interval=0)
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        await pilot.press("r")
        await _loaded(pilot, 2)
        summary = str(app.room_screen.query_one("#room-summary").render())
        assert "the disk went away" in summary
        assert len(_keys(app)) == 4  # the last good room stays on screen


async def test_right_to_left(classroom: Path) -> None:
    app = _app(classroom, lang="fa")
    async with app.run_test(size=SIZE) as pilot:
        await _loaded(pilot)
        from textual.widgets import DataTable

        table = app.room_screen.query_one(DataTable)
        keys = [str(c.key.value) for c in table.ordered_columns]
        assert keys[0] == "stuck" and keys[-1] == "learner"  # mirrored: read from the right
        ana = _row(app, "ana")
        assert ana["done"] == "۱/۳" and ana["failed"] == "۰"
        assert "۱۰" in ana["since_success"]
        # The app reorders: a Persian name is sent in visual order (no terminal bidi here).
        assert _row(app, PERSIAN)["learner"] == PERSIAN[::-1]


async def test_a_refresh_keeps_the_place_in_a_long_room(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from tutorial.progress import ProgressStore

    root = tmp_path / "big"
    clock = FakeClock(START)
    for number in range(60):
        with ProgressStore.open(root, f"learner{number:02d}", clock=clock) as store:
            store.record_start("first-upgrade")
            for _ in range(number % 4):
                store.record_command("first-upgrade", "alembic upgrade nowhere", ok=False)
    app = _app(root)
    async with app.run_test(size=(150, 24)) as pilot:
        await _loaded(pilot)
        await pilot.press("s")  # by name: learner00 ... learner59
        table = app.room_screen.query_one(DataTable)
        start = _keys(app).index(app.room_screen.highlighted().key)
        for _ in range(40):
            await pilot.press("down")
        for _ in range(8):  # back up: the cursor is in the middle of the view, not at its edge
            await pilot.press("up")
        await pilot.pause()
        before = (app.room_screen.highlighted().key, table.scroll_y)
        assert before[0] == f"learner{min(59, start + 40) - 8:02d}" and before[1] > 0
        await pilot.press("r")
        await _loaded(pilot, 2)
        await pilot.pause()
        assert (app.room_screen.highlighted().key, table.scroll_y) == before
