"""Settings: language, bidi mode, database backend, theme. Applied at once and kept in the
progress store, so the next start uses them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Static

from tutorial.i18n import LANGUAGES, N_, _
from tutorial.tui import display
from tutorial.tui.themes import THEMES
from tutorial.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from tutorial.tui.app import TutorialApp

#: Each language in its own name (not translated: a learner must find their own).
LANGUAGE_NAMES = {"en": "English", "fa": "فارسی", "th": "ไทย", "hi": "हिन्दी", "ur": "اردو",
                  "ru": "Русский"}
BIDI_LABELS = (
    ("auto", N_("Automatic (detected: {mode})")),
    ("app", N_("The app reorders right-to-left text")),
    ("terminal", N_("The terminal reorders it")),
    ("off", N_("Off (logical order)")),
)
BACKEND_LABELS = (("sqlite", N_("SQLite (nothing to set up)")),
                  ("postgres", N_("PostgreSQL (private server)")))


class SettingsScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    SettingsScreen { align: center middle; }
    SettingsScreen > #settings-box {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        padding: 0 1; border: thick $primary; background: $surface;
    }
    #settings-title { text-style: bold; margin: 0 0 1 0; }
    #settings-grid { grid-size: 2; grid-columns: 18 1fr; grid-rows: 3; height: auto; }
    #settings-grid Label { padding: 1 1 0 0; width: 1fr; }
    #settings-note { color: $text-muted; margin: 1 0 0 0; }
    """

    BINDINGS = [Binding("escape", "close", N_("Close"))]

    def compose(self) -> ComposeResult:
        app: TutorialApp = self.app  # type: ignore[assignment]
        with Vertical(id="settings-box"):
            yield Static(id="settings-title")
            with Grid(id="settings-grid"):
                yield Label(id="label-language")
                yield Select(self._language_options(), value=app.settings.lang,
                             allow_blank=False, id="set-language")
                yield Label(id="label-bidi")
                yield Select(self._bidi_options(), value=app.bidi_setting, allow_blank=False,
                             id="set-bidi")
                yield Label(id="label-backend")
                yield Select(self._backend_options(), value=app.settings.backend,
                             allow_blank=False, id="set-backend")
                yield Label(id="label-theme")
                yield Select(self._theme_options(), value=app.theme_name, allow_blank=False,
                             id="set-theme")
            yield Static(id="settings-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.relabel()
        display.follow(self, self.relabel)
        self.query_one("#set-language", Select).focus()

    # -- options ------------------------------------------------------------------------------
    def _language_options(self) -> list[tuple[str, str]]:
        return [(display.cell(LANGUAGE_NAMES.get(code, code)) + f"  ({code})", code)
                for code in LANGUAGES]

    def _bidi_options(self) -> list[tuple[str, str]]:
        detected = display.resolve_mode("auto")
        return [(display.line(_(label).format(mode=detected)), value)
                for value, label in BIDI_LABELS]

    def _backend_options(self) -> list[tuple[str, str]]:
        return [(display.line(_(label)), value) for value, label in BACKEND_LABELS]

    def _theme_options(self) -> list[tuple[str, str]]:
        return [(display.line(_(label)), name) for name, label in THEMES]

    def relabel(self) -> None:
        app: TutorialApp = self.app  # type: ignore[assignment]
        self.query_one("#settings-title", Static).update(display.line(_("Settings")))
        for key, text in (("language", _("Language")), ("bidi", _("Right-to-left")),
                          ("backend", _("Database")), ("theme", _("Theme"))):
            self.query_one(f"#label-{key}", Label).update(display.line(text))
        with self.prevent(Select.Changed):
            for select_id, options, value in (
                ("#set-language", self._language_options(), app.settings.lang),
                ("#set-bidi", self._bidi_options(), app.bidi_setting),
                ("#set-backend", self._backend_options(), app.settings.backend),
                ("#set-theme", self._theme_options(), app.theme_name),
            ):
                select: Select[Any] = self.query_one(select_id, Select)
                select.set_options(options)
                # Setting the value it already has does not redraw its (new) label.
                other = next(v for _label, v in options if v != value)
                select.value = other
                select.value = value
        self.query_one("#settings-note", Static).update(display.block(
            _("Changes apply at once and are kept for next time. Switching the database "
              "opens the lesson's own sandbox on that database."), style="dim"))
        self.query_one(KeyFooter).relabel()

    # -- changes ------------------------------------------------------------------------------
    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        app: TutorialApp = self.app  # type: ignore[assignment]
        value = event.value
        if not isinstance(value, str):
            return
        which = event.select.id
        if which == "set-language":
            app.switch_language(value)
        elif which == "set-bidi":
            app.switch_bidi(value)
        elif which == "set-backend":
            app.switch_backend(value)
        elif which == "set-theme":
            app.switch_theme(value)

    def action_close(self) -> None:
        self.dismiss(None)
