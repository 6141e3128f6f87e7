"""``export`` / ``import_``: JSON documents, validation, merge and replace, all or nothing."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from progress_helpers import FakeClock

from tutorial.progress import EXPORT_FORMAT, EXPORT_VERSION, ProgressError, ProgressStore


def _fill(store: ProgressStore, clock: FakeClock) -> None:
    store.record_start("add-column")
    clock.advance(30)
    store.record_command("add-column", "alembic upgrade head", ok=False)
    clock.advance(30)
    store.record_command("add-column", "alembic upgrade head", ok=True)
    store.record_hint("add-column")
    store.record_check("add-column", passed=True)
    clock.advance(30)
    store.record_start("rename-column")
    store.record_solution_shown("rename-column")
    store.set_setting("language", "fa")
    store.set_setting("bidi", "app")


def _state(store: ProgressStore) -> dict[str, Any]:
    data = store.export()
    del data["exported_at"], data["profile"]
    return data


def test_export_document(store: ProgressStore, clock: FakeClock) -> None:
    _fill(store, clock)
    data = store.export()
    assert json.loads(json.dumps(data)) == data  # JSON-able as it is
    assert data["format"] == EXPORT_FORMAT
    assert data["version"] == EXPORT_VERSION
    assert data["profile"] == "alice"
    assert data["exported_at"] == "2026-03-01T09:01:30.000000+00:00"
    assert set(data["lessons"]) == {"add-column", "rename-column"}
    lesson = data["lessons"]["add-column"]
    assert lesson == {
        "status": "done",
        "started_at": "2026-03-01T09:00:00.000000+00:00",
        "completed_at": "2026-03-01T09:01:00.000000+00:00",
        "last_activity_at": "2026-03-01T09:01:00.000000+00:00",
        "last_success_at": "2026-03-01T09:01:00.000000+00:00",
        "attempts": 2,
        "failed_commands": 1,
        "checks_run": 1,
        "hints_used": 1,
        "solution_shown": False,
    }
    assert data["lessons"]["rename-column"]["solution_shown"] is True
    assert data["settings"] == {"language": "fa", "bidi": "app", "last_lesson": "rename-column"}
    assert [e["kind"] for e in data["events"]] == [
        "start",
        "command",
        "command",
        "hint",
        "check",
        "start",
        "solution",
    ]


def test_round_trip_to_another_workspace_and_profile(
    tmp_path: Path, store: ProgressStore, clock: FakeClock
) -> None:
    _fill(store, clock)
    text = json.dumps(store.export())
    with ProgressStore.open(tmp_path / "laptop", "alice-2") as other:
        other.import_(json.loads(text))
        assert _state(other) == _state(store)
        assert other.lesson("add-column") == store.lesson("add-column")
        assert other.last_open_lesson() == "rename-column"


def test_import_twice_changes_nothing(
    tmp_path: Path, store: ProgressStore, clock: FakeClock
) -> None:
    _fill(store, clock)
    data = store.export()
    with ProgressStore.open(tmp_path / "b", "bob") as other:
        other.import_(data)
        once = _state(other)
        other.import_(data)
        assert _state(other) == once
    store.import_(data)  # into the profile it came from
    assert _state(store) == once


def test_merge(tmp_path: Path, clock: FakeClock) -> None:
    with ProgressStore.open(tmp_path / "a", "me", clock=clock) as laptop:
        laptop.record_start("add-column")  # 09:00:00
        clock.advance(100)
        laptop.record_command("add-column", "alembic upgrade head", ok=True)
        laptop.record_check("add-column", passed=True)  # done at 09:01:40
        laptop.set_setting("bidi", "terminal")
        exported = laptop.export()

    clock.advance(100)
    with ProgressStore.open(tmp_path / "b", "me", clock=clock) as desktop:
        desktop.set_setting("bidi", "app")
        for _ in range(3):
            desktop.record_command("add-column", "alembic downgrade -1", ok=False)  # 09:03:20
        desktop.record_hint("add-column")
        desktop.record_start("merge-heads")
        desktop.import_(exported)

        merged = desktop.lesson("add-column")
        assert merged.status == "done"
        assert merged.attempts == 3 and merged.failed_commands == 3
        assert merged.hints_used == 1 and merged.checks_run == 1
        assert merged.started_at is not None and merged.started_at.minute == 0
        assert merged.completed_at is not None and merged.completed_at.minute == 1
        assert merged.last_activity_at == clock.now  # the later of the two
        assert desktop.lesson("merge-heads").status == "in_progress"
        assert desktop.get_setting("bidi") == "app"  # this machine's setting wins
        kinds = [e["kind"] for e in desktop.history("add-column")]
        assert kinds == ["start", "command", "check", "command", "command", "command", "hint"]


def test_replace(tmp_path: Path, store: ProgressStore, clock: FakeClock) -> None:
    _fill(store, clock)
    with ProgressStore.open(tmp_path / "b", "bob") as other:
        other.record_hint("something-else")
        other.set_setting("theme", "dark")
        other.import_(store.export(), replace=True)
        assert _state(other) == _state(store)
        assert other.get_setting("theme") is None


def test_replace_with_empty_document_clears_profile_only(
    workspace: Path, store: ProgressStore, clock: FakeClock
) -> None:
    _fill(store, clock)
    with ProgressStore.open(workspace, "bob") as bob:
        bob.record_hint("x")
        store.import_({"format": EXPORT_FORMAT, "version": 1}, replace=True)
        assert store.all_lessons() == {}
        assert store.history() == []
        assert store.get_setting("language") is None
        assert bob.lesson("x").hints_used == 1


def _valid() -> dict[str, Any]:
    return {
        "format": EXPORT_FORMAT,
        "version": 1,
        "profile": "someone",
        "lessons": {
            "a": {"status": "done", "attempts": 2, "completed_at": "2026-01-01T10:00:00Z"},
            "b": {"status": "in_progress", "hints_used": 1},
        },
        "settings": {"language": "ru"},
        "events": [
            {"lesson": "a", "kind": "command", "detail": {"ok": True}, "at": "2026-01-01T10:00Z"}
        ],
    }


def _with(path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(_valid())
    *parents, last = path.split(".")
    target: Any = data
    for key in parents:
        target = target[int(key)] if isinstance(target, list) else target[key]
    if isinstance(target, list):
        target[int(last)] = value
    else:
        target[last] = value
    return data


BAD_DOCUMENTS = {
    "not a dict": ([], "Not an alembic-tutorial progress export"),
    "no format": ({"version": 1}, "Not an alembic-tutorial progress export"),
    "wrong format": (_with("format", "other"), "Not an alembic-tutorial progress export"),
    "future version": (_with("version", 99), "format version 99"),
    "version not int": (_with("version", "1"), "version"),
    "version bool": (_with("version", True), "version"),
    "lessons not object": (_with("lessons", []), "lessons"),
    "bad status": (_with("lessons.b.status", "finished"), "lessons.b.status"),
    "negative count": (_with("lessons.a.attempts", -1), "lessons.a.attempts"),
    "bool count": (_with("lessons.a.hints_used", True), "lessons.a.hints_used"),
    "float count": (_with("lessons.a.checks_run", 1.5), "lessons.a.checks_run"),
    "naive time": (_with("lessons.a.started_at", "2026-01-01T10:00:00"), "lessons.a.started_at"),
    "garbage time": (_with("lessons.a.completed_at", "yesterday"), "lessons.a.completed_at"),
    "solution not bool": (_with("lessons.a.solution_shown", 1), "lessons.a.solution_shown"),
    "more failures": (_with("lessons.a.failed_commands", 3), "lessons.a.failed_commands"),
    "bad lesson id": (_with("lessons", {" x": {}}), "lessons"),
    "lesson not object": (_with("lessons.a", "done"), "lessons.a"),
    "settings not object": (_with("settings", ["x"]), "settings"),
    "bad setting value": (_with("settings.theme", float("nan")), "settings"),
    "events not list": (_with("events", {}), "events"),
    "event not object": (_with("events.0", 5), r"events\[0\]"),
    "event without time": (_with("events.0.at", None), r"events\[0\]\.at"),
    "event without kind": (_with("events.0.kind", ""), r"events\[0\]\.kind"),
    "event detail not object": (_with("events.0.detail", [1]), r"events\[0\]\.detail"),
}


@pytest.mark.parametrize("name", list(BAD_DOCUMENTS))
def test_bad_documents_change_nothing(store: ProgressStore, clock: FakeClock, name: str) -> None:
    _fill(store, clock)
    before = _state(store)
    document, message = BAD_DOCUMENTS[name]
    # The valid parts (lesson "a", setting "language") come before the bad part: nothing
    # of them may be written.
    for replace in (False, True):
        with pytest.raises(ProgressError, match=message):
            store.import_(document, replace=replace)
        assert _state(store) == before


def test_valid_sample_imports(store: ProgressStore) -> None:
    store.import_(_valid())
    assert store.lesson("a").status == "done"
    assert store.lesson("a").attempts == 2
    assert store.lesson("b").hints_used == 1
    assert store.get_setting("language") == "ru"
    assert store.history() == [
        {
            "lesson": "a",
            "kind": "command",
            "detail": {"ok": True},
            "at": "2026-01-01T10:00:00.000000+00:00",
        }
    ]


def test_import_trims_history(store: ProgressStore) -> None:
    data = _valid()
    data["events"] = [
        {
            "lesson": "a",
            "kind": "hint",
            "detail": {"n": i},
            "at": f"2026-01-01T10:{i // 60:02d}:{i % 60:02d}Z",
        }
        for i in range(1100)
    ]
    store.import_(data)
    store.record_hint("a")
    events = store.history()
    assert len(events) == 1000
    assert events[0]["detail"] == {"n": 101}  # the oldest ones went
    assert events[-1]["detail"] == {"number": 1}


@pytest.mark.parametrize("replace", [False, True])
def test_failure_while_writing_rolls_back_everything(
    store: ProgressStore, clock: FakeClock, replace: bool
) -> None:
    """A database error half-way through the writes (a trigger refuses one lesson, after the
    others, the deletions of ``replace`` and nothing else) leaves the profile as it was."""
    _fill(store, clock)
    before = _state(store)
    with sqlite3.connect(store.path) as conn:
        conn.execute(
            "CREATE TRIGGER refuse_boom BEFORE INSERT ON lesson_progress "
            "WHEN NEW.lesson_id = 'zz-boom' BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    data = _valid()
    data["lessons"]["zz-boom"] = {"status": "new"}  # written last: lessons go in order
    with pytest.raises(ProgressError, match="refused"):
        store.import_(data, replace=replace)
    assert _state(store) == before
