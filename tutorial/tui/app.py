"""The Textual application: course map, lessons, settings.

Start-up is ordered for a fast first frame: this module imports Textual, the settings and
the translations only. The engine (and with it the lesson loader) is imported in a thread
worker after the first paint, and so is the progress store (which imports SQLAlchemy);
alembic and SQLAlchemy proper load in the engine's worker process, never here.
"""

from __future__ import annotations

import contextlib
import gc
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from tutorial.i18n import N_, _, is_rtl, set_language
from tutorial.tui import display
from tutorial.tui.cell_widths import align_with_terminals
from tutorial.tui.display import TextLayout
from tutorial.tui.link import EngineFactory, EngineLink, StoreFactory
from tutorial.tui.screens.course_map import MapScreen
from tutorial.tui.themes import DEFAULT_THEME, HIGH_CONTRAST, THEMES

if TYPE_CHECKING:
    from tutorial.lessons.model import Course
    from tutorial.settings import Settings

# Before anything is measured: Devanagari vowel signs take a cell, as terminals draw them.
align_with_terminals()


def explicit_choices(settings: Settings) -> set[str]:
    """Which of lang/db/bidi were chosen by a flag (they differ from what the environment
    and the defaults give); stored preferences never override those."""
    from tutorial.settings import UsageError, resolve

    try:
        base = resolve(workspace=settings.workspace, profile=settings.profile)
    except UsageError:
        return {"lang", "db", "bidi"}
    chosen = {k for k in ("lang", "db", "bidi") if getattr(settings, k) != getattr(base, k)}
    if settings.db_url:
        chosen.add("db")
    return chosen


class TutorialApp(App[int]):
    """``TutorialApp(settings).run()``. Tests pass ``engine_factory`` (a short timeout) and
    ``store_factory``; ``watch_interval`` is watch mode's polling period in seconds."""

    TITLE = "alembic-tutorial"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    Screen { background: $background; }
    Tabs { height: 2; }
    Tab { padding: 0 1; }
    """
    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True),
    ]

    text_layout: reactive[TextLayout] = reactive(TextLayout, always_update=False)
    """The language and resolved bidi mode; every text widget follows it."""

    def __init__(self, settings: Settings, *, engine_factory: EngineFactory | None = None,
                 store_factory: StoreFactory | None = None, watch_interval: float = 1.0,
                 use_stored_settings: bool = True) -> None:
        super().__init__()
        set_language(settings.lang)
        self.settings = settings
        self.db_url = settings.db_url  # kept for switching back to PostgreSQL
        self.bidi_setting = settings.bidi
        self.theme_name = DEFAULT_THEME
        self.link = EngineLink(settings, engine_factory, store_factory)
        self.course: Course | None = None
        self.course_error: str | None = None
        self.statuses: dict[str, str] = {}
        self.last_open: str | None = None
        self.watch_interval = watch_interval
        self.use_stored_settings = use_stored_settings
        self.ready = False
        self.set_reactive(TutorialApp.text_layout, display.configure(
            settings.lang, display.resolve_mode(settings.bidi)))

    # -- start-up -----------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.register_theme(HIGH_CONTRAST)
        self.push_screen(MapScreen())
        self.call_after_refresh(self._boot)

    @work(thread=True, group="boot", exit_on_error=False)
    def _boot(self) -> None:
        """After the first paint: progress store, course, statuses, stored preferences."""
        from tutorial.engine.errors import EngineError

        link = self.link
        link.open_store()
        prefs: dict[str, Any] = {}
        statuses: dict[str, str] = {}
        last = None
        try:
            if self.use_stored_settings:
                prefs = {k: link.get_setting(k) for k in
                         ("language", "bidi", "backend", "theme", "bidi_calibrated")}
            statuses = link.statuses()
            last = link.last_open_lesson()
        except Exception as exc:  # noqa: BLE001 - progress is optional
            link.store_error = str(exc)
        course, error = None, None
        try:
            course = link.course()
        except EngineError as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a clear line, never a traceback
            error = f"{type(exc).__name__}: {exc}"
        self.call_from_thread(self._booted, course, error, statuses, last, prefs)

    def _booted(self, course: Course | None, error: str | None, statuses: dict[str, str],
                last: str | None, prefs: dict[str, Any]) -> None:
        self.course = course
        self.course_error = error
        self.statuses = statuses
        self.last_open = last
        self.ready = True
        if self.link.store_error:
            self.notify(_("Progress will not be saved: {error}").format(
                error=self.link.store_error), severity="warning", timeout=8)
        explicit = explicit_choices(self.settings)
        if prefs.get("theme") in dict(THEMES):
            self.switch_theme(prefs["theme"], persist=False)
        if prefs.get("bidi") and "bidi" not in explicit:
            self.switch_bidi(str(prefs["bidi"]), persist=False)
        if prefs.get("language") and "lang" not in explicit:
            self.switch_language(str(prefs["language"]), persist=False)
        if prefs.get("backend") in ("sqlite", "postgres") and "db" not in explicit \
                and prefs["backend"] != self.settings.backend:
            self.switch_backend(str(prefs["backend"]), persist=False)
        self._refresh_map()
        self.settle_memory()
        self._warm_up()
        if is_rtl(self.settings.lang) and not prefs.get("bidi_calibrated"):
            self.calibrate()

    def settle_memory(self) -> None:
        """Move what is alive now (modules, the course, the screens' widgets) out of the
        garbage collector's sight: a full collection over Textual's many small objects
        otherwise lands in the middle of a frame now and then (tens of ms)."""
        gc.collect()
        gc.freeze()

    @work(thread=True, group="boot", exit_on_error=False)
    def _warm_up(self) -> None:
        """Start the worker process now: its imports overlap with the learner reading."""
        with contextlib.suppress(Exception):  # the first real call reports any problem
            self.link.warm_up()

    def on_unmount(self) -> None:
        self.link.close()

    # -- the map ------------------------------------------------------------------------------
    def _refresh_map(self) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, MapScreen):
                screen.relabel()

    def refresh_statuses(self) -> None:
        if self.ready:
            self._load_statuses()

    @work(thread=True, group="progress", exclusive=True, exit_on_error=False)
    def _load_statuses(self) -> None:
        try:
            statuses = self.link.statuses()
            last = self.link.last_open_lesson()
        except Exception:  # noqa: BLE001 - keep what the map shows
            return
        self.call_from_thread(self._statuses_loaded, statuses, last)

    def _statuses_loaded(self, statuses: dict[str, str], last: str | None) -> None:
        self.statuses = statuses
        self.last_open = last
        self._refresh_map()

    def continue_target(self) -> str | None:
        """The last open lesson if it is not done, else the first lesson not done yet."""
        course = self.course
        if course is None:
            return None
        ordered = [lesson.id for lesson in course.ordered() if not lesson.free_play]
        if self.last_open in course.lessons and self.statuses.get(self.last_open) != "done" \
                and not course.lessons[self.last_open].free_play:
            return self.last_open
        for lesson_id in ordered:
            if self.statuses.get(lesson_id) != "done":
                return lesson_id
        return ordered[0] if ordered else None

    def lesson_passed(self, lesson_id: str) -> None:
        self.statuses[lesson_id] = "done"

    def open_lesson(self, lesson_id: str, replace: bool = False) -> None:
        from tutorial.tui.screens.lesson import LessonScreen

        course = self.course
        lesson = course.get(lesson_id) if course else None
        if lesson is None:
            self.notify(_("Unknown lesson {lesson}.").format(lesson=lesson_id),
                        severity="error")
            return
        if self.settings.backend not in lesson.backends:
            self.notify(_("This lesson runs on {backends} only. Switch the database in "
                          "Settings.").format(backends=", ".join(lesson.backends)),
                        severity="warning")
            return
        if lesson_id not in self.statuses and not lesson.free_play:
            self.statuses[lesson_id] = "in_progress"
        self.last_open = lesson_id
        screen = LessonScreen(lesson)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # -- settings -----------------------------------------------------------------------------
    def action_settings(self) -> None:
        from tutorial.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def switch_language(self, lang: str, persist: bool = True) -> None:
        """Re-render every text in ``lang``: same screens, same lesson, history kept."""
        if lang == self.settings.lang:
            return
        set_language(lang)
        self.settings = self.settings.with_(lang=lang)
        self.link.set_language(lang)
        self.text_layout = display.configure(lang, display.resolve_mode(self.bidi_setting))
        for screen in self.screen_stack:
            changed = getattr(screen, "language_changed", None)
            if changed is not None:
                changed()
        if persist:
            self.persist("language", lang)
            if is_rtl(lang) and self.bidi_setting == "auto":
                self._calibrate_if_needed()

    def switch_bidi(self, setting: str, persist: bool = True) -> None:
        self.bidi_setting = setting
        self.settings = self.settings.with_(bidi=setting)
        self.text_layout = display.configure(self.settings.lang, display.resolve_mode(setting))
        if persist:
            self.persist("bidi", setting)

    def switch_theme(self, name: str, persist: bool = True) -> None:
        self.theme = name
        self.theme_name = name
        if persist:
            self.persist("theme", name)

    def switch_backend(self, backend: str, persist: bool = True) -> None:
        """A new Engine on the other database; an open lesson reopens its sandbox there."""
        if backend == self.settings.backend:
            return
        settings = self.settings.with_(db=backend,
                                       db_url=self.db_url if backend == "postgres" else None)
        self.settings = settings
        if persist:
            self.persist("backend", backend)
        self._rebuild_engine(settings)

    @work(thread=True, group="engine", exit_on_error=False)
    def _rebuild_engine(self, settings: Settings) -> None:
        self.link.rebuild(settings)
        self.call_from_thread(self._backend_switched)

    def _backend_switched(self) -> None:
        for screen in self.screen_stack:
            changed = getattr(screen, "backend_changed", None)
            if changed is not None:
                changed()
        self.notify(_("Database: {backend}").format(backend=self.settings.backend))

    @work(thread=True, group="settings", exit_on_error=False)
    def persist(self, key: str, value: Any) -> None:
        with contextlib.suppress(Exception):  # a preference not kept is not worth an alarm
            self.link.set_setting(key, value)

    # -- bidi calibration ---------------------------------------------------------------------
    @work(thread=True, group="settings", exit_on_error=False)
    def _calibrate_if_needed(self) -> None:
        try:
            done = self.link.get_setting("bidi_calibrated")
        except Exception:  # noqa: BLE001
            done = False
        if not done:
            self.call_from_thread(self.calibrate)

    def calibrate(self) -> None:
        """Ask once which way this terminal shows right-to-left text."""
        from tutorial.tui.screens.calibrate import CalibrateScreen

        if self.bidi_setting != "auto" or isinstance(self.screen, CalibrateScreen):
            return

        def picked(mode: str | None) -> None:
            if mode:
                self.switch_bidi(mode)
                self.persist("bidi_calibrated", True)

        self.push_screen(CalibrateScreen(self.settings.lang), picked)
