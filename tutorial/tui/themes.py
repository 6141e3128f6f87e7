"""Themes the settings offer, including a high-contrast one."""

from __future__ import annotations

from textual.theme import Theme

from tutorial.i18n import N_

HIGH_CONTRAST = Theme(
    name="high-contrast",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FF00FF",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#202020",
    boost="#303030",
    dark=True,
    luminosity_spread=0.3,
    text_alpha=1.0,
    variables={
        "border": "#FFFFFF",
        "border-blurred": "#C0C0C0",
        "text-muted": "#E0E0E0",
        "footer-key-foreground": "#FFFF00",
        "footer-description-foreground": "#FFFFFF",
        "footer-background": "#000000",
        "block-cursor-foreground": "#000000",
        "block-cursor-background": "#FFFF00",
        "block-cursor-text-style": "bold",
        "input-selection-background": "#FFFF00 50%",
        "scrollbar": "#FFFFFF",
    },
)

#: (theme name, label to translate) in the order the settings list them.
THEMES: tuple[tuple[str, str], ...] = (
    ("textual-dark", N_("Dark")),
    ("textual-light", N_("Light")),
    ("high-contrast", N_("High contrast")),
    ("ansi-dark", N_("Terminal colours")),
)
DEFAULT_THEME = "textual-dark"
