"""A real ``alembic-tutorial serve`` in a subprocess, on a free port, for the serve tests."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
URL_RE = re.compile(r"Serving alembic-tutorial on (http://\S+)")
#: A variable of the server's environment that no session may see.
SERVER_SECRET_NAME = "ALEMBIC_TUTORIAL_TEST_SERVER_SECRET"
SERVER_SECRET_VALUE = "s3cret-of-the-server-7f1c"


class ServeProcess:
    def __init__(self, workspace: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.workspace = workspace
        self.root = workspace / "serve"
        self.log = workspace.parent / f"serve-{os.getpid()}-{id(self)}.log"
        workspace.mkdir(parents=True, exist_ok=True)
        full_env = {**os.environ, SERVER_SECRET_NAME: SERVER_SECRET_VALUE, **(env or {})}
        full_env.pop("ALEMBIC_TUTORIAL_LANG", None)
        self._out = self.log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tutorial", "--workspace", str(workspace), "serve",
             "--port", "0", *args],
            cwd=ROOT, stdout=self._out, stderr=subprocess.STDOUT, env=full_env,
            start_new_session=True)
        self.url = self._wait_for_url()
        self.port = int(self.url.split(":")[2].split("/")[0])
        self.base = f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def _wait_for_url(self) -> str:
        for _ in range(1200):  # a liveness bound (isolation probes run first), not a timing
            match = URL_RE.search(self.output())
            if match:
                return match.group(1)
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited with {self.proc.returncode}:\n{self.output()}")
            time.sleep(0.1)
        raise AssertionError(f"serve printed no address:\n{self.output()}")

    def visitor_folders(self) -> list[Path]:
        folder = self.root / "visitors"
        return sorted(p for p in folder.iterdir()) if folder.exists() else []

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._out.close()
