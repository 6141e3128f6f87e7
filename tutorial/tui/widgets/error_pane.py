"""The plain explanation of the last error: what happened, why, what to do.

The explanation is re-derived from the raw error on a language switch (the engine's
catalogue, translated now), so it always reads in the learner's current language.
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


def explanation_for(error: dict[str, Any], command: str = "") -> dict[str, str] | None:
    """The catalogue entry in the current language (falls back to the one in the result).

    ``command`` is what the learner typed: the engine uses it to tell a typo from a missing
    file, so the same explanation comes out here as in the run result.
    """
    import shlex

    from tutorial.engine.explain import explain

    try:
        typed = shlex.split(command)[1:] if command else None
    except ValueError:
        typed = None
    try:
        found = explain(error, typed=typed)
    except TypeError:  # an engine whose explain() does not take the command line
        found = explain(error)
    return found or error.get("explanation")


def render_error(error: dict[str, Any] | None, command: str = "") -> RenderableType:
    if not error:
        return display.block(_("No error. When a command fails, this pane explains what "
                               "happened, why, and what to do."), style="dim")
    parts: list[RenderableType] = []
    if command:
        parts.append(Text.assemble(("$ ", "bold red"), (command, "bold")))
    where = f" ({error['file']}:{error['line']})" if error.get("file") else ""
    parts.append(Text(f"{error.get('type', 'Error')}: {error.get('message', '')}{where}",
                      style="bold red"))
    explanation = explanation_for(error, command)
    if explanation:
        for key, title in (("what", _("What happened")), ("why", _("Why")),
                           ("fix", _("What to do"))):
            if explanation.get(key):
                parts.append(Text(""))
                parts.append(Text(display.line(title), style="bold underline"))
                parts.append(display.block(explanation[key]))
    if error.get("statement"):
        parts.append(Text(""))
        parts.append(Text(display.line(_("Statement")), style="bold underline"))
        parts.append(Text(str(error["statement"]), style="yellow"))
    return Group(*parts)


class ErrorPane(LazyPane, VerticalScroll):
    DEFAULT_CSS = """
    ErrorPane { height: 1fr; padding: 0 1; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.error: dict[str, Any] | None = None
        self.command = ""

    def compose(self) -> ComposeResult:
        yield Static(id="error-body")

    def on_mount(self) -> None:
        display.follow(self, self.refresh_view)
        self.refresh_view()

    def show(self, error: dict[str, Any] | None, command: str = "") -> None:
        self.error = error
        self.command = command
        self.refresh_view()

    def render_now(self) -> None:
        if self.is_mounted:
            self.query_one("#error-body", Static).update(render_error(self.error, self.command))
