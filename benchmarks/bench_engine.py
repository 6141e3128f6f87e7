"""Engine benchmark: one command prints a table and writes benchmarks/results/engine.json.

Measured in one run, on the same sandboxes:
- ``alembic upgrade head`` of a 3-revision chain through the warm worker (the whole
  transaction: backup, snapshots, run, diff, graph, goal check; and the bare command inside it)
  against ``alembic upgrade head`` as a subprocess in the same sandbox folder;
- undo of that upgrade;
- snapshot + diff around a command on a 10,000-row table.
On SQLite, and on PostgreSQL (the private server) unless --sqlite-only.

    python -m benchmarks.bench_engine [--repeat 15] [--sqlite-only]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tutorial.engine.core import Engine
from tutorial.settings import resolve

LESSON = "first-upgrade"
BIG = "add-column"
ROOT = Path(__file__).resolve().parent
BULK_REVISION = '''"""10k rows"""
from alembic import op
import sqlalchemy as sa

revision = "ffff00000001"
down_revision = "3c4d5e6f7081"
branch_labels = None
depends_on = None


def upgrade():
    users = sa.table("users", sa.column("id"), sa.column("username"), sa.column("email"))
    op.bulk_insert(users, [
        {"id": i, "username": f"user{i}", "email": f"user{i}@example.com"}
        for i in range(100, 10100)
    ])


def downgrade():
    op.execute("DELETE FROM users WHERE id >= 100")
'''
WIDEN_REVISION = '''"""add phone"""
from alembic import op
import sqlalchemy as sa

revision = "ffff00000002"
down_revision = "ffff00000001"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(20)))


def downgrade():
    op.drop_column("users", "phone")
'''


def median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def bench_backend(backend: str, repeat: int, db_url: str | None) -> dict[str, Any]:
    workspace = Path(tempfile.mkdtemp(prefix=f"atut-bench-{backend}-"))
    settings = resolve(workspace=workspace, lang="en", db=backend, environ={}).with_(
        db_url=db_url)
    out: dict[str, Any] = {"backend": backend}
    with Engine(settings, timeout=60) as engine:
        engine.start(LESSON)
        project = engine.paths(LESSON).project
        engine.run(LESSON, "alembic current")  # warm: first command imports env machinery
        engine.undo(LESSON)
        full, bare, undo = [], [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = engine.run(LESSON, "alembic upgrade head")
            full.append((time.perf_counter() - t0) * 1000)
            assert result["ok"], result["error"]
            bare.append(result["timings"]["command"])
            t0 = time.perf_counter()
            engine.undo(LESSON)
            undo.append((time.perf_counter() - t0) * 1000)
        out["warm_transaction_ms"] = median(full)
        out["warm_command_ms"] = median(bare)
        out["undo_ms"] = median(undo)

        alembic = [sys.executable, "-m", "alembic"]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        if backend == "sqlite":
            sub = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                subprocess.run([*alembic, "upgrade", "head"], cwd=project, env=env, check=True,
                               capture_output=True)
                sub.append((time.perf_counter() - t0) * 1000)
                subprocess.run([*alembic, "downgrade", "base"], cwd=project, env=env,
                               check=True, capture_output=True)
            out["subprocess_ms"] = median(sub)
            out["speedup_command"] = round(out["subprocess_ms"] / out["warm_command_ms"], 1)
            out["speedup_transaction"] = round(out["subprocess_ms"] / out["warm_transaction_ms"],
                                               1)
        else:
            # The private server lives only while this process holds it; a subprocess can
            # still reach it through the socket in the URL written to alembic.ini.
            sub = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                subprocess.run([*alembic, "upgrade", "head"], cwd=project, env=env, check=True,
                               capture_output=True)
                sub.append((time.perf_counter() - t0) * 1000)
                subprocess.run([*alembic, "downgrade", "base"], cwd=project, env=env,
                               check=True, capture_output=True)
            out["subprocess_ms"] = median(sub)
            out["speedup_command"] = round(out["subprocess_ms"] / out["warm_command_ms"], 1)
            out["speedup_transaction"] = round(out["subprocess_ms"] / out["warm_transaction_ms"],
                                               1)

        engine.start(BIG)
        versions = engine.paths(BIG).project / "versions"
        (versions / "ffff00000001_bulk.py").write_text(BULK_REVISION)
        assert engine.run(BIG, "alembic upgrade head")["ok"]
        (versions / "ffff00000002_phone.py").write_text(WIDEN_REVISION)
        snaps, diffs = [], []
        for _ in range(max(3, repeat // 3)):
            result = engine.run(BIG, "alembic upgrade head")
            assert result["ok"], result["error"]
            assert result["diff"]["tables"]["users"]["rows_after"] == 10003
            t = result["timings"]
            snaps.append(t["snapshot_before"] + t["snapshot_after"])
            diffs.append(t["diff"])
            engine.undo(BIG)
        out["snapshot_10k_x2_ms"] = median(snaps)
        out["diff_10k_ms"] = median(diffs)
        out["snapshot_plus_diff_10k_ms"] = median([s + d for s, d in zip(snaps, diffs,
                                                                         strict=True)])
    return out


TARGETS = {
    ("sqlite", "speedup_command"): (">=", 10),
    ("postgres", "warm_command_ms"): ("<", 60),
    # The whole transaction also makes the undo point (CREATE DATABASE ... TEMPLATE).
    ("postgres", "warm_transaction_ms"): ("<", 60),
    ("sqlite", "undo_ms"): ("<", 20),
    ("postgres", "undo_ms"): ("<", 100),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--db-url", help="use this PostgreSQL server instead of a private one")
    parser.add_argument("--output", default=str(ROOT / "results" / "engine.json"))
    args = parser.parse_args()
    results = [bench_backend("sqlite", args.repeat, None)]
    if not args.sqlite_only:
        results.append(bench_backend("postgres", args.repeat, args.db_url))
    keys = ["warm_command_ms", "warm_transaction_ms", "subprocess_ms", "speedup_command",
            "speedup_transaction", "undo_ms", "snapshot_10k_x2_ms", "diff_10k_ms",
            "snapshot_plus_diff_10k_ms"]
    print(f"{'metric':<28}" + "".join(f"{r['backend']:>12}" for r in results) + "   target")
    for key in keys:
        row = f"{key:<28}" + "".join(f"{r.get(key, '-'):>12}" for r in results)
        targets = [f"{b} {op} {v}" for (b, k), (op, v) in TARGETS.items() if k == key]
        print(row + ("   " + ", ".join(targets) if targets else ""))
    verdicts = {}
    for (b, k), (op, v) in TARGETS.items():
        r = next((r for r in results if r["backend"] == b), None)
        if r is not None and k in r:
            verdicts[f"{b}.{k} {op} {v}"] = r[k] >= v if op == ">=" else r[k] < v
    for name, ok in verdicts.items():
        print(f"{'met ' if ok else 'MISSED'} {name}")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps({
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                    "platform": platform.platform()},
        "repeat": args.repeat, "results": results, "targets": verdicts,
    }, indent=2) + "\n")
    print(f"written {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
