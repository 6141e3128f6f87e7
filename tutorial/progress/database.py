"""The progress database: engine, migrations on open, and every query the store makes.

Imported only when a store is opened (it imports SQLAlchemy; Alembic only if the file needs
migrating).

How two processes share one file without losing anything:

- WAL journal: readers never block the writer, and a killed process leaves a WAL that the
  next opener replays (committed transactions are kept, the torn one is dropped).
- pysqlite's own transaction handling is switched off (``isolation_level = None``) and the
  ``begin`` event emits ``BEGIN`` itself, as SQLAlchemy documents: DDL becomes transactional
  and the store chooses the kind of BEGIN. Every write is one short ``BEGIN IMMEDIATE``
  transaction: it takes the write lock first, so it never has to upgrade a read lock (which
  in WAL mode fails at once with SQLITE_BUSY instead of waiting), and counters are updated
  in SQL (``attempts = attempts + 1``), never read-modify-write in Python.
- ``busy_timeout``: a writer waits for the lock instead of failing.
- Migrations on open run inside one ``BEGIN IMMEDIATE`` transaction too, so a second process
  opening a fresh file waits for the first one's migration and then finds nothing to do.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    and_,
    case,
    create_engine,
    delete,
    event,
    func,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.pool import ConnectionPoolEntry

from tutorial.i18n import _
from tutorial.progress import schema
from tutorial.progress.model import (
    LESSON_FIELDS,
    MAX_COMMAND_LENGTH,
    MAX_EVENTS_PER_PROFILE,
    ImportDocument,
    LessonProgress,
    ProgressError,
    format_time,
    merge_lessons,
)

if TYPE_CHECKING:
    from alembic.config import Config

#: The newest revision in ``migrations/versions``. Opening a file already at this revision
#: skips Alembic entirely (importing ``alembic.command`` alone costs ~200 ms); a test checks
#: that this constant is the head of the script directory.
HEAD_REVISION = "0002_events_settings"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

#: Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_SECONDS = 30.0

_BEGIN_OPTION = "tutorial_progress_begin"


# -- engine ---------------------------------------------------------------------------------


def create_progress_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, record: ConnectionPoolEntry) -> None:
        # We emit BEGIN ourselves (see the ``begin`` hook); pysqlite must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            _ensure_wal(cursor)
            # In WAL mode NORMAL is safe against a killed process (not power loss on the last
            # transaction), and an fsync per hint or command would be wasteful.
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA foreign_keys = ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def _ensure_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL (persistent: done once per file, by its first opener).

    The switch needs an exclusive lock, and SQLite answers SQLITE_BUSY at once, without the
    busy handler, when another process is creating the same file at that moment (seen with
    four processes opening a fresh workspace together): so retry here, with backoff.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    delay = 0.005
    while True:
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal":
                return
            if cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal":
                return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
        if time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked (switching to WAL)")
        time.sleep(delay)
        delay = min(delay * 2, 0.1)


@contextlib.contextmanager
def translate_errors(path: Path) -> Iterator[None]:
    """Turn database failures into a ProgressError a learner can act on."""
    try:
        yield
    except ProgressError:
        raise
    except sa_exc.DBAPIError as exc:
        message = str(exc.orig) if exc.orig is not None else str(exc)
        if isinstance(exc, sa_exc.OperationalError) and ("locked" in message or "busy" in message):
            raise ProgressError(
                _(
                    "The progress file {path} is busy (another alembic-tutorial is using it); "
                    "try again."
                ).format(path=path)
            ) from exc
        if "not a database" in message or "malformed" in message:
            raise ProgressError(
                _("The progress file {path} is damaged or not a progress file: {error}").format(
                    path=path, error=message
                )
            ) from exc
        raise ProgressError(
            _("The progress file {path} cannot be used: {error}").format(path=path, error=message)
        ) from exc


@contextlib.contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """One short write transaction that holds the write lock from its first statement."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        with conn.begin():
            yield conn


@contextlib.contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read transaction: one consistent snapshot for all its queries."""
    with engine.connect() as conn, conn.begin():
        yield conn


# -- migrations -----------------------------------------------------------------------------


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic ``Config`` for the shipped migrations, built in code (no alembic.ini)."""
    from alembic.config import Config

    config = Config()
    # ConfigParser interpolation: a "%" in the install path must be doubled.
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def current_revision(conn: Connection) -> str | None:
    has_table = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
    ).first()
    if not has_table:
        return None
    return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def migrate(engine: Engine, path: Path, target: str = "head") -> None:
    """Bring the file to ``target`` (the newest schema by default), keeping its data.

    Foreign keys are off during the migration (batch mode recreates tables, and dropping a
    parent table with them on would cascade-delete its children) and checked before commit,
    as the SQLite documentation's procedure for schema changes says.
    """
    if target == "head":
        with read(engine) as conn:
            if current_revision(conn) == HEAD_REVISION:
                return

    from alembic import command
    from alembic.script import ScriptDirectory

    with engine.connect() as conn:
        # PRAGMA foreign_keys is ignored inside a transaction, and any statement through
        # ``conn`` would begin one: talk to the driver connection (in autocommit mode).
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            conn = conn.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
            with conn.begin():
                config = alembic_config(conn)
                revision = current_revision(conn)
                if revision is not None:
                    known = {
                        s.revision for s in ScriptDirectory.from_config(config).walk_revisions()
                    }
                    if revision not in known:
                        raise ProgressError(
                            _(
                                "The progress file {path} was written by a newer version of "
                                "alembic-tutorial (schema {revision}). Update alembic-tutorial "
                                "to use it."
                            ).format(path=path, revision=revision)
                        )
                command.upgrade(config, target)
                problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise ProgressError(
                        _(
                            "Upgrading the progress file {path} failed: {count} rows lost "
                            "their profile. Nothing was changed."
                        ).format(path=path, count=len(problems))
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")


# -- queries --------------------------------------------------------------------------------

_lp = schema.lesson_progress
_LESSON_COLUMNS = [_lp.c[name] for name in LESSON_FIELDS]


def _time(value: datetime) -> Any:
    """A time as a bound value of our column type (inside SQL functions, too)."""
    return literal(value, schema.UTCDateTime())


def _lesson_from_row(row: Any) -> LessonProgress:
    values = dict(row._mapping)
    values["solution_shown"] = bool(values["solution_shown"])
    return LessonProgress(**values)


def ensure_profile(engine: Engine, name: str, now: datetime) -> int:
    with read(engine) as conn:
        found = conn.scalar(select(schema.profiles.c.id).where(schema.profiles.c.name == name))
    if found is not None:
        return found
    with write(engine) as conn:
        conn.execute(
            sqlite_insert(schema.profiles)
            .values(name=name, created_at=now)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        return conn.scalar(select(schema.profiles.c.id).where(schema.profiles.c.name == name))


def _touch_lesson(conn: Connection, profile_id: int, lesson_id: str, now: datetime) -> None:
    """Make sure the lesson's row exists and is at least in progress."""
    conn.execute(
        sqlite_insert(_lp)
        .values(profile_id=profile_id, lesson_id=lesson_id)
        .on_conflict_do_nothing(index_elements=["profile_id", "lesson_id"])
    )
    where = and_(_lp.c.profile_id == profile_id, _lp.c.lesson_id == lesson_id)
    conn.execute(
        update(_lp)
        .where(where)
        .values(
            status=case((_lp.c.status == "new", "in_progress"), else_=_lp.c.status),
            started_at=func.coalesce(_lp.c.started_at, _time(now)),
            last_activity_at=now,
        )
    )


def add_event(
    conn: Connection,
    profile_id: int,
    lesson_id: str | None,
    kind: str,
    detail: dict[str, Any],
    now: datetime,
) -> None:
    events = schema.events
    conn.execute(
        insert(events).values(
            profile_id=profile_id, lesson_id=lesson_id, kind=kind, detail=detail, at=now
        )
    )
    keep = (
        select(events.c.id)
        .where(events.c.profile_id == profile_id)
        .order_by(events.c.at.desc(), events.c.id.desc())
        .limit(MAX_EVENTS_PER_PROFILE)
    )
    conn.execute(delete(events).where(events.c.profile_id == profile_id, events.c.id.not_in(keep)))


def _lesson_where(profile_id: int, lesson_id: str) -> Any:
    return and_(_lp.c.profile_id == profile_id, _lp.c.lesson_id == lesson_id)


def get_lesson(engine: Engine, profile_id: int, lesson_id: str) -> LessonProgress:
    with read(engine) as conn:
        row = conn.execute(
            select(*_LESSON_COLUMNS).where(_lesson_where(profile_id, lesson_id))
        ).first()
    return LessonProgress(lesson_id) if row is None else _lesson_from_row(row)


def all_lessons(conn: Connection, profile_id: int) -> dict[str, LessonProgress]:
    rows = conn.execute(
        select(*_LESSON_COLUMNS).where(_lp.c.profile_id == profile_id).order_by(_lp.c.lesson_id)
    )
    return {row.lesson_id: _lesson_from_row(row) for row in rows}


def record_start(engine: Engine, profile_id: int, lesson_id: str, now: datetime) -> None:
    with write(engine) as conn:
        _touch_lesson(conn, profile_id, lesson_id, now)
        _set_setting(conn, profile_id, "last_lesson", lesson_id)
        add_event(conn, profile_id, lesson_id, "start", {}, now)


def record_command(
    engine: Engine, profile_id: int, lesson_id: str, command: str, ok: bool, now: datetime
) -> None:
    with write(engine) as conn:
        _touch_lesson(conn, profile_id, lesson_id, now)
        values: dict[str, Any] = {
            "attempts": _lp.c.attempts + 1,
            "failed_commands": _lp.c.failed_commands + (0 if ok else 1),
        }
        if ok:
            values["last_success_at"] = now
        conn.execute(update(_lp).where(_lesson_where(profile_id, lesson_id)).values(**values))
        add_event(
            conn,
            profile_id,
            lesson_id,
            "command",
            {"command": command[:MAX_COMMAND_LENGTH], "ok": ok},
            now,
        )


def record_check(
    engine: Engine, profile_id: int, lesson_id: str, passed: bool, now: datetime
) -> None:
    with write(engine) as conn:
        _touch_lesson(conn, profile_id, lesson_id, now)
        values: dict[str, Any] = {"checks_run": _lp.c.checks_run + 1}
        if passed:
            values["status"] = "done"
            values["last_success_at"] = now
            # Done stays done: the first completion is the one remembered.
            values["completed_at"] = func.coalesce(_lp.c.completed_at, _time(now))
        conn.execute(update(_lp).where(_lesson_where(profile_id, lesson_id)).values(**values))
        add_event(conn, profile_id, lesson_id, "check", {"passed": passed}, now)


def record_hint(engine: Engine, profile_id: int, lesson_id: str, now: datetime) -> int:
    with write(engine) as conn:
        _touch_lesson(conn, profile_id, lesson_id, now)
        where = _lesson_where(profile_id, lesson_id)
        conn.execute(update(_lp).where(where).values(hints_used=_lp.c.hints_used + 1))
        used = conn.scalar(select(_lp.c.hints_used).where(where))
        add_event(conn, profile_id, lesson_id, "hint", {"number": used}, now)
        return int(used)


def record_solution_shown(engine: Engine, profile_id: int, lesson_id: str, now: datetime) -> None:
    with write(engine) as conn:
        _touch_lesson(conn, profile_id, lesson_id, now)
        conn.execute(
            update(_lp).where(_lesson_where(profile_id, lesson_id)).values(solution_shown=True)
        )
        add_event(conn, profile_id, lesson_id, "solution", {}, now)


def reset_lesson(engine: Engine, profile_id: int, lesson_id: str, now: datetime) -> None:
    with write(engine) as conn:
        _touch_lesson(conn, profile_id, lesson_id, now)
        conn.execute(
            update(_lp)
            .where(_lesson_where(profile_id, lesson_id))
            .values(status="in_progress", completed_at=None)
        )
        add_event(conn, profile_id, lesson_id, "reset", {}, now)


def last_open_lesson(engine: Engine, profile_id: int) -> str | None:
    with read(engine) as conn:
        value = _get_setting(conn, profile_id, "last_lesson")
        if isinstance(value, str):
            return value
        # Files imported without settings: the lesson touched last.
        return conn.scalar(
            select(_lp.c.lesson_id)
            .where(_lp.c.profile_id == profile_id, _lp.c.last_activity_at.is_not(None))
            .order_by(_lp.c.last_activity_at.desc())
            .limit(1)
        )


def _get_setting(conn: Connection, profile_id: int, key: str) -> Any:
    st = schema.settings
    row = conn.execute(select(st.c.value).where(st.c.profile_id == profile_id, st.c.key == key))
    found = row.first()
    return None if found is None else found.value


def _set_setting(conn: Connection, profile_id: int, key: str, value: Any) -> None:
    st = schema.settings
    if value is None:
        conn.execute(delete(st).where(st.c.profile_id == profile_id, st.c.key == key))
        return
    stmt = sqlite_insert(st).values(profile_id=profile_id, key=key, value=value)
    conn.execute(
        stmt.on_conflict_do_update(
            index_elements=["profile_id", "key"], set_={"value": stmt.excluded.value}
        )
    )


def get_setting(engine: Engine, profile_id: int, key: str) -> tuple[bool, Any]:
    """``(found, value)``."""
    st = schema.settings
    with read(engine) as conn:
        row = conn.execute(
            select(st.c.value).where(st.c.profile_id == profile_id, st.c.key == key)
        ).first()
    return (False, None) if row is None else (True, row.value)


def set_setting(engine: Engine, profile_id: int, key: str, value: Any) -> None:
    with write(engine) as conn:
        _set_setting(conn, profile_id, key, value)


def all_settings(conn: Connection, profile_id: int) -> dict[str, Any]:
    st = schema.settings
    rows = conn.execute(
        select(st.c.key, st.c.value).where(st.c.profile_id == profile_id).order_by(st.c.key)
    )
    return {row.key: row.value for row in rows}


def history(
    conn: Connection, profile_id: int, lesson_id: str | None = None, limit: int | None = None
) -> list[dict[str, Any]]:
    """Events, oldest first (the newest ``limit`` of them when a limit is given)."""
    ev = schema.events
    query = select(ev.c.id, ev.c.lesson_id, ev.c.kind, ev.c.detail, ev.c.at).where(
        ev.c.profile_id == profile_id
    )
    if lesson_id is not None:
        query = query.where(ev.c.lesson_id == lesson_id)
    query = query.order_by(ev.c.at.desc(), ev.c.id.desc())
    if limit is not None:
        query = query.limit(limit)
    rows = list(conn.execute(query))
    rows.reverse()
    return [
        {"lesson": r.lesson_id, "kind": r.kind, "detail": r.detail, "at": format_time(r.at)}
        for r in rows
    ]


def export_profile(engine: Engine, profile_id: int) -> tuple[dict, dict, list]:
    with read(engine) as conn:
        lessons = {k: v.to_dict() for k, v in all_lessons(conn, profile_id).items()}
        for data in lessons.values():
            del data["lesson_id"]
        return lessons, all_settings(conn, profile_id), history(conn, profile_id)


def import_profile(
    engine: Engine, profile_id: int, document: ImportDocument, replace: bool
) -> None:
    """Write a validated document in one transaction: all of it or, on any error, none."""
    ev, st = schema.events, schema.settings
    with write(engine) as conn:
        if replace:
            for table in (_lp, ev, st):
                conn.execute(delete(table).where(table.c.profile_id == profile_id))
            local_lessons: dict[str, LessonProgress] = {}
            local_settings: dict[str, Any] = {}
            seen: set[tuple[Any, ...]] = set()
        else:
            local_lessons = all_lessons(conn, profile_id)
            local_settings = all_settings(conn, profile_id)
            seen = {
                (e["lesson"], e["kind"], e["at"], _canonical(e["detail"]))
                for e in history(conn, profile_id)
            }

        for lesson_id, incoming in document.lessons.items():
            local = local_lessons.get(lesson_id)
            merged = incoming if local is None else merge_lessons(local, incoming)
            values = {name: getattr(merged, name) for name in LESSON_FIELDS}
            if local is None:
                conn.execute(insert(_lp).values(profile_id=profile_id, **values))
            else:
                conn.execute(
                    update(_lp).where(_lesson_where(profile_id, lesson_id)).values(**values)
                )

        for key, value in document.settings.items():
            # Merging keeps this machine's settings (bidi mode and backend depend on it).
            if key not in local_settings:
                _set_setting(conn, profile_id, key, value)

        new_events = [e for e in document.events if _event_key(e) not in seen]
        new_events.sort(key=lambda e: e.at)
        if new_events:
            conn.execute(
                insert(ev),
                [
                    {
                        "profile_id": profile_id,
                        "lesson_id": e.lesson_id,
                        "kind": e.kind,
                        "detail": e.detail,
                        "at": e.at,
                    }
                    for e in new_events
                ],
            )
            # Trim to the newest events, as add_event does.
            keep = (
                select(ev.c.id)
                .where(ev.c.profile_id == profile_id)
                .order_by(ev.c.at.desc(), ev.c.id.desc())
                .limit(MAX_EVENTS_PER_PROFILE)
            )
            conn.execute(delete(ev).where(ev.c.profile_id == profile_id, ev.c.id.not_in(keep)))


def _canonical(detail: Any) -> str:
    return json.dumps(detail, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _event_key(e: Any) -> tuple[Any, ...]:
    return (e.lesson_id, e.kind, format_time(e.at), _canonical(e.detail))


# -- many profiles --------------------------------------------------------------------------


def profile_names(engine: Engine) -> list[str]:
    with read(engine) as conn:
        return list(conn.scalars(select(schema.profiles.c.name).order_by(schema.profiles.c.name)))


def overview_rows(
    engine: Engine, lessons: Sequence[str] | None
) -> Iterable[tuple[str, LessonProgress]]:
    """``(profile, lesson progress)`` for every profile and lesson, profiles sorted by name.

    With ``lessons`` given: exactly those, in that order, untouched ones as ``new``.
    Otherwise every lesson some profile has touched, sorted by id.
    """
    p = schema.profiles
    with read(engine) as conn:
        names = list(conn.execute(select(p.c.id, p.c.name).order_by(p.c.name)))
        rows = conn.execute(
            select(_lp.c.profile_id, *_LESSON_COLUMNS).order_by(_lp.c.profile_id, _lp.c.lesson_id)
        )
        by_profile: dict[int, dict[str, LessonProgress]] = {}
        for row in rows:
            values = {name: getattr(row, name) for name in LESSON_FIELDS}
            values["solution_shown"] = bool(values["solution_shown"])
            by_profile.setdefault(row.profile_id, {})[row.lesson_id] = LessonProgress(**values)
    result: list[tuple[str, LessonProgress]] = []
    for profile_id, name in names:
        done = by_profile.get(profile_id, {})
        wanted = lessons if lessons is not None else sorted(done)
        for lesson_id in wanted:
            result.append((name, done.get(lesson_id) or LessonProgress(lesson_id)))
    return result
