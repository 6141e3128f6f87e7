"""The SQL that actually ran (batch mode's copy-and-move included), left-to-right always."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutorial.i18n import _
from tutorial.tui import display
from tutorial.tui.widgets.lazy_pane import LazyPane


class SqlPane(LazyPane, VerticalScroll):
    DEFAULT_CSS = """
    SqlPane { height: 1fr; padding: 0 1; }
    SqlPane > Static { width: auto; min-width: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.statements: list[str] | None = None
        self.command: str = ""

    def compose(self) -> ComposeResult:
        yield Static(id="sql-body")

    def on_mount(self) -> None:
        display.follow(self, self.refresh_view)
        self.refresh_view()

    def show(self, command: str, statements: list[str] | None) -> None:
        self.command = command
        self.statements = list(statements or [])
        self.refresh_view()

    def reset(self) -> None:
        self.statements = None
        self.refresh_view()

    def render_now(self) -> None:
        if not self.is_mounted:
            return
        body = self.query_one("#sql-body", Static)
        if self.statements is None:
            body.update(display.block(_("The SQL a command runs appears here."), style="dim"))
            return
        parts: list[RenderableType] = [Text.assemble(("$ ", "bold green"), (self.command, "bold"))]
        if not self.statements:
            parts.append(Text(display.line(_("No SQL ran.")), style="dim"))
        else:
            text = "\n".join(s.rstrip().rstrip(";") + ";" for s in self.statements)
            parts.append(Syntax(text, "sql", theme="ansi_dark", background_color="default",
                                word_wrap=True))
        body.update(Group(*parts))
