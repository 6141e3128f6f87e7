"""The operations the worker answers (worker side). Each takes and returns JSON-able data."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tutorial.engine import alembic_runner, db_admin, revisions, snapshot
from tutorial.engine.databases import DatabaseTarget, sqlite_target, with_database
from tutorial.engine.diff import diff
from tutorial.i18n import use_language


def warm_up() -> None:
    """Import what commands need before the first one arrives (the point of a warm worker)."""
    import alembic.autogenerate  # noqa: F401
    import alembic.command  # noqa: F401
    import alembic.op  # noqa: F401
    import sqlalchemy.dialects.sqlite  # noqa: F401

    from tutorial.lessons import checks  # noqa: F401

    with contextlib.suppress(ImportError):
        import sqlalchemy.dialects.postgresql  # noqa: F401


def _target(data: dict[str, Any]) -> DatabaseTarget:
    return DatabaseTarget.from_json(data)


def _engine(target: DatabaseTarget) -> Any:
    return db_admin.engine_for(target.url)


@contextlib.contextmanager
def _scratch(target: DatabaseTarget) -> Iterator[Any]:
    """A throw-away copy of the sandbox database, for checks that change it."""
    if target.kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="atut-scratch-")
        path = os.path.join(folder, "scratch.db")
        shutil.copyfile(target.path or "", path)
        engine = db_admin.make_engine(sqlite_target(path).url)  # not cached: used once
        try:
            yield engine
        finally:
            engine.dispose()
            shutil.rmtree(folder, ignore_errors=True)
        return
    db_admin.backup(target, "x")
    name = db_admin.backup_name(target, "x")
    engine = db_admin.make_engine(with_database(target.url, name))
    try:
        yield engine
    finally:
        engine.dispose()
        db_admin.drop_backup(target, "x")


@contextlib.contextmanager
def _empty(target: DatabaseTarget) -> Iterator[Any]:
    """A new, empty database beside the sandbox's: what a teammate's laptop or CI starts
    from. For checks that build a database from the revisions alone."""
    if target.kind == "sqlite":
        folder = tempfile.mkdtemp(prefix="atut-empty-")
        engine = db_admin.make_engine(sqlite_target(os.path.join(folder, "empty.db")).url)
        try:
            yield engine
        finally:
            engine.dispose()
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = db_admin.backup_name(target, "e")
    empty = DatabaseTarget(kind="postgresql", url=with_database(target.url, name),
                           admin_url=target.admin_url, name=name)
    db_admin.create_fresh(empty)
    engine = db_admin.make_engine(empty.url)
    try:
        yield engine
    finally:
        engine.dispose()
        db_admin.drop_backup(target, "e")


def ping() -> dict[str, Any]:
    return {"pid": os.getpid()}


def create_database(target: dict[str, Any]) -> None:
    db_admin.create_fresh(_target(target))


def database_exists(target: dict[str, Any]) -> bool:
    return db_admin.ensure_ours(_target(target))


def backup(target: dict[str, Any], slot: str, folder: str | None = None) -> None:
    db_admin.backup(_target(target), slot, folder)


def restore(target: dict[str, Any], slot: str, folder: str | None = None,
            keep: bool = False) -> None:
    db_admin.restore(_target(target), slot, folder, keep)


def drop_backup(target: dict[str, Any], slot: str, folder: str | None = None) -> None:
    db_admin.drop_backup(_target(target), slot, folder)


def drop_database(target: dict[str, Any]) -> None:
    db_admin.drop(_target(target))


def list_databases(admin_url: str) -> list[str]:
    return db_admin.list_ours(admin_url)


def take_snapshot(target: dict[str, Any], full: bool = False) -> dict[str, Any]:
    snap = snapshot.take(_engine(_target(target)))
    return snap if full else snapshot.preview(snap)


def seed(target: dict[str, Any], data: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the lesson's starting rows (table -> list of row mappings), in one transaction."""
    from sqlalchemy import MetaData

    engine = _engine(_target(target))
    metadata = MetaData()
    metadata.reflect(engine, only=list(data))
    with engine.begin() as conn:
        for table in metadata.sorted_tables:
            rows = data.get(table.name) or []
            if rows:
                conn.execute(table.insert(), rows)


def execute_sql(target: dict[str, Any], statements: list[str]) -> None:
    """Run a lesson's ``[start] sql`` statements, in order, in one transaction. They go to the
    driver as written: no bind parameters, so ``:name`` and ``%`` in the text stay as they are
    (``no_parameters`` keeps psycopg from reading ``%`` as a placeholder)."""
    engine = _engine(_target(target))
    with engine.begin() as conn:
        raw = conn.execution_options(no_parameters=True)
        for statement in statements:
            raw.exec_driver_sql(statement)


def build_template(sandbox: str, admin_url: str, name: str, upgrade: str | None,
                   data: dict[str, list[dict[str, Any]]], sql: list[str]) -> dict[str, Any]:
    """Build a lesson's start state as template database ``name`` unless the server has it.

    The same steps as a sandbox's own start (upgrade in ``sandbox``'s project, rows, start
    sql), in a database of its own that becomes the template only when complete. One process
    per server builds; the others wait on the lock and find it built.
    ``{"built": bool, "step": ..., "error": str | None}``: which step failed and why.
    """
    with db_admin.template_lock(admin_url, name):
        if db_admin.template_exists(admin_url, name):
            return {"built": False, "step": None, "error": None}
        building = db_admin.new_template_build(admin_url, name)
        step = "upgrade"
        try:
            t = building.to_json()
            if upgrade:
                result = run_alembic(sandbox, t, ["upgrade", upgrade])
                if not result["ok"]:
                    return {"built": False, "step": step, "error": result["error"]["message"]}
            try:
                step = "data"
                if data:
                    seed(t, data)
                step = "sql"
                if sql:
                    execute_sql(t, sql)
            except Exception as exc:  # noqa: BLE001 - reported as the sandbox's own start would
                return {"built": False, "step": step, "error": f"{type(exc).__name__}: {exc}"}
            db_admin.engine_for(building.url).dispose()  # no connection may stay open
            db_admin.publish_template(building, name)
            building = None
        finally:
            if building is not None:
                db_admin.engine_for(building.url).dispose()
                db_admin.drop_build(building)
    return {"built": True, "step": None, "error": None}


def start_from_template(sandbox: str, target: dict[str, Any], name: str,
                        upgrade: str | None, data: dict[str, list[dict[str, Any]]],
                        sql: list[str]) -> dict[str, Any]:
    """The sandbox database as a copy of the lesson's template ``name`` (for the role the
    server URL logs in as: ``db_admin.role_template_name``), which is built first when this
    server lacks it (see :func:`build_template`; its answer is returned). In the
    usual case, the template exists: one connection, one ``CREATE DATABASE ... TEMPLATE``."""
    t = _target(target)
    name = db_admin.role_template_name(t.admin_url or "", name)
    try:
        db_admin.clone_template(t, name)
        return {"built": False, "step": None, "error": None}
    except FileNotFoundError:
        pass
    built = build_template(sandbox, t.admin_url or "", name, upgrade, data, sql)
    if built["error"] is None:
        db_admin.clone_template(t, name)
    return built


def graph(sandbox: str, target: dict[str, Any]) -> dict[str, Any]:
    current = snapshot.current_version(_engine(_target(target)))
    return revisions.safe_graph(Path(sandbox), current)


def run_alembic(sandbox: str, target: dict[str, Any], argv: list[str]) -> dict[str, Any]:
    return alembic_runner.run(Path(sandbox), argv, _engine(_target(target)))


def _check(sandbox: Path, target: DatabaseTarget, snap: dict[str, Any], graph_: dict[str, Any],
           goal: list[dict[str, Any]], context: dict[str, Any], lang: str) -> dict[str, Any]:
    from tutorial.lessons.checks import CheckContext, evaluate

    def run_on(argv: list[str], engine: Any) -> dict[str, Any]:
        return alembic_runner.run(sandbox, argv, engine)

    scratch: Callable[[], Any] = lambda: _scratch(target)  # noqa: E731
    empty: Callable[[], Any] = lambda: _empty(target)  # noqa: E731
    ctx = CheckContext(
        snapshot=snap, sandbox=sandbox, start=context.get("start") or {},
        commands=context.get("commands") or [], graph=graph_,
        lesson_dir=Path(context["lesson_dir"]) if context.get("lesson_dir") else None,
        run_alembic=run_on, scratch=scratch, empty=empty,
        extra={"engine": _engine(target)},
    )
    with use_language(lang):
        return evaluate(goal, ctx)


def check(sandbox: str, target: dict[str, Any], goal: list[dict[str, Any]],
          context: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    t = _target(target)
    snap = snapshot.take(_engine(t))
    g = revisions.safe_graph(Path(sandbox), snap.get("version"))
    return _check(Path(sandbox), t, snap, g, goal, context, lang)


def transaction(sandbox: str, target: dict[str, Any], argv: list[str], slot: str,
                folder: str | None, goal: list[dict[str, Any]] | None = None,
                context: dict[str, Any] | None = None, lang: str = "en") -> dict[str, Any]:
    """One learner command as a transaction on the sandbox: back up, snapshot, run,
    snapshot, diff, graph and goal check, in one round trip."""
    t = _target(target)
    path = Path(sandbox)
    timings: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        timings[name] = round((now - mark) * 1000, 2)
        mark = now

    db_admin.backup(t, slot, folder)
    lap("backup")
    engine = _engine(t)
    before = snapshot.take(engine)
    lap("snapshot_before")
    result = alembic_runner.run(path, argv, engine)
    lap("command")
    after = snapshot.take(engine)
    lap("snapshot_after")
    changes = diff(before, after)
    lap("diff")
    graph_ = revisions.safe_graph(path, after.get("version"))
    lap("graph")
    checked = None
    if goal:
        context = dict(context or {})
        # The command itself counts for ``command_used`` only when it worked.
        pending = context.pop("pending_command", None)
        if pending and result.get("ok"):
            context["commands"] = [*(context.get("commands") or []), pending]
        checked = _check(path, t, after, graph_, goal, context, lang)
        lap("check")
    return {
        **result,
        "before": snapshot.preview(before),
        "after": snapshot.preview(after),
        "diff": changes,
        "graph": graph_,
        "check": checked,
        "timings": timings,
    }


OPERATIONS: dict[str, Callable[..., Any]] = {
    fn.__name__: fn
    for fn in (ping, create_database, database_exists, backup, restore, drop_backup,
               drop_database, list_databases, take_snapshot, seed, execute_sql, graph,
               run_alembic, check, transaction, start_from_template)
}
