"""A runaway or crashing migration costs only the worker; the sandbox is as it was."""

from __future__ import annotations

from tests.engine.helpers import HEAD, tables, write_revision
from tutorial.engine.core import Engine
from tutorial.engine.worker import WorkerLimits

LESSON = "add-column"


def test_infinite_loop_times_out_and_next_command_works(make_settings, backend):
    with Engine(make_settings(backend), timeout=2.0) as engine:
        engine.start(LESSON)
        before = tables(engine, LESSON)
        pid = engine.worker.pid
        write_revision(engine, LESSON, "aaaa00000001", HEAD,
                       'op.add_column("users", sa.Column("x", sa.Integer()))\nwhile True:\n    pass')
        result = engine.run(LESSON, "alembic upgrade head")
        assert result["ok"] is False
        assert result["error"]["type"] == "Timeout"
        assert result["error"]["explanation"]["key"] == "timeout"
        assert engine.worker.pid != pid, "the stuck worker was replaced"
        assert tables(engine, LESSON) == before, "nothing of the stuck migration remains"
        assert engine.run(LESSON, "alembic current")["ok"]
        # The file the learner wrote survives the failure.
        assert (engine.paths(LESSON).project / "versions" / "aaaa00000001_test.py").exists()


def test_worker_crash_is_reported_and_replaced(make_settings, backend):
    with Engine(make_settings(backend), timeout=5.0) as engine:
        engine.start(LESSON)
        write_revision(engine, LESSON, "aaaa00000002", HEAD, "import os\nos._exit(3)")
        result = engine.run(LESSON, "alembic upgrade head")
        assert result["ok"] is False
        assert result["error"]["type"] == "WorkerCrash"
        assert "exit code 3" in result["error"]["message"]
        assert result["error"]["explanation"]["key"] == "crash"
        assert engine.run(LESSON, "alembic heads")["ok"]


def test_huge_allocation_hits_the_memory_limit(make_settings):
    limits = WorkerLimits(memory_mb=700)
    with Engine(make_settings("sqlite"), timeout=10.0, limits=limits) as engine:
        engine.start(LESSON)
        write_revision(engine, LESSON, "aaaa00000003", HEAD, "data = bytearray(4 * 1024 ** 3)")
        result = engine.run(LESSON, "alembic upgrade head")
        assert result["ok"] is False
        assert result["error"]["type"] in ("MemoryError", "WorkerCrash")
        assert engine.run(LESSON, "alembic current")["ok"]


def test_sys_exit_in_a_migration_is_an_error_not_an_exit(engine):
    engine.start(LESSON)
    write_revision(engine, LESSON, "aaaa00000004", HEAD, "import sys\nsys.exit(5)")
    result = engine.run(LESSON, "alembic upgrade head")
    assert result["ok"] is False
    assert result["error"]["type"] == "SystemExit"
    assert engine.run(LESSON, "alembic current")["ok"]
