"""Wrapping logical text to a cell width, for every script the tutorial ships.

Greedy, at the break opportunities of :mod:`tutorial.text.segment`: spaces for
space-separated scripts, dictionary word boundaries for Thai. Inline code spans stay whole
when they fit on a line; a span longer than the width is broken at its own spaces, then after
slashes. A word longer than the width is broken after an inner hyphen or slash, and by
grapheme clusters as a last resort (never after a Thai preposed vowel, which belongs to the
next syllable). No line is wider than ``width`` unless one cluster alone is.

Widths are measured with :func:`tutorial.text.width.max_cell_width` by default, so a line fits
even on terminals that draw Devanagari spacing marks one cell wider than Rich measures them.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable
from typing import NamedTuple

from tutorial.text.segment import _SPACE_RE, Token, TokenKind, graphemes, tokenize
from tutorial.text.width import cell_width, max_cell_width

__all__ = ["WrappedLine", "wrap", "wrap_lines"]

# Thai and Lao vowels written before the consonant they follow in speech.
_PREPOSED_VOWELS = frozenset("เแโใไເແໂໃໄ")


class WrappedLine(NamedTuple):
    """One output line and where inline code sits in it (``(start, end)`` offsets).

    The bidi layer keeps those ranges left-to-right inside right-to-left text.
    """

    text: str
    code: tuple[tuple[int, int], ...] = ()


class _Builder:
    """Accumulates the pieces of the current line; pieces are ``(text, is_code)``."""

    def __init__(self, width: int, measure: Callable[[str], int]) -> None:
        self.width = width
        self.measure = measure
        self.lines: list[list[tuple[str, bool]]] = []
        self.cur: list[tuple[str, bool]] = []
        self.cur_w = 0
        self.pending: list[tuple[str, bool]] = []
        self.pending_w = 0

    def add_space(self, text: str, is_code: bool) -> None:
        if not self.cur:
            if not self.lines and self.measure(text) < self.width:
                self.cur.append((text, False))  # leading indentation of the paragraph
                self.cur_w = self.measure(text)
            return
        self.pending.append((text, is_code))
        self.pending_w += self.measure(text)

    def fits(self, width: int) -> bool:
        return self.cur_w + self.pending_w + width <= self.width

    def append(self, pieces: list[tuple[str, bool]], width: int) -> None:
        self.cur.extend(self.pending)
        self.cur_w += self.pending_w
        self.pending = []
        self.pending_w = 0
        self.cur.extend(pieces)
        self.cur_w += width

    def flush(self) -> None:
        self.lines.append(self.cur)
        self.cur = []
        self.cur_w = 0
        self.pending = []
        self.pending_w = 0

    @property
    def has_content(self) -> bool:
        return any(text.strip() for text, _ in self.cur)

    def chop(self, units: list[tuple[str, bool]]) -> None:
        """Last resort: place clusters one by one, breaking lines wherever they fill.

        The long word fills the rest of the current line when at least a quarter of the width
        is left there, and starts a new line otherwise (no stubs of one or two cells).
        """
        if self.has_content:
            room = self.width - self.cur_w - self.pending_w
            if room >= max(2, self.width // 4):
                self.append([], 0)  # keep the space before the long word
            else:
                self.flush()
        for cluster, is_code in units:
            size = self.measure(cluster)
            if self.cur and self.cur_w + size > self.width:
                carry: list[tuple[str, bool]] = []
                if len(self.cur) > 1 and self.cur[-1][0] in _PREPOSED_VOWELS:
                    carry = [self.cur.pop()]
                self.flush()
                for text, code in carry:
                    self.append([(text, code)], self.measure(text))
            self.append([(cluster, is_code)], size)


# Fallback breaks inside a code span too wide for a line, after its spaces: after a slash.
_CODE_SPLIT_RE = re.compile(r"(?<=/)(?=[^/])")


def _expand_long(group: list[Token]) -> list[tuple[str, object]] | None:
    """Split a group too wide for a line: code spans at their spaces, then after slashes;
    words at their fallback cuts (``Token.soft``). None when there is nothing to split at."""
    items: list[tuple[str, object]] = []
    current: list[Token] = []
    changed = False

    def add_word(text: str, start: int, kind: TokenKind, soft: tuple[int, ...] = ()) -> None:
        nonlocal current, changed
        cuts = [m.start() for m in _CODE_SPLIT_RE.finditer(text)] if kind == "code" else soft
        bounds = [0, *cuts, len(text)]
        for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
            if i:
                changed = True
                items.append(("group", current))
                current = []
            current.append(Token(text[a:b], kind, start + a))

    for tok in group:
        if tok.kind != "code":
            add_word(tok.text, tok.start, tok.kind, tok.soft)
            continue
        pos = 0
        for match in _SPACE_RE.finditer(tok.text):
            changed = True
            if match.start() > pos:
                add_word(tok.text[pos : match.start()], tok.start + pos, "code")
            if current:
                items.append(("group", current))
                current = []
            items.append(("codespace", match.group()))
            pos = match.end()
        if pos < len(tok.text):
            add_word(tok.text[pos:], tok.start + pos, "code")
    if current:
        items.append(("group", current))
    return items if changed else None


def _groups(tokens: list[Token]) -> list[tuple[str, object]]:
    """Tokens -> items: ``("space", text)`` or ``("group", [tokens glued together])``."""
    items: list[tuple[str, object]] = []
    group: list[Token] = []
    for tok in tokens:
        if tok.kind == "space":
            if group:
                items.append(("group", group))
                group = []
            items.append(("space", tok.text))
        elif group and tok.break_before:
            items.append(("group", group))
            group = [tok]
        else:
            group.append(tok)
    if group:
        items.append(("group", group))
    return items


def _to_line(pieces: list[tuple[str, bool]]) -> WrappedLine:
    text_parts: list[str] = []
    ranges: list[tuple[int, int]] = []
    pos = 0
    for text, is_code in pieces:
        if is_code and text:
            if ranges and ranges[-1][1] == pos:
                ranges[-1] = (ranges[-1][0], pos + len(text))
            else:
                ranges.append((pos, pos + len(text)))
        text_parts.append(text)
        pos += len(text)
    return WrappedLine("".join(text_parts), tuple(ranges))


def _wrap_paragraph(
    paragraph: str, width: int, lang: str | None, measure: Callable[[str], int], code_spans: bool
) -> list[WrappedLine]:
    builder = _Builder(width, measure)
    queue: deque[tuple[str, object]] = deque(
        _groups(tokenize(paragraph, lang, code_spans=code_spans))
    )
    while queue:
        kind, value = queue.popleft()
        if kind in ("space", "codespace"):
            assert isinstance(value, str)
            builder.add_space(value, kind == "codespace")
            continue
        assert isinstance(value, list)
        group: list[Token] = value
        pieces = [(tok.text, tok.kind == "code") for tok in group]
        size = sum(measure(tok.text) for tok in group)
        if builder.fits(size) or (not builder.has_content and size <= width):
            if not builder.has_content and builder.cur_w + size > width:
                builder.cur, builder.cur_w = [], 0  # drop indentation that no longer fits
            builder.append(pieces, size)
        elif size <= width:
            builder.flush()
            builder.append(pieces, size)
        else:
            expanded = _expand_long(group)
            if expanded is not None:
                queue.extendleft(reversed(expanded))
                continue
            units = [(c, tok.kind == "code") for tok in group for c in graphemes(tok.text)]
            builder.chop(units)
    if builder.cur or not builder.lines:
        builder.flush()
    return [_to_line(line) for line in builder.lines]


def wrap_lines(
    text: str,
    width: int,
    lang: str | None = None,
    *,
    tolerant: bool = True,
    code_spans: bool = True,
) -> list[WrappedLine]:
    """Like :func:`wrap`, also telling where inline code spans are in each line."""
    width = max(1, width)
    measure = max_cell_width if tolerant else cell_width
    result: list[WrappedLine] = []
    for paragraph in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        paragraph = paragraph.expandtabs(4).rstrip()
        result.extend(_wrap_paragraph(paragraph, width, lang, measure, code_spans))
    return result


def wrap(
    text: str,
    width: int,
    lang: str | None = None,
    *,
    tolerant: bool = True,
    code_spans: bool = True,
) -> list[str]:
    """Wrap the logical ``text`` to lines of at most ``width`` cells.

    Newlines are hard breaks (an empty line stays an empty line); white space at a break is
    dropped; leading indentation of a paragraph is kept. ``lang`` is a hint (scripts are
    detected from the text). ``tolerant`` measures with :func:`max_cell_width`, so lines fit on
    terminals that draw Devanagari spacing marks wider than Rich does. Lines are *not* padded.
    """
    return [
        line.text
        for line in wrap_lines(text, width, lang, tolerant=tolerant, code_spans=code_spans)
    ]
