"""The instructor's screen: every learner of the room by lessons, who looks stuck, live.

It reads the room (``tutorial.instructor.room``) in a thread every few seconds and never
writes a progress file. Sorting: ``s`` cycles through the columns, ``v`` reverses, or click
a column header (again to reverse). ``t`` shows only the learners who look stuck, ``r``
reads now. The line under the table tells more about the highlighted learner.

Right-to-left: labels go through ``display.line`` and names through ``display.cell``; when
the app itself reorders (bidi ``app`` mode) the columns are mirrored, so the table reads
from the right as the language does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Static

from tutorial.i18n import N_, _, format_number, localize_digits, ngettext
from tutorial.instructor import labels
from tutorial.instructor.room import SORT_KEYS, Learner, Room, sorted_learners
from tutorial.tui import display
from tutorial.tui.widgets.key_footer import KeyFooter

STATUS_STYLE = {"done": "bold green", "in_progress": "bold yellow", "new": "dim"}
STUCK_STYLE = "bold red"
PROBLEM_STYLE = "bold magenta"

#: Column key -> (heading, sort key). Lesson columns are added per lesson (``lesson:<id>``).
HEADINGS: dict[str, str] = {
    "learner": N_("Learner"),
    "current": N_("Now at"),
    "done": N_("Done"),
    "attempts": N_("Commands"),
    "failed": N_("Failed"),
    "hints": N_("Hints"),
    "since_success": N_("Since success"),
    "stuck": N_("Stuck?"),
}
SORT_NAMES: dict[str, str] = {**HEADINGS, "stuck": N_("stuck first")}


class InstructorScreen(Screen[None]):
    """``InstructorScreen(load, titles, interval)``: ``load()`` reads the room (called in a
    thread); ``titles`` maps lesson ids to titles in the current language."""

    DEFAULT_CSS = """
    InstructorScreen { layout: vertical; }
    #room-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    #room-summary { height: auto; padding: 0 1; }
    #room-table { height: 1fr; }
    #room-details { height: auto; max-height: 6; padding: 0 1;
                    border-top: solid $primary 30%; }
    """

    BINDINGS = [
        Binding("s", "next_sort", N_("Sort")),
        Binding("v", "reverse", N_("Reverse order")),
        Binding("t", "only_stuck", N_("Only stuck")),
        Binding("r", "reload", N_("Refresh")),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def __init__(self, load: Callable[[], Room], titles: dict[str, str] | None = None,
                 interval: float = 3.0) -> None:
        super().__init__()
        self._load = load
        self.titles = titles or {}
        self.interval = interval
        self.room: Room | None = None
        self.error: str | None = None
        self.sort_by = "stuck"
        self.reverse = False
        self.only_stuck = False
        self.loads = 0  # rooms read so far (tests wait on it)
        self._shown: list[Learner] = []
        self._columns: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(id="room-title")
        yield Static(id="room-summary")
        table: DataTable[Any] = DataTable(id="room-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="room-details")
        yield KeyFooter()

    def on_mount(self) -> None:
        display.follow(self, self.render_room)
        self.query_one("#room-title", Static).update(Text.assemble(
            ("alembic-tutorial", "bold"), "  ", display.line(_("Instructor view"))))
        self.query_one("#room-summary", Static).update(display.line(_("Reading the room…")))
        self.query_one(DataTable).focus()
        self.reload()
        if self.interval > 0:
            self.set_interval(self.interval, self.reload)

    # -- reading ------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="room", exit_on_error=False)
    def reload(self) -> None:
        try:
            room, error = self._load(), None
        except Exception as exc:  # noqa: BLE001 - shown on the screen, the view keeps going
            room, error = None, f"{type(exc).__name__}: {exc}"
        self.app.call_from_thread(self._loaded, room, error)

    def _loaded(self, room: Room | None, error: str | None) -> None:
        if room is not None:
            self.room = room
        self.error = error
        self.loads += 1
        self.render_room()

    def action_reload(self) -> None:
        self.reload()

    # -- sorting and filtering ----------------------------------------------------------------
    def sort(self, by: str, reverse: bool | None = None) -> None:
        if by == self.sort_by and reverse is None:
            self.reverse = not self.reverse
        else:
            self.sort_by, self.reverse = by, bool(reverse)
        self.render_room()

    def action_next_sort(self) -> None:
        keys = list(SORT_KEYS)
        at = keys.index(self.sort_by) if self.sort_by in keys else -1
        self.sort(keys[(at + 1) % len(keys)], reverse=False)

    def action_reverse(self) -> None:
        self.reverse = not self.reverse
        self.render_room()

    def action_only_stuck(self) -> None:
        self.only_stuck = not self.only_stuck
        self.render_room()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        key = str(event.column_key.value)
        if key in SORT_KEYS or key.startswith("lesson:"):
            self.sort(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._details()

    # -- drawing ------------------------------------------------------------------------------
    def shown(self) -> list[Learner]:
        """The learners in the table, in its order (what the instructor sees)."""
        return list(self._shown)

    def render_room(self) -> None:
        room = self.room
        table: DataTable[Any] = self.query_one(DataTable)
        self._summary()
        if room is None:
            return
        columns = self._column_keys(room)
        if columns != self._columns:
            table.clear(columns=True)
            for key in columns:
                table.add_column(self._heading(key, room), key=key)
            self._columns = columns
        highlighted = self._highlighted_key()
        first = not self._shown
        scroll = (table.scroll_x, table.scroll_y)
        learners = sorted_learners(room, self.sort_by, self.reverse)
        if self.only_stuck:
            learners = [x for x in learners if x.stuck or x.problem]
        self._shown = learners
        table.clear()
        for learner in learners:
            cells = self._cells(learner, room)
            table.add_row(*(cells[key] for key in columns), key=learner.key)
        if highlighted is not None and any(x.key == highlighted for x in learners):
            table.move_cursor(row=table.get_row_index(highlighted), scroll=False)
        # ``clear`` scrolled to the top left: a refresh must not move what the instructor
        # looks at. Mirrored columns start at the right end when the table is wider.
        if first and display.current().reorder:
            table.call_after_refresh(lambda: table.scroll_to(x=table.max_scroll_x,
                                                             animate=False))
        elif scroll != (0, 0):
            table.call_after_refresh(lambda: table.scroll_to(x=scroll[0], y=scroll[1],
                                                             animate=False))
        self._details()
        self.query_one(KeyFooter).relabel()

    def _column_keys(self, room: Room) -> list[str]:
        keys = ["learner", "current", "done", *(f"lesson:{lid}" for lid in room.lessons),
                "attempts", "failed", "hints", "since_success", "stuck"]
        return keys[::-1] if display.current().reorder else keys

    def _heading(self, key: str, room: Room) -> Text:
        if key.startswith("lesson:"):
            index = room.lessons.index(key[len("lesson:"):]) + 1
            return Text(format_number(index), justify="center")
        return Text(display.line(_(HEADINGS[key])))

    def _cells(self, learner: Learner, room: Room) -> dict[str, Any]:
        name = Text(display.cell(learner.key, 24), style="bold" if learner.stuck else "")
        if learner.problem:
            cells: dict[str, Any] = {key: Text("") for key in self._columns}
            cells["learner"] = name
            cells["current"] = Text("!! " + display.line(labels.problem(learner.problem)),
                                    style=PROBLEM_STYLE)
            cells["stuck"] = Text("!!", style=PROBLEM_STYLE)
            return cells
        total = len(room.lessons)
        cells = {
            "learner": name,
            "current": Text(self._lesson_label(learner.current)),
            "done": Text(f"{format_number(learner.done)}/{format_number(total)}"),
            "attempts": Text(labels.count(learner.attempts), justify="right"),
            "failed": Text(labels.count(learner.failed), justify="right",
                           style=STUCK_STYLE if "failed" in learner.stuck else ""),
            "hints": Text(labels.count(learner.hints), justify="right",
                          style=STUCK_STYLE if "hints" in learner.stuck else ""),
            "since_success": Text(display.line(labels.duration(learner.since_success)),
                                  justify="right",
                                  style=STUCK_STYLE if "slow" in learner.stuck else ""),
            "stuck": Text("⚠ " + display.line(labels.reasons(learner.stuck)), style=STUCK_STYLE)
            if learner.stuck else Text(""),
        }
        here = "◀" if display.current().reorder else "▶"
        for lid, status in learner.statuses.items():
            current = lid == learner.current and status != "done"
            cells[f"lesson:{lid}"] = Text(here if current else labels.mark(status),
                                          style=("reverse " if current else "")
                                          + STATUS_STYLE.get(status, ""), justify="center")
        return cells

    def _lesson_label(self, lesson_id: str | None) -> str:
        if not lesson_id:
            return labels.NONE
        room = self.room
        number = room.lessons.index(lesson_id) + 1 if room and lesson_id in room.lessons else 0
        title = self.titles.get(lesson_id, lesson_id)
        label = f"{format_number(number)}. {title}" if number else title
        return display.cell(label, 28)

    def _summary(self) -> None:
        room = self.room
        summary = self.query_one("#room-summary", Static)
        if room is None:
            if self.error:
                summary.update(Text(display.line(self.error), style=PROBLEM_STYLE))
            return
        learners = [x for x in room.learners if not x.problem]
        parts = [ngettext("{count} learner", "{count} learners", len(learners)).format(
            count=format_number(len(learners)))]
        parts.append(ngettext("{count} looks stuck", "{count} look stuck",
                              room.stuck_count).format(count=format_number(room.stuck_count)))
        if room.problem_count:
            parts.append(ngettext("{count} progress file unreadable",
                                  "{count} progress files unreadable", room.problem_count)
                         .format(count=format_number(room.problem_count)))
        if self.sort_by.startswith("lesson:"):
            column = format_number(room.lessons.index(self.sort_by[len("lesson:"):]) + 1)
        else:
            column = _(SORT_NAMES[self.sort_by])
        order = _("sorted by {column}").format(column=column)
        if self.reverse:
            order += " ↑"
        parts.append(order)
        if self.only_stuck:
            parts.append(_("only stuck learners"))
        parts.append(_("read at {time}").format(
            time=localize_digits(room.at.astimezone().strftime("%H:%M:%S"))))
        text = Text(display.line(" · ".join(parts)))
        if not learners and not room.problem_count:
            text = Text(display.line(_("No learner has progress here yet.")), style="dim")
        if self.error:
            text.append("  " + display.line(self.error), style=PROBLEM_STYLE)
        summary.update(text)

    def _highlighted_key(self) -> str | None:
        table: DataTable[Any] = self.query_one(DataTable)
        if not self._shown or table.cursor_row < 0 or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row].key

    def highlighted(self) -> Learner | None:
        key = self._highlighted_key()
        return next((x for x in self._shown if x.key == key), None)

    def _details(self) -> None:
        details = self.query_one("#room-details", Static)
        learner = self.highlighted()
        if learner is None:
            details.update("")
            return
        if learner.problem:
            details.update(display.block(learner.problem_message or ""))
            return
        total = len(self.room.lessons) if self.room else 0
        lines = [ngettext("{learner}: {done} of {total} lesson done",
                          "{learner}: {done} of {total} lessons done", total).format(
            learner=learner.key, done=format_number(learner.done), total=format_number(total))]
        if learner.current:
            lines.append(_("Now at {lesson}: {attempts} commands, {failed} failed, {hints} "
                           "hints.").format(
                lesson=self._lesson_label(learner.current),
                attempts=labels.count(learner.attempts), failed=labels.count(learner.failed),
                hints=labels.count(learner.hints)))
        if learner.since_success is None:
            lines.append(_("No success yet."))
        else:
            lines.append(_("Last success {duration} ago.").format(
                duration=labels.duration(learner.since_success)))
        if learner.solution_shown:
            lines.append(_("They asked to see the solution."))
        if learner.stuck:
            lines.append(_("Looks stuck: {reasons}.").format(
                reasons=labels.reasons(learner.stuck)))
        details.update(display.block("\n".join(lines)))
