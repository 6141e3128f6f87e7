"""SVG snapshots of each screen at 80x24 and 120x40, in English and in Persian.

Deterministic by construction: a frozen copy of two lessons and of the Persian catalogue
(``frozen/``, so the course's authors and translators do not break these), fixed
revision ids (the lesson's solution files are copied in rather than made by
``alembic revision``), no timings, no paths, bidi mode fixed. Update after an intended change
with ``pytest tests/tui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.tui.tui_helpers import (
    COURSE,
    FROZEN,
    idle,
    make_app,
    open_lesson,
    ready,
    type_command,
    until,
)
from tutorial.tui.screens.lesson import scan_files

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
LANGS = ("en", "fa")


@pytest.fixture(autouse=True)
def _fixed_environment(monkeypatch: pytest.MonkeyPatch) -> Any:
    import tutorial.i18n

    # "auto" bidi detection reads the terminal's variables: pin it.
    monkeypatch.setenv("ALEMBIC_TUTORIAL_BIDI", "app")
    # The UI catalogue as it was when the snapshots were made.
    monkeypatch.setattr(tutorial.i18n, "locales_dir", lambda: FROZEN / "locales")
    tutorial.i18n.translations.cache_clear()
    yield
    tutorial.i18n.translations.cache_clear()


def _app(workspace: Path, lang: str) -> Any:
    return make_app(workspace, lang=lang)


def _case(lang: str, size: str) -> Any:
    return pytest.param(lang, SIZES[size], id=f"{lang}-{size}")


CASES = [_case(lang, size) for lang in LANGS for size in SIZES]


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_course_map(snap_compare: Any, workspace: Path, lang: str, size: tuple[int, int]
                    ) -> None:
    app = _app(workspace, lang)

    async def run_before(pilot: Any) -> None:
        await ready(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_lesson_after_a_command(snap_compare: Any, workspace: Path, lang: str,
                                size: tuple[int, int]) -> None:
    app = _app(workspace, lang)

    async def run_before(pilot: Any) -> None:
        screen = await open_lesson(pilot, "add-column")
        screen.console.input.cursor_blink = False  # a blinking cursor is not deterministic
        screen.editor.text_area.cursor_blink = False
        solution = COURSE / "add-column" / "solution"
        name = "versions/4d5e6f708192_add_phone_to_users.py"
        shutil.copyfile(solution / name, screen.project / name)
        shutil.copyfile(solution / "models.py", screen.project / "models.py")
        screen.mtimes = scan_files(screen.project)
        await type_command(pilot, "alembic upgrade head")
        screen.show_tab("tab-tables")
        await until(pilot, lambda: screen.view["check"] and screen.view["check"]["passed"])
        await idle(pilot)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize(("lang", "size"), CASES)
def test_settings(snap_compare: Any, workspace: Path, lang: str, size: tuple[int, int]
                  ) -> None:
    app = _app(workspace, lang)

    async def run_before(pilot: Any) -> None:
        from tutorial.tui.screens.settings import SettingsScreen

        await ready(pilot)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(pilot.app.screen, SettingsScreen))
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
