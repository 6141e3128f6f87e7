"""The room: one row per learner (a profile in a workspace), their status in every lesson,
their current lesson and whether they look stuck there.

Pure data, no Textual: the TUI screen, the CSV/JSON export and the tests all use it.

A learner *looks stuck* on their current lesson when it is not done and one of these holds
(:class:`Thresholds`): ``failed`` - at least 3 failed commands there; ``hints`` - at least 2
hints taken; ``slow`` - no success for 10 minutes or more since they began it (or since their
last success, if later).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from tutorial.instructor.sources import Workspace, find_workspaces
from tutorial.progress.model import LessonProgress, utc_now
from tutorial.progress.readonly import ProfileProgress, StoreUnreadable, read_progress_file

#: Why a learner looks stuck, in the order they are shown.
REASONS: tuple[str, ...] = ("failed", "hints", "slow")


@dataclass(frozen=True)
class Thresholds:
    failed: int = 3
    hints: int = 2
    slow_minutes: float = 10.0


@dataclass(frozen=True)
class Learner:
    """One row of the room. ``problem`` is set (and the rest empty) for a progress file that
    could not be read: ``missing``, ``locked``, ``damaged`` or ``unreadable``."""

    key: str
    workspace: str
    profile: str
    statuses: dict[str, str] = field(default_factory=dict)
    current: str | None = None
    done: int = 0
    attempts: int = 0
    failed: int = 0
    hints: int = 0
    solution_shown: bool = False
    since_success: int | None = None
    since_activity: int | None = None
    stuck: tuple[str, ...] = ()
    problem: str | None = None
    problem_message: str | None = None


@dataclass(frozen=True)
class Room:
    lessons: tuple[str, ...]
    learners: tuple[Learner, ...]
    at: datetime
    root: str = ""

    @property
    def stuck_count(self) -> int:
        return sum(1 for learner in self.learners if learner.stuck)

    @property
    def problem_count(self) -> int:
        return sum(1 for learner in self.learners if learner.problem)


def _seconds(now: datetime, moment: datetime | None) -> int | None:
    return None if moment is None else max(0, int((now - moment).total_seconds()))


def _latest(values: list[datetime | None]) -> datetime | None:
    return max((v for v in values if v is not None), default=None)


def _current(profile: ProfileProgress, lessons: Sequence[str]) -> str | None:
    """The lesson opened last if it is in the course, else the course lesson touched last."""
    if profile.last_lesson in lessons:
        return profile.last_lesson
    touched = [p for lid, p in profile.lessons.items() if lid in lessons and p.last_activity_at]
    if not touched:
        return None
    return max(touched, key=lambda p: p.last_activity_at).lesson_id  # type: ignore[arg-type, return-value]


def _learner(workspace: Workspace, profile: ProfileProgress, lessons: Sequence[str],
             now: datetime, limits: Thresholds) -> Learner:
    statuses = {lid: (profile.lessons[lid].status if lid in profile.lessons else "new")
                for lid in lessons}
    current = _current(profile, lessons)
    here = profile.lessons.get(current) if current else None
    here = here or LessonProgress(current or "")
    everywhere = list(profile.lessons.values())
    last_success = _latest([p.last_success_at for p in everywhere])
    stuck: list[str] = []
    if current and here.status == "in_progress":
        if here.failed_commands >= limits.failed:
            stuck.append("failed")
        if here.hints_used >= limits.hints:
            stuck.append("hints")
        since = _latest([here.started_at, here.last_success_at])
        waited = _seconds(now, since)
        if waited is not None and waited >= limits.slow_minutes * 60:
            stuck.append("slow")
    key = profile.name if workspace.label == "." else (
        workspace.label if profile.name == "default" else f"{workspace.label}/{profile.name}")
    return Learner(
        key=key, workspace=workspace.label, profile=profile.name, statuses=statuses,
        current=current, done=sum(1 for s in statuses.values() if s == "done"),
        attempts=here.attempts, failed=here.failed_commands, hints=here.hints_used,
        solution_shown=here.solution_shown, since_success=_seconds(now, last_success),
        since_activity=_seconds(now, _latest([p.last_activity_at for p in everywhere])),
        stuck=tuple(stuck),
    )


def read_room(root: Path, lessons: Sequence[str], *, now: datetime | None = None,
              limits: Thresholds | None = None,
              read: Callable[[Path], list[ProfileProgress]] = read_progress_file) -> Room:
    """Read every workspace under ``root`` (read-only) into a :class:`Room`.

    A progress file that cannot be read now (locked by a writer, damaged) becomes one row
    with its ``problem`` set; the other workspaces are still read.
    """
    now = now or utc_now()
    limits = limits or Thresholds()
    learners: list[Learner] = []
    for workspace in find_workspaces(root):
        try:
            profiles = read(workspace.progress_file)
        except StoreUnreadable as exc:
            learners.append(Learner(key=workspace.label, workspace=workspace.label, profile="",
                                    problem=exc.kind, problem_message=str(exc)))
            continue
        learners.extend(_learner(workspace, p, lessons, now, limits) for p in profiles)
    return Room(tuple(lessons), _unique(learners), now, str(root))


def _unique(learners: list[Learner]) -> tuple[Learner, ...]:
    """Keys name rows (a profile ``v1`` at the root and a visitor ``v1`` would share one):
    a key seen before gets its full ``workspace/profile`` form, then a number."""
    seen: set[str] = set()
    out = []
    for learner in learners:
        key = learner.key
        if key in seen:
            key = f"{learner.workspace}/{learner.profile}".strip("/")
        number = 2
        base = key
        while key in seen:
            key = f"{base} ({number})"
            number += 1
        seen.add(key)
        out.append(learner if key == learner.key else replace(learner, key=key))
    return tuple(out)


# -- sorting --------------------------------------------------------------------------------

#: Columns a room can be sorted by, in the order the screen cycles through them.
SORT_KEYS: tuple[str, ...] = ("stuck", "learner", "current", "done", "attempts", "failed",
                              "hints", "since_success")
_STATUS_RANK = {"done": 0, "in_progress": 1, "new": 2}


def sort_key(name: str, lessons: Sequence[str]) -> Callable[[Learner], Any]:
    """A key function; unreadable stores and missing values sort last in ascending order."""
    order = {lid: i for i, lid in enumerate(lessons)}
    big = float("inf")

    def value(learner: Learner) -> Any:
        if name.startswith("lesson:"):  # furthest first: done, in progress, new
            return _STATUS_RANK.get(learner.statuses.get(name[len("lesson:"):], "new"), 3)
        if name == "learner":
            return learner.key.casefold()
        if name == "current":
            return order.get(learner.current or "", big)
        if name == "since_success":
            return big if learner.since_success is None else learner.since_success
        if name == "stuck":  # most reasons first, then the longest without success
            waited = learner.since_success if learner.since_success is not None else -1
            return (-len(learner.stuck), -waited)
        return getattr(learner, name)

    def key(learner: Learner) -> Any:
        return (learner.problem is not None, value(learner), learner.key.casefold())

    return key


def sorted_learners(room: Room, by: str = "stuck", reverse: bool = False) -> list[Learner]:
    """The learners sorted by ``by`` (one of :data:`SORT_KEYS`, or ``lesson:<id>``: that
    lesson's status); unreadable progress files always last."""
    if by not in SORT_KEYS and not (by.startswith("lesson:") and by[7:] in room.lessons):
        raise ValueError(f"cannot sort by {by!r}")
    key = sort_key(by, room.lessons)
    readable = sorted((x for x in room.learners if x.problem is None), key=key, reverse=reverse)
    broken = sorted((x for x in room.learners if x.problem is not None), key=key)
    return readable + broken
