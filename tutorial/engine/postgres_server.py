"""A private PostgreSQL server that the tool starts for ``--db postgres``.

The server's data folder lives in the workspace so sandboxes survive between runs. It is
started on first use, shared by every command of the process, and stopped when the process
exits. ``pgserver`` (the ``postgres`` extra) ships PostgreSQL in a wheel and copes with running
as root; otherwise the system's ``initdb``/``pg_ctl`` are used (not as root: PostgreSQL refuses).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import warnings
from pathlib import Path

from tutorial.engine.errors import PostgresUnavailable


class PrivateServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._url: str | None = None
        self._stop: list[str] | None = None

    @property
    def url(self) -> str:
        """The admin URL (database ``postgres``), starting the server if needed."""
        if self._url is None:
            self._url = self._start()
        return self._url

    def _start(self) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            with warnings.catch_warnings():
                # platformdirs warns about XDG_RUNTIME_DIR on headless machines; harmless here.
                warnings.simplefilter("ignore")
                import pgserver
        except ImportError:
            return self._start_system()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                server = pgserver.get_server(self.root / "pgdata", cleanup_mode="stop")
        except Exception as exc:  # pgserver raises plain exceptions with its log inside
            raise PostgresUnavailable(
                f"could not start the private PostgreSQL server in {self.root}: {exc}"
            ) from exc
        self._server = server  # keep the handle: the server stops when the last one goes
        self._tune(server)
        return server.get_uri()

    def _tune(self, server: object) -> None:
        """A sandbox server needs no crash safety: without fsync, CREATE/DROP DATABASE (undo
        points) take milliseconds instead of waiting for the disk."""
        marker = self.root / "tuned"
        if marker.exists():
            return
        settings = ("fsync", "full_page_writes", "synchronous_commit")
        sql = "".join(f"ALTER SYSTEM SET {name} = off; " for name in settings)
        server.psql(sql + "SELECT pg_reload_conf();")  # type: ignore[attr-defined]
        marker.touch()

    def _start_system(self) -> str:
        initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
        if not initdb or not pg_ctl:
            raise PostgresUnavailable(
                "no PostgreSQL to start: install the extra (pip install 'alembic-tutorial[postgres]')"
                " or PostgreSQL's initdb and pg_ctl, or pass --db-url"
            )
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            raise PostgresUnavailable(
                "PostgreSQL refuses to run as root with the system's pg_ctl: install the"
                " 'postgres' extra (pgserver handles this) or pass --db-url"
            )
        data = self.root / "sysdata"
        # Unix socket paths are limited to ~107 bytes: keep the socket in a short temp folder.
        sock = Path(tempfile.mkdtemp(prefix="atut-pg-"))
        if not (data / "PG_VERSION").exists():
            _run([initdb, "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync"])
        _run([
            pg_ctl, "-D", str(data), "-w", "-l", str(self.root / "server.log"), "start",
            "-o", f"-k {sock} -c listen_addresses='' -c fsync=off",
        ])
        self._stop = [pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"]
        atexit.register(self.stop)
        return f"postgresql://postgres@/postgres?host={sock}"

    def stop(self) -> None:
        if self._stop:
            subprocess.run(self._stop, capture_output=True, check=False)
            self._stop = None
        server = getattr(self, "_server", None)
        if server is not None:
            server.cleanup()
            self._server = None
        self._url = None


def _run(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise PostgresUnavailable(f"{Path(cmd[0]).name} failed: {tail[0]}")
