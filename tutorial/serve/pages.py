"""The HTML a visitor sees: the terminal page, and the refusals in plain words.

Everything the page loads comes from this server (``/static/``: xterm's style sheet,
textual-serve's script, the Roboto Mono font files textual-serve ships); the page names no
other address, and its Content-Security-Policy tells the browser to load nothing else.
textual-serve's own template links a web font from the internet: this one replaces it.
"""

from __future__ import annotations

import html
from string import Template

from tutorial.i18n import _, is_rtl, use_language

STATIC = "/static/"

_STYLE = """
@font-face { font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;
  src: url("/static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
@font-face { font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;
  src: url("/static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
html, body { margin: 0; height: 100%; background: #0c181f; color: rgba(255,255,255,.95);
  font-family: "Roboto Mono", ui-monospace, monospace; }
.dialog { position: absolute; inset: 0; display: flex; align-items: center;
  justify-content: center; z-index: 10; }
.box { max-width: 40em; padding: 2em; background: #12232d; line-height: 1.5; }
.box h1 { font-size: 1.2em; margin-top: 0; }
.button { display: inline-block; padding: .8em 1.6em; background: #5e0ba7; color: #fff;
  text-decoration: none; }
.button:hover { background: #ac5af4; }
body.-first-byte .intro { display: none; }
.closed { display: none; }
body.-closed .closed { display: flex; }
#terminal { width: 100vw; height: 100vh; opacity: 0; }
body.-first-byte #terminal { opacity: 1; }
"""

_TERMINAL = Template("""<!DOCTYPE html>
<html lang="$lang" dir="$dir">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<link rel="stylesheet" href="${static}css/xterm.css">
<style>$style</style>
<script src="${static}js/textual.js"></script>
</head>
<body>
<div class="dialog intro"><div class="box"><p>$starting</p></div></div>
<div class="dialog closed"><div class="box">
<h1>$ended</h1>
<p>$kept</p>
<p><a class="button" href="$restart">$again</a></p>
</div></div>
<div id="terminal" class="textual-terminal" data-session-websocket-url="$websocket"
 data-font-size="$font_size"></div>
</body>
</html>
""")

_MESSAGE = Template("""<!DOCTYPE html>
<html lang="$lang" dir="$dir">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$style</style>
</head>
<body>
<div class="dialog"><div class="box">
<h1>$heading</h1>
$paragraphs
</div></div>
</body>
</html>
""")


def _base(lang: str) -> dict[str, str]:
    return {"lang": lang, "dir": "rtl" if is_rtl(lang) else "ltr", "style": _STYLE,
            "title": "alembic-tutorial", "static": STATIC}


def terminal_page(lang: str, websocket_url: str, restart_url: str, font_size: int = 16) -> str:
    """The page that runs the terminal; ``websocket_url`` is absolute (ws:// or wss://)."""
    with use_language(lang):
        words = {
            "starting": _("Starting your private sandbox..."),
            "ended": _("Your session has ended."),
            "kept": _("Your work is kept. Open the page again to go on where you were."),
            "again": _("Start again"),
        }
    values = {k: html.escape(v) for k, v in words.items()}
    values.update(_base(lang))
    values.update(websocket=html.escape(websocket_url), restart=html.escape(restart_url),
                  font_size=str(font_size))
    return _TERMINAL.substitute(values)


def _message(lang: str, heading: str, paragraphs: list[str]) -> str:
    values = _base(lang)
    values.update(heading=html.escape(heading),
                  paragraphs="\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs))
    return _MESSAGE.substitute(values)


def forbidden_page(lang: str, token_given: bool) -> str:
    """403: the token is missing or wrong."""
    with use_language(lang):
        heading = _("This tutorial is private")
        first = (_("The token in the address is not the right one.") if token_given
                 else _("To open it you need the address your instructor gave you: it ends "
                        "with ?token= and a secret word."))
        second = _("Open that exact address once; this browser will then remember it.")
    return _message(lang, heading, [first, second])


def full_page(lang: str, seats: int) -> str:
    """503: every seat is taken."""
    from tutorial.i18n import format_number, ngettext

    with use_language(lang):
        heading = _("The room is full")
        first = ngettext("All {count} place is taken right now.",
                         "All {count} places are taken right now.", seats).format(
            count=format_number(seats))
        second = _("Try again in a few minutes, or ask your instructor.")
    return _message(lang, heading, [first, second])


def bad_origin_page(lang: str) -> str:
    """403 for a websocket opened from another site's page."""
    with use_language(lang):
        heading = _("This page must be opened from its own address")
        first = _("Another web site tried to open your session. Open the tutorial's address "
                  "directly.")
    return _message(lang, heading, [first])
