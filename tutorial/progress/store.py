"""``ProgressStore``: what the TUI, the CLI and the instructor view call.

Importing this module is cheap (no SQLAlchemy, no Alembic): the TUI can import it before its
first paint. :meth:`ProgressStore.open` imports the database layer; Alembic is imported only
when the file needs migrating.
"""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Any, TypeVar

from tutorial.i18n import _
from tutorial.progress.model import (
    DATABASE_NAME,
    EXPORT_FORMAT,
    EXPORT_VERSION,
    LessonProgress,
    ProgressError,
    dump_json,
    format_time,
    utc_now,
    validate_export,
    validate_lesson_id,
    validate_profile_name,
    validate_setting_key,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

Clock = Callable[[], datetime]
T = TypeVar("T")

#: Columns of :meth:`ProgressStore.overview` rows, in the order a CSV file should show them.
OVERVIEW_COLUMNS: tuple[str, ...] = (
    "profile",
    "lesson_id",
    "status",
    "attempts",
    "failed_commands",
    "checks_run",
    "hints_used",
    "solution_shown",
    "started_at",
    "completed_at",
    "last_activity_at",
    "last_success_at",
    "seconds_since_last_success",
    "seconds_since_last_activity",
)


def database_path(workspace: Path) -> Path:
    return Path(workspace) / DATABASE_NAME


def _open_engine(path: Path) -> Engine:
    """An engine on an up-to-date progress file (created and migrated as needed)."""
    from tutorial.progress import database

    engine = database.create_progress_engine(path)
    try:
        with database.translate_errors(path):
            database.migrate(engine, path)
    except BaseException:
        engine.dispose()
        raise
    return engine


class ProgressStore:
    """One learner's (profile's) progress in a workspace's ``progress.sqlite3``.

    Every method is one short transaction, so several stores (threads, processes, profiles)
    can use the same file at once. Times are UTC. Use as a context manager or call
    :meth:`close`.
    """

    def __init__(
        self, engine: Engine, path: Path, profile: str, profile_id: int, clock: Clock
    ) -> None:
        """Use :meth:`open`."""
        self._engine: Engine | None = engine
        self._path = path
        self._profile = profile
        self._profile_id = profile_id
        self._clock = clock
        self._lock = threading.Lock()

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(
        cls, workspace: Path, profile: str = "default", *, clock: Clock | None = None
    ) -> ProgressStore:
        """Open (creating, or upgrading in place) the workspace's progress file for ``profile``.

        ``clock`` returns the current time (timezone-aware); tests pass a fixed one.
        """
        profile = validate_profile_name(profile)
        clock = clock or utc_now
        workspace = Path(workspace)
        try:
            workspace.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProgressError(
                _("Cannot create the workspace folder {path}: {error}").format(
                    path=workspace, error=exc.strerror or exc
                )
            ) from exc
        path = database_path(workspace)
        engine = _open_engine(path)
        from tutorial.progress import database

        try:
            with database.translate_errors(path):
                profile_id = database.ensure_profile(engine, profile, clock())
        except BaseException:
            engine.dispose()
            raise
        return cls(engine, path, profile, profile_id, clock)

    @property
    def profile(self) -> str:
        return self._profile

    @property
    def path(self) -> Path:
        """The progress file."""
        return self._path

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
                self._engine = None

    @property
    def closed(self) -> bool:
        return self._engine is None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<ProgressStore {self._profile!r} {state} {self._path}>"

    @staticmethod
    def _db() -> ModuleType:
        """The database layer (imported on first use; SQLAlchemy comes with it)."""
        from tutorial.progress import database

        return database

    def _call(self, function: Callable[..., T], *args: Any) -> T:
        """``function(engine, profile_id, *args)``, with errors made into ProgressError."""
        engine = self._engine
        if engine is None:
            raise ProgressError(_("The progress store is closed."))
        with self._db().translate_errors(self._path):
            return function(engine, self._profile_id, *args)

    def _read(self, function: Callable[..., T], *args: Any) -> T:
        """Like :meth:`_call`, for functions that take a connection in a read transaction."""
        engine = self._engine
        if engine is None:
            raise ProgressError(_("The progress store is closed."))
        db = self._db()
        with db.translate_errors(self._path), db.read(engine) as conn:
            return function(conn, self._profile_id, *args)

    # -- lessons ----------------------------------------------------------------------------

    def lesson(self, lesson_id: str) -> LessonProgress:
        """The lesson's progress (status ``new`` and zeros if it was never touched)."""
        return self._call(self._db().get_lesson, validate_lesson_id(lesson_id))

    def all_lessons(self) -> dict[str, LessonProgress]:
        """Every lesson this profile has touched, by id (sorted)."""
        return self._read(self._db().all_lessons)

    def record_start(self, lesson_id: str) -> None:
        """The learner opened the lesson: ``new`` becomes ``in_progress``; it becomes the
        lesson :meth:`last_open_lesson` returns."""
        self._call(self._db().record_start, validate_lesson_id(lesson_id), self._clock())

    def record_command(self, lesson_id: str, command: str, ok: bool) -> None:
        """A command was run in the lesson's sandbox (an attempt; a failure if not ``ok``)."""
        self._call(
            self._db().record_command,
            validate_lesson_id(lesson_id),
            str(command),
            bool(ok),
            self._clock(),
        )

    def record_check(self, lesson_id: str, passed: bool) -> None:
        """The goal check ran. Passing marks the lesson done; a done lesson stays done."""
        self._call(
            self._db().record_check, validate_lesson_id(lesson_id), bool(passed), self._clock()
        )

    def record_hint(self, lesson_id: str) -> int:
        """A hint was shown; returns how many hints the lesson has used now."""
        return self._call(self._db().record_hint, validate_lesson_id(lesson_id), self._clock())

    def record_solution_shown(self, lesson_id: str) -> None:
        self._call(self._db().record_solution_shown, validate_lesson_id(lesson_id), self._clock())

    def reset_lesson(self, lesson_id: str) -> None:
        """Back to ``in_progress`` (not done any more); counters and history are kept."""
        self._call(self._db().reset_lesson, validate_lesson_id(lesson_id), self._clock())

    def last_open_lesson(self) -> str | None:
        """The lesson to resume: the one last started, else the one touched last."""
        return self._call(self._db().last_open_lesson)

    def history(self, lesson_id: str | None = None, limit: int | None = None) -> list[dict]:
        """Recent events (``lesson``, ``kind``, ``detail``, ``at``), oldest first.

        Kinds: ``start``, ``command`` (detail: ``command``, ``ok``), ``check`` (``passed``),
        ``hint`` (``number``), ``solution``, ``reset``. Only the newest 1,000 events of a
        profile are kept; the counters in :meth:`lesson` are never trimmed.
        """
        if lesson_id is not None:
            validate_lesson_id(lesson_id)
        return self._read(self._db().history, lesson_id, limit)

    # -- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A JSON value set with :meth:`set_setting` (``language``, ``bidi``, ``backend``,
        ``theme``...; ``last_lesson`` is kept by :meth:`record_start`)."""
        found, value = self._call(self._db().get_setting, validate_setting_key(key))
        return value if found else default

    def set_setting(self, key: str, value: Any) -> None:
        """Store any JSON value; ``None`` removes the setting."""
        key = validate_setting_key(key)
        dump_json(value, key)  # refuse what cannot round-trip before touching the file
        self._call(self._db().set_setting, key, value)

    # -- export / import --------------------------------------------------------------------

    def export(self) -> dict[str, Any]:
        """This profile's progress as a JSON-able document (see ``import_``)."""
        lessons, settings, events = self._call(self._db().export_profile)
        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "profile": self._profile,
            "exported_at": format_time(self._clock()),
            "lessons": lessons,
            "settings": settings,
            "events": events,
        }

    def import_(self, data: dict[str, Any], replace: bool = False) -> None:
        """Load an :meth:`export` document into this profile (whatever profile it came from).

        The whole document is validated first; it is written in one transaction, so a
        failure changes nothing. ``replace`` drops this profile's lessons, settings and
        history first. Otherwise the two are merged: per lesson the furthest status, the
        larger counters, the earliest start and latest activity; settings already set here
        are kept (the bidi mode and backend belong to this machine); events are added
        unless already present. Importing the same document twice changes nothing.
        """
        document = validate_export(data)
        self._call(self._db().import_profile, document, bool(replace))

    # -- many profiles (the instructor view) ------------------------------------------------

    @staticmethod
    def profiles(workspace: Path) -> list[str]:
        """The profiles in a workspace, sorted; ``[]`` if it has no progress file yet."""
        path = database_path(Path(workspace))
        if not path.exists():
            return []
        from tutorial.progress import database

        engine = _open_engine(path)
        try:
            with database.translate_errors(path):
                return database.profile_names(engine)
        finally:
            engine.dispose()

    @staticmethod
    def overview(
        workspace: Path,
        lessons: Sequence[str] | None = None,
        *,
        now: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """One JSON-able row per profile x lesson, for the instructor's table.

        Keys are :data:`OVERVIEW_COLUMNS`; times are UTC ISO strings and
        ``seconds_since_last_success`` / ``seconds_since_last_activity`` are whole seconds
        before ``now`` (``None`` if it never happened). With ``lessons`` (the course order),
        every profile gets exactly those rows, untouched lessons as ``new``; without, the
        lessons each profile touched. ``[]`` if the workspace has no progress file.
        """
        path = database_path(Path(workspace))
        if not path.exists():
            return []
        if lessons is not None:
            lessons = [validate_lesson_id(lesson) for lesson in lessons]
        now = now or utc_now()
        from tutorial.progress import database

        engine = _open_engine(path)
        try:
            with database.translate_errors(path):
                pairs = database.overview_rows(engine, lessons)
        finally:
            engine.dispose()

        def seconds_since(moment: datetime | None) -> int | None:
            return None if moment is None else max(0, int((now - moment).total_seconds()))

        rows = []
        for profile, progress in pairs:
            row: dict[str, Any] = {"profile": profile, **progress.to_dict()}
            row["seconds_since_last_success"] = seconds_since(progress.last_success_at)
            row["seconds_since_last_activity"] = seconds_since(progress.last_activity_at)
            rows.append({key: row[key] for key in OVERVIEW_COLUMNS})
        return rows


def overview_csv(rows: Sequence[dict[str, Any]]) -> str:
    """:meth:`ProgressStore.overview` rows as CSV text (header first, empty cells for None)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=OVERVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in OVERVIEW_COLUMNS})
    return out.getvalue()
