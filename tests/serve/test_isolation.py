"""Each claim of docs/serve.md, "What is isolated", tested with real learner code.

The learner's code is a migration in their sandbox, run by ``alembic upgrade head`` through
the engine's worker, exactly as in a served session: the same jail (``isolation``: the
environment, bubblewrap, the user id, the limits) wraps ``python -m tutorial run ...`` here
that wraps the TUI there. The migration reports what it could do on a ``PROBE`` line.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve.server_process import SERVER_SECRET_NAME, SERVER_SECRET_VALUE
from tutorial.serve import isolation as iso
from tutorial.serve.options import ServeOptions, WorkerLimitValues
from tutorial.serve.workspaces import UID_BASE, Visitor, VisitorFolders

LESSON = "first-upgrade"
HEAD = "3c4d5e6f7081"


class Jail:
    """A serve root with its isolation detected for real, and visitors in it."""

    def __init__(self, root: Path, limits: WorkerLimitValues | None = None,
                 isolation: str = "auto") -> None:
        self.options = ServeOptions(root=root, limits=limits or WorkerLimitValues(),
                                    isolation=isolation)
        self.fence = iso.detect(self.options)
        self.folders = VisitorFolders(root, own_uids=self.fence.own_uid)

    def visitor(self, visitor_id: str) -> Visitor:
        return self.folders.ensure(visitor_id)

    def tutorial(self, visitor: Visitor, *args: str) -> subprocess.CompletedProcess[str]:
        argv = iso.session_command(self.fence, visitor, self.options,
                                   [sys.executable, "-m", "tutorial", *args])
        env = iso.session_env(visitor, self.options, lang="en", session_id=f"t-{visitor.id}")
        return subprocess.run(argv, env=env, capture_output=True, text=True, check=False,
                              timeout=600,  # a liveness bound for a hung test, not a timing
                              **iso.popen_kwargs(self.fence, visitor))  # type: ignore[arg-type]

    def sandbox(self, visitor: Visitor) -> Path:
        return visitor.workspace / "profiles" / "default" / "sandboxes" / "sqlite" / LESSON

    def run_migration(self, visitor: Visitor, body: str) -> dict[str, Any]:
        """Start the lesson, add a revision whose upgrade() is ``body``, upgrade to it;
        returns ``run --json``'s result with ``probe`` (what the code printed) added."""
        started = self.tutorial(visitor, "start", LESSON)
        assert started.returncode == 0, started.stderr
        code = textwrap.dedent('''\
            """learner code"""
            import json, os, sys
            from alembic import op

            revision = "ffff00000001"
            down_revision = "{head}"
            branch_labels = None
            depends_on = None


            def report(**facts):
                print("PROBE " + json.dumps(facts), flush=True)


            def upgrade():
            {body}


            def downgrade():
                pass
            ''').format(head=HEAD, body=textwrap.indent(textwrap.dedent(body), "    "))
        target = self.sandbox(visitor) / "versions" / "ffff00000001_learner.py"
        target.write_text(code, encoding="utf-8")
        if visitor.uid is not None:
            os.chown(target, visitor.uid, visitor.uid)
        done = self.tutorial(visitor, "run", LESSON, "--json", "--", "alembic", "upgrade", "head")
        assert done.stdout.strip(), done.stderr
        result = json.loads(done.stdout)
        probes = [line[6:] for line in (result.get("output") or "").splitlines()
                  if line.startswith("PROBE ")]
        result["probe"] = json.loads(probes[-1]) if probes else None
        return result


@pytest.fixture
def jail(tmp_path: Path, bubblewrap: str,
         monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Jail]]:
    # The server's own environment holds a secret that no session may see.
    monkeypatch.setenv(SERVER_SECRET_NAME, SERVER_SECRET_VALUE)
    made: list[Jail] = []

    def make(**kwargs: Any) -> Jail:
        jail = Jail(tmp_path / f"serve{len(made)}", **kwargs)
        made.append(jail)
        return jail

    yield make


def _processes_of(uid: int) -> list[int]:
    return iso._pids_of(uid, None)


# -- what this machine gives ------------------------------------------------------------------------
def test_as_root_with_bubblewrap_sessions_get_both_fences(jail: Callable[..., Jail]) -> None:
    """CI and the workshop machine run as root: detection finds bubblewrap and the own-uid
    scheme working (the interpreter may live in root's home: the sandbox re-exposes it)."""
    if os.geteuid() != 0:
        pytest.fail("serve's isolation tests run as root (as CI does); run them as root",
                    pytrace=False)
    fence = jail().fence
    assert fence.bwrap and fence.own_uid, fence.warnings
    assert "bubblewrap" in fence.describe() and "user id" in fence.describe()


def test_without_isolation_the_server_says_what_is_missing(jail: Callable[..., Jail],
                                                           caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="tutorial.serve"):
        fence = jail(isolation="none").fence
    assert not fence.bwrap and not fence.own_uid
    assert any("can read other visitors' folders" in w for w in fence.warnings)
    assert "can read other visitors' folders" in caplog.text


def test_visitor_folders_are_private_and_owned_by_the_visitor(jail: Callable[..., Jail]) -> None:
    room = jail()
    first, second = room.visitor("a" * 16), room.visitor("b" * 16)
    for visitor in (first, second):
        for path in (visitor.folder, visitor.workspace, visitor.home, visitor.tmp):
            assert path.stat().st_mode & 0o777 == 0o700
            assert path.stat().st_uid == visitor.uid
    assert first.uid != second.uid and first.uid is not None and first.uid >= UID_BASE
    assert (room.options.root / ".secret").exists() is False  # made by the server only
    assert room.folders.ensure("a" * 16).uid == first.uid  # found again on the next visit


# -- the environment ---------------------------------------------------------------------------------
def test_learner_code_does_not_see_the_servers_environment(jail: Callable[..., Jail]) -> None:
    room = jail()
    visitor = room.visitor("c" * 16)
    result = room.run_migration(visitor, """
        report(env=dict(os.environ), home=os.path.expanduser("~"),
               tmp=__import__("tempfile").gettempdir(), uid=os.getuid())
        """)
    assert result["ok"], result.get("error")
    probe = result["probe"]
    assert SERVER_SECRET_NAME not in probe["env"]
    assert SERVER_SECRET_VALUE not in json.dumps(probe)
    assert probe["home"] == str(visitor.home) and probe["tmp"] == str(visitor.tmp)
    assert probe["uid"] == visitor.uid
    allowed = {"PATH", "HOME", "TMPDIR", "USER", "LOGNAME", "LANG", "TZ", "PWD", "PYTHONPATH",
               "PYTHONDONTWRITEBYTECODE", "PYTHONNOUSERSITE"}
    others = {k for k in probe["env"] if k not in allowed
              and not k.startswith(("ALEMBIC_TUTORIAL_", "PYTHON", "LC_"))}
    assert not others, others


# -- files ---------------------------------------------------------------------------------------------
def test_a_migration_cannot_read_another_visitors_workspace(jail: Callable[..., Jail]) -> None:
    room = jail()
    victim, attacker = room.visitor("d" * 16), room.visitor("e" * 16)
    started = room.tutorial(victim, "start", LESSON)
    assert started.returncode == 0, started.stderr
    secret_file = room.sandbox(victim) / "models.py"
    assert secret_file.exists()
    result = room.run_migration(attacker, f"""
        outcome = {{}}
        for path in {[str(secret_file), str(victim.workspace / "progress.sqlite3"),
                      str(victim.folder)]!r}:
            try:
                if os.path.isdir(path):
                    outcome[path] = os.listdir(path)
                else:
                    with open(path, "rb") as fh:
                        outcome[path] = len(fh.read())
            except OSError as exc:
                outcome[path] = type(exc).__name__
        try:
            outcome["visitors"] = os.listdir({str(room.folders.visitors)!r})
        except OSError as exc:
            outcome["visitors"] = type(exc).__name__
        try:
            with open({str(room.options.root / ".secret")!r}, "rb") as fh:
                outcome["secret"] = "read"
        except OSError as exc:
            outcome["secret"] = type(exc).__name__
        report(**outcome)
        """)
    assert result["ok"], result.get("error")
    probe = result["probe"]
    for path in (str(secret_file), str(victim.workspace / "progress.sqlite3"),
                 str(victim.folder)):
        assert probe[path] in ("FileNotFoundError", "PermissionError"), probe
    # Only their own folder is there at all.
    assert probe["visitors"] == [attacker.id]
    assert probe["secret"] in ("FileNotFoundError", "PermissionError")


def test_the_system_is_read_only_and_tmp_is_private(jail: Callable[..., Jail]) -> None:
    room = jail()
    visitor = room.visitor("f" * 16)
    marker = Path("/tmp") / f"server-file-{os.getpid()}"
    marker.write_text("the server's", encoding="utf-8")
    try:
        result = room.run_migration(visitor, f"""
            outcome = {{}}
            for path in ("/usr/local/learner-was-here", "/etc/learner-was-here"):
                try:
                    open(path, "w").close()
                    outcome[path] = "written"
                except OSError as exc:
                    outcome[path] = type(exc).__name__
            outcome["tmp"] = os.path.exists({str(marker)!r})
            report(**outcome)
            """)
    finally:
        marker.unlink()
    assert result["ok"], result.get("error")
    probe = result["probe"]
    assert probe["/usr/local/learner-was-here"] in ("OSError", "PermissionError")
    assert probe["/etc/learner-was-here"] in ("OSError", "PermissionError")
    assert probe["tmp"] is False


# -- processes and network ----------------------------------------------------------------------------
def test_other_sessions_processes_are_invisible_and_there_is_no_network(
        jail: Callable[..., Jail]) -> None:
    room = jail()
    visitor = room.visitor("1" * 16)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    port = listener.getsockname()[1]
    try:
        result = room.run_migration(visitor, f"""
            import socket
            pids = [p for p in os.listdir("/proc") if p.isdigit()]
            commands = []
            for pid in pids:
                try:
                    with open(f"/proc/{{pid}}/cmdline", "rb") as fh:
                        commands.append(fh.read().replace(b"\\0", b" ").decode())
                except OSError:
                    pass
            try:
                socket.create_connection(("127.0.0.1", {port}), timeout=5).close()
                network = "connected"
            except OSError as exc:
                network = type(exc).__name__
            report(pids=len(pids), commands=commands, network=network)
            """)
    finally:
        listener.close()
    assert result["ok"], result.get("error")
    probe = result["probe"]
    # Only the session's own processes: the sandbox's init, the command, its worker.
    assert all(c.startswith("/usr/bin/bwrap") or "-m tutorial" in c
               for c in probe["commands"]), probe["commands"]
    assert probe["pids"] < 10, probe["commands"]
    assert not any("-m pytest" in c or "xdist" in c for c in probe["commands"])
    assert probe["network"] != "connected"


def test_a_fork_bomb_hits_the_process_limit_and_ends_with_the_session(
        jail: Callable[..., Jail]) -> None:
    room = jail(limits=WorkerLimitValues(processes=20))
    visitor = room.visitor("2" * 16)
    result = room.run_migration(visitor, """
        import time
        children, refused = 0, None
        for _ in range(5000):
            try:
                pid = os.fork()
            except OSError as exc:
                refused = type(exc).__name__
                break
            if pid == 0:
                time.sleep(3600)
                os._exit(0)
            children += 1
        report(children=children, refused=refused)
        """)
    probe = result["probe"]
    assert probe["refused"] in ("BlockingIOError", "OSError"), probe
    assert probe["children"] < 20
    # The session (here: the command) is over: nothing of the visitor is left running.
    for _ in range(300):  # liveness bound
        if not _processes_of(visitor.uid):
            break
        time.sleep(0.1)
    assert _processes_of(visitor.uid) == []


def test_a_memory_hog_is_stopped_and_the_sandbox_restored(jail: Callable[..., Jail]) -> None:
    room = jail(limits=WorkerLimitValues(memory_mb=512))
    visitor = room.visitor("3" * 16)
    result = room.run_migration(visitor, """
        hog = bytearray(3 * 1024 ** 3)
        report(allocated=len(hog))
        """)
    assert not result["ok"]
    assert result["probe"] is None
    assert "Memory" in json.dumps(result["error"]), result["error"]


def test_an_endless_loop_is_stopped(jail: Callable[..., Jail]) -> None:
    room = jail()
    visitor = room.visitor("4" * 16)
    result = room.run_migration(visitor, """
        while True:
            pass
        """)
    assert not result["ok"]
    assert result["probe"] is None
    assert result["error"]["type"] in ("Timeout", "WorkerTimeout", "TimeoutError"), result["error"]


def test_a_process_that_escapes_the_command_is_stopped_by_the_cpu_limit(
        jail: Callable[..., Jail]) -> None:
    room = jail(limits=WorkerLimitValues(cpu_seconds=2))
    visitor = room.visitor("5" * 16)
    result = room.run_migration(visitor, """
        import signal
        pid = os.fork()
        if pid == 0:
            os.setsid()  # out of the worker's process group: a timeout would not reach it
            while True:
                pass
        _, status = os.waitpid(pid, 0)
        report(signal=os.WTERMSIG(status) if os.WIFSIGNALED(status) else None)
        """)
    assert result["ok"], result.get("error")
    assert result["probe"]["signal"] in (signal_number("SIGXCPU"), signal_number("SIGKILL"))


def signal_number(name: str) -> int:
    import signal

    return int(getattr(signal, name))


def test_a_file_larger_than_the_limit_cannot_be_written(jail: Callable[..., Jail]) -> None:
    room = jail(limits=WorkerLimitValues(file_size_mb=8))
    visitor = room.visitor("6" * 16)
    result = room.run_migration(visitor, """
        import errno
        try:
            with open(os.path.expanduser("~/big"), "wb") as fh:
                fh.write(b"x" * (32 * 1024 * 1024))
            outcome = "written"
        except OSError as exc:
            outcome = errno.errorcode.get(exc.errno, str(exc.errno))
        report(outcome=outcome, size=os.path.getsize(os.path.expanduser("~/big")))
        """)
    assert result["ok"], result.get("error")
    assert result["probe"]["outcome"] == "EFBIG"
    assert result["probe"]["size"] <= 8 * 1024 * 1024


# -- the real server ------------------------------------------------------------------------------------
async def _open_session(base: str, seen: dict[str, Any]) -> None:
    """A visitor without a browser: the page (for the cookie), then the websocket; while the
    TUI runs, look at the session's processes from outside; then leave."""
    import aiohttp

    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        async with client.get(base + "/") as page:
            assert page.status == 200
        async with client.ws_connect(base + "/ws?width=100&height=30") as ws:
            received = 0
            while received < 2000:  # the TUI's first frame
                message = await ws.receive(timeout=120)
                assert message.type == aiohttp.WSMsgType.BINARY, message
                received += len(message.data)
            marked = [pid for pid in (int(p.name) for p in Path("/proc").iterdir()
                                      if p.name.isdigit())
                      if _environ(pid).get(iso.VISITOR_MARK)]
            seen["environs"] = [_environ(pid) for pid in marked]
            # bubblewrap itself runs as root (it sets the sandbox up, then drops to the
            # visitor's id); every Python process of the session is the visitor. Other
            # sessions may run on the machine (another test process): keyed by their mark.
            seen["uids_by_visitor"] = {}
            for pid in marked:
                if not _is_bwrap(pid):
                    seen["uids_by_visitor"].setdefault(
                        _environ(pid).get(iso.VISITOR_MARK), set()).add(_uid(pid))


def _is_bwrap(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].endswith(b"bwrap")
    except OSError:
        return False


def _environ(pid: int) -> dict[str, str]:
    try:
        raw = Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return {}
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, v in pairs}


def _uid(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return int(next(x for x in status.splitlines() if x.startswith("Uid:")).split()[1])


def test_a_served_session_runs_as_its_visitor_without_the_servers_secrets_and_leaves_nothing(
        serve: Callable[..., Any]) -> None:
    import asyncio

    server = serve()
    seen: dict[str, Any] = {}
    asyncio.run(_open_session(server.base, seen))
    assert seen["environs"], "no process of the session was found"
    for environ in seen["environs"]:
        assert SERVER_SECRET_NAME not in environ
        assert SERVER_SECRET_VALUE not in json.dumps(environ)
    (folder,) = server.visitor_folders()
    assert seen["uids_by_visitor"].get(folder.name) == {folder.stat().st_uid}
    # The visitor left: the session's processes are gone (the worker included).
    for _ in range(600):  # liveness bound
        if not _processes_of(folder.stat().st_uid):
            break
        time.sleep(0.1)
    assert _processes_of(folder.stat().st_uid) == []
