"""The store's API: lesson lifecycle, counters, settings, profiles, errors."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timezone
from pathlib import Path

import pytest
from progress_helpers import START, FakeClock

from tutorial.progress import DATABASE_NAME, LessonProgress, ProgressError, ProgressStore

REPO = Path(__file__).resolve().parents[2]


def test_untouched_lesson_is_new(store: ProgressStore) -> None:
    assert store.lesson("add-column") == LessonProgress("add-column")
    assert store.lesson("add-column").status == "new"
    assert store.all_lessons() == {}
    assert store.last_open_lesson() is None


def test_file_is_in_the_workspace(workspace: Path, store: ProgressStore) -> None:
    assert store.path == workspace / DATABASE_NAME
    assert store.path.is_file()
    assert store.profile == "alice"


def test_start_command_check_lifecycle(store: ProgressStore, clock: FakeClock) -> None:
    store.record_start("add-column")
    started = store.lesson("add-column")
    assert started.status == "in_progress"
    assert started.started_at == START
    assert started.last_activity_at == START
    assert started.last_success_at is None
    assert started.completed_at is None

    clock.advance(10)
    store.record_command("add-column", "alembic upgrade head", ok=False)
    clock.advance(10)
    store.record_command("add-column", "alembic upgrade head", ok=True)
    clock.advance(10)
    store.record_check("add-column", passed=False)
    progress = store.lesson("add-column")
    assert progress.status == "in_progress"
    assert (progress.attempts, progress.failed_commands, progress.checks_run) == (2, 1, 1)
    assert progress.last_success_at == START.replace(second=20)
    assert progress.last_activity_at == START.replace(second=30)

    clock.advance(10)
    store.record_check("add-column", passed=True)
    done = store.lesson("add-column")
    assert done.done and done.status == "done"
    assert done.completed_at == START.replace(second=40)
    assert done.last_success_at == START.replace(second=40)
    assert done.started_at == START


def test_done_stays_done(store: ProgressStore, clock: FakeClock) -> None:
    store.record_check("merge-heads", passed=True)
    first = store.lesson("merge-heads").completed_at
    clock.advance(60)
    store.record_check("merge-heads", passed=False)
    store.record_command("merge-heads", "alembic downgrade -1", ok=False)
    store.record_start("merge-heads")
    clock.advance(60)
    store.record_check("merge-heads", passed=True)
    progress = store.lesson("merge-heads")
    assert progress.status == "done"
    assert progress.completed_at == first  # the first completion is remembered
    assert progress.checks_run == 3
    assert progress.last_success_at == clock.now


def test_check_on_unstarted_lesson_starts_it(store: ProgressStore) -> None:
    store.record_check("rename-column", passed=True)
    progress = store.lesson("rename-column")
    assert progress.status == "done"
    assert progress.started_at == START


def test_hints_and_solution(store: ProgressStore) -> None:
    assert store.record_hint("not-null") == 1
    assert store.record_hint("not-null") == 2
    assert store.record_hint("other") == 1
    assert store.lesson("not-null").hints_used == 2
    assert store.lesson("not-null").solution_shown is False
    store.record_solution_shown("not-null")
    assert store.lesson("not-null").solution_shown is True
    assert store.lesson("not-null").status == "in_progress"


def test_reset_keeps_history(store: ProgressStore, clock: FakeClock) -> None:
    store.record_command("add-column", "alembic upgrade head", ok=True)
    store.record_hint("add-column")
    store.record_check("add-column", passed=True)
    clock.advance(5)
    store.reset_lesson("add-column")
    progress = store.lesson("add-column")
    assert progress.status == "in_progress"
    assert progress.completed_at is None
    assert (progress.attempts, progress.hints_used, progress.checks_run) == (1, 1, 1)
    assert [e["kind"] for e in store.history("add-column")] == [
        "command",
        "hint",
        "check",
        "reset",
    ]
    clock.advance(5)
    store.record_check("add-column", passed=True)
    assert store.lesson("add-column").completed_at == clock.now


def test_history_and_command_detail(store: ProgressStore, clock: FakeClock) -> None:
    store.record_start("a")
    clock.advance(1)
    store.record_command("a", "alembic revision -m 'x'" + "y" * 2000, ok=True)
    clock.advance(1)
    store.record_start("b")
    events = store.history()
    assert [(e["lesson"], e["kind"]) for e in events] == [
        ("a", "start"),
        ("a", "command"),
        ("b", "start"),
    ]
    command = events[1]
    assert command["detail"]["ok"] is True
    assert len(command["detail"]["command"]) == 500
    assert command["at"] == "2026-03-01T09:00:01.000000+00:00"
    assert [e["kind"] for e in store.history("a")] == ["start", "command"]
    assert [e["lesson"] for e in store.history(limit=1)] == ["b"]


def test_all_lessons_and_last_open(store: ProgressStore, clock: FakeClock) -> None:
    store.record_start("b-lesson")
    clock.advance(1)
    store.record_start("a-lesson")
    clock.advance(1)
    store.record_command("b-lesson", "alembic current", ok=True)
    lessons = store.all_lessons()
    assert list(lessons) == ["a-lesson", "b-lesson"]
    assert all(isinstance(v, LessonProgress) for v in lessons.values())
    # The lesson last *opened*, even though another was touched after it.
    assert store.last_open_lesson() == "a-lesson"


def test_times_are_utc(workspace: Path) -> None:
    from datetime import datetime, timedelta

    tehran = timezone(timedelta(hours=3, minutes=30))
    clock = FakeClock(datetime(2026, 3, 1, 12, 30, tzinfo=tehran))
    with ProgressStore.open(workspace, "bob", clock=clock) as store:
        store.record_start("x")
        started = store.lesson("x").started_at
        assert started is not None and started.utcoffset() == timedelta(0)
        assert started == datetime(2026, 3, 1, 9, 0, tzinfo=timezone.utc)
        assert store.lesson("x").to_dict()["started_at"] == "2026-03-01T09:00:00.000000+00:00"


def test_settings(store: ProgressStore) -> None:
    assert store.get_setting("language") is None
    assert store.get_setting("language", "en") == "en"
    store.set_setting("language", "fa")
    store.set_setting("bidi", {"mode": "app", "calibrated": True, "digits": [1, 2.5]})
    store.set_setting("note", "سلام")
    assert store.get_setting("language") == "fa"
    assert store.get_setting("bidi") == {"mode": "app", "calibrated": True, "digits": [1, 2.5]}
    assert store.get_setting("note") == "سلام"
    store.set_setting("language", "th")
    assert store.get_setting("language") == "th"
    store.set_setting("language", None)
    assert store.get_setting("language", "en") == "en"
    store.set_setting("flag", False)
    assert store.get_setting("flag", True) is False


@pytest.mark.parametrize("value", [object(), float("nan"), {1, 2}])
def test_setting_must_be_json(store: ProgressStore, value: object) -> None:
    with pytest.raises(ProgressError, match="cannot be stored"):
        store.set_setting("theme", value)


def test_settings_survive_reopen(workspace: Path) -> None:
    with ProgressStore.open(workspace, "alice") as store:
        store.set_setting("theme", "dark")
        store.record_start("add-column")
    with ProgressStore.open(workspace, "alice") as store:
        assert store.get_setting("theme") == "dark"
        assert store.last_open_lesson() == "add-column"
        assert store.lesson("add-column").status == "in_progress"


def test_profiles_are_kept_apart(workspace: Path) -> None:
    with (
        ProgressStore.open(workspace, "alice") as alice,
        ProgressStore.open(workspace, "bob") as bob,
    ):
        alice.record_command("add-column", "alembic upgrade head", ok=True)
        alice.set_setting("language", "fa")
        bob.record_hint("rename-column")
        assert bob.lesson("add-column").attempts == 0
        assert bob.get_setting("language") is None
        assert alice.lesson("rename-column").hints_used == 0
        assert list(alice.all_lessons()) == ["add-column"]
        assert list(bob.all_lessons()) == ["rename-column"]
    assert ProgressStore.profiles(workspace) == ["alice", "bob"]


def test_default_profile(workspace: Path) -> None:
    with ProgressStore.open(workspace) as store:
        assert store.profile == "default"
    assert ProgressStore.profiles(workspace) == ["default"]


def test_profiles_of_empty_workspace(tmp_path: Path) -> None:
    assert ProgressStore.profiles(tmp_path / "nothing") == []
    assert not (tmp_path / "nothing").exists()  # asking does not create anything


@pytest.mark.parametrize(
    "name", ["alice", "Bob_2", "a-b", "x" * 40, "علی", "सीमा", "สมชาย", "Дмитрий", "۱۲۳"]
)
def test_valid_profile_names(workspace: Path, name: str) -> None:
    with ProgressStore.open(workspace, name) as store:
        assert store.profile == name
    assert ProgressStore.profiles(workspace) == [name]


@pytest.mark.parametrize(
    "name", ["", "x" * 41, "a b", "a/b", "../x", "a.b", "tab\t", "\u0301a", "a\x00", 7, None]
)
def test_invalid_profile_names(workspace: Path, name: object) -> None:
    with pytest.raises(ProgressError, match="Invalid profile name"):
        ProgressStore.open(workspace, name)  # type: ignore[arg-type]
    assert not workspace.exists()


def test_profile_names_are_nfc(workspace: Path) -> None:
    composed = "Ren\u00e9e"
    decomposed = "Rene\u0301e"
    with ProgressStore.open(workspace, decomposed) as store:
        assert store.profile == composed
        store.record_hint("x")
    with ProgressStore.open(workspace, composed) as store:
        assert store.lesson("x").hints_used == 1
    assert ProgressStore.profiles(workspace) == [composed]


@pytest.mark.parametrize("lesson", ["", " padded ", "line\nbreak", "x" * 201, 3])
def test_invalid_lesson_ids(store: ProgressStore, lesson: object) -> None:
    with pytest.raises(ProgressError, match="Invalid lesson id"):
        store.record_start(lesson)  # type: ignore[arg-type]


def test_closed_store(workspace: Path) -> None:
    store = ProgressStore.open(workspace, "alice")
    store.close()
    store.close()  # twice is fine
    assert store.closed
    with pytest.raises(ProgressError, match="closed"):
        store.lesson("x")
    with pytest.raises(ProgressError, match="closed"):
        store.record_hint("x")


def test_workspace_that_cannot_be_created(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(ProgressError, match="Cannot create the workspace"):
        ProgressStore.open(blocker / "ws")


def test_not_a_database(workspace: Path) -> None:
    workspace.mkdir()
    (workspace / DATABASE_NAME).write_bytes(b"this is not SQLite" * 100)
    with pytest.raises(ProgressError, match="damaged or not a progress file"):
        ProgressStore.open(workspace)


def test_error_messages_are_translated(workspace: Path) -> None:
    """Messages go through gettext: an English message under an untranslated catalogue is
    shown marked, never as an exception."""
    from tutorial.i18n import FALLBACK_MARK, use_language

    with use_language("fa"), pytest.raises(ProgressError) as info:
        ProgressStore.open(workspace, "a b")
    message = str(info.value)
    assert "a b" in message
    # Either translated or the English source marked as untranslated.
    assert "Invalid profile name" not in message or message.startswith(FALLBACK_MARK)


def _python(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


def test_importing_the_package_is_cheap() -> None:
    out = _python(
        "import sys, tutorial.progress as p; p.ProgressStore; p.LessonProgress;"
        "print('sqlalchemy' in sys.modules, 'alembic' in sys.modules)"
    )
    assert out == "False False"


def test_opening_an_up_to_date_file_skips_alembic(workspace: Path) -> None:
    ProgressStore.open(workspace, "alice").close()
    out = _python(
        "import sys; from pathlib import Path; from tutorial.progress import ProgressStore;"
        f"s = ProgressStore.open(Path({str(workspace)!r}), 'alice'); s.record_hint('x');"
        "print('sqlalchemy' in sys.modules, 'alembic' in sys.modules)"
    )
    assert out == "True False"
