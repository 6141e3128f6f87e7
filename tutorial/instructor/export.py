"""The room as JSON, CSV and plain text.

JSON and CSV are for scripts and spreadsheets: keys and codes stay in English, times are UTC
ISO 8601, durations whole seconds. The plain text table is for people (translated labels,
locale digits), printed when ``progress room`` has no terminal to draw its screen on.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from tutorial.i18n import _
from tutorial.instructor import labels
from tutorial.instructor.room import Learner, Room, sorted_learners
from tutorial.progress.model import format_time

#: CSV columns before one column per lesson (holding that lesson's status).
CSV_COLUMNS: tuple[str, ...] = (
    "learner", "workspace", "profile", "current_lesson", "done", "total", "attempts",
    "failed_commands", "hints_used", "solution_shown", "seconds_since_last_success",
    "seconds_since_last_activity", "stuck", "stuck_reasons", "problem",
)


def learner_json(learner: Learner, total: int) -> dict[str, Any]:
    return {
        "learner": learner.key,
        "workspace": learner.workspace,
        "profile": learner.profile,
        "current_lesson": learner.current,
        "done": learner.done,
        "total": total,
        "attempts": learner.attempts,
        "failed_commands": learner.failed,
        "hints_used": learner.hints,
        "solution_shown": learner.solution_shown,
        "seconds_since_last_success": learner.since_success,
        "seconds_since_last_activity": learner.since_activity,
        "stuck": bool(learner.stuck),
        "stuck_reasons": list(learner.stuck),
        "statuses": dict(learner.statuses),
        "problem": None if learner.problem is None else {
            "kind": learner.problem, "message": learner.problem_message},
    }


def room_json(room: Room, by: str = "stuck") -> dict[str, Any]:
    total = len(room.lessons)
    return {
        "generated_at": format_time(room.at),
        "root": room.root,
        "lessons": list(room.lessons),
        "learners": [learner_json(x, total) for x in sorted_learners(room, by)],
    }


def room_csv(room: Room, by: str = "stuck") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *room.lessons])
    for row in room_json(room, by)["learners"]:
        flat = {**row, "stuck_reasons": ";".join(row["stuck_reasons"]),
                "problem": row["problem"]["kind"] if row["problem"] else None}
        writer.writerow([*("" if flat[c] is None else flat[c] for c in CSV_COLUMNS),
                         *(row["statuses"].get(lid, "") for lid in room.lessons)])
    return out.getvalue()


def room_text(room: Room, by: str = "stuck") -> str:
    """Learners by lessons with marks, then who looks stuck; for a pipe or a log."""
    learners = sorted_learners(room, by)
    if not learners:
        return _("No learner has progress here yet.") + "\n"
    width = max(len(x.key) for x in learners)
    number = len(room.lessons)
    head = " ".join(f"{labels.count(i + 1):>2}" for i in range(number))
    lines = [f"{'':<{width}}  {head}"]
    notes = []
    for learner in learners:
        if learner.problem:
            lines.append(f"{learner.key:<{width}}  !! {labels.problem(learner.problem)}")
            continue
        cells = " ".join(
            f"{('▶' if lid == learner.current and status != 'done' else labels.mark(status)):>2}"
            for lid, status in learner.statuses.items())
        lines.append(f"{learner.key:<{width}}  {cells}")
        if learner.stuck:
            notes.append(_("{learner} looks stuck on {lesson}: {reasons} ({attempts} commands, "
                           "{failed} failed, {hints} hints)").format(
                learner=learner.key, lesson=learner.current, reasons=labels.reasons(learner.stuck),
                attempts=labels.count(learner.attempts), failed=labels.count(learner.failed),
                hints=labels.count(learner.hints)))
    lines.append("")
    lines.extend(f"{labels.count(i + 1):>2} {lid}" for i, lid in enumerate(room.lessons))
    lines.append(_("✓ done, ◐ in progress, ○ not started, ▶ current lesson"))
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines) + "\n"
