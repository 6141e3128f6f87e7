"""The Textual face of the tutorial: ``run_app(settings)`` is what ``alembic-tutorial`` with
no subcommand runs. See docs/tui.md for keys and panes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tutorial.settings import Settings


def run_app(settings: Settings) -> int:
    """Run the TUI until the learner quits; the exit code for the CLI."""
    from tutorial.tui.app import TutorialApp

    result = TutorialApp(settings).run()
    return int(result or 0)
