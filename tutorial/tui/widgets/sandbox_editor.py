"""The in-app editor for the sandbox: a file list and a Python editor.

The sandbox is a real folder; this edits its ``models.py``, ``env.py`` and ``versions/*.py``.
Files changed outside (the learner's own editor) are reloaded when the buffer has no unsaved
edits (:meth:`SandboxEditor.reload`).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tutorial.i18n import _
from tutorial.tui import display
from tutorial.tui.widgets.code_editor import CodeEditor


def sandbox_files(project: Path, version_order: list[str] | None = None) -> list[str]:
    """The learner's Python files, relative: models.py, versions oldest first, then env.py."""
    if not project.is_dir():
        return []
    versions = sorted(str(p.relative_to(project)) for p in (project / "versions").glob("*.py"))
    if version_order:
        rank = {path: i for i, path in enumerate(version_order)}
        versions.sort(key=lambda p: (rank.get(p, len(rank)), p))
    top = [n for n in ("models.py",) if (project / n).is_file()]
    rest = sorted(str(p.relative_to(project)) for p in project.glob("*.py")
                  if p.name not in ("models.py", "env.py"))
    tail = ["env.py"] if (project / "env.py").is_file() else []
    return top + versions + rest + tail


class SandboxEditor(Widget):
    """File list + editor. Posts ``Saved`` after writing a file."""

    DEFAULT_CSS = """
    SandboxEditor {
        height: 1fr;
        #editor-files {
            width: 26;
            height: 1fr;
            text-wrap: nowrap;
            text-overflow: ellipsis;
            border: none;
            border-right: vkey $primary 30%;
        }
        #editor-main { width: 1fr; }
        #editor-path { height: 1; width: 1fr; padding: 0 1; background: $panel; color: $text-muted; }
        #editor-path.-dirty { color: $warning; text-style: bold; }
        CodeEditor { height: 1fr; border: none; padding: 0; }
        CodeEditor:focus { border: none; }
    }
    SandboxEditor.-narrow #editor-files { width: 20; }
    """

    current: reactive[str | None] = reactive(None)
    dirty: reactive[bool] = reactive(False)

    class Saved(Message):
        def __init__(self, path: str) -> None:
            super().__init__()
            self.path = path

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.project: Path | None = None
        self.files: list[str] = []
        self._saved_text = ""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield OptionList(id="editor-files")
            with Vertical(id="editor-main"):
                yield Label("", id="editor-path")
                yield CodeEditor.code_editor(language="python", theme="monokai",
                                             id="editor-text")

    def on_mount(self) -> None:
        self.relabel()
        display.follow(self, self.relabel)

    @property
    def text_area(self) -> CodeEditor:
        return self.query_one(CodeEditor)

    # -- files --------------------------------------------------------------------------------
    def set_files(self, project: Path, version_order: list[str] | None = None) -> None:
        """(Re)list the sandbox's files; keeps the open file selected."""
        files = sandbox_files(project, version_order)
        if project == self.project and files == self.files:
            return
        self.project = project
        self.files = files
        options = self.query_one("#editor-files", OptionList)
        options.set_options(
            [Option(Text(("  " if f.startswith("versions/") else "") + Path(f).name,
                         no_wrap=True, overflow="ellipsis"), id=f) for f in self.files])
        if self.current in self.files:
            options.highlighted = self.files.index(self.current)
        elif self.current is not None:
            self.current = None
            self._saved_text = ""
            self.text_area.load_text("")
            self.dirty = False

    def open_file(self, path: str) -> None:
        """Show ``path`` (relative to the sandbox). Unsaved edits of the previous file are
        saved first: the sandbox is the learner's working copy, nothing is thrown away."""
        if self.project is None:
            return
        if self.dirty and self.current and self.current != path:
            self.save()
        try:
            text = (self.project / path).read_text(encoding="utf-8")
        except OSError as exc:
            self.notify(_("Cannot open {path}: {error}").format(path=path, error=exc.strerror),
                        severity="error")
            return
        self.current = path
        self._saved_text = text
        self.text_area.load_text(text)
        self.dirty = False
        if path in self.files:
            self.query_one("#editor-files", OptionList).highlighted = self.files.index(path)

    def reload(self, paths: list[str] | None = None) -> bool:
        """Re-read the open file if it changed on disk and has no unsaved edits."""
        if self.project is None or self.current is None:
            return False
        if paths is not None and self.current not in paths:
            return False
        try:
            text = (self.project / self.current).read_text(encoding="utf-8")
        except OSError:
            return False
        if text == self._saved_text:
            return False
        if self.dirty:
            self.notify(_("{path} changed on disk; your unsaved edits are kept. Save to "
                          "overwrite it.").format(path=self.current), severity="warning")
            return False
        cursor = self.text_area.cursor_location
        self._saved_text = text
        self.text_area.load_text(text)
        self.text_area.cursor_location = cursor
        self.dirty = False
        return True

    def save(self) -> str | None:
        if self.project is None or self.current is None:
            self.app.bell()
            return None
        text = self.text_area.text
        try:
            (self.project / self.current).write_text(text, encoding="utf-8")
        except OSError as exc:
            self.notify(_("Cannot save {path}: {error}").format(path=self.current,
                                                                 error=exc.strerror),
                        severity="error")
            return None
        self._saved_text = text
        self.dirty = False
        self.post_message(self.Saved(self.current))
        return self.current

    def state(self) -> dict[str, object]:
        """What a re-composed editor needs to look the same (unsaved edits included)."""
        return {"current": self.current, "text": self.text_area.text, "dirty": self.dirty,
                "saved": self._saved_text, "cursor": self.text_area.cursor_location}

    def restore(self, state: dict[str, object]) -> None:
        path = state.get("current")
        if not isinstance(path, str) or self.project is None:
            return
        self.current = path
        self._saved_text = str(state.get("saved", ""))
        self.text_area.load_text(str(state.get("text", "")))
        self.dirty = bool(state.get("dirty"))
        cursor = state.get("cursor")
        if isinstance(cursor, tuple):
            self.text_area.cursor_location = cursor
        if path in self.files:
            self.query_one("#editor-files", OptionList).highlighted = self.files.index(path)

    # -- events -------------------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.open_file(event.option.id)
            self.text_area.focus()

    def on_text_area_changed(self, event: CodeEditor.Changed) -> None:
        self.dirty = event.text_area.text != self._saved_text

    def watch_dirty(self) -> None:
        self.relabel()

    def watch_current(self) -> None:
        self.relabel()

    def relabel(self) -> None:
        if not self.is_mounted:
            return
        label = self.query_one("#editor-path", Label)
        if self.current is None:
            label.update(display.line(_("No file open: pick one on the left")))
        else:
            mark = display.line(_("modified, ctrl+s saves")) if self.dirty else ""
            label.update(Text.assemble(("● " if self.dirty else "", "bold"), self.current,
                                       ("  " + mark if mark else "", "italic")))
        label.set_class(self.dirty, "-dirty")
