"""The TUI's single door to the engine and the progress store.

Every method blocks (a worker-process round trip, a database file): call them only from a
Textual thread worker. Calls are serialised by one lock, so a goal check started by watch
mode never interleaves with a command the learner typed. Nothing here imports SQLAlchemy or
Alembic at module level: the engine is imported on first use, after the first paint.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tutorial.engine.core import Engine
    from tutorial.lessons.model import Course, Lesson
    from tutorial.settings import Settings

EngineFactory = Callable[["Settings", Any], "Engine"]
StoreFactory = Callable[["Settings"], Any]


def default_engine(settings: Settings, progress: Any) -> Engine:
    from tutorial.engine.core import Engine

    return Engine(settings, progress=progress)


def default_store(settings: Settings) -> Any:
    from tutorial.progress_link import open_progress

    return open_progress(settings)


class EngineLink:
    """Owns the Engine (rebuilt when the backend changes) and the ProgressStore."""

    def __init__(self, settings: Settings, engine_factory: EngineFactory | None = None,
                 store_factory: StoreFactory | None = None) -> None:
        self.settings = settings
        self._engine_factory = engine_factory or default_engine
        self._store_factory = store_factory or default_store
        self._engine: Engine | None = None
        self.store: Any = None
        self.store_error: str | None = None
        self.lock = threading.RLock()
        self._closed = False

    # -- resources ----------------------------------------------------------------------------
    @property
    def engine(self) -> Engine:
        with self.lock:
            if self._engine is None:
                self._engine = self._engine_factory(self.settings, self.store)
            return self._engine

    def open_store(self) -> None:
        """Open the progress store (imports SQLAlchemy: after the first paint)."""
        with self.lock:
            if self.store is not None or self._store_factory is None:
                return
            try:
                self.store = self._store_factory(self.settings)
            except Exception as exc:  # noqa: BLE001 - progress is optional, learning is not
                self.store_error = str(exc).strip().splitlines()[0] if str(exc) else repr(exc)
                self.store = None
            if self._engine is not None:
                self._engine.progress = self.store

    def warm_up(self) -> None:
        """Start the worker process early, so its imports overlap with the learner reading."""
        with self.lock:
            _ = self.engine.worker

    def set_language(self, lang: str) -> None:
        """Results are translated by the engine: switch it too (no restart needed).

        Called on the event loop: no lock (a running command may hold it for seconds); the
        engine reads ``settings.lang`` when it builds a result, so the next one is in ``lang``.
        """
        self.settings = self.settings.with_(lang=lang)
        engine = self._engine
        if engine is not None:
            engine.set_language(lang)

    def rebuild(self, settings: Settings) -> None:
        """A new Engine for new settings (the backend changed)."""
        with self.lock:
            old, self._engine = self._engine, None
            self.settings = settings
            if old is not None:
                old.close()

    def close(self) -> None:
        """Stop the worker process and close the store.

        If a call is still running (a learner's endless loop), its worker process is killed
        first so quitting never waits for the engine's timeout.
        """
        self._closed = True
        held = self.lock.acquire(timeout=0.2)
        if not held:
            self._kill_running_worker()
            held = self.lock.acquire(timeout=10)
        try:
            if self._engine is not None:
                self._engine.close()
                self._engine = None
            if self.store is not None:
                try:
                    self.store.close()
                finally:
                    self.store = None
        finally:
            if held:
                self.lock.release()

    def _kill_running_worker(self) -> None:
        if self._engine is not None:
            self._engine.cancel()

    # -- progress -----------------------------------------------------------------------------
    def statuses(self) -> dict[str, str]:
        if self.store is None:
            return {}
        with self.lock:
            return {k: v.status for k, v in self.store.all_lessons().items()}

    def last_open_lesson(self) -> str | None:
        if self.store is None:
            return None
        with self.lock:
            return self.store.last_open_lesson()

    def get_setting(self, key: str, default: Any = None) -> Any:
        if self.store is None:
            return default
        with self.lock:
            return self.store.get_setting(key, default)

    def set_setting(self, key: str, value: Any) -> None:
        if self.store is None:
            return
        with self.lock:
            self.store.set_setting(key, value)

    # -- course and lessons -------------------------------------------------------------------
    def course(self) -> Course:
        with self.lock:
            return self.engine.course

    def lesson(self, lesson_id: str) -> Lesson:
        with self.lock:
            return self.engine.lesson(lesson_id)

    def project(self, lesson_id: str) -> Path:
        return self.engine.paths(lesson_id).project

    def start(self, lesson_id: str) -> dict[str, Any]:
        with self.lock:
            return self.engine.start(lesson_id)

    def prose(self, lesson_id: str, lang: str) -> str:
        """The lesson's Markdown in ``lang``, rendered with its sandbox's facts."""
        from tutorial.engine import layout
        from tutorial.lessons.render import facts, render_safely

        with self.lock:
            engine = self.engine
            lesson = engine.lesson(lesson_id)
            start = layout.read_json(engine.paths(lesson_id).start_file, {})
            return render_safely(lesson, lang, facts(start, engine.settings.backend, lang))

    def safety(self, lesson_id: str) -> list[dict[str, Any]]:
        """Lint findings (translated) for the versions/ files the learner wrote or changed
        since the lesson began; no lock needed (it reads files only)."""
        from tutorial.engine import layout
        from tutorial.lint.engine import lint_paths

        settings = self.settings
        paths = layout.sandbox_paths(settings.workspace, settings.profile, settings.backend,
                                     lesson_id)
        start = layout.read_json(paths.start_file, {}).get("files") or {}
        now = layout.file_hashes(paths.project)
        mine = [paths.project / name for name, digest in sorted(now.items())
                if name.startswith("versions/") and name.endswith(".py")
                and start.get(name) != digest]
        if not mine:
            return []
        dialect = "sqlite" if settings.backend == "sqlite" else "postgresql"
        findings = []
        for finding in lint_paths(mine, dialect):
            data = finding.to_dict()
            with contextlib.suppress(ValueError):
                data["file"] = str(Path(data["file"]).relative_to(paths.project))
            findings.append(data)
        return findings

    def call(self, verb: str, lesson_id: str, *args: Any) -> Any:
        """``engine.<verb>(lesson_id, *args)``: run, check, graph, snapshot, hint, undo,
        reset, solve, commands."""
        with self.lock:
            return getattr(self.engine, verb)(lesson_id, *args)
