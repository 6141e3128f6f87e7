"""Run one ``alembic ...`` command line inside the worker, capturing everything it says.

Alembic talks three ways (see BRIEF: Config(stdout=...) for current/history, ``sys.stdout``
for "Generating ...", the ``alembic`` logger for "Running upgrade ...", ``output_buffer`` for
``--sql``); all of them land in one buffer here, in the order they happen. Every SQL statement
sent to the database is recorded through a class-level SQLAlchemy event.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import sys
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, StatementError

_statements: list[str] | None = None

# Introspection that SQLAlchemy and Alembic do on their own: not what the learner's migration ran.
_NOISE_PREFIXES = ("pragma", "show ", "select pg_catalog.version", "select current_schema",
                   "begin", "savepoint", "release savepoint")
_NOISE_WORDS = ("sqlite_master", "sqlite_temp_master", "pg_catalog.", "information_schema.",
                "from alembic_version", "pg_class", "pg_namespace")


def _is_noise(statement: str) -> bool:
    low = statement.lstrip().lower()
    if low.startswith(_NOISE_PREFIXES):
        return True
    return low.startswith("select") and any(word in low for word in _NOISE_WORDS)


def _record(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
            executemany: bool) -> None:
    if _statements is None or _is_noise(statement):
        return
    text = " ".join(statement.split()) if "\n" not in statement.strip() else statement.strip()
    if parameters:
        text = f"{text}  -- {parameters!r}"
    _statements.append(text)


event.listen(Engine, "before_cursor_execute", _record)


def _quiet(record: logging.LogRecord) -> bool:
    """Drop Alembic's start-up chatter that teaches nothing ("setting up autogenerate
    plugin ...")."""
    return not record.getMessage().startswith("setting up autogenerate plugin")


class Capture:
    """Collects the SQL statements executed while it is active."""

    def __enter__(self) -> list[str]:
        global _statements
        _statements = []
        return _statements

    def __exit__(self, *exc: object) -> None:
        global _statements
        _statements = None


def forget_sandbox_modules(sandbox: Path) -> None:
    """Drop modules imported from the sandbox (``models``...) so edits are seen next time."""
    root = str(sandbox.resolve())
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and os.path.abspath(path).startswith(root + os.sep):
            del sys.modules[name]
    for cache in sandbox.rglob("__pycache__"):
        shutil.rmtree(cache, ignore_errors=True)


def error_location(exc: BaseException, sandbox: Path) -> tuple[str | None, int | None]:
    """The learner's file and line an exception comes from, relative to the sandbox."""
    root = sandbox.resolve()

    def relative(path: str | None) -> str | None:
        if not path or not os.path.isabs(path) or not os.path.isfile(path):
            return None
        try:
            return str(Path(path).resolve().relative_to(root))
        except ValueError:
            return None

    if isinstance(exc, SyntaxError) and relative(exc.filename):
        return relative(exc.filename), exc.lineno
    found: tuple[str | None, int | None] = (None, None)
    for frame, line in traceback.walk_tb(exc.__traceback__):
        rel = relative(frame.f_code.co_filename)
        if rel:
            found = (rel, line)
    if found == (None, None) and exc.__cause__ is not None and exc.__cause__ is not exc:
        return error_location(exc.__cause__, sandbox)
    return found


def describe_error(exc: BaseException, sandbox: Path) -> dict[str, Any]:
    from alembic.util import CommandError

    # Alembic's own refusals (multiple heads, unknown revision) are not a line of the
    # learner's code, even when they pass through env.py.
    file, line = (None, None) if isinstance(exc, CommandError) else error_location(exc, sandbox)
    message = str(exc)
    statement = None
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        message = str(exc.orig).strip()
        statement = exc.statement
    elif isinstance(exc, StatementError):
        statement = exc.statement
    if isinstance(exc, SyntaxError):
        message = f"{exc.msg}"
    return {
        "type": type(exc.orig).__name__ if isinstance(exc, DBAPIError) and exc.orig is not None
        else type(exc).__name__,
        "category": type(exc).__name__,
        "message": message,
        "statement": statement,
        "file": file,
        "line": line,
    }


def run(sandbox: Path, argv: list[str], engine: Engine | None) -> dict[str, Any]:
    """Run ``alembic <argv>`` in ``sandbox``. Never raises for the learner's mistakes."""
    from alembic.config import CommandLine, Config

    forget_sandbox_modules(sandbox)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(_quiet)
    handler.setFormatter(logging.Formatter("%(levelname)-5.5s [%(name)s] %(message)s"))
    logger = logging.getLogger("alembic")
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.addHandler(handler)
    cwd = os.getcwd()
    started = time.perf_counter()
    error: dict[str, Any] | None = None
    statements: list[str] = []
    try:
        os.chdir(sandbox)
        with redirect_stdout(out), redirect_stderr(out), Capture() as statements:
            commandline = CommandLine(prog="alembic")
            try:
                options = commandline.parser.parse_args(argv)
            except SystemExit as exit_:
                if exit_.code not in (0, None):
                    error = {"type": "UsageError", "category": "UsageError",
                             "message": out.getvalue().strip().splitlines()[-1:][0]
                             if out.getvalue().strip() else "bad arguments",
                             "statement": None, "file": None, "line": None}
                options = None
            if options is not None and not hasattr(options, "cmd"):
                commandline.parser.print_help()
                options = None
            if options is not None:
                options.raiseerr = True
                config = Config(
                    file_=str(sandbox / "alembic.ini"),
                    ini_section=options.name,
                    cmd_opts=options,
                    stdout=out,
                    output_buffer=out,
                    attributes={"capture_output": True, "engine": engine},
                )
                try:
                    commandline.run_cmd(config, options)
                except SystemExit as exit_:
                    if exit_.code not in (0, None):
                        error = {"type": "SystemExit", "category": "SystemExit",
                                 "message": f"sys.exit({exit_.code!r})", "statement": None,
                                 "file": None, "line": None}
                except MemoryError:
                    error = {"type": "MemoryError", "category": "MemoryError",
                             "message": "the command ran out of memory (the worker's limit)",
                             "statement": None, "file": None, "line": None}
                except Exception as exc:  # noqa: BLE001 - the learner's error, reported
                    error = describe_error(exc, sandbox)
    finally:
        os.chdir(cwd)
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
        forget_sandbox_modules(sandbox)
    return {
        "ok": error is None,
        "output": out.getvalue().rstrip(),
        "sql": list(statements),
        "error": error,
        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
    }
