"""Framing between the engine and its worker: 4-byte big-endian length, then UTF-8 JSON.

The worker talks over a dedicated pipe pair, not its stdin/stdout, so whatever learner code
prints can never corrupt a message.
"""

from __future__ import annotations

import json
import os
import struct
from typing import Any

_HEADER = struct.Struct(">I")


def encode(message: Any) -> bytes:
    body = json.dumps(message, ensure_ascii=False, default=str).encode("utf-8")
    return _HEADER.pack(len(body)) + body


def write_message(fd: int, message: Any) -> None:
    data = memoryview(encode(message))
    while data:
        written = os.write(fd, data)
        data = data[written:]


def read_exactly(fd: int, size: int) -> bytes:
    """Blocking read of ``size`` bytes; EOFError when the other side is gone."""
    chunks: list[bytes] = []
    remaining = size
    while remaining:
        chunk = os.read(fd, remaining)
        if not chunk:
            raise EOFError("pipe closed")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_message(fd: int) -> Any:
    (length,) = _HEADER.unpack(read_exactly(fd, _HEADER.size))
    return json.loads(read_exactly(fd, length).decode("utf-8"))
