"""How translated text reaches the screen: one-line labels and wrapped blocks.

Textual and Rich never reorder right-to-left text. In bidi ``app`` mode the TUI must send
each line in *visual* order (see :mod:`tutorial.text.bidi`); in ``terminal`` and ``off``
mode it sends logical order. The App keeps the language and the resolved mode here
(:func:`configure`), so every widget formats text the same way without passing them around.

- :func:`line` for one-line labels (tab titles, buttons, status words);
- :func:`block` for anything that may wrap (messages, hints, explanations): a Rich renderable
  that wraps the *logical* text at the width it is given (Thai at word boundaries, never
  inside a grapheme cluster), then reorders and right-aligns RTL lines in ``app`` mode.

Code, commands and SQL are never passed through these: they stay left-to-right.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType


@dataclass(frozen=True)
class TextLayout:
    """The language and the resolved bidi mode (``app``, ``terminal`` or ``off``)."""

    lang: str = "en"
    mode: str = "off"

    @property
    def rtl(self) -> bool:
        from tutorial.i18n import is_rtl

        return is_rtl(self.lang)

    @property
    def reorder(self) -> bool:
        """True when the app itself must reorder (RTL language in ``app`` mode)."""
        return self.rtl and self.mode == "app"

    @property
    def mirror(self) -> bool:
        """True when side-by-side panes swap sides: a right-to-left language, read from the
        right, puts the main column (the lesson, the list) on the right. Not with bidi
        ``off``, where the learner asked for the left-to-right layout."""
        return self.rtl and self.mode != "off"

    @property
    def own_layout(self) -> bool:
        """True when prose needs our wrapper rather than Textual's Markdown widget: the
        app reorders RTL text, or the script has no spaces between words (Thai)."""
        return self.reorder or self.lang == "th"


_current = TextLayout()


def configure(lang: str, mode: str) -> TextLayout:
    global _current
    _current = TextLayout(lang, mode)
    return _current


def current() -> TextLayout:
    return _current


def resolve_mode(setting: str) -> str:
    """``auto``/``app``/``terminal``/``off`` -> the mode to render with."""
    from tutorial.text.bidi import resolve_bidi_mode

    try:
        return resolve_bidi_mode(setting)
    except ValueError:
        return resolve_bidi_mode("auto")


def line(text: str) -> str:
    """A one-line label in display order (reordered in RTL ``app`` mode)."""
    if not _current.reorder or not text:
        return text
    from tutorial.text.bidi import has_rtl, to_visual

    if not has_rtl(text):
        return text
    return " ".join(to_visual(part, "R") for part in text.splitlines())


def cell(value: Any, width: int | None = None) -> str:
    """A data value for a table cell: its own direction decides (a Persian name in an
    English lesson is still Persian); cut to ``width`` cells."""
    from tutorial.text.bidi import cell_text

    return cell_text(value, _current.lang, _current.mode if _current.mode != "auto" else "off",
                     width)


def block(text: str, *, style: str = "", code_style: str | None = "bold",
          justify: str = "auto") -> RenderableType:
    """Wrapped prose for the current language and mode (a ``LocalizedText``)."""
    from tutorial.text.bidi import has_rtl
    from tutorial.text.rich_text import LocalizedText

    # Text with no right-to-left letter (an English fallback, a message about code) reads
    # left to right even in a right-to-left interface, as a bidi terminal would show it.
    lang = _current.lang if not _current.rtl or has_rtl(text) else None
    return LocalizedText(text, lang, _current.mode, justify,  # type: ignore[arg-type]
                         style=style, code_style=code_style)


def follow(widget: Any, callback: Any) -> None:
    """Call ``callback()`` whenever the app's language or bidi mode changes.

    Widgets call this in ``on_mount``; outside the tutorial's App (a widget in a test
    harness) there is nothing to follow.
    """
    app = widget.app
    if hasattr(type(app), "text_layout"):
        widget.watch(app, "text_layout", callback, init=False)


def arrange(container: Any, ltr_order: list[Any]) -> None:
    """Put ``container``'s children in ``ltr_order``, or the reverse when the layout is
    mirrored (right-to-left). Widgets are moved, not rebuilt: their state is kept."""
    wanted = list(reversed(ltr_order)) if _current.mirror else list(ltr_order)
    if list(container.children) == wanted:
        return
    for index, widget in enumerate(wanted):
        if container.children.index(widget) != index:
            container.move_child(widget, before=index)
