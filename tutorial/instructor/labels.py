"""Words and numbers of the instructor view, for people: translated, in the locale's digits.

Status marks are the course map's (``✓`` done, ``◐`` in progress, ``○`` new), so a glance
at the room reads like a glance at a learner's own map.
"""

from __future__ import annotations

from tutorial.i18n import N_, _, format_number, join_list

MARKS = {"done": "✓", "in_progress": "◐", "new": "○"}
REASON_WORDS = {
    "failed": N_("failed commands"),
    "hints": N_("hints"),
    "slow": N_("no success for a while"),
}
PROBLEM_WORDS = {
    "missing": N_("no progress file"),
    "locked": N_("locked: being written"),
    "damaged": N_("damaged progress file"),
    "unreadable": N_("unreadable progress file"),
}
#: What the table shows for a value that does not exist (no success yet).
NONE = "–"


def mark(status: str) -> str:
    return MARKS.get(status, "?")


def reasons(codes: tuple[str, ...] | list[str]) -> str:
    return join_list([_(REASON_WORDS.get(code, code)) for code in codes])


def problem(kind: str | None) -> str:
    return "" if kind is None else _(PROBLEM_WORDS.get(kind, kind))


def duration(seconds: int | None) -> str:
    """``45 s``, ``12 min``, ``2 h 5 min`` in the current language; ``–`` for never."""
    if seconds is None:
        return NONE
    if seconds < 60:
        return _("{seconds} s").format(seconds=format_number(seconds))
    minutes = seconds // 60
    if minutes < 60:
        return _("{minutes} min").format(minutes=format_number(minutes))
    return _("{hours} h {minutes} min").format(hours=format_number(minutes // 60),
                                               minutes=format_number(minutes % 60))


def count(value: int) -> str:
    return format_number(value)
