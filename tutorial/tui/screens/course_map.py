"""The course map: chapters and lessons with their status, overall progress, continue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from tutorial.i18n import N_, _, format_number, ngettext
from tutorial.progress.model import status_label
from tutorial.tui import display
from tutorial.tui.widgets.key_footer import KeyFooter
from tutorial.tui.widgets.lesson_list import (
    STATUS,
    LessonList,
    free_play_lessons,
)

if TYPE_CHECKING:
    from tutorial.tui.app import TutorialApp

WIDE = 100


class MapScreen(Screen[None]):
    DEFAULT_CSS = """
    MapScreen { layout: vertical; }
    #map-title { height: 1; padding: 0 1; background: $panel; text-style: bold; }
    #map-progress-row { height: 1; padding: 0 1; margin: 1 0 0 0; }
    #map-progress-row ProgressBar { width: auto; margin: 0 2 0 0; }
    #map-progress-row Bar { width: 30; }
    #map-progress-label { width: 1fr; }
    #map-continue { height: auto; padding: 0 1; margin: 0 0 1 0; color: $accent; }
    #map-body { height: 1fr; }
    #map-details { width: 44; height: 1fr; padding: 0 1; border: round $primary 30%;
                   display: none; }
    MapScreen.-wide #map-details { display: block; }
    #map-message { height: auto; padding: 0 1; color: $error; display: none; }
    """

    BINDINGS = [
        Binding("c", "continue", N_("Continue")),
        Binding("f", "free_play", N_("Free play")),
        Binding("s", "app.settings", N_("Settings")),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def compose(self) -> ComposeResult:
        yield Static(id="map-title")
        with Horizontal(id="map-progress-row"):
            yield ProgressBar(total=1, show_eta=False, show_percentage=False,
                              id="map-progress")
            yield Static(id="map-progress-label")
        yield Static(id="map-continue")
        yield Static(id="map-message")
        with Horizontal(id="map-body"):
            yield LessonList(id="map-lessons")
            with Vertical(id="map-details"):
                yield Static(id="map-details-body")
        yield KeyFooter()

    @property
    def tutorial(self) -> TutorialApp:
        return self.app  # type: ignore[return-value]

    def on_mount(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")
        display.follow(self, self.relabel)
        self.relabel()
        self.query_one(LessonList).focus()

    def on_resize(self) -> None:
        self.set_class(self.app.size.width >= WIDE, "-wide")

    def on_screen_resume(self) -> None:
        if self._stale:
            self.relabel()
        if self.tutorial.course is not None:
            self.tutorial.refresh_statuses()

    # -- content ------------------------------------------------------------------------------
    _stale = False

    def _covered(self) -> bool:
        """True when a full screen (a lesson) hides this one; a modal does not."""
        stack = self.app.screen_stack
        if self not in stack:
            return False
        return any(not screen.is_modal for screen in stack[stack.index(self) + 1:])

    def relabel(self) -> None:
        """Re-render every text (language switch, new statuses); a map under a lesson waits
        until it is shown again."""
        if self._covered():
            self._stale = True
            return
        self._stale = False
        app = self.tutorial
        lang = app.settings.lang
        body = self.query_one("#map-body")
        display.arrange(body, [self.query_one(LessonList), self.query_one("#map-details")])
        row = self.query_one("#map-progress-row")
        display.arrange(row, [self.query_one("#map-progress"),
                              self.query_one("#map-progress-label")])
        self.query_one("#map-title", Static).update(Text.assemble(
            ("alembic-tutorial", "bold"), "  ",
            (display.line(_("Learn database migrations with Alembic by doing them")), "")))
        message = self.query_one("#map-message", Static)
        message.display = bool(app.course_error)
        if app.course_error:
            message.update(display.block(app.course_error))
        lessons = self.query_one(LessonList)
        course = app.course
        if course is None:
            lessons.set_options([_loading_option()])
            self.query_one("#map-progress-label", Static).update(
                display.line(_("Loading the course…") if not app.course_error else ""))
            self.query_one("#map-continue", Static).update("")
            self._details(None)
            self.query_one(KeyFooter).relabel()
            return
        lessons.show(course, app.statuses, lang)
        counted = [lesson for lesson in course.ordered() if not lesson.free_play]
        done = sum(1 for lesson in counted if app.statuses.get(lesson.id) == "done")
        bar = self.query_one("#map-progress", ProgressBar)
        bar.update(total=max(1, len(counted)), progress=done)
        self.query_one("#map-progress-label", Static).update(display.line(ngettext(
            "{done} of {total} lesson done", "{done} of {total} lessons done", len(counted))
            .format(done=format_number(done), total=format_number(len(counted)))))
        target = app.continue_target()
        if target:
            title = course.lessons[target].title(lang)
            self.query_one("#map-continue", Static).update(Text.assemble(
                ("▶ ", "bold"), display.line(_("Continue: {title} (press c)").format(
                    title=title))))
        else:
            self.query_one("#map-continue", Static).update("")
        self._details(lessons.highlighted_option.id if lessons.highlighted_option else None)
        self.query_one(KeyFooter).relabel()
        self.refresh_bindings()

    def _details(self, lesson_id: str | None) -> None:
        body = self.query_one("#map-details-body", Static)
        course = self.tutorial.course
        if course is None or lesson_id is None or lesson_id not in course.lessons:
            body.update("")
            return
        lang = self.tutorial.settings.lang
        lesson = course.lessons[lesson_id]
        text = lesson.text(lang)
        side = "right" if display.current().reorder else "left"
        parts: list[Any] = [Text(display.line(text.title), style="bold", justify=side),
                            Text("")]
        if lesson.free_play:
            parts.append(display.block(_("Free play: a sandbox with no goal. Try any command; "
                                         "undo and reset work as in the lessons.")))
        else:
            state = self.tutorial.statuses.get(lesson_id, "new")
            mark, style = STATUS.get(state, STATUS["new"])
            label = display.line(status_label(state))
            # The mark leads the word on the reading side: right of it in right-to-left.
            status = Text.assemble((label + " " + mark, style)) if side == "right" \
                else Text.assemble((mark + " " + label, style))
            status.justify = side
            parts.append(status)
            parts.append(Text(""))
            parts.append(Text(display.line(_("Goal")), style="bold underline", justify=side))
            parts.append(display.block(text.goal))
            parts.append(Text(""))
            parts.append(Text(display.line(ngettext("{count} hint", "{count} hints",
                                                    len(text.hints)).format(
                count=format_number(len(text.hints)))), style="dim", justify=side))
        body.update(Group(*parts))

    # -- events -------------------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._details(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id and not event.option.id.startswith("chapter:"):
            self.tutorial.open_lesson(event.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        course = self.tutorial.course
        if action == "free_play":
            return bool(course and free_play_lessons(course))
        if action == "continue":
            return course is not None
        return True

    def action_continue(self) -> None:
        target = self.tutorial.continue_target()
        if target:
            self.tutorial.open_lesson(target)

    def action_free_play(self) -> None:
        course = self.tutorial.course
        if course is None:
            return
        ids = free_play_lessons(course)
        if ids:
            self.tutorial.open_lesson("sandbox" if "sandbox" in ids else ids[0])


def _loading_option() -> Option:
    return Option(Text(display.line(_("Loading the course…")), style="dim"), disabled=True)
