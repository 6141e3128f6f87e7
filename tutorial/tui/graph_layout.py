"""Lay a revision DAG out in lanes, git-log-graph style, newest first.

Pure data in, rows of box-drawing characters out; the ``RevisionGraph`` widget styles them.
Each lane is two cells wide (the line, then a gap or a horizontal stroke)::

    ○   f00d merge heads            ← merge: lanes join below it
    ├─╮
    │ ○ beef add phone               head of one branch
    ○ │ cafe add email
    ├─╯                             ← branch point: two children join their parent
    ● 3c4d create posts             ● = where the database is
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The database is at this revision.
MARK_CURRENT = "●"
#: Any other revision.
MARK_REVISION = "○"


@dataclass(frozen=True)
class GraphRow:
    """One line of the drawing: ``cells`` is the graph part (fixed width across rows);
    ``revision`` is None on connector lines."""

    cells: str
    revision: dict[str, Any] | None = None
    column: int = 0
    flags: tuple[str, ...] = field(default=())


def order_revisions(revisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Children before parents (newest first); among revisions ready at the same time the
    one listed last comes first, so a linear history reads top (head) to bottom (base)."""
    by_id = {r["id"]: r for r in revisions}
    index = {r["id"]: i for i, r in enumerate(revisions)}
    waiting = dict.fromkeys(by_id, 0)
    for rev in revisions:
        for parent in rev.get("parents") or []:
            if parent in waiting:
                waiting[parent] += 1
    ready = [rid for rid, n in waiting.items() if n == 0]
    out: list[dict[str, Any]] = []
    while ready:
        ready.sort(key=index.__getitem__)
        rid = ready.pop()
        out.append(by_id[rid])
        for parent in by_id[rid].get("parents") or []:
            if parent in waiting:
                waiting[parent] -= 1
                if waiting[parent] == 0:
                    ready.append(parent)
    if len(out) < len(revisions):  # a cycle cannot happen in Alembic; never lose a revision
        seen = {r["id"] for r in out}
        out.extend(r for r in revisions if r["id"] not in seen)
    return out


def _free_slot(lanes: list[str | None], after: int) -> int:
    for i in range(after + 1, len(lanes)):
        if lanes[i] is None:
            return i
    lanes.append(None)
    return len(lanes) - 1


def _lines(lanes: list[str | None], width: int) -> list[str]:
    cells = [" "] * (2 * width)
    for i, lane in enumerate(lanes):
        if lane is not None:
            cells[2 * i] = "│"
    return cells


def _connector(lanes: list[str | None], width: int, col: int, others: list[int],
               end: str, middle: str) -> str:
    """A line joining ``col`` with the lanes ``others`` (all to its right)."""
    cells = _lines(lanes, width)
    far = max(others)
    cells[2 * col] = "├"
    for x in range(2 * col + 1, 2 * far):
        if x % 2 == 1:
            cells[x] = "─"
        else:
            cells[x] = "┼" if cells[x] == "│" else "─"
    for other in others:
        cells[2 * other] = end if other == far else middle
    return "".join(cells)


def layout_graph(revisions: list[dict[str, Any]], current: list[str] | None = None
                 ) -> list[GraphRow]:
    """Rows to draw, top to bottom. ``current`` are the revisions the database is at."""
    current_set = set(current or [])
    ordered = order_revisions(revisions)
    known = {r["id"] for r in revisions}
    lanes: list[str | None] = []
    steps: list[tuple[str, Any]] = []  # computed first, drawn once the width is known
    width = 1
    for rev in ordered:
        rid = rev["id"]
        hits = [i for i, lane in enumerate(lanes) if lane == rid]
        if not hits:
            slot = next((i for i, lane in enumerate(lanes) if lane is None), None)
            if slot is None:
                lanes.append(None)
                slot = len(lanes) - 1
            lanes[slot] = rid
            hits = [slot]
        col = hits[0]
        width = max(width, len(lanes))
        if len(hits) > 1:
            steps.append(("join", (list(lanes), col, hits[1:])))
            for other in hits[1:]:
                lanes[other] = None
        steps.append(("rev", (list(lanes), col, rev)))
        parents = [p for p in rev.get("parents") or [] if p in known]
        if not parents:
            lanes[col] = None
        else:
            lanes[col] = parents[0]
            opened = []
            for parent in parents[1:]:
                slot = _free_slot(lanes, col)
                lanes[slot] = parent
                opened.append(slot)
            width = max(width, len(lanes))
            if opened:
                steps.append(("fork", (list(lanes), col, opened)))
        while lanes and lanes[-1] is None:
            lanes.pop()
    rows: list[GraphRow] = []
    for kind, data in steps:
        snapshot, col, extra = data
        if kind == "join":
            rows.append(GraphRow(_connector(snapshot, width, col, extra, "╯", "┴")))
        elif kind == "fork":
            rows.append(GraphRow(_connector(snapshot, width, col, extra, "╮", "┬")))
        else:
            rev = extra
            cells = _lines(snapshot, width)
            here = rev["id"] in current_set
            cells[2 * col] = MARK_CURRENT if here else MARK_REVISION
            flags = []
            if here:
                flags.append("current")
            if rev.get("is_head"):
                flags.append("head")
            if rev.get("is_merge"):
                flags.append("merge")
            if rev.get("is_branch_point"):
                flags.append("branch_point")
            rows.append(GraphRow("".join(cells), rev, col, tuple(flags)))
    missing = [rid for rid in (current or []) if rid not in known]
    for rid in missing:
        rows.insert(0, GraphRow(MARK_CURRENT.ljust(2 * width),
                                {"id": rid, "parents": [], "message": ""},
                                0, ("current", "missing")))
    if not current_set:
        rows.append(GraphRow(MARK_CURRENT.ljust(2 * width), None, 0, ("current", "base")))
    return rows
