"""Reading a workspace's progress file without ever writing it (the instructor view).

The instructor watches files that learners' processes write at the same moment, and must
never block them, migrate them or create them. So this module opens the file read-only
(SQLite URI ``mode=ro``) with the standard library's ``sqlite3`` (no SQLAlchemy, no Alembic),
reads everything in one read transaction (one consistent snapshot; in WAL mode it never
blocks a writer), and turns every failure into a :class:`StoreUnreadable` with a kind the
view can mark: ``missing``, ``locked``, ``damaged`` or ``unreadable``.

Columns are read by name if present, so an older file (before ``last_success_at``) or a
newer one (more columns) is still shown.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from tutorial.i18n import _
from tutorial.progress.model import DATABASE_NAME, LESSON_FIELDS, LessonProgress, parse_time

#: Seconds to wait for a writer that holds the file exclusively before calling it locked.
BUSY_TIMEOUT = 1.0

_TIMES = {"started_at", "completed_at", "last_activity_at", "last_success_at"}
_REQUIRED = {"profile_id", "lesson_id", "status"}


class StoreUnreadable(Exception):
    """The progress file cannot be read now; ``kind`` says why, ``str()`` is translated."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ProfileProgress:
    """One profile of a progress file, as the instructor sees it."""

    name: str
    lessons: dict[str, LessonProgress] = field(default_factory=dict)
    #: The lesson the learner opened last (the ``last_lesson`` setting), if any.
    last_lesson: str | None = None


def _uri(path: Path) -> str:
    return "file:" + quote(str(path.resolve())) + "?mode=ro"


@contextlib.contextmanager
def _connect(path: Path, busy_timeout: float) -> Iterator[sqlite3.Connection]:
    if not path.is_file():
        raise StoreUnreadable("missing", _("No progress file at {path}.").format(path=path))
    try:
        conn = sqlite3.connect(_uri(path), uri=True, timeout=busy_timeout,
                               isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise _translate(exc, path) from exc
    try:
        yield conn
    except sqlite3.Error as exc:
        raise _translate(exc, path) from exc
    finally:
        conn.close()


def _translate(exc: sqlite3.Error, path: Path) -> StoreUnreadable:
    message = str(exc)
    if "locked" in message or "busy" in message:
        return StoreUnreadable("locked", _("The progress file {path} is locked by another "
                                           "process.").format(path=path))
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return StoreUnreadable("damaged", _("The progress file {path} is damaged: {error}")
                               .format(path=path, error=message))
    return StoreUnreadable("unreadable", _("The progress file {path} cannot be read: {error}")
                           .format(path=path, error=message))


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _lesson(values: dict[str, object]) -> LessonProgress:
    data: dict[str, object] = {}
    for name in LESSON_FIELDS:
        value = values.get(name)
        if name in _TIMES:
            data[name] = parse_time(value) if isinstance(value, str) else None
        elif name == "solution_shown":
            data[name] = bool(value)
        elif name in ("lesson_id", "status"):
            data[name] = str(value)
        else:
            data[name] = int(value or 0)  # type: ignore[call-overload]
    return LessonProgress(**data)  # type: ignore[arg-type]


def read_progress_file(path: Path, busy_timeout: float = BUSY_TIMEOUT) -> list[ProfileProgress]:
    """Every profile of one progress file, sorted by name (read-only, one snapshot)."""
    with _connect(Path(path), busy_timeout) as conn:
        conn.execute("BEGIN")
        try:
            columns = _columns(conn, "lesson_progress")
            if not _REQUIRED.issubset(columns) or "name" not in _columns(conn, "profiles"):
                raise StoreUnreadable("unreadable", _(
                    "{path} is not an alembic-tutorial progress file.").format(path=path))
            wanted = ["profile_id", *(c for c in LESSON_FIELDS if c in columns)]
            profiles = conn.execute("SELECT id, name FROM profiles ORDER BY name").fetchall()
            rows = conn.execute(f"SELECT {', '.join(wanted)} FROM lesson_progress").fetchall()
            last: dict[int, str] = {}
            if "key" in _columns(conn, "settings"):
                for profile_id, value in conn.execute(
                        "SELECT profile_id, value FROM settings WHERE key = 'last_lesson'"):
                    with contextlib.suppress(ValueError, TypeError):
                        decoded = json.loads(value)
                        if isinstance(decoded, str):
                            last[profile_id] = decoded
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
    by_profile: dict[int, dict[str, LessonProgress]] = {}
    for row in rows:
        values = dict(zip(wanted, row, strict=True))
        try:
            lesson = _lesson(values)
        except (ValueError, TypeError) as exc:
            raise StoreUnreadable("damaged", _("The progress file {path} is damaged: {error}")
                                  .format(path=path, error=exc)) from exc
        by_profile.setdefault(int(values["profile_id"]), {})[lesson.lesson_id] = lesson
    return [ProfileProgress(name, by_profile.get(pid, {}), last.get(pid))
            for pid, name in profiles]


def progress_file(workspace: Path) -> Path:
    return Path(workspace) / DATABASE_NAME
