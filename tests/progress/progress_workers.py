"""Code run in other processes by the concurrency tests (importable by "spawn" children,
and runnable as a script for the SIGKILL test)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from tutorial.progress import ProgressStore


def increment(workspace: str, profile: str, lesson: str, times: int, barrier: Any) -> None:
    """Open the store, wait for the others, then record ``times`` commands."""
    with ProgressStore.open(Path(workspace), profile) as store:
        barrier.wait()
        for i in range(times):
            store.record_command(lesson, f"alembic upgrade head  # {i}", ok=i % 2 == 0)


def open_fresh(workspace: str, profile: str, barrier: Any) -> None:
    """Wait for the others, then open (and so create and migrate) the same fresh file.

    The heavy imports are done first, so that the processes really reach the migration
    together instead of being spread out by import times.
    """
    import alembic.command  # noqa: F401
    import alembic.script  # noqa: F401

    import tutorial.progress.database  # noqa: F401

    barrier.wait()
    with ProgressStore.open(Path(workspace), profile) as store:
        store.record_command("lesson", "alembic current", ok=True)


def hammer(workspace: str) -> None:
    """Record commands forever, printing how many have been committed after each one."""
    with ProgressStore.open(Path(workspace), "victim") as store:
        count = 0
        while True:
            store.record_command("lesson", "alembic upgrade head", ok=True)
            count += 1
            print(count, flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "hammer":
        hammer(sys.argv[2])
    else:
        raise SystemExit(f"unknown mode {sys.argv[1]!r}")
