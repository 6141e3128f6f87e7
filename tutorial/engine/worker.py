"""The engine's side of the warm worker process.

Every alembic command and everything that imports learner code runs in a separate Python
process that has alembic and SQLAlchemy imported already, so a command costs milliseconds
while an infinite loop, a crash or a huge allocation costs only the worker: the caller gets a
``WorkerFailure`` and the next call starts a fresh worker.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from tutorial.engine import protocol
from tutorial.engine.errors import (
    BadInput,
    EngineError,
    ForeignDatabase,
    PostgresUnavailable,
    WorkerFailure,
)

DEFAULT_TIMEOUT = 10.0
DEFAULT_MEMORY_MB = 2048
#: Operations of the engine itself (copies, template databases) get this much at least.
ADMIN_TIMEOUT = 120.0
LIMITS_ENV = "ALEMBIC_TUTORIAL_WORKER_LIMITS"
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class WorkerLimits:
    """Resource limits applied to the worker process (POSIX rlimits)."""

    def __init__(
        self,
        memory_mb: int = DEFAULT_MEMORY_MB,
        cpu_seconds: int | None = None,
        file_size_mb: int | None = None,
        processes: int | None = None,
    ) -> None:
        self.memory_mb = memory_mb
        self.cpu_seconds = cpu_seconds
        self.file_size_mb = file_size_mb
        self.processes = processes

    def to_env(self) -> str:
        return json.dumps(
            {
                "memory_mb": self.memory_mb,
                "cpu_seconds": self.cpu_seconds,
                "file_size_mb": self.file_size_mb,
                "processes": self.processes,
            }
        )

    @classmethod
    def from_env(cls, value: str) -> WorkerLimits:
        return cls(**json.loads(value))

    def apply(self) -> None:
        """Set the limits on the current process (the worker calls this first thing)."""
        import resource

        def cap(kind: int, value: int) -> None:
            _, hard = resource.getrlimit(kind)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(kind, (value, hard if hard != resource.RLIM_INFINITY else value))

        if self.memory_mb:
            cap(resource.RLIMIT_AS, self.memory_mb * 1024 * 1024)
        if self.cpu_seconds:
            cap(resource.RLIMIT_CPU, self.cpu_seconds)
        if self.file_size_mb:
            cap(resource.RLIMIT_FSIZE, self.file_size_mb * 1024 * 1024)
        if self.processes:
            cap(resource.RLIMIT_NPROC, self.processes)
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def default_limits() -> WorkerLimits:
    """The limits of a worker whose caller names none: those in ``ALEMBIC_TUTORIAL_WORKER_LIMITS``
    when set (``serve`` sets it for every visitor's session: CPU, memory, file size,
    processes), else the defaults."""
    value = os.environ.get(LIMITS_ENV)
    if value:
        with contextlib.suppress(ValueError, TypeError):
            return WorkerLimits.from_env(value)
    return WorkerLimits()


def cpu_seconds_used(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far; None where /proc cannot tell."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


class Worker:
    """A handle on one worker process, restarted transparently after a failure.

    Calls are serialised (one at a time); the process starts in the background on creation
    so its imports overlap with whatever the caller does next.
    """

    def __init__(
        self,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        limits: WorkerLimits | None = None,
        env: dict[str, str] | None = None,
        start: bool = True,
    ) -> None:
        self.timeout = timeout
        self.limits = limits or default_limits()
        self._env = env
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._to_worker = -1
        self._from_worker = -1
        self._stderr: Any = None
        self._ready = False
        self.restarts = 0
        if start:
            self._spawn()

    # -- process management -------------------------------------------------------------
    def _spawn(self) -> None:
        req_r, req_w = os.pipe()
        res_r, res_w = os.pipe()
        env = dict(os.environ if self._env is None else self._env)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env[LIMITS_ENV] = self.limits.to_env()
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (_PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p
        )
        # Kept open for the worker's life: its last line explains a crash.
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "tutorial.engine.worker_main", str(req_r), str(res_w)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            pass_fds=(req_r, res_w),
            env=env,
            start_new_session=True,  # so a timeout kills whatever learner code spawned too
        )
        os.close(req_r)
        os.close(res_w)
        self._to_worker, self._from_worker = req_w, res_r
        self._ready = False

    def _wait_ready(self, timeout: float) -> None:
        if self._ready:
            return
        message = self._receive(timeout)
        if message.get("ready") is not True:
            raise EngineError(f"worker said {message!r} instead of ready")
        self._ready = True

    def _kill(self) -> None:
        proc = self._proc
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)
        for fd in (self._to_worker, self._from_worker):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._to_worker = self._from_worker = -1
        self._proc = None

    def _stderr_tail(self) -> str:
        if self._stderr is None:  # pragma: no cover
            return ""
        try:
            self._stderr.seek(0)
            lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        except (OSError, ValueError):
            return ""
        return lines[-1] if lines else ""

    def _replace(self) -> None:
        self._kill()
        self.restarts += 1
        self._spawn()

    # -- messages ---------------------------------------------------------------------------
    def _receive(self, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        fd = self._from_worker
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            readable, _, _ = select.select([fd], [], [], remaining)
            if readable:
                return protocol.read_message(fd)

    def call(self, op: str, *, timeout: float | None = None, **args: Any) -> Any:
        """Run ``op`` in the worker; returns its result.

        Raises ``WorkerFailure`` (and restarts the worker) on timeout or crash, and
        ``EngineError`` when the operation itself failed inside the worker.
        """
        limit = self.timeout if timeout is None else timeout
        with self._lock:
            if self._proc is None or self._proc.poll() is not None:
                self._replace() if self._proc is not None else self._spawn()
            elif self._cpu_budget_spent():
                self._replace()
            try:
                # Imports in a fresh worker do not count against the command's time.
                self._wait_ready(max(limit, 60.0))
                protocol.write_message(self._to_worker, {"op": op, "args": args})
                reply = self._receive(limit)
            except TimeoutError:
                self._replace()
                raise WorkerFailure(
                    "timeout", f"stopped after {limit:g} s without finishing"
                ) from None
            except (EOFError, BrokenPipeError, OSError, ValueError):
                code = None
                if self._proc is not None:
                    with contextlib.suppress(subprocess.TimeoutExpired):
                        code = self._proc.wait(timeout=2)
                detail = self._stderr_tail()
                self._replace()
                kind = "memory" if "MemoryError" in detail else "crash"
                raise WorkerFailure(
                    kind,
                    f"the worker process ended unexpectedly (exit code {code})"
                    + (f": {detail}" if detail else ""),
                ) from None
        if reply.get("ok"):
            return reply.get("result")
        error = reply.get("error") or {}
        kind = error.get("type", "Error")
        # Errors meant for the learner keep their class (and exit code) across the pipe.
        known = {"ForeignDatabase": ForeignDatabase, "BadInput": BadInput,
                 "PostgresUnavailable": PostgresUnavailable}
        if kind in known:
            raise known[kind](error.get("message", ""))
        raise EngineError(f"{kind}: {error.get('message', '')}".strip())

    def _cpu_budget_spent(self) -> bool:
        """RLIMIT_CPU counts over the worker's whole life: a warm worker that has used half
        of it is replaced before the next call, so every command gets at least the other
        half, and the limit only stops runaway learner code."""
        if not self.limits.cpu_seconds or self._proc is None or not self._ready:
            return False
        used = cpu_seconds_used(self._proc.pid)
        return used is not None and used > self.limits.cpu_seconds / 2

    def kill_now(self) -> None:
        """Kill the process group without taking the call lock (a call may hold it); the
        blocked call then fails as a crash and the next call starts a fresh worker."""
        proc = self._proc
        if proc is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGKILL)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def close(self) -> None:
        with self._lock:
            if self._proc is not None and self._proc.poll() is None:
                try:
                    protocol.write_message(self._to_worker, {"op": "exit", "args": {}})
                    self._proc.wait(timeout=2)
                except (OSError, subprocess.TimeoutExpired):
                    pass
            self._kill()
            if self._stderr is not None:
                self._stderr.close()
                self._stderr = None

    def __enter__(self) -> Worker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
