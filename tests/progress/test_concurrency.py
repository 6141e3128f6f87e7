"""Several processes on one progress file: nothing lost, nothing corrupted."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import progress_workers
import pytest
from progress_helpers import HERE, REPO

from tutorial.progress import DATABASE_NAME, ProgressStore
from tutorial.progress.database import HEAD_REVISION

# "spawn": each worker is a fresh interpreter that imports everything itself, like a second
# alembic-tutorial started in another terminal.
SPAWN = multiprocessing.get_context("spawn")
TIMEOUT = 120


def _run_all(processes: list[multiprocessing.process.BaseProcess]) -> None:
    for process in processes:
        process.start()
    for process in processes:
        process.join(TIMEOUT)
    for process in processes:
        if process.is_alive():
            process.kill()
    assert [p.exitcode for p in processes] == [0] * len(processes)


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_concurrent_increments_are_not_lost(workspace: Path) -> None:
    processes_count, increments = 4, 50
    ProgressStore.open(workspace, "shared").close()
    barrier = SPAWN.Barrier(processes_count)
    processes = [
        SPAWN.Process(
            target=progress_workers.increment,
            args=(str(workspace), "shared", "add-column", increments, barrier),
        )
        for _ in range(processes_count)
    ]
    _run_all(processes)

    with ProgressStore.open(workspace, "shared") as store:
        progress = store.lesson("add-column")
        assert progress.attempts == processes_count * increments
        # Each worker failed every other command: 25 of its 50.
        assert progress.failed_commands == processes_count * increments // 2
        commands = [e for e in store.history() if e["kind"] == "command"]
        assert len(commands) == processes_count * increments
    assert _integrity(workspace / DATABASE_NAME) == "ok"


def test_concurrent_profiles_in_one_file(workspace: Path) -> None:
    barrier = SPAWN.Barrier(3)
    processes = [
        SPAWN.Process(
            target=progress_workers.increment,
            args=(str(workspace), f"learner-{i}", "merge-heads", 30, barrier),
        )
        for i in range(3)
    ]
    _run_all(processes)
    assert ProgressStore.profiles(workspace) == ["learner-0", "learner-1", "learner-2"]
    rows = ProgressStore.overview(workspace)
    assert [(r["profile"], r["attempts"]) for r in rows] == [
        ("learner-0", 30),
        ("learner-1", 30),
        ("learner-2", 30),
    ]


@pytest.mark.parametrize("round_", range(3))
def test_concurrent_first_open_migrates_once(tmp_path: Path, round_: int) -> None:
    """Several processes create and migrate the same fresh file at the same moment: one
    migrates, the others wait for it and find the schema ready."""
    workspace = tmp_path / f"fresh-{round_}"
    count = 4
    barrier = SPAWN.Barrier(count)
    processes = [
        SPAWN.Process(target=progress_workers.open_fresh, args=(str(workspace), f"p{i}", barrier))
        for i in range(count)
    ]
    _run_all(processes)

    path = workspace / DATABASE_NAME
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
    assert _integrity(path) == "ok"
    assert ProgressStore.profiles(workspace) == [f"p{i}" for i in range(count)]
    for row in ProgressStore.overview(workspace):
        assert row["attempts"] == 1


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize("kill_after", [1, 25, 60])
def test_progress_survives_a_killed_process(workspace: Path, kill_after: int) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), str(HERE)])}
    command = [sys.executable, "-u", str(HERE / "progress_workers.py"), "hammer", str(workspace)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as child:
        assert child.stdout is not None and child.stderr is not None
        reported = 0
        try:
            for line in child.stdout:
                reported = int(line)
                if reported >= kill_after:
                    break
            os.kill(child.pid, signal.SIGKILL)  # mid-loop, most likely mid-transaction
            child.wait(TIMEOUT)
            # Read what is left through the same file object: it may already hold some.
            rest = child.stdout.read()
            errors = child.stderr.read()
        finally:
            if child.poll() is None:
                child.kill()
    assert child.returncode == -signal.SIGKILL, errors
    for line in rest.split():
        reported = int(line)
    assert reported >= kill_after

    path = workspace / DATABASE_NAME
    assert _integrity(path) == "ok"
    with ProgressStore.open(workspace, "victim") as store:
        progress = store.lesson("lesson")
        # Every commit that was reported is there; at most one more (committed, killed
        # before it could print).
        assert reported <= progress.attempts <= reported + 1
        # Counter and event were one transaction: both or neither.
        commands = [e for e in store.history() if e["kind"] == "command"]
        assert len(commands) == progress.attempts
        store.record_command("lesson", "alembic current", ok=True)
        assert store.lesson("lesson").attempts == progress.attempts + 1
    assert _integrity(path) == "ok"
