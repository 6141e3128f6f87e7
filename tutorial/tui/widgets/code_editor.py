"""The Python editor: a ``TextArea.code_editor`` whose save and undo keys show in the footer."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import TextArea

from tutorial.i18n import N_

#: TextArea themes that read well on each app theme (others use ``css``).
EDITOR_THEMES = {
    "textual-light": "github_light",
    "ansi-light": "github_light",
    "high-contrast": "vscode_dark",
    "textual-dark": "monokai",
}


class CodeEditor(TextArea):
    """Python with highlighting; ``ctrl+s`` asks the parent to save."""

    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save")),
        Binding("ctrl+z", "undo", N_("Undo edit")),
    ]

    def action_save(self) -> None:
        # The SandboxEditor owns the file: it handles this as its own action.
        self.parent_editor_save()

    def parent_editor_save(self) -> None:
        node = self.parent
        while node is not None and not hasattr(node, "save"):
            node = node.parent
        if node is not None:
            node.save()  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.watch(self.app, "theme", self._follow_theme)

    def _follow_theme(self, theme: str) -> None:
        self.theme = EDITOR_THEMES.get(theme, "css")
