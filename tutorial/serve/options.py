"""What ``alembic-tutorial serve`` was asked to do, checked before anything starts."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path

from tutorial.settings import UsageError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_MAX_SESSIONS = 50
DEFAULT_IDLE_TIMEOUT = 1800.0
ISOLATION_CHOICES = ("auto", "uid", "bwrap", "none")
TOKEN_ENV = "ALEMBIC_TUTORIAL_SERVE_TOKEN"


@dataclass(frozen=True)
class WorkerLimitValues:
    """The limits every learner's worker process gets in serve mode (POSIX rlimits)."""

    memory_mb: int = 1024
    cpu_seconds: int = 30
    file_size_mb: int = 64
    processes: int = 64


@dataclass(frozen=True)
class ServeOptions:
    root: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    token: str | None = None
    max_sessions: int = DEFAULT_MAX_SESSIONS
    idle_timeout: float = DEFAULT_IDLE_TIMEOUT
    #: The language of a visitor who asks for none we speak (``--lang`` given to serve).
    default_lang: str | None = None
    db: str = "sqlite"
    db_url: str | None = None
    course: Path | None = None
    isolation: str = "auto"
    limits: WorkerLimitValues = field(default_factory=WorkerLimitValues)
    #: Seconds a session gets to quit by itself before its processes are killed.
    stop_grace: float = 5.0


def is_loopback(host: str) -> bool:
    """True for names and addresses that only this machine can reach."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check(options: ServeOptions) -> ServeOptions:
    """Refuse what must not start; a ``UsageError`` (exit 2, one line) explains why."""
    if not is_loopback(options.host) and not options.token:
        raise UsageError(
            f"refusing to serve on {options.host} without --token: anyone who can reach this "
            "machine could run Python on it. Add --token SECRET (visitors open "
            "http://HOST:PORT/?token=SECRET once), or keep the default --host 127.0.0.1")
    if options.token is not None and (not options.token.strip() or len(options.token) > 200):
        raise UsageError("--token must be 1 to 200 characters")
    if not 0 <= options.port <= 65535:
        raise UsageError(f"--port must be between 0 and 65535, not {options.port}")
    if options.max_sessions < 1:
        raise UsageError(f"--max-sessions must be at least 1, not {options.max_sessions}")
    if not options.idle_timeout > 0:
        raise UsageError(f"--idle-timeout must be more than 0 seconds, not {options.idle_timeout:g}")
    if options.isolation not in ISOLATION_CHOICES:
        raise UsageError(f"unknown isolation {options.isolation!r}; choose one of "
                         f"{', '.join(ISOLATION_CHOICES)}")
    return options
