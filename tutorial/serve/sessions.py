"""The room: how many visitors may have a session, one session per visitor, idle ends.

A visitor holds a seat from the moment their page is served (a reservation, so the page
never opens a terminal that the websocket would then refuse) until their session ends. A
second tab of the same visitor takes over the seat: the older session ends. A session with no
keystroke or mouse event for ``idle_timeout`` seconds is ended; its workspace stays, and
reloading the page starts a new session on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: How long a served page keeps its seat while its websocket has not connected (seconds).
RESERVATION_SECONDS = 60.0


@dataclass
class Session:
    visitor_id: str
    service: Any  # process.VisitorAppService
    websocket: Any  # aiohttp WebSocketResponse
    started: float = field(default_factory=time.monotonic)
    last_input: float = field(default_factory=time.monotonic)
    ended_because: str | None = None
    done: bool = False

    def touch(self, now: float | None = None) -> None:
        self.last_input = time.monotonic() if now is None else now


class Room:
    """Seats for ``max_sessions`` visitors. Not thread-safe: used from the event loop only."""

    def __init__(self, max_sessions: int, idle_timeout: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_sessions = max_sessions
        self.idle_timeout = idle_timeout
        self._clock = clock
        self.sessions: dict[str, Session] = {}
        self._reserved: dict[str, float] = {}  # visitor id -> when the reservation lapses

    def _expire(self) -> None:
        now = self._clock()
        for visitor_id in [v for v, until in self._reserved.items() if until <= now]:
            del self._reserved[visitor_id]

    def occupied(self) -> int:
        self._expire()
        return len(self.sessions.keys() | self._reserved.keys())

    def has_seat(self, visitor_id: str) -> bool:
        self._expire()
        return visitor_id in self.sessions or visitor_id in self._reserved

    def reserve(self, visitor_id: str) -> bool:
        """For a page about to be served: True when the visitor has (or now holds) a seat."""
        if self.has_seat(visitor_id):
            if visitor_id in self._reserved:
                self._reserved[visitor_id] = self._clock() + RESERVATION_SECONDS
            return True
        if self.occupied() >= self.max_sessions:
            return False
        self._reserved[visitor_id] = self._clock() + RESERVATION_SECONDS
        return True

    def take_seat(self, visitor_id: str) -> bool:
        """For a connecting websocket: its reservation, its own running session, or a free seat."""
        return self.reserve(visitor_id)

    def seat(self, session: Session) -> Session | None:
        """Seat ``session``; returns the visitor's previous session (to be ended) if any."""
        previous = self.sessions.get(session.visitor_id)
        self.sessions[session.visitor_id] = session
        self._reserved.pop(session.visitor_id, None)
        return previous

    def leave(self, session: Session) -> None:
        if self.sessions.get(session.visitor_id) is session:
            del self.sessions[session.visitor_id]

    def idle(self) -> list[Session]:
        """Sessions without input for longer than the idle timeout."""
        limit = self._clock() - self.idle_timeout
        return [s for s in self.sessions.values() if s.last_input < limit]
