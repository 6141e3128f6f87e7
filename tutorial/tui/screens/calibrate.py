"""The one-line bidi calibration: which way does this terminal show right-to-left text?

Shown on first use of a right-to-left language while the bidi setting is ``auto``. The same
sample is drawn twice: as the app would reorder it, and in logical order (a terminal that
reorders by itself shows that one correctly). The learner picks the one that reads right.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from tutorial.i18n import N_, _
from tutorial.tui.widgets.key_footer import KeyFooter


def _both(sentence: str, style: str) -> Group:
    """``sentence`` reordered for the screen (right-aligned), then as stored (logical)."""
    from tutorial.text.bidi import has_rtl, to_visual

    if not has_rtl(sentence):  # an untranslated (marked) message reads the same both ways
        return Group(Text(sentence, style=style))
    return Group(Text(to_visual(sentence, "R"), style=style, justify="right"),
                 Text(sentence, style=style))


class CalibrateScreen(ModalScreen[str | None]):
    """Dismisses with ``app``, ``terminal``, or None (decide later)."""

    DEFAULT_CSS = """
    CalibrateScreen { align: center middle; }
    CalibrateScreen > #calibrate-box {
        width: 72; max-width: 95%; height: auto; padding: 1 2;
        border: thick $accent; background: $surface;
    }
    #calibrate-box Static { margin: 0 0 1 0; }
    """

    BINDINGS = [
        Binding("1", "pick('app')", N_("Line 1")),
        Binding("2", "pick('terminal')", N_("Line 2")),
        Binding("escape", "pick(None)", N_("Later")),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        from tutorial.text.bidi import calibration_variants

        variants = calibration_variants(self.lang)
        with Vertical(id="calibrate-box"):
            # Nothing here may depend on the answer: every sentence is drawn in both orders
            # (reordered by us, right-aligned; and logical, for a terminal that reorders), so
            # the learner can read the question whichever way this terminal works.
            yield Static(_both(_("Which line reads correctly? Press 1 or 2."), "bold"),
                         id="calibrate-question")
            yield Static(Text.assemble(("1  ", "bold"), variants["app"]))
            yield Static(Text.assemble(("2  ", "bold"), variants["terminal"]))
            yield Static(_both(_("You can change this later in Settings (bidi mode)."),
                               "dim"), id="calibrate-later")
        yield KeyFooter()

    def action_pick(self, mode: str | None) -> None:
        self.dismiss(mode)

