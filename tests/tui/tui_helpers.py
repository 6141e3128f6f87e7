"""Helpers for driving the TUI with Textual's Pilot: a temporary workspace per test, an
engine with a short timeout, and waits that end on state, never on wall-clock time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutorial.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
#: The real course (one smoke test uses it).
LESSONS = ROOT / "lessons"
#: A frozen copy of two lessons: the TUI tests do not break when authors edit the course.
FROZEN = Path(__file__).resolve().parent / "frozen"
COURSE = FROZEN / "course"


def make_settings(workspace: Path, lang: str = "en", **changes: Any) -> Settings:
    """Settings that do not depend on the environment (bidi fixed to ``app``)."""
    values: dict[str, Any] = {"lang": lang, "db": "sqlite", "workspace": workspace,
                              "bidi": "app", "profile": "default", "course": COURSE}
    values.update(changes)
    return Settings(**values)


def make_app(workspace: Path, lang: str = "en", timeout: float = 10.0,
             watch_interval: float = 1.0, **changes: Any) -> Any:
    from tutorial.engine.core import Engine
    from tutorial.tui.app import TutorialApp

    def engine_factory(settings: Settings, progress: Any) -> Engine:
        return Engine(settings, progress=progress, timeout=timeout)

    return TutorialApp(make_settings(workspace, lang, **changes), engine_factory=engine_factory,
                       watch_interval=watch_interval)


async def until(pilot: Any, predicate: Any, steps: int = 2400, pause: float = 0.05) -> None:
    """Let the app run until ``predicate()`` holds (bounded by a number of steps, generous
    because CI runs two test processes and PostgreSQL on two cores)."""
    for _ in range(steps):
        if predicate():
            return
        await pilot.pause(pause)
    raise AssertionError(f"condition never became true: {predicate}")


async def ready(pilot: Any) -> None:
    """The map has its course (the progress store and the course load after first paint)."""
    await until(pilot, lambda: pilot.app.ready)
    await pilot.pause()


async def idle(pilot: Any) -> None:
    """No engine call is running or queued on the lesson screen."""
    app = pilot.app
    await until(pilot, lambda: not getattr(app.screen, "busy", "")
                and not any(w.is_running for w in app.workers
                            if w.group in ("engine", "safety")))
    await pilot.pause()


async def open_lesson(pilot: Any, lesson_id: str) -> Any:
    """Open a lesson from the map (as the learner does: the list, enter) and wait for its
    sandbox; returns the LessonScreen."""
    from tutorial.tui.screens.lesson import LessonScreen
    from tutorial.tui.widgets.lesson_list import LessonList

    await ready(pilot)
    lessons = pilot.app.screen.query_one(LessonList)
    ids = [lessons.get_option_at_index(i).id for i in range(lessons.option_count)]
    lessons.highlighted = ids.index(lesson_id)
    lessons.focus()
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, LessonScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.project is not None)
    await idle(pilot)
    return screen


async def type_command(pilot: Any, command: str) -> None:
    screen = pilot.app.screen
    screen.console.focus_input()
    await pilot.press(*command, "enter")
    await pilot.pause()
    await idle(pilot)


def console_text(screen: Any) -> str:
    from textual.widgets import RichLog

    log = screen.query_one(RichLog)
    return "\n".join(strip.text for strip in log.lines)


def footer_descriptions(screen: Any) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.description for key in screen.query(FooterKey)]
