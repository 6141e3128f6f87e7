"""The data behind the instructor view: learners x lessons, who is stuck, CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from progress_helpers import START, FakeClock

from tutorial.progress import OVERVIEW_COLUMNS, ProgressStore, overview_csv

COURSE = ["add-column", "rename-column", "not-null"]


def _classroom(workspace: Path, clock: FakeClock) -> None:
    with ProgressStore.open(workspace, "zara", clock=clock) as zara:
        zara.record_start("add-column")
        clock.advance(60)
        zara.record_command("add-column", "alembic upgrade head", ok=True)
        zara.record_check("add-column", passed=True)  # 09:01
    with ProgressStore.open(workspace, "amir", clock=clock) as amir:
        amir.record_start("add-column")
        clock.advance(60)
        amir.record_command("add-column", "alembic upgrade head", ok=True)  # 09:02
        for _ in range(5):
            clock.advance(60)
            amir.record_command("add-column", "alembic upgrade head", ok=False)
            amir.record_hint("add-column")  # 09:07 last
        amir.record_start("team-lesson")  # not in the course list
    ProgressStore.open(workspace, "idle").close()


def test_overview_rows(workspace: Path, clock: FakeClock) -> None:
    _classroom(workspace, clock)
    now = START.replace(minute=10)
    rows = ProgressStore.overview(workspace, COURSE, now=now)
    assert json.loads(json.dumps(rows)) == rows  # JSON-able
    assert [(r["profile"], r["lesson_id"]) for r in rows] == [
        (profile, lesson) for profile in ("amir", "idle", "zara") for lesson in COURSE
    ]
    assert all(tuple(r) == OVERVIEW_COLUMNS for r in rows)

    amir = rows[0]
    assert amir["status"] == "in_progress"
    assert (amir["attempts"], amir["failed_commands"], amir["hints_used"]) == (6, 5, 5)
    assert amir["last_success_at"] == "2026-03-01T09:02:00.000000+00:00"
    assert amir["seconds_since_last_success"] == 8 * 60
    assert amir["seconds_since_last_activity"] == 3 * 60

    zara = rows[6]
    assert zara["status"] == "done"
    assert zara["completed_at"] == "2026-03-01T09:01:00.000000+00:00"
    assert zara["seconds_since_last_success"] == 9 * 60

    untouched = rows[1]
    assert untouched["status"] == "new"
    assert untouched["attempts"] == 0
    assert untouched["seconds_since_last_success"] is None
    assert untouched["last_activity_at"] is None


def test_overview_without_course_lists_touched_lessons(workspace: Path, clock: FakeClock) -> None:
    _classroom(workspace, clock)
    rows = ProgressStore.overview(workspace, now=START)
    assert [(r["profile"], r["lesson_id"]) for r in rows] == [
        ("amir", "add-column"),
        ("amir", "team-lesson"),
        ("zara", "add-column"),
    ]
    # A "now" before the events (clock skew between machines) never gives negative ages.
    assert all((r["seconds_since_last_activity"] or 0) >= 0 for r in rows)


def test_overview_of_empty_workspace(tmp_path: Path) -> None:
    assert ProgressStore.overview(tmp_path / "none", COURSE) == []


def test_overview_csv(workspace: Path, clock: FakeClock) -> None:
    _classroom(workspace, clock)
    rows = ProgressStore.overview(workspace, COURSE, now=START.replace(minute=10))
    text = overview_csv(rows)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert tuple(parsed[0]) == OVERVIEW_COLUMNS
    assert len(parsed) == len(rows)
    assert parsed[0]["profile"] == "amir" and parsed[0]["attempts"] == "6"
    assert parsed[1]["seconds_since_last_success"] == ""  # None is an empty cell
