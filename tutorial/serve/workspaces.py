"""One folder per visitor: ``<root>/visitors/<id>/{workspace,home,tmp}``, all mode 0700.

``workspace`` is the tutorial's ``--workspace`` (sandboxes, databases, progress), ``home`` the
session's HOME, ``tmp`` its TMPDIR. When sessions run under their own user id (the server is
root), the folder belongs to that id, so no other visitor's code can enter it; the id is the
folder's owner, found again when the visitor comes back.
"""

from __future__ import annotations

import os
import pwd
import threading
from dataclasses import dataclass
from pathlib import Path

#: User ids handed to visitors when sessions run under their own id (none of them may have
#: an entry in /etc/passwd: they belong to nobody else on the machine).
UID_BASE = 610000
UID_COUNT = 60000


@dataclass(frozen=True)
class Visitor:
    id: str
    folder: Path
    uid: int | None = None  # None: sessions run as the server's own user

    @property
    def workspace(self) -> Path:
        return self.folder / "workspace"

    @property
    def home(self) -> Path:
        return self.folder / "home"

    @property
    def tmp(self) -> Path:
        return self.folder / "tmp"


class VisitorFolders:
    """Makes and finds visitors' folders under ``root``; hands out user ids when asked."""

    def __init__(self, root: Path, *, own_uids: bool) -> None:
        self.root = root
        self.visitors = root / "visitors"
        self.own_uids = own_uids
        self._lock = threading.Lock()
        root.mkdir(parents=True, exist_ok=True)
        self.visitors.mkdir(exist_ok=True)
        # Others may pass through (to reach their own folder) but not list who is here.
        os.chmod(root, 0o711)
        os.chmod(self.visitors, 0o711)
        self._taken: set[int] = set()
        if own_uids:
            for entry in self.visitors.iterdir():
                uid = entry.stat().st_uid
                if uid >= UID_BASE:
                    self._taken.add(uid)
                    _claim(uid, root)  # after a restart: ours again

    def folder(self, visitor_id: str) -> Path:
        return self.visitors / visitor_id

    def ensure(self, visitor_id: str) -> Visitor:
        """The visitor's folders, made on the first visit (and repaired if one is missing)."""
        with self._lock:
            folder = self.folder(visitor_id)
            if folder.exists():
                uid = folder.stat().st_uid if self.own_uids else None
                if uid is not None and uid < UID_BASE:  # made before uids were in use
                    uid = self._next_uid()
            else:
                uid = self._next_uid() if self.own_uids else None
            visitor = Visitor(visitor_id, folder, uid)
            for path in (folder, visitor.workspace, visitor.home, visitor.tmp):
                path.mkdir(mode=0o700, exist_ok=True)
                os.chmod(path, 0o700)
                if uid is not None:
                    os.chown(path, uid, uid)
            return visitor

    def _next_uid(self) -> int:
        for uid in range(UID_BASE, UID_BASE + UID_COUNT):
            if uid in self._taken:
                continue
            try:
                pwd.getpwuid(uid)
            except KeyError:
                if _claim(uid, self.root):
                    self._taken.add(uid)
                    return uid
        raise RuntimeError("no free user id left for a new visitor")


#: Machine-wide claims of visitor user ids: two `serve` processes on one host (two rooms, or
#: two test runs) must never hand the same id to two visitors.
UID_CLAIMS = Path("/var/tmp/alembic-tutorial-uids")


def _claim(uid: int, root: Path) -> bool:
    """Claim ``uid`` for the server whose folders are under ``root``: a file named after
    the id, made exclusively; a claim whose server folder is gone is taken over."""
    UID_CLAIMS.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = UID_CLAIMS / str(uid)
    mine = str(root.resolve())
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        try:
            owner = path.read_text(encoding="utf-8").strip()
        except OSError:
            return False
        if owner == mine:
            return True
        if owner and Path(owner).exists():
            return False
        path.write_text(mine, encoding="utf-8")  # the other server's folder is gone
        return True
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(mine)
    return True
