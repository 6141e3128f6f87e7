"""The course map's list: chapters as headings, lessons with their status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tutorial.i18n import N_, _, format_number
from tutorial.progress.model import status_label
from tutorial.text.bidi import has_rtl, to_visual
from tutorial.tui import display

if TYPE_CHECKING:
    from tutorial.lessons.model import Course

#: Mark and style of each lesson state (the words: ``progress.model.status_label``).
STATUS = {
    "done": ("✓", "bold green"),
    "in_progress": ("◐", "bold yellow"),
    "new": ("○", "dim"),
}
FREE_PLAY = ("✦", "bold magenta")


def _heading(text: str, side: str) -> Table:
    """A chapter heading on the reading side: an option's own ``justify`` is not honoured
    by the list, a one-column grid that fills the width is. In a right-to-left interface the
    heading belongs on the right even when the chapter's name is Latin ("SQLite")."""
    line = display.line(text)
    if side == "right" and not has_rtl(text):
        line = to_visual(text, "R")
    grid = Table.grid(expand=True)
    grid.add_column(justify=side, ratio=1)
    grid.add_row(Text(line, style="bold underline"))
    return grid


def free_play_lessons(course: Course) -> list[str]:
    return [lesson_id for lesson_id, lesson in course.lessons.items() if lesson.free_play]


class LessonList(OptionList):
    """Options are lesson ids; chapter headings are disabled options."""

    BINDINGS = [Binding("enter", "select", N_("Open"))]

    DEFAULT_CSS = """
    LessonList { height: 1fr; border: round $primary 40%; padding: 0 1; }
    LessonList:focus { border: round $primary; }
    """

    def show(self, course: Course, statuses: dict[str, str], lang: str) -> None:
        keep = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option] = []
        listed: set[str] = set()
        side = "right" if display.current().reorder else "left"
        for number, chapter in enumerate(course.chapters, start=1):
            options.append(Option(_heading(f"{format_number(number)}. {chapter.title(lang)}",
                                           side),
                                  id=f"chapter:{chapter.id}", disabled=True))
            for lesson_id in chapter.lessons:
                if lesson_id in course.lessons:
                    options.append(self._lesson_option(course, lesson_id, statuses, lang))
                    listed.add(lesson_id)
        extra = [i for i in free_play_lessons(course) if i not in listed]
        if extra:
            options.append(Option(_heading(_("Free play"), side),
                                  id="chapter:free-play", disabled=True))
            options.extend(self._lesson_option(course, i, statuses, lang) for i in extra)
        self.set_options(options)
        ids = [o.id for o in options]
        if keep in ids:
            self.highlighted = ids.index(keep)
        else:
            self.highlighted = next((i for i, o in enumerate(options) if not o.disabled), None)

    def _lesson_option(self, course: Course, lesson_id: str, statuses: dict[str, str],
                       lang: str) -> Option:
        lesson = course.lessons[lesson_id]
        if lesson.free_play:
            (mark, style), word = FREE_PLAY, _("free play")
        else:
            status = statuses.get(lesson_id, "new")
            (mark, style), word = STATUS.get(status, STATUS["new"]), status_label(status)
        minutes = "" if lesson.free_play else _("{minutes} min").format(
            minutes=format_number(lesson.minutes))
        cells = [Text(mark, style=style), Text(display.line(lesson.title(lang))),
                 Text(display.line(f"{word}  {minutes}".strip()), style=style)]
        row = Table.grid(expand=True, padding=(0, 1))
        if display.current().reorder:  # right-to-left: the same row, mirrored
            row.add_column(no_wrap=True)
            row.add_column(ratio=1, no_wrap=True, overflow="ellipsis", justify="right")
            row.add_column(width=1, no_wrap=True)
            cells.reverse()
        else:
            row.add_column(width=1, no_wrap=True)
            row.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
            row.add_column(justify="right", no_wrap=True)
        row.add_row(*cells)
        return Option(row, id=lesson_id)
