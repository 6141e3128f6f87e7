"""Rich renderables over the layout of :mod:`tutorial.text` (imports Rich; import it lazily).

``LocalizedText`` is what a Textual ``Static`` (or any Rich console) shows for translated prose:
it wraps at the width it is given with the Thai/Devanagari-aware wrapper and, for
right-to-left languages in ``app`` mode, reorders and right-aligns each line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style, StyleType

from tutorial.text.bidi import BidiMode, Justify, cell_text, resolve_bidi_mode, visual_lines
from tutorial.text.segment import tokenize
from tutorial.text.width import max_cell_width

__all__ = ["LocalizedText", "cell_text"]

# A whole inline code span in a *rendered* line (code stays left-to-right and contiguous).
_RENDERED_CODE_RE = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")


class LocalizedText:
    """Text in ``lang``, laid out for ``mode`` at whatever width Rich or Textual offers.

    ``mode`` is ``app``/``terminal``/``off`` (``auto`` resolves from the environment at each
    render). ``justify`` ``auto`` right-aligns RTL text in ``app`` mode and leaves everything
    else left-aligned and unpadded. ``code_style`` styles inline code spans, backticks kept.
    """

    def __init__(
        self,
        text: str,
        lang: str | None,
        mode: BidiMode | str = "auto",
        justify: Justify = "auto",
        *,
        style: StyleType = "",
        code_style: StyleType | None = None,
        tolerant: bool = True,
    ) -> None:
        self.text = text
        self.lang = lang
        self.mode = mode
        self.justify: Justify = justify
        self.style = style
        self.code_style = code_style
        self.tolerant = tolerant
        self._cache_key: tuple[object, ...] | None = None
        self._cache: list[str] = []

    def __repr__(self) -> str:
        return f"LocalizedText({self.text!r}, {self.lang!r}, {self.mode!r}, {self.justify!r})"

    def lines(self, width: int) -> list[str]:
        """The display lines at ``width`` cells (what ``__rich_console__`` renders).

        Cached per width and mode: Textual renders a widget again on every refresh.
        """
        mode = resolve_bidi_mode(self.mode)
        key = (self.text, self.lang, width, mode, self.justify, self.tolerant)
        if self._cache_key != key:
            self._cache = visual_lines(
                self.text, width, self.lang, mode, justify=self.justify, tolerant=self.tolerant
            )
            self._cache_key = key
        return self._cache

    def _segments(self, line: str, base: Style, code: Style | None) -> Iterator[Segment]:
        if code is None or "`" not in line:
            yield Segment(line, base)
            return
        pos = 0
        for match in _RENDERED_CODE_RE.finditer(line):
            if match.start() > pos:
                yield Segment(line[pos : match.start()], base)
            yield Segment(match.group(), base + code)
            pos = match.end()
        if pos < len(line):
            yield Segment(line[pos:], base)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        base = console.get_style(self.style) if self.style else Style()
        code = console.get_style(self.code_style) if self.code_style else None
        for line in self.lines(options.max_width):
            yield from self._segments(line, base, code)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        paragraphs = self.text.splitlines() or [""]
        widest = max(max_cell_width(p.rstrip()) for p in paragraphs)
        longest_unit = 0
        for paragraph in paragraphs:
            for token in tokenize(paragraph, self.lang):
                if token.kind != "space":
                    longest_unit = max(longest_unit, max_cell_width(token.text))
        return Measurement(min(longest_unit, widest), widest).clamp(max_width=options.max_width)
