"""How a visitor's session is fenced in (docs/serve.md, "What is isolated").

Learners run Python on the server: their migrations (and ``env.py``) execute in the engine's
worker process. Each session, and the worker it starts, gets:

- an environment built from an allow-list: nothing of the server's own variables (tokens,
  passwords, cloud keys) reaches it; HOME and TMPDIR are the visitor's own folders;
- worker limits (POSIX rlimits, through ``ALEMBIC_TUTORIAL_WORKER_LIMITS``): CPU seconds,
  address space, file size, number of processes;
- its own user id when the server runs as root (``uid``): the visitor's folders are 0700 and
  theirs, so another visitor's code cannot enter them, and the process limit counts only
  this visitor's processes;
- bubblewrap when it works here (``bwrap``): a private mount namespace where the server's
  folder and the other visitors' folders are not there at all, /tmp is empty, the file
  system is read-only except the visitor's own folder; private process ids (no other
  session's processes can be seen or signalled); no network unless a ``--db-url`` needs it.

``detect`` tries each mechanism for real once at start-up (a probe process) and falls back,
with a logged warning, to what works.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import tutorial
from tutorial.serve.options import ServeOptions, WorkerLimitValues
from tutorial.serve.workspaces import UID_BASE, UID_COUNT, Visitor
from tutorial.settings import UsageError

log = logging.getLogger("tutorial.serve")

#: Variables of the server's environment a session may see (nothing secret in them).
PASSED_THROUGH = ("TZ", "ALEMBIC_TUTORIAL_DEBUG")
#: Mark every process of a session (inherited environment), so leftovers can be found.
VISITOR_MARK = "ALEMBIC_TUTORIAL_SERVE_VISITOR"
SESSION_MARK = "ALEMBIC_TUTORIAL_SERVE_SESSION"
PACKAGE_PARENT = Path(tutorial.__file__).resolve().parents[1]
_SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"


@dataclass(frozen=True)
class Isolation:
    own_uid: bool = False
    bwrap: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        parts = []
        if self.own_uid:
            parts.append("a user id of its own per visitor")
        if self.bwrap:
            parts.append("bubblewrap")
        return " + ".join(parts) or "none (environment, limits and folders only)"


# -- detection ------------------------------------------------------------------------------------
#: Run inside bubblewrap (as root, before the session starts): become the visitor's user id
#: for good, then start the session. After setuid to a non-zero id no capability is left.
DROP_TO_UID = ("import os, sys; u = int(sys.argv[1]); os.setgroups([]); "
               "os.setresgid(u, u, u); os.setresuid(u, u, u); os.chdir(sys.argv[2]); "
               "os.execv(sys.argv[3], sys.argv[3:])")


def _probe_env(home: Path) -> dict[str, str]:
    return {"PATH": _SYSTEM_PATH, "HOME": str(home), "LANG": "C.UTF-8",
            "PYTHONPATH": str(PACKAGE_PARENT), "PYTHONDONTWRITEBYTECODE": "1"}


def _probe(argv: list[str], *, uid: int | None, cwd: Path) -> str | None:
    """None when ``argv`` + python ran and imported the tutorial; else why not (one line)."""
    code = "import os, tutorial.cli, tutorial.engine.worker_main, textual; print(os.getuid())"
    kwargs: dict[str, object] = {}
    if uid is not None:
        kwargs = {"user": uid, "group": uid, "extra_groups": []}
    try:
        done = subprocess.run([*argv, sys.executable, "-c", code], capture_output=True,
                              text=True, timeout=120, env=_probe_env(cwd), cwd=cwd,
                              check=False, **kwargs)  # type: ignore[call-overload]
    except (OSError, subprocess.SubprocessError) as exc:
        return f"{type(exc).__name__}: {exc}"
    lines = done.stdout.strip().splitlines()
    if done.returncode == 0 and lines and lines[-1].isdigit():
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"exit code {done.returncode}"


def detect(options: ServeOptions) -> Isolation:
    """What fences this machine can put around a session, each tried for real.

    ``auto`` takes the strongest that works: as root with bubblewrap, bubblewrap plus a user
    id of its own per visitor (set inside the sandbox, where the interpreter is reachable
    even if it lives in root's home); as root without it, the user id alone; otherwise
    bubblewrap alone; otherwise nothing but the environment, the limits and the folders.
    """
    requested = options.isolation
    warnings: list[str] = []
    probe_dir = options.root / "probe"
    probe_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(options.root, 0o711)
    os.chmod(probe_dir, 0o755)
    probe_uid = UID_BASE + UID_COUNT  # never handed to a visitor
    root = os.geteuid() == 0
    found = shutil.which("bwrap")

    def try_bwrap(drop: bool) -> str | None:
        if found is None:
            return "bubblewrap (bwrap) is not installed"
        prefix = bwrap_prefix(found, probe_dir, options.root, network=False,
                              drop_to=probe_uid if drop else None)
        why = _probe(prefix, uid=None, cwd=probe_dir)
        return f"bubblewrap does not work here ({why})" if why else None

    def try_uid() -> str | None:
        if not root:
            return "the server does not run as root, so it cannot give sessions a user id"
        why = _probe([], uid=probe_uid, cwd=probe_dir)
        return f"a session under its own user id cannot start the tutorial ({why})" if why else None

    choice: Isolation | None = None
    if requested == "auto":
        if root:
            why = try_bwrap(drop=True)
            if why is None:
                choice = Isolation(own_uid=True, bwrap=found)
            else:
                warnings.append(why)
                why_uid = try_uid()
                if why_uid is None:
                    choice = Isolation(own_uid=True)
                else:
                    warnings.append(why_uid)
        else:
            warnings.append(try_uid() or "")
            why = try_bwrap(drop=False)
            if why is None:
                choice = Isolation(bwrap=found)
            else:
                warnings.append(why)
    elif requested == "uid":
        why = try_uid()
        if why:
            raise UsageError(f"--isolation uid is not possible here: {why}")
        choice = Isolation(own_uid=True)
    elif requested == "bwrap":
        why = try_bwrap(drop=False)
        if why:
            raise UsageError(f"--isolation bwrap is not possible here: {why}")
        choice = Isolation(bwrap=found)
    else:
        warnings.append("isolation turned off (--isolation none)")
    if choice is None:
        choice = Isolation()
        warnings.append("learner code in one session can read other visitors' folders and "
                        "the server's files: run the server as root or install bubblewrap")
    elif not choice.own_uid:
        warnings.append("visitors share one user id: the process limit counts all sessions "
                        "together")
    warnings = [w for w in warnings if w]
    for warning in warnings:
        log.warning("isolation: %s", warning)
    return Isolation(own_uid=choice.own_uid, bwrap=choice.bwrap, warnings=tuple(warnings))


# -- the session's command, environment and process --------------------------------------------
def _kept_paths() -> list[Path]:
    """What a session must read: the interpreter, its libraries, the tutorial itself."""
    paths = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
             Path(os.path.realpath(sys.executable)).parent, PACKAGE_PARENT}
    prefixes = tuple(str(p) for p in paths)
    for entry in sys.path:
        if entry and entry.startswith(prefixes):
            paths.add(Path(entry))
    return sorted(p for p in paths if p.exists())


def bwrap_prefix(bwrap: str, visitor_folder: Path, server_root: Path, *, network: bool,
                 course: Path | None = None, drop_to: int | None = None) -> list[str]:
    """``bwrap ... --`` for a session: a read-only system, the server's folder, /tmp and the
    server user's home replaced by empty ones, only the visitor's folder writable; with
    ``drop_to``, the session then becomes that user id (bwrap runs as root)."""
    args = [bwrap, "--die-with-parent", "--new-session", "--unshare-pid", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try"]
    if not network:
        args.append("--unshare-net")
    if os.geteuid() == 0:
        args += ["--cap-drop", "ALL"]
        if drop_to is not None:
            args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    args += ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc"]
    # /run holds container secrets (/run/secrets); with a network, keep its resolv.conf.
    hidden = {Path("/tmp"), Path("/var/tmp"), server_root.resolve(),
              Path("/run/secrets") if network else Path("/run")}
    home = os.environ.get("HOME")
    if home and Path(home).resolve() != Path("/"):
        hidden.add(Path(home).resolve())
    hidden = {path for path in hidden if path.is_dir()}
    for path in sorted(hidden):
        args += ["--tmpfs", str(path)]
    kept = _kept_paths() + ([course] if course else [])
    # Folders on the way to a kept path inside a hidden one are made 0755 (bwrap would copy
    # the original's mode, e.g. 0700 for /root/.pyenv, and the visitor could not pass).
    made: set[Path] = set()
    for path in [*kept, visitor_folder]:
        for parent in reversed(path.parents):
            if parent not in made and any(h in parent.parents for h in hidden):
                args += ["--perms", "0755", "--dir", str(parent)]
                made.add(parent)
    for path in kept:
        args += ["--ro-bind", str(path), str(path)]
    # Root without capabilities cannot enter the visitor's 0700 folder: the launcher does,
    # once it is the visitor.
    here = "/" if drop_to is not None else str(visitor_folder)
    args += ["--bind", str(visitor_folder), str(visitor_folder), "--chdir", here, "--"]
    if drop_to is not None:
        args += [sys.executable, "-S", "-c", DROP_TO_UID, str(drop_to), str(visitor_folder)]
    return args


def worker_limits_env(limits: WorkerLimitValues) -> str:
    from tutorial.engine.worker import WorkerLimits

    return WorkerLimits(memory_mb=limits.memory_mb, cpu_seconds=limits.cpu_seconds,
                        file_size_mb=limits.file_size_mb, processes=limits.processes).to_env()


def session_env(visitor: Visitor, options: ServeOptions, *, lang: str | None,
                session_id: str = "", extra: dict[str, str] | None = None) -> dict[str, str]:
    """The whole environment of a session: an allow-list, never a copy of the server's."""
    from tutorial.engine.worker import LIMITS_ENV

    env = {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}
    env.update({
        "PATH": f"{Path(sys.executable).parent}:{_SYSTEM_PATH}",
        "HOME": str(visitor.home),
        "TMPDIR": str(visitor.tmp),
        "USER": "learner",
        "LOGNAME": "learner",
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(PACKAGE_PARENT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "ALEMBIC_TUTORIAL_SERVE": "1",
        VISITOR_MARK: visitor.id,
        SESSION_MARK: session_id,
        "ALEMBIC_TUTORIAL_WORKSPACE": str(visitor.workspace),
        "ALEMBIC_TUTORIAL_BIDI": "app",  # xterm.js does not reorder right-to-left text
        "ALEMBIC_TUTORIAL_DB": options.db,
        LIMITS_ENV: worker_limits_env(options.limits),
    })
    if lang:
        env["ALEMBIC_TUTORIAL_LANG"] = lang
    if options.db_url:
        env["ALEMBIC_TUTORIAL_DB_URL"] = options.db_url
    if options.course:
        env["ALEMBIC_TUTORIAL_COURSE"] = str(options.course)
    env.update(extra or {})
    return env


def session_command(isolation: Isolation, visitor: Visitor, options: ServeOptions,
                    argv: list[str]) -> list[str]:
    """``argv`` wrapped in bubblewrap when that is in use."""
    if not isolation.bwrap:
        return list(argv)
    drop_to = visitor.uid if isolation.own_uid else None
    return bwrap_prefix(isolation.bwrap, visitor.folder, options.root,
                        network=bool(options.db_url), course=options.course,
                        drop_to=drop_to) + list(argv)


def popen_kwargs(isolation: Isolation, visitor: Visitor) -> dict[str, object]:
    """Process options: a session of its own (one process group), the visitor's user id."""
    kwargs: dict[str, object] = {"cwd": str(visitor.home), "start_new_session": True}
    if isolation.own_uid and not isolation.bwrap and visitor.uid is not None:
        kwargs.update(user=visitor.uid, group=visitor.uid, extra_groups=[])
    return kwargs


# -- ending a session for good ---------------------------------------------------------------------
def _pids_of(uid: int | None, mark: bytes | None) -> list[int]:
    """Processes with the user id ``uid``, or with ``mark`` in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError, StopIteration):
            if uid is not None:
                status = (entry / "status").read_text()
                uid_line = next(x for x in status.splitlines() if x.startswith("Uid:"))
                if int(uid_line.split()[1]) == uid:
                    found.append(int(entry.name))
            elif mark is not None and mark in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
    return found


def end_processes(isolation: Isolation, visitor: Visitor, session_id: str, *,
                  whole_visitor: bool) -> int:
    """Kill what a session left running (its worker, an escaped child of a migration).

    With ``whole_visitor`` (the visitor has no other session) and a user id of their own,
    every process of that id goes: also one that cleaned its environment. Otherwise the
    processes marked with this session's id. Returns how many were killed.
    """
    if not Path("/proc").is_dir():
        return 0
    by_uid = whole_visitor and isolation.own_uid and visitor.uid is not None
    uid = visitor.uid if by_uid else None
    mark = None if by_uid else f"{SESSION_MARK}={session_id}".encode()
    killed = 0
    for _ in range(20):  # a process may fork while we look: sweep until none is left
        pids = _pids_of(uid, mark)
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        time.sleep(0.05)
    return killed
