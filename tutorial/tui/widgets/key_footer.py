"""A Footer whose key descriptions are translated and which wraps onto a second line.

Textual's ``Footer`` shows ``Binding.description`` as written (English source strings marked
with ``N_``) on one line that scrolls when too long. Here each description goes through
``_()`` when the footer is composed (recompose it after a language switch) and the keys are
packed into as many rows as the width needs, so every binding stays visible at 80 columns in
every language.
"""

from __future__ import annotations

from collections import defaultdict

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from tutorial.i18n import _
from tutorial.tui import display


class KeyFooter(Footer):
    """Footer with translated, wrapping key descriptions."""

    DEFAULT_CSS = """
    KeyFooter {
        layout: vertical;
        height: auto;
        max-height: 3;
        HorizontalGroup.key-row {
            height: 1;
            width: 1fr;
            background: $footer-background;
        }
        FooterKey { margin-right: 1; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id, compact=True, show_command_palette=False)
        self._packed_width = 0
        self._layout: list[list[str]] = []  # the actions in each row, as last composed

    def _items(self) -> list[tuple[Binding, bool, str]]:
        """One binding per action, in the order the screen declares them."""
        by_action: defaultdict[str, list[tuple[Binding, bool, str]]] = defaultdict(list)
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            if binding.show:
                by_action[binding.action].append((binding, enabled, tooltip))
        return [entries[0] for entries in by_action.values()]

    def _rows(self) -> list[list[tuple[Binding, bool, str, str, str]]]:
        """The keys packed into rows that fit the width, descriptions translated now."""
        width = max(20, self.size.width or self.app.size.width)
        self._packed_width = width
        rows: list[list[tuple[Binding, bool, str, str, str]]] = [[]]
        used = 0
        for binding, enabled, tooltip in self._items():
            key = self.app.get_key_display(binding)
            description = display.line(_(binding.description)) if binding.description else ""
            cells = cell_len(key) + (1 + cell_len(description) if description else 0) + 1
            if rows[-1] and used + cells > width:
                rows.append([])
                used = 0
            rows[-1].append((binding, enabled, tooltip, key, description))
            used += cells
        return rows

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        rows = self._rows()
        self._layout = [[entry[0].action for entry in row] for row in rows]
        for row in rows:
            with HorizontalGroup(classes="key-row"):
                for binding, enabled, tooltip, key, description in row:
                    yield FooterKey(
                        binding.key, key, description, binding.action, disabled=not enabled,
                        tooltip=_(tooltip or binding.tooltip) if (tooltip or binding.tooltip)
                        else description,
                    ).data_bind(compact=Footer.compact)

    def relabel(self) -> None:
        """Translate the descriptions again (a language switch). The keys are updated in
        place when they still pack the same way, which is much cheaper than recomposing."""
        if not self._bindings_ready or not self.is_attached:
            return
        rows = self._rows()
        if [[entry[0].action for entry in row] for row in rows] != self._layout:
            self.refresh(recompose=True)
            return
        shown = {key.action: key for key in self.query(FooterKey)}
        for row in rows:
            for binding, _enabled, _tooltip, _key, description in row:
                footer_key = shown.get(binding.action)
                if footer_key is not None and footer_key.description != description:
                    footer_key.description = description
                    footer_key.tooltip = description
                    footer_key.refresh(layout=True)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._packed_width:
            self.call_after_refresh(self.recompose)
