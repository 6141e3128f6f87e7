"""The TUI's widgets, one per module (Textual's own layout)."""
