"""Fixtures for the serve tests: a real server, a real Chromium, bubblewrap.

Chromium comes from Debian's package (never a downloaded browser). When it is missing and
the tests run as root with apt-get (CI's fresh machine), it is installed once per run, under
a file lock so that two xdist workers do not both install it; otherwise the tests FAIL with
the reason: a browser test is never skipped. Bubblewrap, which serve's isolation uses, is
found or installed the same way.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.serve.server_process import ServeProcess

CHROMIUM_NAMES = ("chromium", "chromium-browser")


def _which(names: tuple[str, ...], fallback: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return fallback if Path(fallback).exists() else None


def _apt_install(package: str, find: Callable[[], str | None]) -> str | None:
    """Install ``package`` with apt-get (root only), once for all xdist workers."""
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        return None
    lock = Path(tempfile.gettempdir()) / f"alembic-tutorial-apt-{package}.lock"
    with lock.open("w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # the second worker waits here, then finds it
        found = find()
        if found:
            return found
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        command = ["apt-get", "install", "-y", "--no-install-recommends", package]
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:  # a fresh machine may have no package lists yet
            subprocess.run(["apt-get", "update"], env=env, capture_output=True, check=False)
            subprocess.run(command, env=env, capture_output=True, check=False)
        return find()


def _ensure(package: str, find: Callable[[], str | None], why: str) -> str:
    found = find() or _apt_install(package, find)
    if not found:
        pytest.fail(f"{why} needs the Debian package {package!r}, which is not installed and "
                    f"could not be installed here (run as root: apt-get install {package})",
                    pytrace=False)
    return found


@pytest.fixture(scope="session")
def chromium() -> str:
    return _ensure("chromium", lambda: _which(CHROMIUM_NAMES, "/usr/bin/chromium"),
                   "the browser test")


@pytest.fixture(scope="session")
def bubblewrap() -> str:
    return _ensure("bubblewrap", lambda: _which(("bwrap",), "/usr/bin/bwrap"),
                   "serve's isolation")


@pytest.fixture
def serve(tmp_path: Path, bubblewrap: str) -> Iterator[Callable[..., ServeProcess]]:
    """``serve("--token", "T")`` starts ``alembic-tutorial serve`` on a free port."""
    started: list[ServeProcess] = []

    def start(*args: str, env: dict[str, str] | None = None) -> ServeProcess:
        server = ServeProcess(tmp_path / f"ws{len(started)}", *args, env=env)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
