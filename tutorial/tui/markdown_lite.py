"""Lesson Markdown as Rich renderables, for one ``Static``.

Lesson pages use a small part of Markdown (headings, paragraphs, lists, fenced code, tables,
emphasis, inline code), so this renders exactly that, as one renderable: one widget instead of
Textual's Markdown widget's one-per-block, which keeps a lesson screen's layout and a language
switch fast. Two ways to lay prose out:

- ``own=True`` (right-to-left in bidi ``app`` mode, Thai): through ``LocalizedText``, wrapped
  on the logical text, reordered per line, code spans kept left-to-right; Textual's Markdown
  widget would wrap by cell width, never reorder, and cut Thai words in half;
- otherwise Rich ``Text`` with bold, italic and code spans.

Code blocks are left-to-right code either way.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from tutorial.tui import display

_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


_INLINE = re.compile(r"(?P<code>`+)(?P<code_text>.+?)(?P=code)|(\*\*|__)(?P<bold>.+?)\3"
                     r"|(?<![\w*])\*(?!\s)(?P<italic>.+?)(?<!\s)\*(?!\w)")
CODE_STYLE = "bold"


def _plain(text: str) -> str:
    """Drop emphasis markers (the wrapper styles code spans only)."""
    return _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)


def _styled(text: str, style: str = "") -> Text:
    """Markdown inline markup as a Rich Text (code spans keep their backticks)."""
    out = Text(style=style)
    pos = 0
    for match in _INLINE.finditer(text):
        out.append(text[pos:match.start()])
        if match.group("code"):
            out.append(match.group(0), style=CODE_STYLE)
        elif match.group("bold"):
            out.append(match.group("bold"), style="bold")
        else:
            out.append(match.group("italic"), style="italic")
        pos = match.end()
    out.append(text[pos:])
    return out


def _table(lines: list[str], prose: Any) -> Table:
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
    header, body = rows[0], [r for r in rows[2:]] if len(rows) > 1 else []
    grid = Table(show_edge=False, pad_edge=False, header_style="bold")
    for title in header:
        grid.add_column(display.cell(_plain(title)))
    for row in body:
        grid.add_row(*[prose(c) for c in row])
    return grid


def render(markdown: str, own: bool = True) -> Group:
    """The whole page as one Rich Group; ``own``: lay prose out with ``LocalizedText``."""

    def prose(text: str, style: str = "") -> RenderableType:
        if own:
            return display.block(_plain(text), style=style, code_style=CODE_STYLE)
        return _styled(text, style)

    parts: list[RenderableType] = []
    lines = markdown.splitlines()
    i = 0
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            parts.append(prose(" ".join(s.strip() for s in paragraph)))
            parts.append(Text(""))
            paragraph.clear()

    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith("```"):
            flush()
            lang = stripped[3:].strip() or "text"
            code: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith("```"):
                code.append(lines[i])
                i += 1
            indent = min((len(c) - len(c.lstrip()) for c in code if c.strip()), default=0)
            parts.append(Syntax("\n".join(c[indent:] for c in code), lang, theme="ansi_dark",
                                background_color="default", padding=(0, 2)))
            parts.append(Text(""))
        elif not stripped:
            flush()
        elif heading := _HEADING.match(stripped):
            flush()
            level = len(heading.group(1))
            style = "bold underline" if level == 1 else "bold"
            parts.append(prose(heading.group(2), style=style))
            parts.append(Text(""))
        elif stripped.startswith("|"):
            flush()
            block = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append(lines[i])
                i += 1
            parts.append(_table(block, prose))
            parts.append(Text(""))
            continue
        elif item := _LIST_ITEM.match(line):
            flush()
            marker = item.group(2)
            bullet = "•" if marker in "-*+" else marker
            text = [item.group(3)]
            i += 1
            while i < len(lines) and lines[i].strip() and not _LIST_ITEM.match(lines[i]) \
                    and not lines[i].strip().startswith("```") and lines[i].startswith(" "):
                text.append(lines[i].strip())
                i += 1
            parts.append(prose(f"{bullet} " + " ".join(text)))
            continue
        elif stripped.startswith(">"):
            flush()
            parts.append(prose(stripped.lstrip("> "), style="italic"))
        else:
            paragraph.append(line)
        i += 1
    flush()
    return Group(*parts)
