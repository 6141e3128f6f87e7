"""Text layout for six languages: clusters, widths, wrapping and right-to-left display.

Pure Python over ``unicodedata`` (Rich's ``cell_len`` and pythainlp are imported on first use;
no Textual). The pieces:

- :mod:`~tutorial.text.segment`  grapheme clusters, Thai words, break opportunities
- :mod:`~tutorial.text.width`    cell widths and the tolerant ``fit``/``truncate``
- :mod:`~tutorial.text.wrap`     ``wrap(text, width, lang)`` on logical text
- :mod:`~tutorial.text.bidi`     bidi modes, detection, ``visual_lines``, calibration
- :mod:`~tutorial.text.rich_text` ``LocalizedText`` renderable (imports Rich; loaded lazily)

See docs/i18n-rendering.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tutorial.text.bidi import (
    BIDI_ENV_VAR,
    RTL_LANGUAGES,
    TERMINAL_BIDI_OFF,
    TERMINAL_BIDI_ON,
    BidiMode,
    BidiSetting,
    calibration_line,
    calibration_variants,
    cell_text,
    detect_bidi_mode,
    explain_bidi_detection,
    has_rtl,
    is_rtl_language,
    resolve_bidi_mode,
    strip_bidi_controls,
    to_visual,
    visual_lines,
)
from tutorial.text.segment import break_opportunities, grapheme_boundaries, graphemes
from tutorial.text.width import cell_width, fit, max_cell_width, truncate, width_uncertainty
from tutorial.text.wrap import WrappedLine, wrap, wrap_lines

if TYPE_CHECKING:
    from tutorial.text.rich_text import LocalizedText

__all__ = [
    "BIDI_ENV_VAR",
    "RTL_LANGUAGES",
    "TERMINAL_BIDI_OFF",
    "TERMINAL_BIDI_ON",
    "BidiMode",
    "BidiSetting",
    "LocalizedText",
    "WrappedLine",
    "break_opportunities",
    "calibration_line",
    "calibration_variants",
    "cell_text",
    "cell_width",
    "detect_bidi_mode",
    "explain_bidi_detection",
    "fit",
    "grapheme_boundaries",
    "graphemes",
    "has_rtl",
    "is_rtl_language",
    "max_cell_width",
    "resolve_bidi_mode",
    "strip_bidi_controls",
    "to_visual",
    "truncate",
    "visual_lines",
    "width_uncertainty",
    "wrap",
    "wrap_lines",
]


def __getattr__(name: str) -> Any:
    if name == "LocalizedText":  # imports Rich: only when asked for
        from tutorial.text.rich_text import LocalizedText

        return LocalizedText
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
