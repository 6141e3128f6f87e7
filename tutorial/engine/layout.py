"""Where a sandbox's files live in the workspace, and writing a fresh Alembic project.

::

    <workspace>/profiles/<profile>/sandboxes/<backend>/<lesson>/   the learner's Alembic project
    <workspace>/profiles/<profile>/state/<backend>/<lesson>/       start facts, commands, undo history
    <workspace>/profiles/<profile>/backups/                        copies kept by reset
    <workspace>/postgres/                                          the private PostgreSQL server
    <workspace>/workspace-id                                       short id naming its PG databases
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Any

from tutorial.engine.databases import SQLITE_FILE

#: File in the workspace holding its short id (see :func:`workspace_id`).
WORKSPACE_ID_FILE = "workspace-id"
_WORKSPACE_ID_RE = re.compile(r"^[0-9a-f]{8}$")

TEMPLATE_DIR = Path(__file__).resolve().parent / "project_template"
PROJECT_FILES = ("env.py", "script.py.mako")
#: Files of the project that are the database, not the learner's work.
DATABASE_FILES = (SQLITE_FILE, SQLITE_FILE + "-journal", SQLITE_FILE + "-wal", SQLITE_FILE + "-shm")


@dataclass(frozen=True)
class SandboxPaths:
    project: Path
    state: Path
    backups: Path

    @property
    def history(self) -> Path:
        return self.state / "history"

    @property
    def start_file(self) -> Path:
        return self.state / "start.json"

    @property
    def meta_file(self) -> Path:
        return self.state / "meta.json"

    @property
    def sqlite_path(self) -> Path:
        return self.project / SQLITE_FILE


def sandbox_paths(workspace: Path, profile: str, backend: str, lesson: str) -> SandboxPaths:
    base = workspace / "profiles" / profile
    return SandboxPaths(
        project=base / "sandboxes" / backend / lesson,
        state=base / "state" / backend / lesson,
        backups=base / "backups",
    )


def workspace_id(workspace: Path) -> str:
    """The workspace's short stable id (8 hex digits), made on first use.

    PostgreSQL database names carry it, so two workspaces on one server (two terminals, or
    every visitor of ``serve``) never share a database even with the same profile and lesson.
    The file appears through a hard link to a complete temporary file: two processes that
    start at once agree on one id, and a reader never sees half of one.
    """
    path = Path(workspace) / WORKSPACE_ID_FILE
    for _attempt in range(5):
        try:
            found: str | None = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            found = None
        except (OSError, UnicodeDecodeError):
            found = ""
        if found and _WORKSPACE_ID_RE.match(found):
            return found
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{WORKSPACE_ID_FILE}.{os.getpid()}.{secrets.token_hex(4)}")
        tmp.write_text(secrets.token_hex(4) + "\n", encoding="ascii")
        try:
            if found is not None:
                os.replace(tmp, path)  # damaged: a new id (its old databases become orphans)
            else:
                try:
                    os.link(tmp, path)
                except FileExistsError:
                    pass  # another process was first: its id is read on the next turn
                except OSError:  # pragma: no cover - a file system without hard links
                    if not path.exists():
                        os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
    raise OSError(f"cannot make the workspace id file {path}")


def write_project(project: Path, url: str, start_dir: Path | None) -> None:
    """A complete Alembic project: our alembic.ini, env.py, script.py.mako, then the lesson's
    start files on top (a lesson may bring its own env.py)."""
    (project / "versions").mkdir(parents=True, exist_ok=True)
    ini = Template((TEMPLATE_DIR / "alembic.ini.tmpl").read_text(encoding="utf-8"))
    (project / "alembic.ini").write_text(ini.substitute(url=url.replace("%", "%%")),
                                         encoding="utf-8")
    for name in PROJECT_FILES:
        shutil.copyfile(TEMPLATE_DIR / name, project / name)
    if start_dir and start_dir.is_dir():
        shutil.copytree(start_dir, project, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))


def _ignore_database(folder: str, names: list[str]) -> list[str]:
    return [n for n in names if n in DATABASE_FILES or n == "__pycache__"]


def copy_files(project: Path, dest: Path) -> None:
    """Copy the learner's files (everything but the database) to ``dest``."""
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(project, dest, ignore=_ignore_database)


def _learner_files(root: Path) -> dict[str, Path]:
    return {
        str(path.relative_to(root)): path
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.name not in DATABASE_FILES
    }


def restore_files(saved: Path, project: Path) -> None:
    """Make the project's files exactly what was saved (the database is left alone).

    Only what differs is touched, so an editor that has a file open sees no change when
    there is none.
    """
    want = _learner_files(saved)
    have = _learner_files(project)
    for rel, path in have.items():
        if rel not in want:
            path.unlink()
    for rel, src in want.items():
        dest = project / rel
        if rel in have and have[rel].read_bytes() == src.read_bytes():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dest)


def file_hashes(project: Path) -> dict[str, str]:
    """sha256 of every learner file, relative path -> hex digest."""
    out = {}
    for path in sorted(project.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.name not in DATABASE_FILES:
            out[str(path.relative_to(project))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def read_json(path: Path, default: Any) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return default


def write_json(path: Path, data: Any) -> None:
    """Atomic write (temp file + rename): a killed process never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


@contextlib.contextmanager
def locked(state: Path) -> Iterator[None]:
    """Serialise work on one sandbox across processes (a TUI and a CLI at once)."""
    state.mkdir(parents=True, exist_ok=True)
    with open(state / "lock", "a+") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: one process at a time is assumed
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
