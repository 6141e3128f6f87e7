"""Helpers shared by the progress tests (a unique module name: the conftest files of several
test folders are all called ``conftest``, so tests must not import from it)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]

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
