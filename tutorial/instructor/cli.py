"""``alembic-tutorial progress room``: the instructor view from the command line.

``progress room [DIR]`` reads every workspace under DIR (default: ``--workspace``): on a
terminal it opens the live screen, otherwise it prints the table once. ``--csv`` and
``--json`` print the table for scripts and spreadsheets; ``--watch`` insists on the screen.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from tutorial.i18n import _
from tutorial.settings import Settings, UsageError


def _course(settings: Settings) -> tuple[list[str], dict[str, str]]:
    """The course's lessons in order (free play has no goal: not a column) and their titles."""
    from tutorial.lessons.loader import LessonFormatError, load_course
    from tutorial.paths import lessons_dir

    root = settings.course or lessons_dir()
    try:
        course = load_course(root)
    except LessonFormatError as exc:
        raise UsageError(f"the course at {root} has errors: {exc}") from None
    lessons = [lesson for lesson in course.ordered() if not lesson.free_play]
    return [lesson.id for lesson in lessons], {
        lesson.id: lesson.title(settings.lang) for lesson in lessons}


def room_command(settings: Settings, folder: str | None, *, as_csv: bool, as_json: bool,
                 watch: bool, interval: float, stuck_minutes: float, out: TextIO) -> int:
    from tutorial.instructor.room import Thresholds, read_room

    if as_csv and as_json:
        raise UsageError(_("choose one of --csv and --json"))
    if watch and (as_csv or as_json):
        raise UsageError(_("--watch shows the live screen; --csv and --json print once"))
    if interval <= 0:
        raise UsageError(_("--interval must be more than 0 seconds"))
    if stuck_minutes < 0:
        raise UsageError(_("--stuck-after must be 0 minutes or more"))
    root = Path(folder).expanduser() if folder else settings.workspace
    if not root.is_dir():
        raise UsageError(_("{folder} is not a folder").format(folder=root))
    lessons, titles = _course(settings)
    limits = Thresholds(slow_minutes=stuck_minutes)

    def load():  # type: ignore[no-untyped-def]
        return read_room(root, lessons, limits=limits)

    if as_csv or as_json:
        from tutorial.instructor.export import room_csv, room_json

        room = load()
        if as_json:
            out.write(json.dumps(room_json(room), ensure_ascii=False, indent=2) + "\n")
        else:
            out.write(room_csv(room))
        return 0
    terminal = out is sys.stdout and sys.stdout.isatty()
    if watch and not terminal:
        raise UsageError(_("--watch needs a terminal; use --csv or --json in scripts"))
    if not terminal:
        from tutorial.instructor.export import room_text

        out.write(room_text(load()))
        return 0
    from tutorial.instructor.app import InstructorApp

    app = InstructorApp(load, lang=settings.lang, bidi=settings.bidi, titles=titles,
                        interval=interval)
    return int(app.run() or 0)
