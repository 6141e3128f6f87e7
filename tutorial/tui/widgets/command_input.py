"""The console's input line: history on up/down, completion on tab, ghost suggestions."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input

from tutorial.tui.completion import complete


class HistorySuggester(Suggester):
    """Suggest the newest history entry that starts with what is typed (right arrow
    accepts), else the one unambiguous completion."""

    def __init__(self, owner: CommandInput) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.owner = owner

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        for entry in reversed(self.owner.history):
            if entry.startswith(value) and entry != value:
                return entry
        completed, found = complete(value, self.owner.revisions)
        return completed.rstrip() if len(found) == 1 and completed.rstrip() != value else None


class CommandInput(Input):
    """An Input with shell-like history and alembic-aware completion."""

    BINDINGS = [
        Binding("up", "history(-1)", "Previous command", show=False),
        Binding("down", "history(1)", "Next command", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]

    class Candidates(Message):
        """Several completions are possible: the console lists them."""

        def __init__(self, candidates: list[str]) -> None:
            super().__init__()
            self.candidates = candidates

    def __init__(self, history: list[str] | None = None, *, placeholder: str = "",
                 id: str | None = None) -> None:  # noqa: A002 - Textual's name
        self.history: list[str] = history if history is not None else []
        self.revisions: list[str] = []
        self._position: int | None = None
        self._draft = ""
        super().__init__(placeholder=placeholder, id=id, select_on_focus=False)
        self.suggester = HistorySuggester(self)

    def remember(self, command: str) -> None:
        """Add a command to the history (no immediate repeats) and leave history browsing."""
        if command and (not self.history or self.history[-1] != command):
            self.history.append(command)
        self._position = None
        self._draft = ""

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position is None:
            if step > 0:
                return
            self._draft = self.value
            position = len(self.history) - 1
        else:
            position = self._position + step
        if position >= len(self.history):
            self._position = None
            self.value = self._draft
        else:
            self._position = max(0, position)
            self.value = self.history[self._position]
        self.cursor_position = len(self.value)

    def action_complete(self) -> None:
        if not self.value.strip():
            self.screen.focus_next()
            return
        text = self.value[: self.cursor_position]
        rest = self.value[self.cursor_position:]
        completed, found = complete(text, self.revisions)
        if completed != text:
            self.value = completed + rest
            self.cursor_position = len(completed)
        if len(found) > 1:
            self.post_message(self.Candidates(found))
        elif not found:
            self.app.bell()

    def on_key(self, event: events.Key) -> None:
        if event.is_printable:
            self._position = None
