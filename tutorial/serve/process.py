"""The session's process: the real TUI (``python -m tutorial``) under Textual's web driver.

textual-serve's ``AppService`` speaks the web driver's packet protocol on the process's stdin
and stdout; this subclass only changes how the process is started: an argument list (no
shell), the environment of ``isolation.session_env`` instead of a copy of the server's, the
visitor's user id and bubblewrap when in use, and a process group of its own so that ending
the session ends everything in it.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import signal
import sys
from asyncio.subprocess import Process
from importlib.metadata import version
from typing import Any

from textual_serve.app_service import AppService

from tutorial.serve import isolation as iso
from tutorial.serve.options import ServeOptions
from tutorial.serve.workspaces import Visitor


def tui_argv(explicit_lang: str | None) -> list[str]:
    """The TUI's command line; a language the visitor picked in the address is a flag (it
    wins over the stored preference), one from Accept-Language only a default."""
    argv = [sys.executable, "-m", "tutorial"]
    if explicit_lang:
        argv += ["--lang", explicit_lang]
    return argv


class VisitorAppService(AppService):
    def __init__(self, *, visitor: Visitor, options: ServeOptions, isolation: iso.Isolation,
                 explicit_lang: str | None, default_lang: str | None, **kwargs: Any) -> None:
        super().__init__("python -m tutorial", **kwargs)
        self.visitor = visitor
        self.options = options
        self.isolation = isolation
        self.explicit_lang = explicit_lang
        self.default_lang = default_lang
        self._ended = False
        self.swept = 0

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        driver = {
            "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
            "TEXTUAL_FPS": "60",
            "TEXTUAL_COLOR_SYSTEM": "truecolor",
            "TERM_PROGRAM": "textual",
            "TERM_PROGRAM_VERSION": version("textual-serve"),
            "COLUMNS": str(width),
            "ROWS": str(height),
        }
        return iso.session_env(self.visitor, self.options, lang=self.default_lang,
                               session_id=self.app_service_id, extra=driver)

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        argv = iso.session_command(self.isolation, self.visitor, self.options,
                                   tui_argv(self.explicit_lang))
        self._process = process = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width, height),
            **iso.popen_kwargs(self.isolation, self.visitor),  # type: ignore[arg-type]
        )
        assert process.stdin is not None
        self._stdin = process.stdin
        return process

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    async def end(self, grace: float, *, whole_visitor: bool) -> None:
        """Ask the TUI to quit; after ``grace`` seconds kill its process group; then sweep
        up anything the session left behind (its worker, an escaped child). Once only."""
        if self._ended:
            return
        self._ended = True
        with contextlib.suppress(asyncio.TimeoutError, ConnectionError, RuntimeError):
            await asyncio.wait_for(self.stop(), grace)
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(process.wait(), grace)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        self.swept = await asyncio.get_running_loop().run_in_executor(
            None, functools.partial(iso.end_processes, self.isolation, self.visitor,
                                    self.app_service_id, whole_visitor=whole_visitor))
