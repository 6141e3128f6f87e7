"""TUI benchmark: prints a table and writes benchmarks/results/tui.json.

Measured:

- **first frame**: process start to the first painted frame of the course map, median of
  ``--starts`` runs. A fresh ``python -c`` starts the app headless (``App.run(headless=True)``)
  and prints a marker from ``call_after_refresh`` of ``on_mount``; the time runs from just
  before the process is spawned to the marker on its stdout (interpreter start included).
- **UI overhead per command**: from the console's enter (the input's Submitted message
  reaching the lesson screen) to the after-table painted, minus the engine's own time for
  that command (the worker round trip in ``EngineLink.call``).
  ``alembic upgrade head`` / ``alembic downgrade -1`` alternately on the add-column lesson
  with its solution in place, so each command changes a table. Median of ``--commands``.
  Textual paints at most 60 times a second, so up to one frame period (16.7 ms) of waiting
  is part of every sample: the samples spread over about that much.
- **language switch**: English <-> Persian on the lesson screen with every pane filled, from
  the switch to the first frame painted in the new language (every visible text re-rendered,
  the footer relabelled; hidden panes re-render when shown). The goal check the lesson asks
  again afterwards (its messages come translated from the engine) is not counted. Median.
- **memory**: RSS of the TUI process plus the engine's worker process, after the commands,
  for a returning learner (the workspace's progress file exists; on the very first start the
  TUI also imports Alembic once to create it, about 10 MB more).

Targets: first frame < 300 ms; UI overhead < 30 ms; language switch < 150 ms; < 150 MB.

    python -m benchmarks.bench_tui [--starts 10] [--commands 20] [--switches 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "tui.json"
COURSE = ROOT / "tests" / "tui" / "frozen" / "course"
TARGETS = {"first_frame_ms": 300.0, "ui_overhead_ms": 30.0, "language_switch_ms": 150.0,
           "memory_mb": 150.0}

FIRST_FRAME = """
import sys
from pathlib import Path
from tutorial.settings import Settings
from tutorial.tui.app import TutorialApp

class Probe(TutorialApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self._painted)

    def _painted(self):
        sys.stdout.write("FRAME\\n")
        sys.stdout.flush()
        self.exit(0)

Probe(Settings(workspace=Path(sys.argv[1]), bidi="off")).run(headless=True, size=(80, 24))
"""


def first_frame(starts: int, workspace: Path) -> list[float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(starts):
        began = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", FIRST_FRAME, str(workspace)],
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                                cwd=ROOT, text=True)
        assert proc.stdout is not None
        line = proc.stdout.readline()
        took = (time.perf_counter() - began) * 1000
        proc.wait(timeout=60)
        if line.strip() != "FRAME":
            raise SystemExit("the app did not report its first frame")
        times.append(took)
    return times


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def in_app(commands: int, switches: int, workspace: Path) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from tests.tui.tui_helpers import idle, make_app, open_lesson, until
    from tutorial.tui.screens.lesson import LessonScreen, scan_files
    from tutorial.tui.widgets.before_after import BeforeAfter

    # A returning learner: the progress file exists (made in a child process, so this one
    # does not import what creating it needs).
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                    "from tutorial.progress import ProgressStore; "
                    "ProgressStore.open(Path(sys.argv[1])).close()", str(workspace)],
                   check=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    app = make_app(workspace, course=COURSE)
    engine_ms: list[float] = []
    link_call = app.link.call

    def timed_call(verb: str, lesson_id: str, *args: Any) -> Any:
        began = time.perf_counter()
        try:
            return link_call(verb, lesson_id, *args)
        finally:
            if verb == "run":
                engine_ms.append((time.perf_counter() - began) * 1000)

    app.link.call = timed_call  # type: ignore[method-assign]
    painted: list[float] = []
    submitted: list[float] = []
    show = BeforeAfter.show
    on_command = LessonScreen.on_console_command

    def mark_submitted(self: LessonScreen, event: Any) -> None:
        submitted.append(time.perf_counter())
        on_command(self, event)

    LessonScreen.on_console_command = mark_submitted  # type: ignore[method-assign]

    def show_and_mark(self: BeforeAfter, *args: Any) -> None:
        show(self, *args)
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    BeforeAfter.show = show_and_mark  # type: ignore[method-assign]
    overhead: list[float] = []
    switch_ms: list[float] = []
    memory = {}
    async with app.run_test(size=(120, 40)) as pilot:
        screen: LessonScreen = await open_lesson(pilot, "add-column")
        solution = COURSE / "add-column" / "solution"
        name = "versions/4d5e6f708192_add_phone_to_users.py"
        shutil.copyfile(solution / name, screen.project / name)
        screen.mtimes = scan_files(screen.project)
        screen.console.focus_input()
        for i in range(commands + 1):  # the first one warms caches and is not counted
            command = "alembic upgrade head" if i % 2 == 0 else "alembic downgrade -1"
            screen.console.input.value = command
            engine_ms.clear()
            painted.clear()
            submitted.clear()
            await pilot.press("enter")
            await until(pilot, lambda: bool(painted), steps=4000, pause=0.001)
            await idle(pilot)
            if i:
                overhead.append((painted[0] - submitted[0]) * 1000 - engine_ms[0])
        for i in range(switches):
            lang = "fa" if i % 2 == 0 else "en"
            repainted: list[float] = []
            began = time.perf_counter()
            app.switch_language(lang)
            screen.call_after_refresh(lambda done=repainted: done.append(time.perf_counter()))
            await until(pilot, lambda done=repainted: bool(done), steps=4000, pause=0.001)
            switch_ms.append((repainted[0] - began) * 1000)
            await idle(pilot)
        worker = getattr(app.link._engine, "_worker", None)
        worker_pid = getattr(worker, "pid", None)
        memory = {"tui_mb": rss_mb(os.getpid()),
                  "worker_mb": rss_mb(worker_pid) if worker_pid else 0.0}
    BeforeAfter.show = show  # type: ignore[method-assign]
    LessonScreen.on_console_command = on_command  # type: ignore[method-assign]
    return {"overhead": overhead, "switch": switch_ms, "memory": memory}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=10)
    parser.add_argument("--commands", type=int, default=20)
    parser.add_argument("--switches", type=int, default=10)
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="atut-bench-tui-"))
    try:
        frames = first_frame(args.starts, root / "start-ws")
        measured = asyncio.run(in_app(args.commands, args.switches, root / "app-ws"))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    memory = measured["memory"]
    results = {
        "first_frame_ms": round(statistics.median(frames), 1),
        "ui_overhead_ms": round(statistics.median(measured["overhead"]), 1),
        "language_switch_ms": round(statistics.median(measured["switch"]), 1),
        "memory_mb": round(memory["tui_mb"] + memory["worker_mb"], 1),
    }
    report = {
        "results": results,
        "targets": TARGETS,
        "met": {k: results[k] < TARGETS[k] for k in TARGETS},
        "samples": {"first_frame_ms": [round(t, 1) for t in frames],
                    "ui_overhead_ms": [round(t, 1) for t in measured["overhead"]],
                    "language_switch_ms": [round(t, 1) for t in measured["switch"]]},
        "memory": {k: round(v, 1) for k, v in memory.items()},
        "machine": {"python": platform.python_version(), "platform": platform.platform(),
                    "cpus": os.cpu_count(),
                    "load_average": [round(x, 2) for x in os.getloadavg()]},
    }
    rows = [("first frame (process start, median)", "first_frame_ms", "ms"),
            ("UI overhead per command (median)", "ui_overhead_ms", "ms"),
            ("language switch (median)", "language_switch_ms", "ms"),
            ("memory: TUI + worker (RSS)", "memory_mb", "MB")]
    print(f"{'measure':<40} {'value':>10} {'target':>10}  met")
    for label, key, unit in rows:
        print(f"{label:<40} {results[key]:>7.1f} {unit:<2} {'< ' + str(int(TARGETS[key])):>7} {unit:<2}"
              f" {'yes' if report['met'][key] else 'NO'}")
    print(f"  (TUI {memory['tui_mb']:.1f} MB, worker {memory['worker_mb']:.1f} MB; "
          f"load average {report['machine']['load_average']})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
