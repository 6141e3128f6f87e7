"""Before/after tables: the schema and rows each command changed, marked by symbol and
colour (``+`` added, ``-`` removed, ``~`` renamed or changed), NULL shown as ``∅``, and a loud
banner when values were lost."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from tutorial.i18n import _, format_number, ngettext
from tutorial.tui import display
from tutorial.tui.memo import Memo
from tutorial.tui.widgets.lazy_pane import LazyPane

NULL_MARK = "∅"
ADDED, REMOVED, CHANGED, LOST = "bold green", "bold red", "bold yellow", "bold red"
CELL_WIDTH = 24


def _marks(change: dict[str, Any] | None, side: str) -> dict[str, tuple[str, str]]:
    """Column name -> (symbol, style) on the ``before`` or ``after`` side of a change."""
    if not change:
        return {}
    marks: dict[str, tuple[str, str]] = {}
    if side == "after":
        marks.update({c: ("+", ADDED) for c in change.get("columns_added", [])})
        marks.update({p["to"]: ("~", CHANGED) for p in change.get("columns_renamed", [])})
    else:
        marks.update({c: ("-", REMOVED) for c in change.get("columns_removed", [])})
        marks.update({p["from"]: ("~", CHANGED) for p in change.get("columns_renamed", [])})
    for col in change.get("columns_changed", []):
        marks[col["column"]] = ("~", CHANGED)
    return marks


def _key(columns: list[dict[str, Any]], row: list[Any], pk: list[str]) -> tuple[Any, ...] | None:
    names = [c["name"] for c in columns]
    if not pk or any(k not in names for k in pk):
        return None
    return tuple(row[names.index(k)] for k in pk)


def _value(value: Any, style: str = "") -> Text:
    if value is None:
        return Text(NULL_MARK, style="italic magenta" + (" " + style if style else ""))
    return Text(display.cell(value, CELL_WIDTH), style=style)


def table_view(name: str, table: dict[str, Any], change: dict[str, Any] | None, side: str,
               other: dict[str, Any] | None) -> Table:
    """One side of one table as a Rich Table with marked columns and rows."""
    columns = table.get("columns", [])
    marks = _marks(change, side)
    renamed = {p["from"]: p["to"] for p in (change or {}).get("columns_renamed", [])}
    if side == "after":
        renamed = {v: k for k, v in renamed.items()}
    lost = set(((change or {}).get("lost_by_column") or {}).keys())
    pk = table.get("primary_key") or [c["name"] for c in columns if c.get("primary_key")]
    other_rows: dict[tuple[Any, ...], dict[str, Any]] = {}
    if other is not None and change:
        ocols = other.get("columns", [])
        onames = [c["name"] for c in ocols]
        for orow in other.get("rows", []):
            key = _key(ocols, orow, pk)
            if key is not None:
                other_rows[key] = dict(zip(onames, orow, strict=False))
    grid = Table(box=box.ROUNDED, pad_edge=True, padding=(0, 1), show_edge=True,
                 expand=False, header_style="bold")
    grid.add_column(" ", width=1, no_wrap=True)
    for col in columns:
        symbol, style = marks.get(col["name"], ("", ""))
        title = Text(f"{symbol}{col['name']}", style=style or "bold")
        if col.get("primary_key"):
            title.append("*", style="dim")
        kind = col.get("type") or ""
        kind += "" if col.get("nullable", True) else " !∅"
        title.append("\n" + kind, style="dim" if not style else style.replace("bold ", ""))
        grid.add_column(title, overflow="ellipsis", max_width=CELL_WIDTH + 2)
    names = [c["name"] for c in columns]
    for row in table.get("rows", []):
        key = _key(columns, row, pk)
        row_mark, row_style = "", ""
        previous = other_rows.get(key) if key is not None else None
        if change and key is not None and other is not None and previous is None:
            row_mark, row_style = ("+", "green") if side == "after" else ("-", "red")
        cells: list[Text] = [Text(row_mark, style="bold " + row_style if row_mark else "")]
        for name, value in zip(names, row, strict=False):
            style = ""
            mark = marks.get(name)
            if mark and mark[0] == "-":
                style = "red strike" if name in lost and value is not None else "red"
            elif mark and mark[0] == "+":
                style = "green"
            elif previous is not None:
                before_name = renamed.get(name, name)
                if before_name in previous and previous[before_name] != value:
                    style = "yellow"
                    if not row_mark:
                        cells[0] = Text("~", style=CHANGED)
                    if side == "before" and name in lost:
                        style = "red strike"
            if row_style and not style:
                style = row_style
            cells.append(_value(value, style))
        grid.add_row(*cells)
    total = table.get("row_count", len(table.get("rows", [])))
    shown = len(table.get("rows", []))
    if shown < total:
        grid.caption = display.line(_("showing {shown} of {total} rows").format(
            shown=format_number(shown), total=format_number(total)))
    elif not shown:
        grid.caption = display.line(_("no rows"))
    return grid


def _change_lines(name: str, change: dict[str, Any]) -> list[Text]:
    from tutorial.cli_format import table_changes

    out = []
    for raw in table_changes(name, change):
        stripped = raw.lstrip()
        style = {"+": ADDED, "-": REMOVED, "~": CHANGED, "!": "bold white on red"}.get(
            stripped[:1], "")
        indent = raw[: len(raw) - len(stripped)]
        symbol, _sep, rest = stripped.partition(" ")
        if symbol in ("+", "-", "~", "!!"):
            out.append(Text.assemble(indent, (symbol, style), " ", display.line(rest)))
        else:
            out.append(Text(indent + display.line(stripped)))
    return out


def render_tables(before: dict[str, Any] | None, after: dict[str, Any] | None,
                  diff: dict[str, Any] | None) -> list[RenderableType]:
    """Everything the pane shows, top to bottom."""
    out: list[RenderableType] = []
    before_tables = (before or {}).get("tables", {})
    after_tables = (after or {}).get("tables", {})
    changes = (diff or {}).get("tables", {}) if diff else {}
    lost = (diff or {}).get("values_lost", 0) if diff else 0
    if lost:
        where = ", ".join(
            f"{t}.{c} ({format_number(n)})"
            for t, ch in sorted(changes.items())
            for c, n in (ch.get("lost_by_column") or {}).items())
        out.append(display.block("‼ " + ngettext(
            "DATA LOST: {count} value is gone for good ({where})",
            "DATA LOST: {count} values are gone for good ({where})", lost).format(
            count=format_number(lost), where=where), style="bold white on red"))
        out.append(Text(""))
    if diff is None:
        out.append(Text(display.line(_("The database now")), style="bold"))
    names = sorted(set(before_tables) | set(after_tables))
    if not names:
        out.append(display.block(_("The database has no tables yet."), style="dim"))
    unchanged = []
    for name in names:
        change = changes.get(name)
        if diff is not None and not change:
            unchanged.append(name)
            continue
        if change:
            out.extend(_change_lines(name, change))
        else:
            out.append(Text(name, style="bold"))
        if diff is not None and name in before_tables:
            out.append(Text(display.line(_("Before")), style="dim"))
            out.append(table_view(name, before_tables[name], change, "before",
                                  after_tables.get(name)))
        if name in after_tables:
            if diff is not None:
                out.append(Text(display.line(_("After")), style="dim"))
            out.append(table_view(name, after_tables[name], change, "after",
                                  before_tables.get(name)))
        out.append(Text(""))
    for name in unchanged:
        rows = after_tables.get(name, {}).get("row_count", 0)
        out.append(Text.assemble(("= ", "dim"), (name, "bold"), "  ", (display.line(ngettext(
            "unchanged, {count} row", "unchanged, {count} rows", rows).format(
            count=format_number(rows))), "dim")))
    if diff is not None and not changes and (before or after):
        out.append(display.block(_("The schema and the data did not change."),
                                 style="dim italic"))
    out.append(Text(""))
    out.append(display.block(_("+ added   - removed   ~ renamed or changed   ∅ NULL   "
                               "* primary key   !∅ NOT NULL"), style="dim", code_style=None))
    return out


def natural_width(before: dict[str, Any] | None, after: dict[str, Any] | None) -> int:
    """A close upper bound of the widest table's width, from the data (no Rich measuring):
    per column the widest of name, type and values, plus padding and borders."""
    from rich.cells import cell_len

    widest = 0
    for snapshot in (before, after):
        for table in ((snapshot or {}).get("tables") or {}).values():
            columns = table.get("columns", [])
            width = 4 + 1  # the row-mark column and the left border
            for i, col in enumerate(columns):
                cells = [cell_len(col["name"]) + 2, cell_len(str(col.get("type") or "")) + 3]
                cells.extend(min(CELL_WIDTH, cell_len(str(row[i]))) for row in
                             table.get("rows", []) if i < len(row))
                width += min(max(cells), CELL_WIDTH + 2) + 3
            widest = max(widest, width)
    return widest


class BeforeAfter(LazyPane, VerticalScroll):
    """The before/after pane. ``show(before, after, diff)``; ``diff=None`` shows the
    database as it is now."""

    DEFAULT_CSS = """
    BeforeAfter { height: 1fr; padding: 0 1; }
    BeforeAfter > Static { min-width: 100%; }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._data: tuple[Any, Any, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="before-after-body")

    def on_mount(self) -> None:
        display.follow(self, self.refresh_view)
        self.refresh_view()

    def show(self, before: dict[str, Any] | None, after: dict[str, Any] | None,
             diff: dict[str, Any] | None) -> None:
        self._data = (before, after, diff)
        self.refresh_view()

    def reset(self) -> None:
        self._data = None
        self.refresh_view()

    def render_now(self) -> None:
        if not self.is_mounted:
            return
        body = self.query_one("#before-after-body", Static)
        if self._data is None:
            body.styles.width = None
            body.update(display.block(_("Run a command to see what it does to the tables."),
                                      style="dim"))
            return
        # Tables keep their natural width and the pane scrolls sideways, rather than
        # squeezing every column to an ellipsis on a narrow pane.
        # (min-width: 100% in the CSS makes it at least as wide as the pane.)
        body.styles.width = max(natural_width(self._data[0], self._data[1]), 10)
        body.update(Memo(Group(*render_tables(*self._data))))
