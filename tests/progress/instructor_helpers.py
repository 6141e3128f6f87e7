"""A real classroom for the instructor-view tests: progress stores written by running real
lessons through the engine (SQLite sandboxes, a real worker), with a clock that moves only
when told to, so ages in the room are exact."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from progress_helpers import START, FakeClock

from tutorial.engine.core import Engine
from tutorial.progress import ProgressStore
from tutorial.settings import resolve

#: Where serve keeps a visitor's workspace, below the instructor's workspace.
VISITOR = Path("serve") / "visitors" / "v1" / "workspace"
PERSIAN = "مریم"

Step = tuple[str, str, str]  # (verb, lesson, command), verb: start | run | hint


def learner(workspace: Path, profile: str, steps: Sequence[Step], clock: FakeClock) -> None:
    """Do ``steps`` as ``profile`` would, one minute apart, through the engine."""
    # ``--profile`` takes ASCII names only; the store (and so the room) takes a name in any
    # script, as an import or a future face may bring one: set it after resolving.
    settings = resolve(workspace=workspace, lang="en", environ={}).with_(profile=profile)
    with ProgressStore.open(workspace, profile, clock=clock) as store, \
            Engine(settings, progress=store, timeout=30.0) as engine:
        for verb, lesson, command in steps:
            clock.advance(60)
            if verb == "start":
                engine.start(lesson)
            elif verb == "run":
                engine.run(lesson, command)
            elif verb == "hint":
                engine.hint(lesson)
            else:
                raise ValueError(verb)


def make_classroom(root: Path) -> FakeClock:
    """Four learners: ``ana`` finished first-upgrade and opened add-column; ``bo`` is stuck
    on first-upgrade (3 failed commands, 2 hints); ``مریم`` looked at the history only; a
    serve visitor (workspace of their own, profile ``default``) opened add-column.
    Returns the clock (09:00 plus one minute per step)."""
    clock = FakeClock(START)
    learner(root, "ana", [("run", "first-upgrade", "alembic history"),
                          ("run", "first-upgrade", "alembic upgrade head"),
                          ("start", "add-column", "")], clock)
    learner(root, "bo", [("start", "first-upgrade", ""),
                         *[("run", "first-upgrade", "alembic upgrade nowhere")] * 3,
                         ("hint", "first-upgrade", ""), ("hint", "first-upgrade", "")], clock)
    learner(root, PERSIAN, [("run", "first-upgrade", "alembic history")], clock)
    learner(root / VISITOR, "default", [("start", "add-column", "")], clock)
    return clock
