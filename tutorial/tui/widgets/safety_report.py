"""The safety report on the learner's migrations: NOT NULL without a default, data loss,
renames that break running code, missing downgrades, SQLite ALTER outside batch mode...

Findings come from :mod:`tutorial.lint` (already translated), for the files in versions/
that the learner wrote or changed since the lesson began.
"""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutorial.i18n import _
from tutorial.tui import display
from tutorial.tui.widgets.lazy_pane import LazyPane

SEVERITY = {"error": ("✗", "bold red"), "warning": ("!", "bold yellow"),
            "info": ("i", "bold cyan")}


def render_findings(findings: list[dict[str, Any]] | None) -> RenderableType:
    if findings is None:
        return display.block(_("The safety report on your migrations appears here after a "
                               "command or a save."), style="dim")
    if not findings:
        return display.block("✓ " + _("No unsafe operation found in the migrations you "
                                      "wrote."), style="green")
    parts: list[RenderableType] = []
    for finding in findings:
        mark, style = SEVERITY.get(finding.get("severity", ""), ("•", "bold"))
        parts.append(Text.assemble((mark + " ", style),
                                   (f"{finding['file']}:{finding['line']}", "bold"),
                                   (f"  [{finding['rule']}]", "dim")))
        parts.append(display.block(finding["message"]))
        if finding.get("fix"):
            parts.append(display.block("→ " + finding["fix"], style="green"))
        parts.append(Text(""))
    return Group(*parts)


class SafetyReport(LazyPane, VerticalScroll):
    DEFAULT_CSS = """
    SafetyReport { height: 1fr; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.findings: list[dict[str, Any]] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="safety-body")

    def on_mount(self) -> None:
        display.follow(self, self.refresh_view)
        self.refresh_view()

    def show(self, findings: list[dict[str, Any]] | None) -> None:
        if findings == self.findings and self.is_mounted and not self._stale:
            return
        self.findings = findings
        self.refresh_view()

    def render_now(self) -> None:
        if self.is_mounted:
            self.query_one("#safety-body", Static).update(render_findings(self.findings))
