"""The instructor's room, read from progress stores that real lessons wrote through the engine:
learners by lessons, current lesson, who looks stuck and why, sorting, read-only access."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from instructor_helpers import PERSIAN, VISITOR, make_classroom
from progress_helpers import START

from tutorial.instructor.room import SORT_KEYS, Thresholds, read_room, sorted_learners
from tutorial.instructor.sources import find_workspaces
from tutorial.progress import ProgressStore
from tutorial.progress.readonly import StoreUnreadable, read_progress_file

COURSE = ["first-upgrade", "add-column", "rename-column"]
AT_0912 = START + timedelta(minutes=12)
AT_0930 = START + timedelta(minutes=30)


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("room") / "ws"
    make_classroom(root)
    return root


def _by_key(room):  # type: ignore[no-untyped-def]
    return {learner.key: learner for learner in room.learners}


def test_every_learner_of_every_workspace_is_a_row(classroom: Path) -> None:
    room = read_room(classroom, COURSE, now=AT_0912)
    rows = _by_key(room)
    assert set(rows) == {"ana", "bo", PERSIAN, "v1"}
    assert rows["v1"].workspace == "v1" and rows["v1"].profile == "default"
    assert room.lessons == tuple(COURSE)
    assert all(tuple(x.statuses) == tuple(COURSE) for x in room.learners)


def test_statuses_counts_and_current_lesson_come_from_the_real_commands(classroom: Path) -> None:
    rows = _by_key(read_room(classroom, COURSE, now=AT_0912))
    ana, bo, maryam, visitor = rows["ana"], rows["bo"], rows[PERSIAN], rows["v1"]
    assert ana.statuses == {"first-upgrade": "done", "add-column": "in_progress",
                            "rename-column": "new"}
    assert (ana.done, ana.current, ana.attempts) == (1, "add-column", 0)
    assert ana.since_success == 10 * 60  # upgrade head at 09:02 passed the goal check
    assert (bo.current, bo.attempts, bo.failed, bo.hints) == ("first-upgrade", 3, 3, 2)
    assert bo.done == 0 and bo.since_success is None  # nothing ever worked
    assert bo.since_activity == 3 * 60  # the second hint at 09:09
    assert (maryam.current, maryam.attempts, maryam.failed) == ("first-upgrade", 1, 0)
    assert maryam.since_success == 2 * 60
    assert visitor.statuses["add-column"] == "in_progress" and visitor.attempts == 0


def test_who_looks_stuck_and_why(classroom: Path) -> None:
    early = _by_key(read_room(classroom, COURSE, now=AT_0912))
    assert {k: x.stuck for k, x in early.items() if x.stuck} == {"bo": ("failed", "hints")}
    late = _by_key(read_room(classroom, COURSE, now=AT_0930))
    assert late["bo"].stuck == ("failed", "hints", "slow")
    assert late["ana"].stuck == ("slow",)  # opened add-column at 09:03, nothing since
    assert late[PERSIAN].stuck == ("slow",)
    # Thresholds are the instructor's: a stricter room sees more.
    strict = _by_key(read_room(classroom, COURSE, now=AT_0912,
                               limits=Thresholds(failed=1, hints=1, slow_minutes=5)))
    assert strict["ana"].stuck == ("slow",)
    assert "slow" not in strict[PERSIAN].stuck


def test_a_done_lesson_never_looks_stuck(classroom: Path) -> None:
    rows = _by_key(read_room(classroom, ["first-upgrade"], now=AT_0930))
    # ana's last lesson is not in this course: her current one is the course lesson she
    # touched last, which is done.
    assert rows["ana"].current == "first-upgrade" and rows["ana"].stuck == ()


@pytest.mark.parametrize("by", SORT_KEYS)
def test_sorting_by_every_column(classroom: Path, by: str) -> None:
    room = read_room(classroom, COURSE, now=AT_0912)
    ascending = [x.key for x in sorted_learners(room, by)]
    descending = [x.key for x in sorted_learners(room, by, reverse=True)]
    assert sorted(ascending) == sorted(descending) == sorted(_by_key(room))
    if by == "stuck":
        assert ascending[0] == "bo"
    if by == "learner":
        assert ascending == sorted(ascending, key=str.casefold)
        assert descending == ascending[::-1]
    if by == "failed":
        assert descending[0] == "bo"
    if by == "done":
        assert descending[0] == "ana"


def test_sorting_by_a_lesson_puts_the_furthest_first(classroom: Path) -> None:
    room = read_room(classroom, COURSE, now=AT_0912)
    order = [x.key for x in sorted_learners(room, "lesson:first-upgrade")]
    assert order[0] == "ana" and order[-1] == "v1"  # done, in progress..., never opened
    with pytest.raises(ValueError):
        sorted_learners(room, "lesson:no-such-lesson")


def test_reading_never_writes_the_progress_file(classroom: Path) -> None:
    path = classroom / "progress.sqlite3"
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for _ in range(3):
        read_room(classroom, COURSE)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    with pytest.raises(StoreUnreadable) as missing:
        read_progress_file(classroom / "nowhere" / "progress.sqlite3")
    assert missing.value.kind == "missing"
    assert not (classroom / "nowhere").exists()  # read-only: nothing created either


def test_the_workspaces_of_a_serve_root_are_found(classroom: Path) -> None:
    labels = [w.label for w in find_workspaces(classroom)]
    assert labels == [".", "v1"]
    # Pointing at serve's own folder finds the visitor alone.
    assert [w.label for w in find_workspaces(classroom / "serve")] == ["v1"]
    assert find_workspaces(classroom / "no-such-folder") == []


def _copy_room(classroom: Path, dest: Path) -> Path:
    """A copy of the classroom's progress files (WAL checkpointed by the last close)."""
    for folder in (Path("."), VISITOR):
        (dest / folder).mkdir(parents=True, exist_ok=True)
        (dest / folder / "progress.sqlite3").write_bytes(
            (classroom / folder / "progress.sqlite3").read_bytes())
    return dest


def test_a_locked_store_is_marked_and_the_others_are_read(classroom: Path,
                                                          tmp_path: Path) -> None:
    root = _copy_room(classroom, tmp_path / "copy")
    holder = sqlite3.connect(root / VISITOR / "progress.sqlite3", isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode = EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE lesson_progress SET attempts = attempts + 1")
        room = read_room(root, COURSE, now=AT_0912)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    rows = _by_key(room)
    assert rows["v1"].problem == "locked"
    assert "locked" in (rows["v1"].problem_message or "")
    assert {"ana", "bo", PERSIAN} <= set(rows)
    assert room.problem_count == 1
    assert sorted_learners(room)[-1].key == "v1"  # problems last, whatever the order


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty-database"])
def test_a_damaged_store_is_marked(classroom: Path, tmp_path: Path, damage: str) -> None:
    root = _copy_room(classroom, tmp_path / "copy")
    path = root / VISITOR / "progress.sqlite3"
    if damage == "garbage":
        path.write_bytes(b"this is not a database" * 200)
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:3000])
    else:
        path.unlink()
        sqlite3.connect(path).close()  # a valid SQLite file with no tables
    rows = _by_key(read_room(root, COURSE, now=AT_0912))
    assert rows["v1"].problem in {"damaged", "unreadable"}
    assert rows["bo"].stuck  # the readable store is still there


def test_reading_while_learners_write(tmp_path: Path) -> None:
    """Writers keep recording commands while the room is read: every read is a consistent
    snapshot (attempts never go backwards), and no read fails."""
    root = tmp_path / "ws"
    with ProgressStore.open(root, "writer") as store:
        store.record_start("add-column")
    stop = threading.Event()
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with ProgressStore.open(root, "writer") as store:
                while not stop.is_set():
                    store.record_command("add-column", "alembic upgrade head", ok=False)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    seen = []
    try:
        # At least 40 reads, and on until the writer (a thread that may start late on a
        # busy machine) has written (bounded by a number of reads).
        while (len(seen) < 40 or seen[-1] < 3) and len(seen) < 20000:
            rows = _by_key(read_room(root, ["add-column"]))
            assert rows["writer"].problem is None
            seen.append(rows["writer"].attempts)
    finally:
        stop.set()
        thread.join()
    assert not errors
    assert seen == sorted(seen) and seen[-1] >= 3
    assert all(x.failed == x.attempts for x in read_room(root, ["add-column"]).learners)
