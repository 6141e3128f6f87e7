"""PostgreSQL lesson templates: a learner's fresh start with the template against without.

For each lesson, ``--learners`` profiles start the lesson twice over, alternating: once with
templates (``CREATE DATABASE ... TEMPLATE`` of the lesson's start state, built by the first
start on the server) and once built from scratch (``CREATE DATABASE``, ``alembic upgrade``
to the start revision, rows, start SQL). Both through the engine with a warm worker, on the
private server. Measured: the whole ``Engine.start`` and its database part alone; the first
start with templates (which builds the template) is reported apart. ``first-upgrade`` starts
from an empty database and uses no template: it is the control (both columns the same work).

    python -m benchmarks.bench_pg_templates [--learners 12] [--db-url URL]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tutorial.engine.core import Engine
from tutorial.settings import resolve

ROOT = Path(__file__).resolve().parent
LESSONS = ("first-upgrade", "add-column", "not-null-backfill", "merge-heads")


class TimedEngine(Engine):
    """The engine, timing the database part of each start (clone or build)."""

    database_ms: list[float]

    def _timed(self, method: Any, *args: Any) -> None:
        started = time.perf_counter()
        method(*args)
        self.database_ms.append((time.perf_counter() - started) * 1000)

    def _clone_start(self, *args: Any) -> None:
        self._timed(super()._clone_start, *args)

    def _fill_start(self, *args: Any) -> None:
        self._timed(super()._fill_start, *args)


def _stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))], 1),
            "min_ms": round(ordered[0], 1)}


def bench(url: str, learners: int, workspace: Path) -> list[dict[str, Any]]:
    base = resolve(workspace=workspace, lang="en", db_url=url, environ={})
    engines = {mode: TimedEngine(base, timeout=120) for mode in ("template", "scratch")}
    engines["scratch"].pg_templates = False
    for engine in engines.values():
        engine.database_ms = []
        engine.worker.call("ping")
    rows = []
    try:
        for lesson in LESSONS:
            total: dict[str, list[float]] = {"template": [], "scratch": []}
            database: dict[str, list[float]] = {"template": [], "scratch": []}
            first: dict[str, float] = {}
            for index in range(learners + 1):
                # Alternate which mode goes first: a start right after another one on the
                # same server is not measured under the same conditions.
                order = list(engines.items())
                for mode, engine in (order if index % 2 else order[::-1]):
                    engine.settings = base.with_(profile=f"{mode}{index}")
                    engine.database_ms.clear()
                    started = time.perf_counter()
                    assert engine.start(lesson)["created"]
                    elapsed = (time.perf_counter() - started) * 1000
                    if index == 0:  # the first start of the lesson on this server
                        first[mode] = round(elapsed, 1)
                        continue
                    total[mode].append(elapsed)
                    database[mode].extend(engine.database_ms)
            rows.append({
                "lesson": lesson, "learners": learners,
                "first_start_ms": first,
                "start": {mode: _stats(v) for mode, v in total.items()},
                "database": {mode: _stats(v) for mode, v in database.items()},
                "speedup_database": round(statistics.median(database["scratch"])
                                          / statistics.median(database["template"]), 1),
                "speedup_start": round(statistics.median(total["scratch"])
                                       / statistics.median(total["template"]), 1),
            })
    finally:
        for engine in engines.values():
            engine.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=12)
    parser.add_argument("--db-url", default=None, help="a server of your own (a scratch one)")
    parser.add_argument("--output", default=str(ROOT / "results" / "pg_templates.json"))
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="atut-bench-tpl-"))
    server = None
    url = args.db_url
    if url is None:
        from tutorial.engine.postgres_server import PrivateServer

        server = PrivateServer(scratch / "postgres")
        url = server.url
    try:
        rows = bench(url, args.learners, scratch / "ws")
    finally:
        if server is not None:
            server.stop()
    print(f"{'lesson':<20}{'db: template':>14}{'db: scratch':>13}{'x':>6}"
          f"{'start: tpl':>12}{'start: scr':>12}{'x':>6}{'1st tpl':>10}{'1st scr':>10}")
    for row in rows:
        print(f"{row['lesson']:<20}{row['database']['template']['median_ms']:>14}"
              f"{row['database']['scratch']['median_ms']:>13}{row['speedup_database']:>6}"
              f"{row['start']['template']['median_ms']:>12}"
              f"{row['start']['scratch']['median_ms']:>12}{row['speedup_start']:>6}"
              f"{row['first_start_ms']['template']:>10}{row['first_start_ms']['scratch']:>10}")
    Path(args.output).write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "note": "medians over --learners fresh starts per lesson and mode, alternating; "
                "database = the clone (template) or create+upgrade+rows+sql (scratch) alone",
        "results": rows,
    }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
