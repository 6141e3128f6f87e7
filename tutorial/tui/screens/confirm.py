"""A yes/no question before anything that changes the learner's sandbox wholesale."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tutorial.i18n import N_, _
from tutorial.tui import display
from tutorial.tui.widgets.key_footer import KeyFooter


class ConfirmScreen(ModalScreen[bool]):
    """Dismisses with True (yes) or False (no, escape)."""

    DEFAULT_CSS = """
    ConfirmScreen { align: center middle; }
    ConfirmScreen > #confirm-box {
        width: 64; max-width: 95%; height: auto; padding: 1 2;
        border: thick $warning; background: $surface;
    }
    #confirm-question { margin: 0 0 1 0; }
    #confirm-buttons { height: auto; align-horizontal: center; }
    #confirm-buttons Button { margin: 0 1; }
    """

    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes")),
        Binding("n,escape", "answer(False)", N_("No")),
    ]

    def __init__(self, question: str, yes: str, no: str) -> None:
        """``question``, ``yes`` and ``no`` are already translated."""
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(display.block(self.question), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(display.line(self.yes), variant="warning", id="confirm-yes")
                yield Button(display.line(self.no), variant="primary", id="confirm-no")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


def ask(question: str) -> ConfirmScreen:
    """A confirmation with the usual Yes/No buttons, translated now."""
    return ConfirmScreen(question, _("Yes"), _("No"))
