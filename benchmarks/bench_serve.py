"""Load test of ``serve``: many learners doing the add-column lesson against one server.

One ``alembic-tutorial serve`` on 127.0.0.1 (a free port, a fresh workspace); N simulated
learners arrive over a ramp and speak textual-serve's websocket protocol as the page's script
does (JSON envelopes up, the TUI's bytes down; their screens are read with pyte). Each learner
opens add-column from the map, runs ``alembic history``, makes a revision labelled with its
own name, writes the migration in the TUI's editor, saves, upgrades (goal reached),
downgrades, upgrades again, and looks at ``history`` and ``current``, pausing ``--think``
seconds before each command (reading the result, typing the next).

Reported: p50/p95 command latency (Enter to result on the learner's screen), memory per
session (PSS and RSS of the session's processes: sandbox, TUI, worker) at the busiest moment,
and whether any learner saw another one's data (their label or workspace on its screen, or
their revision file in its sandbox). Bounded: the whole run stops at --deadline seconds.

    python -m benchmarks.bench_serve [--learners 40] [--ramp 60] [--think 3] [--deadline 900]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
REPO = ROOT.parent
WIDTH, HEIGHT = 120, 40
DOWN, ENTER, CTRL_F, CTRL_L, CTRL_S, F7 = "\x1b[B", "\r", "\x06", "\x0c", "\x13", "\x1b[18~"
MARK = "ALEMBIC_TUTORIAL_SERVE_VISITOR"

REVISION = '''"""{label}"""
from alembic import op
import sqlalchemy as sa

revision = "4d5e6f708192"
down_revision = "3c4d5e6f7081"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade():
    op.drop_column("users", "phone")
'''


class Timeout(Exception):
    pass


@dataclass
class Learner:
    index: int
    label: str
    latencies: dict[str, list[float]] = field(default_factory=dict)
    done: bool = False
    error: str | None = None
    saw_others: list[str] = field(default_factory=list)
    bytes_in: int = 0


class Screen:
    """The learner's terminal: a pyte screen fed with the TUI's bytes."""

    def __init__(self) -> None:
        import pyte

        self.screen = pyte.Screen(WIDTH, HEIGHT)
        self.stream = pyte.ByteStream(self.screen)
        self._pending: list[bytes] = []
        self._text = ""

    def feed(self, data: bytes) -> None:
        self._pending.append(data)  # parsed when looked at: the client must stay cheap

    def text(self) -> str:
        if self._pending:
            self.stream.feed(b"".join(self._pending))
            self._pending.clear()
            self._text = "\n".join(self.screen.display)
        return self._text

    @property
    def changed(self) -> bool:
        return bool(self._pending)


class Session:
    def __init__(self, base: str, learner: Learner, deadline: float,
                 think_seconds: float) -> None:
        self.base = base
        self.think_seconds = think_seconds
        self.learner = learner
        self.deadline = deadline
        self.screen = Screen()
        self.ws: Any = None

    async def _pump(self) -> None:
        import aiohttp

        async for message in self.ws:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.learner.bytes_in += len(message.data)
                self.screen.feed(message.data)
            elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                break

    async def send(self, text: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", text]))

    async def wait(self, predicate: Any, what: str) -> str:
        text = self.screen.text()
        while not predicate(text):
            if time.monotonic() > self.deadline:
                raise Timeout(f"learner {self.learner.index} never saw {what}")
            await asyncio.sleep(0.05)
            if self.screen.changed:
                text = self.screen.text()
        return text

    async def think(self) -> None:
        await asyncio.sleep(self.think_seconds)

    async def command(self, command: str, name: str, done: str | None = None) -> str:
        """Type ``command`` (unique in the learner's sequence) in the console; the latency is
        Enter -> its result on screen: the input is empty again and the echo of the command
        is followed by a result mark (and ``done``, when given)."""
        await self.think()
        await self.focus_console()
        await self.send(command)
        await self.wait(lambda t: f"$ {command}" in t, "the typed command")

        def finished(text: str) -> bool:
            if "$ Type an alembic command" not in text:
                return False
            lines = text.splitlines()
            echo = [i for i, line in enumerate(lines) if f"$ {command}" in line]
            if not echo:
                return False
            after = "\n".join(lines[echo[-1] + 1:])
            return ("✓" in after or "✗" in after) and (done is None or done in after)

        started = time.perf_counter()
        await self.send(ENTER)
        text = await self.wait(finished, f"the result of {command}")
        self.learner.latencies.setdefault(name, []).append(
            (time.perf_counter() - started) * 1000)
        return text

    @staticmethod
    def editor_has_focus(text: str) -> bool:
        """The footer (last two lines) offers "Save" only while the editor has the focus."""
        return "Save" in "\n".join(text.splitlines()[-2:])

    async def focus_console(self) -> None:
        await self.send(CTRL_L)
        await self.wait(lambda t: not self.editor_has_focus(t), "the console focused")
        await asyncio.sleep(0.1)

    async def focus_editor(self) -> None:
        await self.send(CTRL_F)
        await self.wait(self.editor_has_focus, "the editor focused")
        await asyncio.sleep(0.1)

    async def run(self) -> None:
        import aiohttp

        jar = aiohttp.CookieJar(unsafe=True)
        async with aiohttp.ClientSession(cookie_jar=jar) as client:
            async with client.get(self.base + "/?lang=en") as page:
                if page.status != 200:
                    raise RuntimeError(f"page answered {page.status}")
            url = f"{self.base}/ws/pick/en?width={WIDTH}&height={HEIGHT}"
            async with client.ws_connect(url, max_msg_size=0) as ws:
                self.ws = ws
                pump = asyncio.create_task(self._pump())
                try:
                    await ws.send_str(json.dumps(["resize", {"width": WIDTH, "height": HEIGHT}]))
                    await self.lesson()
                finally:
                    pump.cancel()

    async def lesson(self) -> None:
        learner = self.learner
        started = time.perf_counter()
        await self.wait(lambda t: "Continue" in t and "Add a column" in t, "the course map")
        learner.latencies["first_frame"] = [(time.perf_counter() - started) * 1000]
        await self.send(DOWN)
        await asyncio.sleep(0.2)
        await self.send(ENTER)
        await self.wait(lambda t: "$ Type an alembic command" in t and "Add a column" in t,
                        "the add-column lesson")
        await self.command("alembic history", "history")
        screen = await self.command(f'alembic revision -m "{learner.label}"', "revision",
                                    done="in the editor")
        self.check_private(screen)
        await self.focus_editor()
        await self.send(F7)
        await asyncio.sleep(0.3)
        await self.send(REVISION.format(label=learner.label).replace("\n", "\r"))
        await self.send(CTRL_S)
        await self.wait(lambda t: "modified, ctrl+s saves" not in t and "Saved" in t, "saved")
        await self.command("alembic upgrade head", "upgrade", done="Goal reached")
        await self.command("alembic downgrade -1", "downgrade")
        await self.command("alembic upgrade heads", "upgrade")
        screen = await self.command("alembic history -r base:head", "history",
                                    done=learner.label)
        self.check_private(screen)
        await self.command("alembic current", "current")
        learner.done = True

    def check_private(self, screen: str) -> None:
        others = re.findall(r"learner-\d\d|learner_\d\d", screen)
        own = {self.learner.label, self.learner.label.replace("-", "_")}
        self.learner.saw_others += [o for o in others if o not in own]


# -- the server and its sessions' memory ------------------------------------------------------------
def start_server(workspace: Path, learners: int) -> tuple[subprocess.Popen[bytes], str, Path]:
    log = workspace / "serve.log"
    out = log.open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tutorial", "--workspace", str(workspace), "serve", "--port", "0",
         "--max-sessions", str(learners + 5)],
        cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(1200):
        match = re.search(r"Serving alembic-tutorial on (http://\S+)/", log.read_text())
        if match:
            return proc, match.group(1), log
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    raise SystemExit(f"serve did not start:\n{log.read_text()}")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


CPU: dict[int, tuple[str, float]] = {}  # pid -> (kind, CPU seconds so far)


def _cpu_seconds(entry: Path) -> float:
    fields = _read(entry / "stat").decode(errors="replace").rsplit(")", 1)[-1].split()
    try:
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (IndexError, ValueError):
        return 0.0


def _kind(entry: Path) -> str:
    command = _read(entry / "cmdline").replace(b"\0", b" ")
    if b"worker_main" in command:
        return "worker"
    if b"-m tutorial" in command:
        return "tui"
    return "sandbox"


def session_memory() -> dict[str, dict[str, float]]:
    """PSS and RSS (MiB) of every session's processes, by visitor; notes their CPU time."""
    sessions: dict[str, dict[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        env = _read(entry / "environ").split(b"\0")
        visitor = next((e.split(b"=", 1)[1].decode() for e in env
                        if e.startswith(MARK.encode() + b"=")), None)
        if not visitor:
            continue
        CPU[int(entry.name)] = (_kind(entry), _cpu_seconds(entry))
        rollup = _read(entry / "smaps_rollup").decode(errors="replace")
        pss = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        rss = re.search(r"^Rss:\s+(\d+) kB", rollup, re.M)
        slot = sessions.setdefault(visitor, {"pss_mb": 0.0, "rss_mb": 0.0, "processes": 0})
        slot["pss_mb"] += int(pss.group(1)) / 1024 if pss else 0
        slot["rss_mb"] += int(rss.group(1)) / 1024 if rss else 0
        slot["processes"] += 1
    return sessions


async def sample_memory(peak: dict[str, Any], stop: asyncio.Event) -> None:
    while not stop.is_set():
        sessions = await asyncio.get_running_loop().run_in_executor(None, session_memory)
        total = sum(s["pss_mb"] for s in sessions.values())
        if total > peak.get("total_pss_mb", 0):
            peak.update(total_pss_mb=total, sessions=sessions)
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return round(ordered[low] + (ordered[high] - ordered[low]) * (k - low), 1)


async def drive(base: str, count: int, ramp: float, deadline: float,
                think: float) -> tuple[list[Learner], dict[str, Any]]:
    learners = [Learner(i, f"learner-{i:02d}") for i in range(count)]
    peak: dict[str, Any] = {}
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(peak, stop))

    async def one(learner: Learner) -> None:
        await asyncio.sleep(ramp * learner.index / max(1, count - 1))
        try:
            await Session(base, learner, deadline, think).run()
        except Exception as exc:  # noqa: BLE001 - reported per learner
            learner.error = f"{type(exc).__name__}: {exc}"

    await asyncio.gather(*(one(learner) for learner in learners))
    stop.set()
    await sampler
    return learners, peak


def check_disks(workspace: Path, learners: list[Learner]) -> list[str]:
    """Each visitor's sandbox holds its own learner's revision file and nobody else's."""
    problems = []
    for folder in sorted((workspace / "serve" / "visitors").iterdir()):
        files = list(folder.glob("workspace/profiles/*/sandboxes/*/add-column/versions/*.py"))
        labels = {m for f in files for m in re.findall(r"learner[-_](\d\d)", f.read_text())}
        if len(labels) > 1:
            problems.append(f"{folder.name} holds the files of learners {sorted(labels)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=40)
    parser.add_argument("--ramp", type=float, default=60.0,
                        help="seconds over which the learners arrive")
    parser.add_argument("--deadline", type=float, default=900.0,
                        help="the whole run stops after this many seconds")
    parser.add_argument("--think", type=float, default=3.0,
                        help="seconds a learner reads the result before the next command")
    parser.add_argument("--output", default=str(ROOT / "results" / "serve.json"))
    args = parser.parse_args()

    workspace = Path(tempfile.mkdtemp(prefix="atut-bench-serve-"))
    proc, base, log = start_server(workspace, args.learners)
    started = time.monotonic()
    client_cpu = time.process_time()
    try:
        learners, peak = asyncio.run(drive(base, args.learners, args.ramp,
                                           started + args.deadline, args.think))
        client_cpu = time.process_time() - client_cpu
        server_cpu = _cpu_seconds(Path(f"/proc/{proc.pid}"))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=120)
        except subprocess.TimeoutExpired:
            proc.kill()
    elapsed = time.monotonic() - started
    isolation = next((line.split(":", 1)[1].split(";")[0].strip()
                      for line in log.read_text().splitlines()
                      if line.startswith("Isolation:")), "?")

    commands = [ms for learner in learners for name, values in learner.latencies.items()
                if name != "first_frame" for ms in values]
    by_name: dict[str, list[float]] = {}
    for learner in learners:
        for name, values in learner.latencies.items():
            by_name.setdefault(name, []).extend(values)
    # Memory per session: at the moment all sessions together used the most.
    full = sessions = list(peak.get("sessions", {}).values())
    leaks = [f"learner {one.index} saw {sorted(set(one.saw_others))}" for one in learners
             if one.saw_others] + check_disks(workspace, learners)
    results = {
        "learners": args.learners,
        "finished": sum(one.done for one in learners),
        "errors": [f"learner {one.index}: {one.error}" for one in learners if one.error],
        "commands": len(commands),
        "command_ms": {"p50": percentile(commands, 0.5), "p95": percentile(commands, 0.95),
                       "max": round(max(commands), 1) if commands else None},
        "by_command_ms": {name: {"n": len(v), "p50": percentile(v, 0.5),
                                 "p95": percentile(v, 0.95)} for name, v in by_name.items()},
        "memory_per_session_mb": {
            "sessions_measured": len(full),
            "pss_mean": round(statistics.mean(s["pss_mb"] for s in full), 1) if full else None,
            "pss_max": round(max(s["pss_mb"] for s in full), 1) if full else None,
            "rss_mean": round(statistics.mean(s["rss_mb"] for s in full), 1) if full else None,
            "processes_per_session": round(statistics.mean(s["processes"] for s in full), 1)
            if full else None,
        },
        "peak_total_pss_mb": round(peak.get("total_pss_mb", 0.0), 1),
        # CPU seconds over the run (sessions' processes as last seen, sampled every second).
        "cpu_seconds": {
            "sessions_tui": round(sum(c for k, c in CPU.values() if k == "tui"), 1),
            "sessions_worker": round(sum(c for k, c in CPU.values() if k == "worker"), 1),
            "sessions_sandbox": round(sum(c for k, c in CPU.values() if k == "sandbox"), 1),
            "server": round(server_cpu, 1),
            "load_client": round(client_cpu, 1),
        },
        "peak_sessions": len(sessions),
        "isolation": isolation,
        "no_session_saw_another": not leaks,
        "leaks": leaks,
        "elapsed_s": round(elapsed, 1),
    }
    print(f"serve load test: {args.learners} learners over {args.ramp:g} s, {args.think:g} s "
          f"between commands, isolation: {isolation}")
    print(f"{'metric':<34}{'value':>14}")
    rows = [
        ("learners finished", f"{results['finished']}/{args.learners}"),
        ("commands measured", results["commands"]),
        ("command latency p50 (ms)", results["command_ms"]["p50"]),
        ("command latency p95 (ms)", results["command_ms"]["p95"]),
        ("first frame p50 (ms)", results["by_command_ms"].get("first_frame", {}).get("p50")),
        ("memory per session PSS (MiB)", results["memory_per_session_mb"]["pss_mean"]),
        ("memory per session RSS (MiB)", results["memory_per_session_mb"]["rss_mean"]),
        ("peak sessions at once", results["peak_sessions"]),
        ("peak total PSS (MiB)", results["peak_total_pss_mb"]),
        ("CPU s: TUIs / workers", f"{results['cpu_seconds']['sessions_tui']} / "
                                  f"{results['cpu_seconds']['sessions_worker']}"),
        ("CPU s: server / load client", f"{results['cpu_seconds']['server']} / "
                                        f"{results['cpu_seconds']['load_client']}"),
        ("no session saw another's data", results["no_session_saw_another"]),
        ("elapsed (s)", results["elapsed_s"]),
    ]
    for name, value in rows:
        print(f"{name:<34}{value!s:>14}")
    for name, stats in results["by_command_ms"].items():
        print(f"  {name:<32}n={stats['n']:<4} p50={stats['p50']:<8} p95={stats['p95']}")
    for line in results["errors"][:10] + leaks[:10]:
        print("  !", line)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "ramp_s": args.ramp, "think_s": args.think, "deadline_s": args.deadline,
        "results": results,
    }, indent=2, ensure_ascii=False) + "\n")
    print(f"written {args.output}")
    if results["errors"] or leaks:
        print(f"the server's log and the visitors' folders are kept in {workspace}")
    else:
        shutil.rmtree(workspace, ignore_errors=True)
    return 0 if results["finished"] == args.learners and not leaks else 1


if __name__ == "__main__":
    raise SystemExit(main())
