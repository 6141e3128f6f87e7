"""Language at start and at run time: every text re-rendered, the learner's place kept."""

from __future__ import annotations

from pathlib import Path

from tests.tui.tui_helpers import (
    footer_descriptions,
    idle,
    make_app,
    open_lesson,
    ready,
    type_command,
    until,
)
from tutorial.i18n import _, use_language
from tutorial.tui import display
from tutorial.tui.screens.course_map import MapScreen
from tutorial.tui.screens.settings import SettingsScreen
from tutorial.tui.widgets.lesson_status import LessonStatus


def _translated(text: str, lang: str) -> str:
    with use_language(lang):
        return _(text)


def _plain(renderable: object) -> str:
    import io

    from rich.console import Console

    console = Console(width=60, file=io.StringIO(), record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


async def test_lang_fa_opens_the_map_in_persian(workspace: Path) -> None:
    app = make_app(workspace, lang="fa")
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert isinstance(app.screen, MapScreen)
        assert app.text_layout.lang == "fa" and app.text_layout.reorder
        options = app.screen.query_one("#map-lessons")
        first = _plain(options.get_option_at_index(0).prompt)
        # The chapter title in Persian, in visual order (the app reorders in "app" mode),
        # on the reading side: the right.
        assert "ینابم" in first
        assert first.rstrip().endswith("ینابم .۱")
        # The lesson list is on the right of its details (the panes are mirrored).
        body = app.screen.query_one("#map-body")
        assert [child.id for child in body.children] == ["map-details", "map-lessons"]
        assert display.line(_translated("Continue", "fa")) in footer_descriptions(app.screen)


async def test_switching_language_keeps_the_place(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(pilot, "first-upgrade")
        await type_command(pilot, "alembic history")
        transcript = len(screen.transcript)
        assert "Hint" in footer_descriptions(screen)

        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, SettingsScreen))
        app.switch_language("fa")
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.pause()
        await idle(pilot)

        # Same screen object, same lesson, same console history and transcript.
        assert app.screen is screen and screen.lesson_id == "first-upgrade"
        assert screen.console.input.history[-1] == "alembic history"
        assert len(screen.transcript) >= transcript
        # The footer's descriptions are in the new language.
        hint_fa = display.line(_translated("Hint", "fa"))
        await until(pilot, lambda: hint_fa in footer_descriptions(screen))
        descriptions = footer_descriptions(screen)
        if _translated("Hint", "fa") != "Hint":
            assert "Hint" not in descriptions
        assert screen.query_one(LessonStatus).title == screen.lesson.title("fa")
        tabs = screen.query_one("#all-tabs")
        assert str(tabs.get_tab("tab-graph").label) == display.line(
            _translated("Graph", "fa"))

        app.switch_language("en")
        await until(pilot, lambda: "Hint" in footer_descriptions(screen))
        assert str(tabs.get_tab("tab-graph").label) == "Graph"


async def test_language_is_kept_for_next_time(workspace: Path) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.switch_language("ru")
        app.switch_theme("high-contrast")
        await until(pilot, lambda: not any(w.is_running for w in app.workers))
    assert app.link.store is None  # closed on exit

    again = make_app(workspace)
    # "en" was given the same way as the environment default would be: the stored
    # preference applies. (A --lang flag that differs from the environment wins.)
    again.settings = again.settings.with_(lang=_env_default_lang())
    async with again.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.pause()
        assert again.theme == "high-contrast"
        assert again.settings.lang == "ru"


def _env_default_lang() -> str:
    from tutorial.settings import resolve

    return resolve().lang


async def test_the_lesson_columns_mirror_with_the_language(workspace: Path) -> None:
    """Wide lesson screen: the lesson column on the left in English, on the right in
    Persian after a switch at run time, and back; the console keeps its history."""
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_lesson(pilot, "first-upgrade")
        await type_command(pilot, "alembic history")
        main = screen.query_one("#lesson-main")
        assert [c.id for c in main.children] == ["lesson-left", "right-tabs"]
        app.switch_language("fa", persist=False)
        await until(pilot, lambda: [c.id for c in main.children] == ["right-tabs", "lesson-left"])
        await until(pilot, lambda: screen.query_one("#lesson-left").region.x
                    > screen.query_one("#right-tabs").region.x)
        assert screen.console.input.history[-1] == "alembic history"
        app.switch_language("en", persist=False)
        await until(pilot, lambda: [c.id for c in main.children] == ["lesson-left", "right-tabs"])
