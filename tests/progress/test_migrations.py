"""The progress schema is managed by the Alembic migrations shipped in the package."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from tutorial.progress import DATABASE_NAME, ProgressError, ProgressStore
from tutorial.progress import database as db
from tutorial.progress.schema import metadata

FIRST = "0001_initial"


def _at_revision(workspace: Path, target: str) -> Path:
    """A progress file created by the code of an older release: migrated only to ``target``."""
    workspace.mkdir(parents=True, exist_ok=True)
    path = workspace / DATABASE_NAME
    engine = db.create_progress_engine(path)
    try:
        db.migrate(engine, path, target=target)
    finally:
        engine.dispose()
    return path


def _revision(path: Path) -> str | None:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    assert len(rows) <= 1
    return rows[0][0] if rows else None


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def test_head_constant_is_the_script_head() -> None:
    script = ScriptDirectory.from_config(db.alembic_config())
    assert script.get_heads() == [db.HEAD_REVISION]
    revisions = [r.revision for r in script.walk_revisions("base", "heads")]
    assert revisions[::-1] == [FIRST, db.HEAD_REVISION]


def test_migrations_ship_inside_the_package() -> None:
    import tutorial.progress

    package = Path(tutorial.progress.__file__).parent
    assert package / "migrations" == db.MIGRATIONS_DIR
    for name in ("env.py", "script.py.mako", "versions"):
        assert (db.MIGRATIONS_DIR / name).exists()


def test_fresh_file_is_at_head(workspace: Path) -> None:
    with ProgressStore.open(workspace) as store:
        path = store.path
    assert _revision(path) == db.HEAD_REVISION
    assert _tables(path) >= {"alembic_version", "profiles", "lesson_progress", "events", "settings"}
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_migrated_schema_matches_the_model(workspace: Path) -> None:
    """Autogenerate finds nothing to do: schema.py and the migrations agree."""
    ProgressStore.open(workspace).close()
    engine = db.create_progress_engine(workspace / DATABASE_NAME)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_old_file_is_upgraded_in_place_keeping_data(workspace: Path) -> None:
    path = _at_revision(workspace, FIRST)
    assert _revision(path) == FIRST
    assert "events" not in _tables(path)
    # What the release with only revision 0001 wrote.
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO profiles (id, name, created_at) VALUES "
            "(1, 'alice', '2026-01-01T08:00:00.000000+00:00'), "
            "(2, 'bob', '2026-01-01T08:00:00.000000+00:00')"
        )
        conn.execute(
            "INSERT INTO lesson_progress (profile_id, lesson_id, status, started_at, "
            "completed_at, last_activity_at, attempts, failed_commands, checks_run, "
            "hints_used, solution_shown) VALUES "
            "(1, 'add-column', 'done', '2026-01-01T09:00:00.000000+00:00', "
            "'2026-01-01T09:30:00.000000+00:00', '2026-01-01T09:30:00.000000+00:00', 7, 2, 3, 1, 0),"
            "(2, 'add-column', 'in_progress', '2026-01-02T09:00:00.000000+00:00', NULL, "
            "'2026-01-02T09:05:00.000000+00:00', 4, 4, 0, 2, 1)"
        )

    with ProgressStore.open(workspace, "alice") as alice:
        assert _revision(path) == db.HEAD_REVISION
        progress = alice.lesson("add-column")
        assert progress.status == "done"
        assert (progress.attempts, progress.failed_commands, progress.checks_run) == (7, 2, 3)
        assert progress.hints_used == 1 and progress.solution_shown is False
        # Backfilled by the data migration in 0002.
        assert progress.last_success_at == progress.completed_at
        assert progress.last_success_at is not None and progress.last_success_at.hour == 9
        # New features work on the upgraded file.
        alice.set_setting("language", "hi")
        alice.record_command("add-column", "alembic history", ok=True)
        assert alice.history()[-1]["kind"] == "command"
        assert alice.last_open_lesson() == "add-column"  # from activity: no setting yet

    with ProgressStore.open(workspace, "bob") as bob:
        progress = bob.lesson("add-column")
        assert progress.status == "in_progress"
        assert progress.last_success_at is None
        assert progress.solution_shown is True and progress.hints_used == 2

    assert ProgressStore.profiles(workspace) == ["alice", "bob"]
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_profiles_and_overview_upgrade_old_files(workspace: Path) -> None:
    path = _at_revision(workspace, FIRST)
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO profiles (name, created_at) VALUES ('x', '2026-01-01T08:00Z')")
    assert ProgressStore.profiles(workspace) == ["x"]
    assert _revision(path) == db.HEAD_REVISION


def test_downgrade_and_upgrade_round_trip(workspace: Path) -> None:
    """Every revision's downgrade works and the up-down-up round trip keeps the lessons."""
    with ProgressStore.open(workspace, "alice") as store:
        store.record_check("add-column", passed=True)
        store.set_setting("theme", "dark")
        before = store.lesson("add-column")
    path = workspace / DATABASE_NAME
    engine = db.create_progress_engine(path)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), FIRST)
        assert _revision(path) == FIRST
        assert "settings" not in _tables(path)
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), "base")
        assert _revision(path) is None
        assert _tables(path) == {"alembic_version"}
    finally:
        engine.dispose()
    with ProgressStore.open(workspace, "alice") as store:
        assert store.lesson("add-column").status == "new"  # base dropped everything
        assert _revision(path) == db.HEAD_REVISION

    # Down one step and up again: the lesson survives (last_success_at is backfilled).
    with ProgressStore.open(workspace, "alice") as store:
        store.record_check("add-column", passed=True)
        before = store.lesson("add-column")
    engine = db.create_progress_engine(path)
    try:
        with engine.begin() as conn:
            command.downgrade(db.alembic_config(conn), FIRST)
    finally:
        engine.dispose()
    with ProgressStore.open(workspace, "alice") as store:
        assert store.lesson("add-column") == before


def test_file_from_a_newer_release_is_refused(workspace: Path) -> None:
    with ProgressStore.open(workspace, "alice") as store:
        store.record_hint("x")
        path = store.path
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099_from_the_future'")
    with pytest.raises(ProgressError, match="newer version of alembic-tutorial"):
        ProgressStore.open(workspace, "alice")
    # Refusing did not touch it.
    assert _revision(path) == "0099_from_the_future"
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT hints_used FROM lesson_progress").fetchone()[0] == 1


def test_failed_migration_leaves_nothing_behind(workspace: Path) -> None:
    """DDL is transactional: a migration that fails half-way rolls back completely, and the
    next open (after the cause is gone) upgrades normally."""
    path = _at_revision(workspace, FIRST)
    # A table in the way of revision 0002's second CREATE TABLE ("settings"): the first one
    # ("events") will have been created when it fails.
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE settings (x INTEGER)")
    with pytest.raises(ProgressError, match="cannot be used"):
        ProgressStore.open(workspace)
    assert _revision(path) == FIRST
    assert "events" not in _tables(path)
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE settings")
    with ProgressStore.open(workspace) as store:
        store.set_setting("ok", True)
    assert _revision(path) == db.HEAD_REVISION
