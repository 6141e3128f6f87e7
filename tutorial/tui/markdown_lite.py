"""Lesson Markdown as Rich renderables laid out by :mod:`tutorial.text`.

Textual's Markdown widget wraps by cell width and never reorders, which is wrong for
right-to-left prose in bidi ``app`` mode and cuts Thai words in half. Lesson pages use a small
part of Markdown (headings, paragraphs, lists, fenced code, tables, emphasis, inline code),
so this renders exactly that: prose through ``LocalizedText`` (wrapped on the logical text,
reordered per line, code spans kept left-to-right), code blocks as left-to-right code.
"""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.syntax import Syntax
from rich.table import Table
from rich.text import Text

from tutorial.tui import display

_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)")
_LIST_ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _plain(text: str) -> str:
    """Drop emphasis markers (the wrapper styles code spans only)."""
    return _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)


def _table(lines: list[str]) -> Table:
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]
    header, body = rows[0], [r for r in rows[2:]] if len(rows) > 1 else []
    grid = Table(show_edge=False, pad_edge=False, header_style="bold")
    for title in header:
        grid.add_column(display.cell(_plain(title)))
    for row in body:
        grid.add_row(*[display.block(_plain(c)) for c in row])
    return grid


def render(markdown: str) -> Group:
    """The whole page as one Rich Group."""
    parts: list[RenderableType] = []
    lines = markdown.splitlines()
    i = 0
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            parts.append(display.block(_plain(" ".join(s.strip() for s in paragraph))))
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
            parts.append(display.block(_plain(heading.group(2)), style=style))
            parts.append(Text(""))
        elif stripped.startswith("|"):
            flush()
            block = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append(lines[i])
                i += 1
            parts.append(_table(block))
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
            parts.append(display.block(f"{bullet} " + _plain(" ".join(text))))
            continue
        elif stripped.startswith(">"):
            flush()
            parts.append(display.block(_plain(stripped.lstrip("> ")), style="italic"))
        else:
            paragraph.append(line)
        i += 1
    flush()
    return Group(*parts)
