"""The lesson's explanation: goal, text and the hints shown so far.

The Markdown is rendered by :mod:`tutorial.tui.markdown_lite` into one ``Static`` (a lesson
page is a few dozen blocks; one widget keeps layout and language switches fast), with our own
line layout where the language needs it (right-to-left in bidi ``app`` mode, Thai).
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutorial.i18n import _, format_number
from tutorial.tui import display
from tutorial.tui.memo import Memo


class Prose(VerticalScroll):
    """``show(markdown, lang, goal)``; ``show_hints([...])``. Re-lays itself out when the
    language or the bidi mode changes."""

    DEFAULT_CSS = """
    Prose { height: 1fr; padding: 0 1; }
    Prose > #prose-goal { margin: 0 0 1 0; padding: 0 1; background: $boost;
                          border-left: outer $success; }
    Prose > #prose-hints { margin: 1 0 0 0; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.markdown = ""
        self.lang = "en"
        self.goal = ""
        self.hints: list[tuple[int, int, str]] = []
        self._shown: tuple[str, bool, str, str] | None = None  # what #prose-body shows

    def compose(self) -> ComposeResult:
        yield Static(id="prose-goal")
        yield Static(id="prose-body")
        yield Static(id="prose-hints")

    def on_mount(self) -> None:
        display.follow(self, self.refresh_view)
        self.refresh_view()

    def show(self, markdown: str, lang: str, goal: str = "") -> None:
        """``lang`` is the language the text is written in (English where the lesson has no
        text in the learner's language)."""
        self.markdown = markdown
        self.lang = lang
        self.goal = goal
        self.refresh_view()

    def show_hints(self, hints: list[tuple[int, int, str]]) -> None:
        """Hints as ``(number, total, text)``, in the order they were asked for."""
        self.hints = list(hints)
        self._refresh_hints()
        if hints:
            self.call_after_refresh(self.scroll_end, animate=False)

    def _own_layout(self) -> bool:
        return display.TextLayout(self.lang, display.current().mode).own_layout

    def refresh_view(self) -> None:
        if not self.is_mounted:
            return
        goal = self.query_one("#prose-goal", Static)
        goal.display = bool(self.goal)
        if self.goal:
            goal.update(Group(Text(display.line(_("Goal")), style="bold"),
                              display.block(self.goal)))
        own = self._own_layout()
        key = (self.markdown, own, display.current().lang, display.current().mode)
        if key != self._shown:  # the page is the longest text here: only when it changed
            self._shown = key
            from tutorial.tui.markdown_lite import render

            self.query_one("#prose-body", Static).update(Memo(render(self.markdown, own)))
        self._refresh_hints()

    def _refresh_hints(self) -> None:
        box = self.query_one("#prose-hints", Static)
        box.display = bool(self.hints)
        parts: list[RenderableType] = []
        for number, total, text in self.hints:
            parts.append(Text(display.line(_("Hint {index} of {total}").format(
                index=format_number(number), total=format_number(total))), style="bold yellow"))
            parts.append(display.block(text))
            parts.append(Text(""))
        box.update(Group(*parts))
