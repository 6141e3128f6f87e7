"""The instructor's Textual app: one screen, the room (``progress room`` / ``progress --watch``)."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.binding import Binding

from tutorial.i18n import N_, set_language
from tutorial.instructor.room import Room
from tutorial.tui import display
from tutorial.tui.cell_widths import align_with_terminals
from tutorial.tui.screens.instructor import InstructorScreen


class InstructorApp(App[int]):
    TITLE = "alembic-tutorial"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+q", "quit", N_("Quit"), show=False, priority=True)]

    def __init__(self, load: Callable[[], Room], *, lang: str = "en", bidi: str = "auto",
                 titles: dict[str, str] | None = None, interval: float = 3.0) -> None:
        super().__init__()
        align_with_terminals()  # Devanagari vowel signs take a cell, as terminals draw them
        set_language(lang)
        display.configure(lang, display.resolve_mode(bidi))
        self._screen = InstructorScreen(load, titles, interval)

    def on_mount(self) -> None:
        self.push_screen(self._screen)

    @property
    def room_screen(self) -> InstructorScreen:
        return self._screen
