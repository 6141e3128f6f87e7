"""Fixtures for the progress store tests: real SQLite files in tmp_path, a controllable clock."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
# Processes started with "spawn" import the workers module by name, and a source checkout
# that is not installed must still find ``tutorial``.
for _path in (HERE, REPO):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from tutorial.progress import ProgressStore  # noqa: E402

START = datetime(2026, 3, 1, 9, 0, 0, tzinfo=timezone.utc)


class FakeClock:
    """A clock that moves only when told to, so times in tests are exact."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(workspace: Path, clock: FakeClock):
    with ProgressStore.open(workspace, "alice", clock=clock) as opened:
        yield opened
