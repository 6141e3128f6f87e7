"""Two serve processes on one machine never hand the same user id to two visitors; a server
whose folder is gone gives its ids back."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tutorial.serve.workspaces import VisitorFolders


@pytest.mark.skipif(os.geteuid() != 0, reason="visitor user ids need root (chown)")
def test_two_rooms_get_different_ids_and_a_gone_room_frees_them(tmp_path: Path) -> None:
    first = VisitorFolders(tmp_path / "room-a", own_uids=True)
    second = VisitorFolders(tmp_path / "room-b", own_uids=True)
    a = first.ensure("visitor-1").uid
    b = second.ensure("visitor-1").uid
    assert a is not None and b is not None and a != b
    assert first.ensure("visitor-1").uid == a  # the same visitor keeps its id
    shutil.rmtree(tmp_path / "room-a")
    third = VisitorFolders(tmp_path / "room-c", own_uids=True)
    assert third.ensure("visitor-9").uid == a  # room-a is gone: its id is free again
