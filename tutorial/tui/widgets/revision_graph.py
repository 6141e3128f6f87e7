"""The revision graph: branch points, heads, merges, and where the database is, drawn with
box characters from ``graph["revisions"]`` (see :mod:`tutorial.tui.graph_layout`)."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutorial.i18n import _, format_number, ngettext
from tutorial.tui import display
from tutorial.tui.graph_layout import MARK_CURRENT, MARK_REVISION, layout_graph
from tutorial.tui.widgets.lazy_pane import LazyPane

LANE_STYLES = ("cyan", "magenta", "yellow", "green", "blue", "red")


def _graph_text(cells: str) -> Text:
    text = Text()
    for i, char in enumerate(cells):
        if char == MARK_CURRENT:
            text.append(char, style="bold green")
        elif char == MARK_REVISION:
            text.append(char, style="bold")
        else:
            text.append(char, style=LANE_STYLES[(i // 2) % len(LANE_STYLES)])
    return text


def render_graph(graph: dict[str, Any] | None) -> Group | Text:
    if not graph:
        return display.block(_("The revision graph appears here."), style="dim")
    revisions = graph.get("revisions") or []
    current = list(graph.get("current") or [])
    if not revisions and not current:
        return display.block(_("No revisions yet: versions/ is empty."), style="dim")
    lines: list[Text] = []
    labels = {
        "head": (_("head"), "bold green"),
        "merge": (_("merge"), "bold magenta"),
        "branch_point": (_("branch point"), "bold yellow"),
    }
    for row in layout_graph(revisions, current):
        line = _graph_text(row.cells)
        if row.revision is None and "base" in row.flags:
            line.append(" " + display.line(_("base (empty database)")), style="dim")
            line.append("  ◀ " + display.line(_("database")), style="bold green")
            lines.append(line)
            continue
        if row.revision is None:
            lines.append(line)
            continue
        rev = row.revision
        here = "current" in row.flags
        line.append(" ")
        line.append(rev["id"], style="bold green" if here else "bold")
        for flag in row.flags:
            if flag in labels:
                word, style = labels[flag]
                line.append(" (" + display.line(word) + ")", style=style)
        if "missing" in row.flags:
            line.append(" (" + display.line(_("file missing")) + ")", style="bold red")
        if rev.get("message"):
            line.append(" " + rev["message"])
        if here:
            line.append("  ◀ " + display.line(_("database")), style="bold green")
        lines.append(line)
    heads = graph.get("heads") or []
    parts: list[Any] = [*lines, Text("")]
    if len(heads) > 1:
        parts.append(display.block(ngettext(
            "{count} head: merge them with `alembic merge heads`",
            "{count} heads: merge them with `alembic merge heads`", len(heads)).format(
            count=format_number(len(heads))), style="bold yellow"))
    parts.append(display.block(_("● database   ○ revision   newest at the top"), style="dim",
                               code_style=None))
    return Group(*parts)


class RevisionGraph(LazyPane, VerticalScroll):
    DEFAULT_CSS = """
    RevisionGraph { height: 1fr; padding: 0 1; }
    RevisionGraph > Static { width: auto; min-width: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.graph: dict[str, Any] | None = None
        self._drawn = False

    def compose(self) -> ComposeResult:
        yield Static(id="graph-body")

    def on_mount(self) -> None:
        display.follow(self, self.refresh_view)
        self.refresh_view()

    def show(self, graph: dict[str, Any] | None) -> None:
        if graph == self.graph and self.is_mounted and self._drawn:
            return
        self.graph = graph
        self.refresh_view()

    def render_now(self) -> None:
        if self.is_mounted:
            self.query_one("#graph-body", Static).update(render_graph(self.graph))
            self._drawn = True
