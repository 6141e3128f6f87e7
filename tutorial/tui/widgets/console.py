"""The console: what ran and what it said, and the line where the learner types."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, RichLog

from tutorial.i18n import _
from tutorial.tui import display
from tutorial.tui.widgets.command_input import CommandInput

#: Lines kept for replay when the screen re-lays itself out (a resize across the breakpoint).
TRANSCRIPT_LIMIT = 400


class Console(Widget):
    """RichLog above a CommandInput. The transcript and history lists are owned by the
    screen, so they survive a re-layout and a language switch."""

    DEFAULT_CSS = """
    Console {
        height: 1fr;
        min-height: 5;
        border: round $primary 50%;
        border-title-color: $text-muted;
        &:focus-within { border: round $primary; }
        RichLog { height: 1fr; background: $surface; scrollbar-size-vertical: 1;
                  overflow-y: scroll; }
        #console-line { height: 1; }
        #console-prompt { width: auto; padding: 0 1 0 0; color: $success; text-style: bold; }
        #console-prompt.-busy { color: $warning; }
        CommandInput { border: none; height: 1; padding: 0; background: $surface; }
        CommandInput:focus { border: none; background: $boost; }
    }
    """

    busy: reactive[bool] = reactive(False)

    class Command(Message):
        """The learner pressed enter on a command."""

        def __init__(self, command: str) -> None:
            super().__init__()
            self.command = command

    def __init__(self, transcript: list[RenderableType] | None = None,
                 history: list[str] | None = None, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.transcript: list[RenderableType] = transcript if transcript is not None else []
        self.history: list[str] = history if history is not None else []

    def compose(self) -> ComposeResult:
        yield RichLog(wrap=True, markup=False, highlight=False, max_lines=2000, min_width=1,
                      id="console-log")
        with Horizontal(id="console-line"):
            yield Label("$", id="console-prompt")
            yield CommandInput(self.history, id="console-input")

    def on_mount(self) -> None:
        self.relabel()
        display.follow(self, self.relabel)
        self._replay()

    def _replay(self) -> None:
        log = self.query_one(RichLog)
        log.clear()
        for entry in self.transcript:
            log.write(entry, expand=True)
        self._written_width = log.scrollable_content_region.width

    def on_resize(self) -> None:
        """RichLog keeps lines as wrapped when written: wrap them again at the new width."""
        log = self.query_one(RichLog)
        width = log.scrollable_content_region.width
        if width and width != getattr(self, "_written_width", width) and self.transcript:
            self.call_after_refresh(self._replay)

    def relabel(self) -> None:
        self.border_title = display.line(_("Console"))
        self.input.placeholder = display.line(
            _("Running…") if self.busy else _("Type an alembic command, e.g. alembic upgrade head"))

    @property
    def input(self) -> CommandInput:
        return self.query_one(CommandInput)

    def watch_busy(self, busy: bool) -> None:
        if not self.is_mounted:
            return
        prompt = self.query_one("#console-prompt", Label)
        prompt.set_class(busy, "-busy")
        prompt.update("…" if busy else "$")
        self.relabel()

    def set_revisions(self, revisions: list[str]) -> None:
        self.input.revisions = list(revisions)

    def write(self, renderable: RenderableType | str, style: str = "") -> None:
        """Append to the log (and to the transcript kept for replay)."""
        entry: RenderableType = Text(renderable, style=style) if isinstance(renderable, str) \
            else renderable
        self.transcript.append(entry)
        del self.transcript[:-TRANSCRIPT_LIMIT]
        # expand: right-to-left lines are right-aligned to the log's whole width.
        self.query_one(RichLog).write(entry, expand=True)

    def write_all(self, entries: list[RenderableType]) -> None:
        """Several lines at once (one render and one layout instead of one per line)."""
        if entries:
            self.write(entries[0] if len(entries) == 1 else Group(*entries))

    def message(self, text: str, style: str = "") -> None:
        """Translated prose in the log (wrapped and, in RTL app mode, reordered)."""
        self.write(display.block(text, style=style))

    def echo(self, command: str) -> None:
        self.write(Text.assemble(("$ ", "bold green"), (command, "bold")))

    def clear(self) -> None:
        self.transcript.clear()
        self.query_one(RichLog).clear()

    def on_input_submitted(self, event: CommandInput.Submitted) -> None:
        event.stop()
        command = event.value.strip()
        if not command:
            return
        self.post_message(self.Command(command))

    def accept(self, command: str) -> None:
        """The screen took the command: clear the line and remember it."""
        self.input.remember(command)
        self.input.value = ""

    def on_command_input_candidates(self, event: CommandInput.Candidates) -> None:
        event.stop()
        self.write("  " + "  ".join(event.candidates), style="dim")

    def focus_input(self) -> Any:
        return self.input.focus()
