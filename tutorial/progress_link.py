"""Glue between the faces and the progress store: opening it for the settings, lesson
statuses for the course map, and the ``progress`` command (instructor table, export, import)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from tutorial.i18n import _
from tutorial.settings import Settings, UsageError


def open_progress(settings: Settings) -> Any:
    """The profile's ProgressStore (the engine records commands, checks and hints in it)."""
    from tutorial.progress import ProgressStore

    return ProgressStore.open(settings.workspace, settings.profile)


def lesson_statuses(settings: Settings, lesson_ids: list[str]) -> dict[str, str]:
    from tutorial.progress import ProgressStore

    with ProgressStore.open(settings.workspace, settings.profile) as store:
        known = store.all_lessons()
    return {lesson: known[lesson].status if lesson in known else "new" for lesson in lesson_ids}


def progress_command(settings: Settings, action: str, file: str | None, fmt: str,
                     out: TextIO) -> int:
    from tutorial.progress import ProgressError, ProgressStore, overview_csv

    if action == "export":
        with ProgressStore.open(settings.workspace, settings.profile) as store:
            text = json.dumps(store.export(), ensure_ascii=False, indent=2) + "\n"
        if file in (None, "-"):
            out.write(text)
        else:
            with open(file, "w", encoding="utf-8") as handle:
                handle.write(text)
        return 0
    if action == "import":
        if not file:
            raise UsageError("progress import needs a FILE (or - for standard input)")
        try:
            raw = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
            data = json.loads(raw)
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot read {file}: {exc}") from None
        try:
            with ProgressStore.open(settings.workspace, settings.profile) as store:
                store.import_(data)
        except ProgressError as exc:
            raise UsageError(str(exc)) from None
        out.write(_("Progress imported into profile {profile}.").format(
            profile=settings.profile) + "\n")
        return 0
    from tutorial.engine.core import Engine

    with Engine(settings) as engine:
        order = [lesson.id for lesson in engine.course.ordered()]
    rows = ProgressStore.overview(settings.workspace, order)
    if fmt == "json":
        out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "csv":
        out.write(overview_csv(rows))
    else:
        out.write(overview_table(rows, order))
    return 0


def overview_table(rows: list[dict[str, Any]], order: list[str]) -> str:
    """Learners by lessons: a status mark per cell, then who looks stuck."""
    marks = {"new": ".", "in_progress": "~", "done": "x"}
    by_profile: dict[str, dict[str, dict[str, Any]]] = {}
    for row in rows:
        by_profile.setdefault(row["profile"], {})[row["lesson_id"]] = row
    if not by_profile:
        return _("No learner has progress in this workspace yet.") + "\n"
    width = max(len(p) for p in by_profile)
    lines = [" " * width + "  " + " ".join(f"{i + 1:>2}" for i in range(len(order)))]
    stuck = []
    for profile, lessons in sorted(by_profile.items()):
        cells = " ".join(f"{marks.get(lessons.get(lid, {}).get('status', 'new'), '?'):>2}"
                         for lid in order)
        lines.append(f"{profile:<{width}}  {cells}")
        for lid, row in lessons.items():
            if row["status"] == "in_progress" and (row["failed_commands"] >= 3
                                                    or row["hints_used"] >= 2):
                stuck.append(_("{profile} may be stuck on {lesson}: {failed} failed commands, "
                               "{hints} hints").format(profile=profile, lesson=lid,
                                                       failed=row["failed_commands"],
                                                       hints=row["hints_used"]))
    lines.append("")
    lines.extend(f"{i + 1:>2} {lid}" for i, lid in enumerate(order))
    lines.append(_("x done, ~ in progress, . not started"))
    if stuck:
        lines.append("")
        lines.extend(stuck)
    return "\n".join(lines) + "\n"
