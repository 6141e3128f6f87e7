"""The goal check: one line per check, passed or not, with the engine's message."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutorial.i18n import _, format_number
from tutorial.tui import display
from tutorial.tui.widgets.lazy_pane import LazyPane


def summary(check: dict[str, Any] | None) -> str:
    """``Goal 3/7`` style one-liner for the status line."""
    if not check:
        return ""
    checks = check.get("checks") or []
    passed = sum(1 for c in checks if c.get("passed"))
    if check.get("passed"):
        return _("Goal reached")
    return _("Goal {passed}/{total}").format(passed=format_number(passed),
                                             total=format_number(len(checks)))


def render_check(goal: str, check: dict[str, Any] | None, pending: bool) -> RenderableType:
    parts: list[RenderableType] = []
    if goal:
        parts.append(Text(display.line(_("Goal")), style="bold underline"))
        parts.append(display.block(goal))
        parts.append(Text(""))
    if check is None:
        parts.append(display.block(_("Checking…") if pending else
                                   _("The goal check runs after every command and save."),
                                   style="dim"))
        return Group(*parts)
    if check.get("passed"):
        parts.append(display.block("✓ " + _("Goal reached! ctrl+n opens the next lesson."),
                                   style="bold black on green"))
    else:
        parts.append(Text(display.line(_("Not there yet:")), style="bold yellow"))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    for item in check.get("checks") or []:
        ok = bool(item.get("passed"))
        grid.add_row(Text("✓" if ok else "✗", style="bold green" if ok else "bold red"),
                     display.block(item.get("message") or item.get("id", ""),
                                   style="" if ok else "bold"))
    parts.append(grid)
    return Group(*parts)


class GoalCheck(LazyPane, VerticalScroll):
    DEFAULT_CSS = """
    GoalCheck { height: 1fr; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.goal = ""
        self.check: dict[str, Any] | None = None
        self.pending = False

    def compose(self) -> ComposeResult:
        yield Static(id="goal-body")

    def on_mount(self) -> None:
        display.follow(self, self.refresh_view)
        self.refresh_view()

    def show(self, check: dict[str, Any] | None, goal: str | None = None) -> None:
        if check == self.check and (goal is None or goal == self.goal) and not self.pending:
            return
        self.check = check
        self.pending = False
        if goal is not None:
            self.goal = goal
        self.refresh_view()

    def render_now(self) -> None:
        if self.is_mounted:
            self.query_one("#goal-body", Static).update(
                render_check(self.goal, self.check, self.pending))
