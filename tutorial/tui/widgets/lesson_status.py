"""One line above the lesson: where the learner is and what the app is doing."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from tutorial.tui import display


class LessonStatus(Static):
    DEFAULT_CSS = """
    LessonStatus { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    title: reactive[str] = reactive("")
    chapter: reactive[str] = reactive("")
    goal: reactive[str] = reactive("")
    goal_passed: reactive[bool] = reactive(False)
    busy: reactive[str] = reactive("")
    backend: reactive[str] = reactive("sqlite")

    def on_mount(self) -> None:
        display.follow(self, self.refresh_view)
        self.refresh_view()

    def watch_title(self) -> None:
        self.refresh_view()

    watch_chapter = watch_goal = watch_goal_passed = watch_busy = watch_backend = watch_title

    def refresh_view(self) -> None:
        if not self.is_mounted:
            return
        layout = display.current()
        where = f"{self.chapter} › {self.title}" if self.chapter else self.title
        left = Text(display.line(where), no_wrap=True, overflow="ellipsis", style="bold")
        right = Text(no_wrap=True)
        if self.busy:
            right.append("◌ " + display.line(self.busy) + "  ", style="bold yellow")
        if self.goal:
            right.append(("✓ " if self.goal_passed else "◎ ") + display.line(self.goal),
                         style="bold green" if self.goal_passed else "bold")
            right.append("  ")
        right.append(self.backend, style="dim")
        grid = Table.grid(expand=True)
        if layout.reorder:  # right-to-left: where the learner is on the right
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis", justify="right")
            grid.add_row(right, left)
        else:
            grid.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
            grid.add_column(justify="right", no_wrap=True)
            grid.add_row(left, right)
        self.update(grid)
