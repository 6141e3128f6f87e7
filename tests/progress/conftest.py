"""Fixtures for the progress store tests: real SQLite files in tmp_path, a controllable clock."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
# ``progress_helpers`` and ``progress_workers`` by name (also in "spawn" children, which get
# this sys.path), and ``tutorial`` from a source checkout that is not installed.
for _path in (HERE, HERE.parents[1]):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from progress_helpers import FakeClock  # noqa: E402

from tutorial.progress import ProgressStore  # noqa: E402


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    return tmp_path / "workspace"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def store(workspace: Path, clock: FakeClock) -> Iterator[ProgressStore]:
    with ProgressStore.open(workspace, "alice", clock=clock) as opened:
        yield opened
