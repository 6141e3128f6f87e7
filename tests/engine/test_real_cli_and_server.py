"""The sandbox is a real Alembic project; the private PostgreSQL lives as long as the tool."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tutorial.engine.core import Engine


def test_the_real_alembic_command_works_in_the_sandbox(make_settings):
    with Engine(make_settings("sqlite")) as engine:
        folder = Path(engine.start("first-upgrade")["folder"])
    proc = subprocess.run([sys.executable, "-m", "alembic", "upgrade", "head"], cwd=folder,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "Running upgrade 2b3c4d5e6f70 -> 3c4d5e6f7081" in proc.stderr
    with Engine(make_settings("sqlite")) as engine:
        assert engine.snapshot("first-upgrade")["version"] == ["3c4d5e6f7081"]
        assert engine.check("first-upgrade")["checks"][0]["passed"] is True


def test_private_postgres_is_stopped_when_the_tool_exits(tmp_path):
    ws = tmp_path / "ws"
    proc = subprocess.run(
        [sys.executable, "-m", "tutorial", "start", "add-column", "--db", "postgres",
         "--workspace", str(ws)], capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr
    pid_file = ws / "postgres" / "pgdata" / "postmaster.pid"
    deadline = time.monotonic() + 60  # a liveness wait, not a speed target: shutdown is async
    while pid_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not pid_file.exists(), "the private server is still running after the tool exited"
    # ... and its data is still there: the next run finds the sandbox database.
    again = subprocess.run(
        [sys.executable, "-m", "tutorial", "run", "add-column", "--db", "postgres",
         "--workspace", str(ws), "--", "alembic", "current"],
        capture_output=True, text=True, timeout=300, check=False)
    assert again.returncode == 0, again.stderr
    assert "3c4d5e6f7081 (head)" in again.stdout
