"""Exceptions the engine raises to its faces (CLI, TUI, serve)."""

from __future__ import annotations


class EngineError(Exception):
    """Something the learner or the caller must be told about, in one clear sentence."""


class BadInput(EngineError):
    """Bad usage or bad input (unknown lesson, missing file, foreign database): exit code 2."""


class ForeignDatabase(BadInput):
    """A database the tool did not create: it is never changed or dropped."""


class PostgresUnavailable(EngineError):
    """No PostgreSQL server could be started or reached."""


class WorkerFailure(EngineError):
    """The worker process timed out or died; it has been replaced."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # "timeout" | "crash" | "memory"
