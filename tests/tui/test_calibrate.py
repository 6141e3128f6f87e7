"""The bidi calibration prompt: shown once on the first use of a right-to-left language with
``--bidi auto``; its question is readable whichever way the terminal works; the answer is the
mode and it is remembered."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from tests.tui.tui_helpers import make_app, ready, until
from tutorial.i18n import _, use_language
from tutorial.text.bidi import to_visual
from tutorial.tui.screens.calibrate import CalibrateScreen


def _text(widget: object) -> str:
    console = Console(width=70, file=io.StringIO(), record=True, color_system=None)
    console.print(widget.content)  # type: ignore[attr-defined]
    return console.export_text()


async def test_the_question_is_shown_in_both_orders_and_the_answer_is_kept(
        workspace: Path) -> None:
    app = make_app(workspace, lang="fa", bidi="auto")
    async with app.run_test(size=(100, 30)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CalibrateScreen)
                    and bool(app.screen.query("#calibrate-question")))
        with use_language("fa"):
            question = _("Which line reads correctly? Press 1 or 2.")
        assert question != "Which line reads correctly? Press 1 or 2."
        shown = _text(app.screen.query_one("#calibrate-question"))
        assert question in shown                      # logical: a reordering terminal
        assert to_visual(question, "R") in shown      # reordered by us: any other terminal
        await pilot.press("2")
        await until(pilot, lambda: not isinstance(app.screen, CalibrateScreen))
        await ready(pilot)
        assert app.text_layout.mode == "terminal"
    # Asked once: the next start with the same workspace goes straight to the map.
    again = make_app(workspace, lang="fa", bidi="auto")
    async with again.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.pause()
        assert not isinstance(again.screen, CalibrateScreen)
        assert again.text_layout.mode == "terminal"
