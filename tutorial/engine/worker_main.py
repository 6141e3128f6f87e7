"""The worker process: ``python -m tutorial.engine.worker_main REQUEST_FD REPLY_FD``.

It applies its resource limits, imports alembic and SQLAlchemy once, says it is ready, then
answers one request at a time. A failing operation is reported, never fatal; a crash or a
hang is the engine's business (it kills and replaces this process).
"""

from __future__ import annotations

import os
import sys
import traceback


def main(argv: list[str]) -> int:
    request_fd, reply_fd = int(argv[0]), int(argv[1])
    from tutorial.engine.worker import LIMITS_ENV, WorkerLimits

    limits = os.environ.get(LIMITS_ENV)
    if limits:
        WorkerLimits.from_env(limits).apply()
    sys.dont_write_bytecode = True

    from tutorial.engine import protocol, worker_ops

    worker_ops.warm_up()
    protocol.write_message(reply_fd, {"ready": True, "pid": os.getpid()})
    while True:
        try:
            request = protocol.read_message(request_fd)
        except EOFError:
            return 0
        op = request.get("op")
        if op == "exit":
            return 0
        handler = worker_ops.OPERATIONS.get(op)
        try:
            if handler is None:
                raise ValueError(f"unknown operation {op!r}")
            reply = {"ok": True, "result": handler(**request.get("args", {}))}
        except MemoryError:
            reply = {"ok": False, "error": {"type": "MemoryError", "message": "out of memory"}}
        except BaseException as exc:  # noqa: BLE001 - report everything, stay alive
            reply = {
                "ok": False,
                "error": {
                    "type": type(exc).__name__,
                    "message": str(exc),
                    "traceback": traceback.format_exc(),
                },
            }
        protocol.write_message(reply_fd, reply)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
