"""A mixin for result panes: render now if the pane is on screen, else when it is shown.

After a command every pane gets new data, but only one or two are visible (the others sit in
inactive tabs). Rendering a hidden pane costs a Rich render and a layout for nothing, so a
hidden pane only remembers that it is stale; the screen calls :meth:`LazyPane.flush` when a
tab is activated.
"""

from __future__ import annotations

from typing import Any


class LazyPane:
    """Mix into a widget that implements ``render_now()``; call ``refresh_view()``."""

    _stale = False

    def _on_screen_now(self) -> bool:
        node: Any = self
        while node is not None:
            if not getattr(node, "display", True):
                return False
            node = node.parent
        return True

    def refresh_view(self) -> None:
        if not getattr(self, "is_mounted", False):
            return
        if self._on_screen_now():
            self._stale = False
            self.render_now()
        else:
            self._stale = True

    def flush(self) -> None:
        """Render if data arrived while hidden (the pane's tab was just activated)."""
        if self._stale and getattr(self, "is_mounted", False):
            self._stale = False
            self.render_now()

    def render_now(self) -> None:  # pragma: no cover - implemented by each pane
        raise NotImplementedError
