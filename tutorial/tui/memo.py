"""``Memo``: a Rich renderable rendered once per width.

Textual asks a ``Static``'s content for its height (a full render) and then for its lines
(another full render) each time the content changes. For a page of Rich tables or a lesson's
whole text that doubles the slowest part of a frame; wrapping the content in ``Memo`` makes
the second request a replay of the first.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment


class Memo:
    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._key: tuple[int, object] | None = None
        self._lines: list[list[Segment]] = []

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        key = (options.max_width, options.legacy_windows)
        if key != self._key:
            self._lines = console.render_lines(self.renderable, options, pad=False)
            self._key = key
        new_line = Segment.line()
        for line in self._lines:
            yield from line
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)
