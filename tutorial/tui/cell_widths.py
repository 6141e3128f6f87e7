"""Make Rich measure spacing combining marks the way terminals draw them.

Rich's width tables give every combining mark 0 cells, including the *spacing* marks
(Unicode category Mc: the Devanagari vowel signs ``ा ि ी ो ौ``, ``ः`` ...). Terminals advance
the cursor for those: glibc's ``wcwidth`` (so tmux), VTE, Konsole and xterm.js (the browser
through ``serve``, VS Code) all count Mc as one cell and only Mn/Me/Cf as zero. With Rich's
measure a Hindi label is drawn wider than Textual laid it out, so every cell to its right on
the same line shifts and the line's end is cut off (borders, the Footer's last keys).

``align_with_terminals()`` rebuilds Rich's loaded width tables so that Mc code points are one
cell wide, and clears Rich's caches. It runs once, before the app measures anything. The
text layer (``tutorial.text.width``) measures through Rich, so wrapping agrees as well.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

_done = False


def _spacing_marks(start: int, end: int) -> list[int]:
    return [cp for cp in range(start, end + 1) if unicodedata.category(chr(cp)) == "Mc"]


def _widen_spacing_marks(widths: Sequence[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The same ranges, with every Mc code point of a zero-width range taken out (the
    lookup then falls back to one cell for it)."""
    out: list[tuple[int, int, int]] = []
    for start, end, width in widths:
        marks = _spacing_marks(start, end) if width == 0 else []
        if not marks:
            out.append((start, end, width))
            continue
        low = start
        for cp in marks:
            if cp > low:
                out.append((low, cp - 1, 0))
            low = cp + 1
        if low <= end:
            out.append((low, end, 0))
    return out


def align_with_terminals() -> None:
    """Patch Rich's width lookup once per process (idempotent)."""
    global _done
    if _done:
        return
    import rich.cells as cells

    original: Callable[[str], Any] = cells.load_cell_table
    patched: dict[str, Any] = {}

    def load(unicode_version: str = "auto") -> Any:
        table = patched.get(unicode_version)
        if table is None:
            base = original(unicode_version)
            table = base._replace(widths=_widen_spacing_marks(base.widths))
            patched[unicode_version] = table
        return table

    cells.load_cell_table = load  # type: ignore[assignment]
    for name in ("get_character_cell_size", "cached_cell_len"):
        cached = getattr(cells, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()
    # Our text layer measures through Rich and may have cached widths of Mc text already.
    from tutorial.text.width import _cluster_upper_bound

    _cluster_upper_bound.cache_clear()
    _done = True
