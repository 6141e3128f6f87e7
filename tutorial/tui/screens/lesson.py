"""The lesson screen: explanation, console, editor and the result of every command.

Layout: below ``WIDE`` columns every pane is a tab above the console (80x24 works); from
``WIDE`` on, the lesson and the editor sit on the left above the console and the results on
the right. Crossing the breakpoint re-composes the screen; everything shown lives in
``self.view`` (and the console's transcript and history in lists the screen owns), so the
new widgets show the same thing.

Every engine call runs in a thread worker (:meth:`_engine_call`); results come back through
``call_from_thread``. While one runs, ``busy`` is set and the console refuses new commands,
but the UI keeps responding (tabs, editor, scrolling, settings).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import TabbedContent, TabPane

from tutorial.i18n import N_, _, format_number, ngettext, pgettext
from tutorial.tui import display
from tutorial.tui.graph_layout import order_revisions
from tutorial.tui.screens.confirm import ask
from tutorial.tui.widgets.before_after import BeforeAfter
from tutorial.tui.widgets.console import Console
from tutorial.tui.widgets.error_pane import ErrorPane
from tutorial.tui.widgets.goal_check import GoalCheck, summary
from tutorial.tui.widgets.key_footer import KeyFooter
from tutorial.tui.widgets.lazy_pane import LazyPane
from tutorial.tui.widgets.lesson_status import LessonStatus
from tutorial.tui.widgets.prose import Prose
from tutorial.tui.widgets.revision_graph import RevisionGraph
from tutorial.tui.widgets.safety_report import SafetyReport
from tutorial.tui.widgets.sandbox_editor import SandboxEditor
from tutorial.tui.widgets.sql_pane import SqlPane

if TYPE_CHECKING:
    from tutorial.lessons.model import Lesson
    from tutorial.tui.app import TutorialApp

WIDE = 110
#: Tabs: (pane id, label to translate). The first two sit on the left when wide.
LEFT_TABS = (("tab-lesson", N_("Lesson")), ("tab-files", N_("Files")))
RIGHT_TABS = (("tab-tables", N_("Tables")), ("tab-sql", N_("SQL")), ("tab-graph", N_("Graph")),
              ("tab-error", N_("Error")), ("tab-safety", N_("Safety")), ("tab-goal", N_("Goal")))


def scan_files(project: Path) -> dict[str, float]:
    """mtime of each learner Python file (watch mode); cheap enough for a 1 s timer."""
    found: dict[str, float] = {}
    for folder, prefix in ((project, ""), (project / "versions", "versions/")):
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.name.endswith(".py") and entry.is_file():
                        found[prefix + entry.name] = entry.stat().st_mtime_ns
        except OSError:
            continue
    return found


def version_order(graph: dict[str, Any] | None) -> list[str]:
    """versions/ files oldest first, as the graph orders them (for the file list)."""
    if not graph:
        return []
    return [r["file"] for r in reversed(order_revisions(graph.get("revisions") or []))
            if r.get("file")]


class LessonScreen(Screen[None]):
    DEFAULT_CSS = """
    LessonScreen { layout: vertical; }
    LessonScreen #lesson-main { height: 1fr; }
    LessonScreen #lesson-left { width: 1fr; }
    LessonScreen.-editing #lesson-left { width: 3fr; }
    LessonScreen.-editing #right-tabs { width: 2fr; }
    LessonScreen.-editing #editor-files { width: 22; }
    LessonScreen #right-tabs { width: 1fr; border-left: vkey $primary 30%; }
    LessonScreen TabbedContent { height: 1fr; }
    LessonScreen TabbedContent > ContentSwitcher { height: 1fr; }
    LessonScreen TabPane { height: 1fr; padding: 0; }
    LessonScreen Console { height: 8; }
    LessonScreen.-wide Console { height: 14; }
    LessonScreen.-tall Console { height: 16; }
    """

    BINDINGS = [
        Binding("ctrl+g", "hint", N_("Hint")),
        Binding("ctrl+z", "undo", N_("Undo")),
        Binding("ctrl+r", "reset", N_("Reset")),
        Binding("ctrl+o", "solution", N_("Solution")),
        Binding("ctrl+n", "next_lesson", N_("Next")),
        Binding("ctrl+f", "focus_editor", N_("Editor")),
        Binding("ctrl+l", "focus_console", N_("Console")),
        Binding("ctrl+t", "next_pane", N_("Pane")),
        Binding("ctrl+p", "app.settings", N_("Settings")),
        Binding("escape", "back", N_("Map")),
    ]

    busy: reactive[str] = reactive("")

    def __init__(self, lesson: Lesson) -> None:
        super().__init__()
        self.lesson = lesson
        self.lesson_id = lesson.id
        self.project: Path | None = None
        self.start_facts: dict[str, Any] = {}
        self.backend = "sqlite"
        self.wide = False
        self.transcript: list[Any] = []
        self.history: list[str] = []
        self.hints: list[int] = []
        self.view: dict[str, Any] = {"tables": None, "sql": None, "graph": None, "error": None,
                                     "check": None, "prose": "", "safety": None}
        self.mtimes: dict[str, float] = {}
        self.active_tabs: dict[str, str] = {}
        self.tab_groups: dict[str, list[str]] = {}
        self._editor_state: dict[str, Any] | None = None
        self._goal_was_passed = False

    @property
    def tutorial(self) -> TutorialApp:
        return self.app  # type: ignore[return-value]

    # -- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        self.wide = self._is_wide()
        self.set_class(self.wide, "-wide")
        yield LessonStatus(id="lesson-status")
        right = [t for t in RIGHT_TABS if not (t[0] == "tab-goal" and self.lesson.free_play)]
        if self.wide:
            self.tab_groups = {"left-tabs": [t[0] for t in LEFT_TABS],
                               "right-tabs": [t[0] for t in right]}
        else:
            self.tab_groups = {"all-tabs": [t[0] for t in LEFT_TABS + tuple(right)]}
        if self.wide:
            with Horizontal(id="lesson-main"):
                with Vertical(id="lesson-left"):
                    with TabbedContent(id="left-tabs"):
                        yield from self._panes(LEFT_TABS)
                    yield Console(self.transcript, self.history, id="console")
                with TabbedContent(id="right-tabs"):
                    yield from self._panes(tuple(right))
        else:
            with Vertical(id="lesson-main"), TabbedContent(id="all-tabs"):
                yield from self._panes(LEFT_TABS + tuple(right))
            yield Console(self.transcript, self.history, id="console")
        yield KeyFooter()

    def _panes(self, tabs: tuple[tuple[str, str], ...]) -> ComposeResult:
        makers: dict[str, Callable[[], Any]] = {
            "tab-lesson": lambda: Prose(id="prose"),
            "tab-files": lambda: SandboxEditor(id="editor"),
            "tab-tables": lambda: BeforeAfter(id="tables"),
            "tab-sql": lambda: SqlPane(id="sql"),
            "tab-graph": lambda: RevisionGraph(id="graph"),
            "tab-error": lambda: ErrorPane(id="error"),
            "tab-safety": lambda: SafetyReport(id="safety"),
            "tab-goal": lambda: GoalCheck(id="goal"),
        }
        for pane_id, label in tabs:
            with TabPane(display.line(_(label)), id=pane_id):
                yield makers[pane_id]()

    def _is_wide(self) -> bool:
        return self.app.size.width >= WIDE

    def on_mount(self) -> None:
        self.set_class(self.app.size.height >= 48, "-tall")
        self.backend = self.tutorial.settings.backend
        display.follow(self, self.relabel)
        self._show_all()
        self.relabel()
        self.console.focus_input()
        self._open()
        self.set_interval(self.tutorial.watch_interval, self._poll_files, name="watch")

    async def on_resize(self) -> None:
        self.set_class(self.app.size.height >= 48, "-tall")
        if self._is_wide() == self.wide:
            return
        self._remember_layout()
        await self.recompose()
        self._show_all()
        self.relabel()
        self.watch_busy(self.busy)  # the new console and status line learn what is running
        self.console.focus_input()

    def _remember_layout(self) -> None:
        for tabs in self.query(TabbedContent):
            if tabs.active:
                self.active_tabs[tabs.id or ""] = tabs.active
        self._editor_state = self.editor.state() if self.editor.is_mounted else None

    @property
    def console(self) -> Console:
        return self.query_one(Console)

    @property
    def editor(self) -> SandboxEditor:
        return self.query_one(SandboxEditor)

    # -- rendering ----------------------------------------------------------------------------
    def relabel(self) -> None:
        """Re-render every text in the current language (same screen, same place)."""
        lang = self.tutorial.settings.lang
        text = self.lesson.text(lang)
        status = self.query_one(LessonStatus)
        course = self.tutorial.course
        chapter = next((c for c in course.chapters if c.id == self.lesson.chapter), None) \
            if course else None
        status.chapter = chapter.title(lang) if chapter else ""
        status.title = text.title
        status.backend = self.backend
        if self.wide:
            display.arrange(self.query_one("#lesson-main"),
                            [self.query_one("#lesson-left"), self.query_one("#right-tabs")])
        self._show_goal_summary()
        self._label_tabs()
        if self.start_facts or self.view["prose"]:
            self.view["prose"] = self._render_prose(lang)
        self.query_one(Prose).show(self.view["prose"], text.lang, text.goal)
        self._show_hints()
        self.query_one(KeyFooter).relabel()

    def language_changed(self) -> None:
        """After a language switch (``relabel`` has run): the check messages come from the
        engine in the language of the moment, so ask again."""
        if self.project is None:
            return
        self.refresh_safety()
        if not self.lesson.free_play and not self.busy:
            self._recheck()

    def backend_changed(self) -> None:
        """The app switched the database: this lesson's own sandbox on the new backend."""
        backend = self.tutorial.settings.backend
        self.backend = backend
        if backend not in self.lesson.backends:
            self.console.message(_("This lesson runs on {backends} only.").format(
                backends=", ".join(self.lesson.backends)), style="bold yellow")
            return
        self.project = None
        self.mtimes = {}
        self.hints.clear()
        self.view.update({"tables": None, "sql": None, "graph": None, "error": None,
                          "check": None, "safety": None})
        self._goal_was_passed = False
        self.console.message(_("Now on {backend}: this lesson's sandbox there.").format(
            backend=backend), style="bold cyan")
        self._show_all()
        self.relabel()
        self._open()

    def _label_tabs(self) -> None:
        findings = self.view["safety"] or []
        for tabs_id, pane_ids in self.tab_groups.items():
            tabs = self.get_widget_by_id(tabs_id, TabbedContent)
            for pane_id, label in LEFT_TABS + RIGHT_TABS:
                if pane_id in pane_ids:
                    text = display.line(_(label))
                    if pane_id == "tab-safety" and findings:
                        text += f" {format_number(len(findings))}"
                    tabs.get_tab(pane_id).label = text

    def _render_prose(self, lang: str) -> str:
        from tutorial.lessons.render import facts, render_safely

        return render_safely(self.lesson, lang, facts(self.start_facts, self.backend, lang))

    def _show_goal_summary(self) -> None:
        status = self.query_one(LessonStatus)
        if self.lesson.free_play:
            status.goal = _("Free play")
            status.goal_passed = False
            return
        status.goal = summary(self.view["check"])
        status.goal_passed = bool(self.view["check"] and self.view["check"].get("passed"))

    def _show_hints(self) -> None:
        hints = self.lesson.text(self.tutorial.settings.lang).hints
        self.query_one(Prose).show_hints(
            [(n, len(hints), hints[n - 1]) for n in self.hints if 0 < n <= len(hints)])

    def _show_all(self) -> None:
        """Push everything in ``self.view`` into the (possibly new) widgets."""
        view = self.view
        if view["tables"] is not None:
            self.query_one(BeforeAfter).show(*view["tables"])
        else:
            self.query_one(BeforeAfter).reset()
        if view["sql"] is not None:
            self.query_one(SqlPane).show(*view["sql"])
        else:
            self.query_one(SqlPane).reset()
        self.query_one(RevisionGraph).show(view["graph"])
        self.query_one(ErrorPane).show(*(view["error"] or (None, "")))
        self.query_one(SafetyReport).show(view["safety"])
        if not self.lesson.free_play:
            self.query_one(GoalCheck).show(view["check"], self.lesson.text(
                self.tutorial.settings.lang).goal)
        if self.project is not None:
            self.editor.set_files(self.project, version_order(view["graph"]))
            if self._editor_state:
                self.editor.restore(self._editor_state)
                self._editor_state = None
        for tabs_id, pane_ids in self.tab_groups.items():
            wanted = self.active_tabs.get(tabs_id)
            if wanted in pane_ids:
                self.get_widget_by_id(tabs_id, TabbedContent).active = wanted
        if view["graph"]:
            self.console.set_revisions([r["id"] for r in view["graph"].get("revisions", [])])

    def show_tab(self, pane_id: str) -> None:
        for tabs_id, pane_ids in self.tab_groups.items():
            if pane_id in pane_ids:
                tabs = self.get_widget_by_id(tabs_id, TabbedContent)
                if tabs.active != pane_id:
                    tabs.active = pane_id
                return

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        """A pane that got data while hidden renders now; the editor gets more room."""
        if event.tabbed_content.id == "left-tabs":
            self.set_class(event.pane.id == "tab-files", "-editing")
        for widget in event.pane.walk_children():
            if isinstance(widget, LazyPane):  # a mixin: not a CSS type, so no query()
                widget.flush()

    # -- engine calls -------------------------------------------------------------------------
    def watch_busy(self, busy: str) -> None:
        if self.is_mounted:
            self.query_one(LessonStatus).busy = busy
            self.console.busy = bool(busy)

    def _refuse_if_busy(self) -> bool:
        if self.busy:
            self.app.bell()
            self.notify(_("Wait for the running command to finish."), severity="warning")
            return True
        return False

    @work(thread=True, group="engine", exit_on_error=False)
    def _engine_call(self, label: str, job: Callable[[], Any],
                     done: Callable[[Any], None]) -> None:
        """Run ``job`` off the event loop; ``done(result)`` runs back on it. Engine errors
        become one clear line in the console, never a traceback."""
        from tutorial.engine.errors import EngineError

        try:
            result = job()
        except EngineError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - shown as one line, the UI keeps going
            self.app.call_from_thread(self._failed, f"{type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self._finish, done, result)

    def _run_job(self, label: str, job: Callable[[], Any],
                 done: Callable[[Any], None]) -> None:
        self.busy = label
        self._engine_call(label, job, done)

    def _finish(self, done: Callable[[Any], None], result: Any) -> None:
        if self.is_attached:
            done(result)
            # After anything ``done`` deferred to the next frame (see show_result).
            self.call_after_refresh(self._idle)
        else:
            self.busy = ""

    def _idle(self) -> None:
        self.busy = ""

    def _failed(self, message: str) -> None:
        self.busy = ""
        if not self.is_attached:
            return
        line = (message.strip().splitlines() or [""])[0]
        self.console.write(Text("✗ " + line, style="bold red"))

    # -- opening ------------------------------------------------------------------------------
    def _open(self) -> None:
        link = self.tutorial.link
        lesson_id = self.lesson_id
        free_play = self.lesson.free_play

        def job() -> dict[str, Any]:
            from tutorial.engine import layout

            start = link.start(lesson_id)
            project = Path(start["folder"])
            paths = link.engine.paths(lesson_id)
            facts = layout.read_json(paths.start_file, {})
            # Hints asked for in an earlier session are shown again (the engine counts them).
            hints = link.engine.hints_shown(lesson_id)
            commands = link.call("commands", lesson_id)
            # The checks' messages would tell the story before the learner has looked (e.g.
            # which revision does not round-trip): they appear after the first command or save.
            check = None if free_play or not commands else link.call("check", lesson_id)
            data = {"project": project, "facts": facts, "created": start["created"],
                    "hints": hints,
                    "graph": link.call("graph", lesson_id),
                    "snapshot": link.call("snapshot", lesson_id),
                    "commands": commands, "check": check,
                    "mtimes": scan_files(project)}
            return data

        self._run_job(_("Preparing the sandbox…"), job, self._opened)

    def _opened(self, data: dict[str, Any]) -> None:
        self.project = data["project"]
        self.start_facts = data["facts"]
        self.hints = list(range(1, data.get("hints", 0) + 1))
        self.mtimes = data["mtimes"]
        for command in data["commands"]:
            self.console.input.remember(command)
        self.view["graph"] = data["graph"]
        self.view["tables"] = (None, data["snapshot"], None)
        self.view["check"] = data["check"]
        self._goal_was_passed = bool(data["check"] and data["check"].get("passed"))
        self._show_all()
        self.relabel()
        self.refresh_safety()
        if not self.transcript:
            self.console.message(_("Type a command and press enter; tab completes, up and down "
                                   "recall earlier commands."), style="dim")
        self.call_after_refresh(self.tutorial.settle_memory)

    # -- commands -----------------------------------------------------------------------------
    def on_console_command(self, event: Console.Command) -> None:
        event.stop()
        if self._refuse_if_busy():
            return
        command = event.command
        self.console.accept(command)
        self.console.echo(command)
        if self.editor.dirty:
            saved = self.editor.save()
            if saved:
                self.console.message(_("Saved {path} before running.").format(path=saved),
                                     style="dim")
        link = self.tutorial.link
        lesson_id = self.lesson_id

        def job() -> dict[str, Any]:
            from tutorial.engine.errors import BadInput

            try:
                result = link.call("run", lesson_id, command)
            except BadInput as exc:
                return {"ok": False, "command": command, "input_error": str(exc)}
            if self.project is not None:
                result["mtimes"] = scan_files(self.project)
            return result

        self._run_job(_("Running {command}").format(command=command), job, self.show_result)

    def show_result(self, result: dict[str, Any]) -> None:
        """Update every pane and the console from one run result.

        The after-table (and the pane the learner should look at) first; the console, the
        graph, the goal check and the file list right after the next frame, so the table is
        on screen as soon as possible.
        """
        if "input_error" in result:
            self.console.write(Text("✗ " + result["input_error"], style="bold red"))
            return
        command = result.get("command", "")
        error = result.get("error")
        diff = result.get("diff") or {}
        files = result.get("files") or {}
        check = None if self.lesson.free_play else result.get("check")
        newly_passed = bool(check and check.get("passed")) and not self._goal_was_passed
        if "mtimes" in result:
            self.mtimes = result["mtimes"]
        if result.get("after") is not None or result.get("before") is not None:
            self.view["tables"] = (result.get("before"), result.get("after"), diff)
            self.query_one(BeforeAfter).show(*self.view["tables"])
        self.view["sql"] = (command, result.get("sql") or [])
        self.query_one(SqlPane).show(*self.view["sql"])
        self.view["error"] = (error, command) if error else None
        self.query_one(ErrorPane).show(error, command)
        if error:
            self.show_tab("tab-error")
        elif any(p.startswith("versions/") and p.endswith(".py")
                 for p in files.get("added", [])):
            self.show_tab("tab-files")
        elif newly_passed:
            self.show_tab("tab-goal")
        elif diff.get("tables"):
            self.show_tab("tab-tables")
        elif command.split()[1:2] in (["history"], ["heads"], ["current"], ["branches"]):
            self.show_tab("tab-graph")
        self.call_after_refresh(self._show_rest, result)

    def _show_rest(self, result: dict[str, Any]) -> None:
        """The console lines, the graph, the goal check and the files of a run result."""
        if not self.is_attached:
            return
        error = result.get("error")
        lines: list[Any] = []
        if result.get("output"):
            lines.append(Text(result["output"].rstrip(), style="dim"))
        if result.get("ok"):
            lines.append(display.block("✓ " + pgettext("command result", "done"), style="green"))
        else:
            message = (error or {}).get("message") or _("the command failed")
            lines.append(Text("✗ " + message, style="bold red"))
            explanation = (error or {}).get("explanation") or {}
            if explanation.get("what"):
                lines.append(display.block(explanation["what"] + "  "
                                           + _("(see the Error pane)"), style="yellow"))
        lost = (result.get("diff") or {}).get("values_lost") or 0
        if lost:
            lines.append(display.block("‼ " + ngettext(
                "DATA LOST: {count} value is gone for good",
                "DATA LOST: {count} values are gone for good", lost).format(
                count=format_number(lost)), style="bold white on red"))
        revision = result.get("revision") or {}
        if revision.get("before") != revision.get("after"):
            lines.append(display.block(_("Database revision: {before} -> {after}").format(
                before=", ".join(revision.get("before") or []) or "base",
                after=", ".join(revision.get("after") or []) or "base"), style="cyan"))
        self.console.write_all(lines)
        if result.get("graph"):
            self._set_graph(result["graph"])
        if result.get("check") is not None:
            self._set_check(result["check"])
        self._files_changed(result.get("files") or {}, announce=False)
        self.refresh_safety()

    def _set_graph(self, graph: dict[str, Any]) -> None:
        self.view["graph"] = graph
        self.query_one(RevisionGraph).show(graph)
        self.console.set_revisions([r["id"] for r in graph.get("revisions", [])])
        if self.project is not None:
            self.editor.set_files(self.project, version_order(graph))

    def _set_check(self, check: dict[str, Any]) -> bool:
        """Show a check result; True if the goal has just been reached."""
        if self.lesson.free_play:
            return False
        self.view["check"] = check
        self.query_one(GoalCheck).show(check)
        self._show_goal_summary()
        passed = bool(check.get("passed"))
        newly = passed and not self._goal_was_passed
        if newly:
            self.console.message("✓ " + _("Goal reached! ctrl+n opens the next lesson."),
                                 style="bold green")
            self.show_tab("tab-goal")
            self.tutorial.lesson_passed(self.lesson_id)
        self._goal_was_passed = passed
        return newly

    def _files_changed(self, files: dict[str, list[str]], announce: bool) -> None:
        """Refresh the file list; open a new revision file; reload changed files."""
        if self.project is None:
            return
        editor = self.editor
        editor.set_files(self.project, version_order(self.view["graph"]))
        added = [p for p in files.get("added", []) if p.endswith(".py")]
        new_versions = [p for p in added if p.startswith("versions/")]
        if new_versions:
            editor.open_file(new_versions[-1])
            self.console.message(_("Opened {path} in the editor (ctrl+f).").format(
                path=new_versions[-1]), style="cyan")
        else:
            editor.reload(files.get("changed", []) + files.get("added", []))
        if announce and (added or files.get("changed") or files.get("removed")):
            names = ", ".join(sorted(set(added + files.get("changed", [])
                                         + files.get("removed", []))))
            self.console.message(_("Files changed on disk: {names}. Checking…").format(
                names=names), style="dim")

    # -- safety report ------------------------------------------------------------------------
    @work(thread=True, group="safety", exclusive=True, exit_on_error=False)
    def refresh_safety(self) -> None:
        """Lint the learner's migrations (off the event loop; fast, but imports the linter)."""
        try:
            findings = self.tutorial.link.safety(self.lesson_id)
        except Exception as exc:  # noqa: BLE001 - a report we cannot make is not an alarm
            findings = [{"file": "versions/", "line": 0, "rule": "lint", "severity": "info",
                         "message": str(exc).splitlines()[0] if str(exc) else repr(exc),
                         "fix": ""}]
        self.app.call_from_thread(self._set_safety, findings)

    def _set_safety(self, findings: list[dict[str, Any]]) -> None:
        if not self.is_attached:
            return
        self.view["safety"] = findings
        self.query_one(SafetyReport).show(findings)
        self._label_tabs()

    # -- watch mode ---------------------------------------------------------------------------
    def _poll_files(self) -> None:
        """Every ~1 s: pick up files changed by the learner's own editor, then check."""
        if self.project is None or self.busy or not self.is_attached:
            return
        now = scan_files(self.project)
        if now == self.mtimes:
            return
        before, self.mtimes = self.mtimes, now
        changes = {
            "added": sorted(now.keys() - before.keys()),
            "changed": sorted(k for k in now.keys() & before.keys() if now[k] != before[k]),
            "removed": sorted(before.keys() - now.keys()),
        }
        self._files_changed(changes, announce=True)
        self._recheck()

    def on_sandbox_editor_saved(self, event: SandboxEditor.Saved) -> None:
        if self.project is not None:
            self.mtimes = scan_files(self.project)
        self.console.message(_("Saved {path}.").format(path=event.path), style="dim")
        if not self.busy:
            self._recheck()

    def _recheck(self) -> None:
        """The graph (a file may be a new revision) and the goal check, after a file change."""
        link = self.tutorial.link
        lesson_id = self.lesson_id
        free_play = self.lesson.free_play

        def job() -> dict[str, Any]:
            return {"graph": link.call("graph", lesson_id),
                    "check": None if free_play else link.call("check", lesson_id)}

        def done(data: dict[str, Any]) -> None:
            self._set_graph(data["graph"])
            if data["check"] is not None:
                self._set_check(data["check"])
            self.refresh_safety()

        self._run_job(_("Checking…"), job, done)

    # -- actions ------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("hint", "solution"):
            return not self.lesson.free_play
        if action == "next_lesson":
            course = self.tutorial.course
            return bool(course and course.next_after(self.lesson_id))
        return True

    def action_hint(self) -> None:
        if self._refuse_if_busy():
            return
        link = self.tutorial.link
        lesson_id = self.lesson_id

        def done(hint: dict[str, Any]) -> None:
            if not hint.get("total"):
                self.console.message(_("This lesson has no hints."), style="yellow")
                return
            if hint["index"] not in self.hints:
                self.hints.append(hint["index"])
            self._show_hints()
            self.show_tab("tab-lesson")
            self.console.message(_("Hint {index} of {total}").format(
                index=format_number(hint["index"]), total=format_number(hint["total"]))
                + ": " + hint["text"], style="yellow")

        self._run_job(_("Hint"), lambda: link.call("hint", lesson_id), done)

    def action_undo(self) -> None:
        if self._refuse_if_busy():
            return
        link = self.tutorial.link
        lesson_id = self.lesson_id

        def job() -> dict[str, Any]:
            from tutorial.engine.errors import BadInput

            try:
                info = link.call("undo", lesson_id)
            except BadInput as exc:
                return {"nothing": str(exc)}
            return {**info, **self._state_job(link, lesson_id)}

        def done(data: dict[str, Any]) -> None:
            if "nothing" in data:
                self.console.message(_("Nothing to undo: no command has run since the lesson "
                                       "started."), style="yellow")
                return
            self.console.message("↶ " + _("Undone: {command}").format(
                command=data["undone"]), style="bold cyan")
            self._state_loaded(data)

        self._run_job(_("Undoing…"), job, done)

    def _state_job(self, link: Any, lesson_id: str) -> dict[str, Any]:
        """Everything a pane shows, read fresh (after undo, reset, solve)."""
        return {"graph": link.call("graph", lesson_id),
                "snapshot": link.call("snapshot", lesson_id),
                "check": None if self.lesson.free_play else link.call("check", lesson_id),
                "mtimes": scan_files(self.project) if self.project else {}}

    def _state_loaded(self, data: dict[str, Any]) -> None:
        before = self.mtimes
        self.mtimes = data["mtimes"]
        self.view["tables"] = (None, data["snapshot"], None)
        self.query_one(BeforeAfter).show(*self.view["tables"])
        self.view["error"] = None
        self.query_one(ErrorPane).show(None)
        self._set_graph(data["graph"])
        if data["check"] is not None:
            self._set_check(data["check"])
        self.refresh_safety()
        now = data["mtimes"]
        self._files_changed({
            "added": [], "removed": [],
            "changed": sorted(k for k in now.keys() | before.keys()
                              if now.get(k) != before.get(k)),
        }, announce=False)

    def action_reset(self) -> None:
        if self._refuse_if_busy():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._reset()

        self.app.push_screen(ask(_("Reset the lesson to its start? The database and the "
                                   "files go back to how the lesson began; your files are "
                                   "first kept as a copy.")), answered)

    def _reset(self) -> None:
        link = self.tutorial.link
        lesson_id = self.lesson_id

        def job() -> dict[str, Any]:
            info = link.call("reset", lesson_id)
            return {**info, **self._state_job(link, lesson_id)}

        def done(data: dict[str, Any]) -> None:
            self.hints.clear()
            self._show_hints()
            self.console.message(_("The lesson is back at its start."), style="bold cyan")
            if data.get("kept"):
                self.console.message(_("Your files were kept in {folder}").format(
                    folder=data["kept"]), style="dim")
            self._goal_was_passed = False
            self.view["sql"] = None
            self._state_loaded(data)
            self.editor.reload()

        self._run_job(_("Resetting…"), job, done)

    def action_solution(self) -> None:
        if self._refuse_if_busy():
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._solve()

        self.app.push_screen(ask(_("Apply the reference solution to your sandbox? Try the "
                                   "hints first: doing it yourself is how it sticks.")),
                             answered)

    def _solve(self) -> None:
        link = self.tutorial.link
        lesson_id = self.lesson_id

        def job() -> dict[str, Any]:
            solved = link.call("solve", lesson_id)
            return {**solved, **self._state_job(link, lesson_id)}

        def done(data: dict[str, Any]) -> None:
            self.console.message(_("The reference solution:"), style="bold")
            for step in data.get("steps", []):
                self.console.write(Text(("  ✓ " if step["ok"] else "  ✗ ") + step["command"],
                                        style="green" if step["ok"] else "red"))
            self._state_loaded(data)
            written = [s["command"][len("write "):] for s in data.get("steps", [])
                       if s["command"].startswith("write versions/")]
            if written:
                self.editor.open_file(written[-1])

        self._run_job(_("Applying the solution…"), job, done)

    def action_next_lesson(self) -> None:
        course = self.tutorial.course
        following = course.next_after(self.lesson_id) if course else None
        if following is None:
            self.notify(_("This is the last lesson."))
            return
        self._save_if_dirty()
        self.tutorial.open_lesson(following.id, replace=True)

    def action_focus_editor(self) -> None:
        self.show_tab("tab-files")
        editor = self.editor
        if editor.current is None and editor.files:
            # The newest revision (the one being written, most likely), else models.py.
            versions = [f for f in editor.files if f.startswith("versions/")]
            editor.open_file(versions[-1] if versions else editor.files[0])
        editor.text_area.focus()

    def action_focus_console(self) -> None:
        self.console.focus_input()

    def action_next_pane(self) -> None:
        tabs_id = "right-tabs" if self.wide else "all-tabs"
        tabs = self.get_widget_by_id(tabs_id, TabbedContent)
        panes = self.tab_groups[tabs_id]
        if panes and tabs.active in panes:
            tabs.active = panes[(panes.index(tabs.active) + 1) % len(panes)]

    def _save_if_dirty(self) -> None:
        if self.project is not None and self.editor.dirty:
            saved = self.editor.save()
            if saved:
                self.notify(_("Saved {path}.").format(path=saved))

    def action_back(self) -> None:
        self._save_if_dirty()
        self.dismiss(None)
