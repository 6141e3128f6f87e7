"""Which workspaces a room has: a workspace folder itself, or every workspace under a folder
(``serve`` gives each visitor a workspace of their own under one root)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from tutorial.progress.model import DATABASE_NAME

#: Folders inside a workspace that never hold another workspace.
_WORKSPACE_INNARDS = {"profiles", "postgres", "__pycache__", "node_modules"}
#: How deep under the root a workspace is looked for (serve keeps visitors' workspaces at
#: ``serve/visitors/<id>/workspace``, depth 4 below the instructor's own workspace).
MAX_DEPTH = 4


@dataclass(frozen=True)
class Workspace:
    path: Path
    #: Relative to the root the instructor gave ("." for the root itself).
    label: str

    @property
    def progress_file(self) -> Path:
        return self.path / DATABASE_NAME


def find_workspaces(root: Path, max_depth: int = MAX_DEPTH) -> list[Workspace]:
    """Every folder at most ``max_depth`` below ``root`` that has a progress file, sorted by
    label. Hidden folders and a workspace's own insides are not searched."""
    root = Path(root)
    found: list[Workspace] = []
    if not root.is_dir():
        return found
    base_depth = len(root.parts)
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if DATABASE_NAME in files:
            label = "." if here == root else here.relative_to(root).as_posix()
            found.append(Workspace(here, label))
        if len(here.parts) - base_depth >= max_depth:
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _WORKSPACE_INNARDS)
    return _short_labels(sorted(found, key=lambda w: (w.label != ".", w.label)))


def _short_labels(found: list[Workspace]) -> list[Workspace]:
    """Labels people can read: ``serve/visitors/3f2a/workspace`` -> ``3f2a``. Below the
    root, a final ``workspace`` folder and the leading folders all of them share are left
    out (at least one folder stays)."""
    inner = [w for w in found if w.label != "."]
    parts = [w.label.split("/") for w in inner]
    if parts and all(len(p) > 1 and p[-1] == "workspace" for p in parts):
        parts = [p[:-1] for p in parts]
    while parts and all(len(p) > 1 and p[0] == parts[0][0] for p in parts):
        parts = [p[1:] for p in parts]
    labels = ["/".join(p) for p in parts]
    if len(set(labels)) != len(labels):  # cannot happen for distinct paths; keep them whole
        return found
    short = dict(zip((w.path for w in inner), labels, strict=True))
    return [Workspace(w.path, short.get(w.path, w.label)) for w in found]
