"""The revision graph of a sandbox, read with Alembic's ScriptDirectory (worker side)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.config import Config
from alembic.script import ScriptDirectory


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def graph(sandbox: Path, current: list[str] | None) -> dict[str, Any]:
    """Revisions (oldest first), heads, bases and where the database is.

    Raises whatever Alembic raises for a broken versions folder; callers report it.
    """
    config = Config(str(sandbox / "alembic.ini"))
    script = ScriptDirectory.from_config(config)
    revisions = []
    for rev in reversed(list(script.walk_revisions())):
        revisions.append({
            "id": rev.revision,
            "parents": _as_list(rev.down_revision),
            "message": (rev.doc or "").strip(),
            "branch_labels": sorted(rev.branch_labels or []),
            # Alembic also gives a label to the revisions of the line it names; these are
            # the labels this revision's file declares itself.
            "declared_labels": sorted(_as_list(getattr(rev.module, "branch_labels", None))),
            "depends_on": _as_list(rev.dependencies),
            "file": str(Path(rev.path).resolve().relative_to(sandbox.resolve())),
            "is_head": rev.is_head,
            "is_merge": rev.is_merge_point,
            "is_branch_point": rev.is_branch_point,
        })
    return {
        "revisions": revisions,
        "heads": sorted(script.get_heads()),
        "bases": sorted(script.get_bases()),
        "current": sorted(current or []),
    }


def safe_graph(sandbox: Path, current: list[str] | None) -> dict[str, Any]:
    """``graph`` that reports a broken folder as ``{"error": ...}`` instead of raising."""
    try:
        return graph(sandbox, current)
    except Exception as exc:  # noqa: BLE001 - a learner's broken file is data here
        return {"revisions": [], "heads": [], "bases": [], "current": sorted(current or []),
                "error": f"{type(exc).__name__}: {exc}"}
