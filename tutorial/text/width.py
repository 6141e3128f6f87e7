"""Cell widths, and a tolerant policy for the widths nobody agrees on.

``cell_width`` is Rich's ``cell_len``: the measure Textual lays out with, so what we compute
matches what the compositor pads and crops. Terminals do not all agree with it:

- Devanagari spacing vowel signs (``ा ि ी ो`` ..., category Mc) are 0 cells for Rich, while
  glibc's ``wcwidth`` and xterm.js (VS Code, the browser) give some of them 1 cell, so
  ``"स्ट्रिंग"`` is 4 cells for Rich and up to 5 on screen;
- emoji ZWJ sequences (``👨‍👩‍👧``) are 2 cells for Rich but 2 per emoji on terminals that
  do not join them;
- conjuncts may be drawn narrower than their parts by a shaping terminal.

Policy (see docs/i18n-rendering.md): layouts must not depend on exact widths of such text.
``max_cell_width`` is an upper bound over the known interpretations; the wrapper measures
with it, so a wrapped line fits its width on every terminal, and ``fit`` can keep a blank
safety margin that absorbs the drift before a border or the next column. Textual positions
each widget's chunk of a line with its own cursor move, so drift inside blank margin space
never reaches the next widget.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Literal

from tutorial.text.segment import iter_graphemes

__all__ = [
    "Align",
    "cell_width",
    "fit",
    "max_cell_width",
    "truncate",
    "width_uncertainty",
]

Align = Literal["left", "right", "center"]

_cell_len: Callable[[str], int] | None = None


def cell_width(text: str) -> int:
    """Width of ``text`` in terminal cells, as Rich and Textual measure it."""
    global _cell_len
    if _cell_len is None:
        # Imported on first use: ``tutorial.text`` stays importable without loading Rich.
        from rich.cells import cell_len

        _cell_len = cell_len
    return _cell_len(text)


@lru_cache(maxsize=4096)
def _cluster_upper_bound(cluster: str) -> int:
    rich_width = cell_width(cluster)
    if len(cluster) == 1:
        if rich_width == 0 and unicodedata.category(cluster) == "Mc":
            return 1
        return rich_width
    parts = 0
    for char in cluster:
        width = cell_width(char)
        if width == 0 and unicodedata.category(char) == "Mc":
            width = 1  # a spacing mark some terminals advance the cursor for
        parts += width
    return max(rich_width, parts)


def max_cell_width(text: str) -> int:
    """An upper bound of the width of ``text`` over Rich, glibc and xterm.js.

    Equal to ``cell_width`` for Latin, Cyrillic, Arabic-script and Thai text; larger for
    Devanagari spacing marks and emoji ZWJ sequences.
    """
    if text.isascii():
        return cell_width(text)
    total = sum(_cluster_upper_bound(cluster) for cluster in iter_graphemes(text))
    return max(total, cell_width(text))


def width_uncertainty(text: str) -> int:
    """How many cells terminals may disagree by on ``text`` (0 for most scripts)."""
    return max_cell_width(text) - cell_width(text)


def truncate(text: str, width: int, *, ellipsis: str = "…", tolerant: bool = True) -> str:
    """Cut ``text`` to at most ``width`` cells at a grapheme cluster boundary.

    When text is cut, ``ellipsis`` is appended (dropped if even it does not fit). With
    ``tolerant`` the width is checked with ``max_cell_width``, so the result fits on every
    terminal. The cut is at the *logical* end: for right-to-left text, reorder afterwards.
    """
    if width <= 0:
        return ""
    measure = max_cell_width if tolerant else cell_width
    if measure(text) <= width:
        return text
    budget = width - measure(ellipsis)
    if budget < 0:
        budget, ellipsis = width, ""
    kept: list[str] = []
    used = 0
    for cluster in iter_graphemes(text):
        size = _cluster_upper_bound(cluster) if tolerant else cell_width(cluster)
        if used + size > budget:
            break
        kept.append(cluster)
        used += size
    return "".join(kept).rstrip() + ellipsis


def fit(
    text: str,
    width: int,
    *,
    margin: int = 0,
    align: Align = "left",
    ellipsis: str = "…",
    tolerant: bool = True,
) -> str:
    """Truncate (by clusters) and pad ``text`` to exactly ``width`` cells as Rich measures.

    ``margin`` cells at the right edge stay blank whatever the alignment: a terminal that
    draws the text wider than Rich measures spills into them instead of pushing a border or
    the next column.
    """
    if width <= 0:
        return ""
    margin = max(0, min(margin, width - 1))
    content = truncate(text, width - margin, ellipsis=ellipsis, tolerant=tolerant)
    gap = width - cell_width(content)
    if gap <= 0:
        return content
    free = max(0, gap - margin)  # blank cells we may place on the left
    if align == "right":
        left = free
    elif align == "center":
        left = free // 2
    else:
        left = 0
    return " " * left + content + " " * (gap - left)
