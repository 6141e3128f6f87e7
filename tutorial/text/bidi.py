"""Right-to-left text for terminals that do, and terminals that do not, reorder it.

Textual and Rich write characters in logical order and never reorder. What the learner sees
then depends on the terminal:

- VTE-based terminals (GNOME Terminal, Tilix, ...) since VTE 0.58, Konsole, mlterm, mintty
  and macOS Terminal run the Unicode Bidi Algorithm themselves: text must be sent in
  *logical* order ("terminal" mode);
- Windows Terminal, xterm.js (VS Code, textual-serve in the browser), kitty, Alacritty,
  WezTerm (by default), foot, xterm ... show cells left to right as sent: the app must send
  *visual* order ("app" mode);
- "off" sends logical order left-aligned, for debugging and for plain logs.

Sending visual order to a terminal that also reorders shows every line backwards, so the
mode is detected from what the environment reveals (:func:`detect_bidi_mode`), can be forced
(``ALEMBIC_TUTORIAL_BIDI`` or the UI's setting), and is confirmed once by the learner with a
calibration line (:func:`calibration_line`, :func:`calibration_variants`).

App mode wraps the *logical* text first (:mod:`tutorial.text.wrap`), then reorders each line
(:func:`to_visual`) and right-aligns it. The reordering is the Unicode Bidi Algorithm (UAX #9,
rules W1-W7, N0-N2, I1-I2, L1-L4) for one line without explicit embeddings, computed here
rather than by python-bidi because python-bidi 0.6's ``get_display`` (the Rust
``unicode-bidi`` crate) returns code points, not clusters, in visual order: combining marks
end up *before* their base letter (L3 is not applied, so ``نسخهٔ`` puts its hamza on the
wrong cell), brackets are not mirrored (L4), and LRI/PDI and other controls stay in the
output. Here the units are grapheme clusters, brackets mirror with python-bidi's own mirror
table, inline code (and input isolates) are kept left-to-right as one neutral unit, exactly as
an LRI...PDI isolate would be, and no bidi control character is ever emitted. The tests check
the result against python-bidi's ``get_display`` on text where the two must agree.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Literal

from tutorial.text.segment import _CODE_RE, iter_graphemes
from tutorial.text.width import cell_width, truncate
from tutorial.text.wrap import wrap_lines

__all__ = [
    "BIDI_CONTROLS",
    "BIDI_ENV_VAR",
    "RTL_LANGUAGES",
    "TERMINAL_BIDI_OFF",
    "TERMINAL_BIDI_ON",
    "BidiMode",
    "BidiSetting",
    "calibration_line",
    "calibration_variants",
    "cell_text",
    "detect_bidi_mode",
    "explain_bidi_detection",
    "has_rtl",
    "is_rtl_language",
    "resolve_bidi_mode",
    "strip_bidi_controls",
    "to_visual",
    "visual_lines",
]

BidiMode = Literal["app", "terminal", "off"]
BidiSetting = Literal["auto", "app", "terminal", "off"]
Direction = Literal["L", "R"]
Justify = Literal["auto", "left", "right", "center"]

#: Environment variable that forces a mode (``app``, ``terminal``, ``off``) when the setting
#: is ``auto``; what the calibration prompt's answer can be stored as, too.
BIDI_ENV_VAR = "ALEMBIC_TUTORIAL_BIDI"

#: Asks a reordering terminal to stop reordering, so that ``app`` mode is right there too:
#: ECMA-48 BDSM reset (``CSI 8 l``, honoured by VTE >= 0.58) and mintty's private mode 77096.
#: Terminals that know neither ignore both. The UI may write it after entering the alternate
#: screen (and ``TERMINAL_BIDI_ON`` on exit), then use ``app`` mode everywhere; the
#: calibration prompt still has the last word.
TERMINAL_BIDI_OFF = "\x1b[8l\x1b[?77096h"
#: Restores the terminal's own reordering (``CSI 8 h``, mintty ``CSI ? 77096 l``).
TERMINAL_BIDI_ON = "\x1b[8h\x1b[?77096l"

#: Languages written right to left (primary subtags). fa and ur are shipped.
RTL_LANGUAGES: frozenset[str] = frozenset({"fa", "ur", "ar", "he", "ps", "sd", "ug", "yi", "dv"})

#: ALM, LRM, RLM, LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI.
BIDI_CONTROLS: frozenset[str] = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_ISOLATE_OPENERS = {"\u2066": "L", "\u2067": "R", "\u2068": None}  # LRI, RLI, FSI
_PDI = "\u2069"
_JOINERS = frozenset("\u200c\u200d")
_STRONG_MARKS = {"\u200e": "L", "\u200f": "R", "\u061c": "AL"}  # LRM, RLM, ALM


def _lang_code(lang: str | None) -> str:
    if not lang:
        return ""
    return lang.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


def is_rtl_language(lang: str | None) -> bool:
    """True for right-to-left languages; accepts ``fa``, ``fa_IR.UTF-8``, ``ur-PK``."""
    return _lang_code(lang) in RTL_LANGUAGES


@lru_cache(maxsize=4096)
def _is_rtl_char(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def has_rtl(text: str) -> bool:
    """True if ``text`` holds a strong right-to-left character (Hebrew, Arabic script...)."""
    return not text.isascii() and any(_is_rtl_char(c) for c in text)


@lru_cache(maxsize=4096)
def _is_rtl_or_arabic_digit(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL", "AN") or char in "\u202b\u202e\u2067"


def _has_rtl_or_arabic_digits(text: str) -> bool:
    """True if a left-to-right line may still need reordering (R, AL, AN, RLE, RLO, RLI)."""
    return not text.isascii() and any(_is_rtl_or_arabic_digit(c) for c in text)


def strip_bidi_controls(text: str) -> str:
    """``text`` without the explicit bidi formatting characters (they are invisible, but some
    terminals draw them as boxes or give them a cell)."""
    if text.isascii():
        return text
    return "".join(c for c in text if c not in BIDI_CONTROLS)


# --------------------------------------------------------------------------------------------
# Detection
# --------------------------------------------------------------------------------------------


def explain_bidi_detection(
    environ: Mapping[str, str] | None = None,
) -> tuple[Literal["app", "terminal"], str]:
    """The mode ``auto`` resolves to, and why (an English sentence for logs and ``doctor``).

    Variables are inherited by child processes, so the ones that name the program drawing the
    screen *now* are checked before the ones that may be left over from a parent terminal
    (VS Code or textual-serve started from GNOME Terminal still carry ``VTE_VERSION``).
    Nothing is revealed over ssh or inside tmux/screen about the outer terminal except what
    tmux inherited when its server started; the calibration prompt settles those cases.
    """
    env = os.environ if environ is None else environ
    term_program = env.get("TERM_PROGRAM", "")
    if env.get("ALEMBIC_TUTORIAL_SERVE") == "1" or "web_driver" in env.get("TEXTUAL_DRIVER", ""):
        return "app", "served to a browser (textual-serve): xterm.js does not reorder"
    if term_program == "textual":
        return "app", "TERM_PROGRAM=textual (textual-serve): xterm.js does not reorder"
    if term_program == "vscode":
        return "app", "VS Code terminal (xterm.js) does not reorder"
    if env.get("WT_SESSION"):
        return "app", "Windows Terminal does not reorder"
    if env.get("KITTY_WINDOW_ID") or env.get("TERM") == "xterm-kitty":
        return "app", "kitty does not reorder"
    if term_program == "WezTerm":
        return "app", "WezTerm does not reorder unless bidi_enabled is set"
    if env.get("ALACRITTY_WINDOW_ID") or env.get("ALACRITTY_SOCKET"):
        return "app", "Alacritty does not reorder"
    vte = env.get("VTE_VERSION", "")
    if vte:
        # VTE_VERSION is major*10000 + minor*100 + micro; BiDi arrived in 0.57.3 (0.58 stable).
        if vte.isdigit() and int(vte) < 5703:
            return "app", f"VTE {vte} predates VTE's bidi support (0.58)"
        return "terminal", f"VTE-based terminal (VTE_VERSION={vte}) reorders right-to-left text"
    if env.get("KONSOLE_VERSION") or env.get("KONSOLE_DBUS_SESSION"):
        return "terminal", "Konsole reorders right-to-left text"
    if env.get("MLTERM") or env.get("TERM", "").startswith("mlterm"):
        return "terminal", "mlterm reorders right-to-left text"
    if term_program == "mintty":
        return "terminal", "mintty (Git Bash, MSYS2, Cygwin) reorders right-to-left text"
    if term_program == "Apple_Terminal":
        return "terminal", "macOS Terminal reorders right-to-left text"
    return "app", (
        "terminal not recognised: most terminals do not reorder, and those that do announce "
        "themselves (VTE_VERSION, KONSOLE_VERSION, MLTERM)"
    )


def detect_bidi_mode(environ: Mapping[str, str] | None = None) -> Literal["app", "terminal"]:
    """What ``auto`` means here: ``terminal`` if the terminal reorders RTL text itself.

    Unknown terminals get ``app``: the terminals known to reorder (VTE >= 0.58, Konsole,
    mlterm, mintty, macOS Terminal) set variables we check, while the many that do not
    (Windows Terminal, xterm.js, kitty, Alacritty, WezTerm, foot, xterm, iTerm2...) are what an
    unrecognised environment most likely is. Over ssh nothing is revealed (PuTTY reorders, for
    one). A wrong guess is fixed by the calibration prompt.
    """
    return explain_bidi_detection(environ)[0]


def resolve_bidi_mode(
    setting: str | None = "auto", environ: Mapping[str, str] | None = None
) -> BidiMode:
    """Turn a setting (``auto``/``app``/``terminal``/``off``) into the mode to render with.

    With ``auto``, ``ALEMBIC_TUTORIAL_BIDI`` (if set to a mode) wins over detection.
    """
    env = os.environ if environ is None else environ
    value = (setting or "auto").strip().lower()
    if value == "auto":
        forced = env.get(BIDI_ENV_VAR, "").strip().lower()
        if forced in ("app", "terminal", "off"):
            return forced  # type: ignore[return-value]
        return detect_bidi_mode(env)
    if value in ("app", "terminal", "off"):
        return value  # type: ignore[return-value]
    raise ValueError(f"unknown bidi mode {setting!r}: use auto, app, terminal or off")


# --------------------------------------------------------------------------------------------
# The Unicode Bidi Algorithm for one line, over grapheme clusters
# --------------------------------------------------------------------------------------------

# Bidi_Paired_Bracket pairs (BidiBrackets.txt) for the brackets met in practice.
_OPEN_TO_CLOSE = {
    "(": ")",
    "[": "]",
    "{": "}",
    "\u2045": "\u2046",
    "\u207d": "\u207e",
    "\u208d": "\u208e",
    "\u2308": "\u2309",
    "\u230a": "\u230b",
    "\u2329": "\u232a",
    "\u27e6": "\u27e7",
    "\u27e8": "\u27e9",
    "\u27ea": "\u27eb",
    "\u2983": "\u2984",
    "\u2985": "\u2986",
    "\u3008": "\u3009",
    "\u300a": "\u300b",
    "\u300c": "\u300d",
    "\u300e": "\u300f",
    "\u3010": "\u3011",
    "\u3014": "\u3015",
    "\uff08": "\uff09",
    "\uff3b": "\uff3d",
    "\uff5b": "\uff5d",
}
_CLOSERS = frozenset(_OPEN_TO_CLOSE.values())
_NEUTRALS = frozenset({"B", "S", "WS", "ON"})


class _Unit:
    """A grapheme cluster, or a protected run (inline code, an isolate) shown as one block."""

    __slots__ = ("cls", "level", "protected", "text")

    def __init__(self, text: str, cls: str, protected: bool = False) -> None:
        self.text = text
        self.cls = cls
        self.protected = protected
        self.level = 0


def _mirror_table() -> Mapping[str, str]:
    from bidi.mirror import MIRRORED  # python-bidi's Bidi_Mirroring_Glyph table (pure Python)

    return MIRRORED


def _first_strong(text: str) -> Direction | None:
    for char in text:
        cls = unicodedata.bidirectional(char)
        if cls == "L":
            return "L"
        if cls in ("R", "AL"):
            return "R"
    return None


def _units(
    line: str, protected: Sequence[tuple[int, int, Direction | None]], mirror: bool
) -> list[_Unit]:
    """Split ``line`` into units; ``protected`` ranges become single neutral units."""
    units: list[_Unit] = []
    pos = 0
    for start, end, direction in (*protected, (len(line), len(line), None)):
        for cluster in iter_graphemes(line[pos:start]):
            head = cluster[0]
            if head in _STRONG_MARKS:
                units.append(_Unit("", _STRONG_MARKS[head]))
                continue
            if head in BIDI_CONTROLS:
                continue  # X9: embeddings, overrides, stray PDI are removed
            cls = unicodedata.bidirectional(head)
            joiner = ""
            if len(cluster) > 1 and cluster[-1] in _JOINERS and cls != "ON":
                # ZWNJ/ZWJ close a grapheme cluster, but they act *between* two letters:
                # kept as their own unit they stay between the same neighbours once reversed.
                cluster, joiner = cluster[:-1], cluster[-1]
            units.append(_Unit(cluster, cls))
            if joiner:
                units.append(_Unit(joiner, "BN"))
        if end > start:
            inner = line[start:end]
            base = direction or _first_strong(inner) or "L"
            shown = to_visual(inner, base, code_spans=False, mirror=mirror)
            units.append(_Unit(shown, "ON", protected=True))
        pos = end
    return units


def _resolve(all_units: list[_Unit], base_level: int) -> None:
    """Rules W1-W7, N0-N2, I1-I2, L1 for one level run at ``base_level``; sets the levels.

    Boundary-neutral units (ZWNJ, ZWJ, soft hyphen...) are left out (X9) and then given the
    level of the unit before them, as UAX #9 section 5.2 suggests for retained BNs.
    """
    units = [u for u in all_units if u.cls != "BN"]
    _resolve_run(units, base_level)
    previous = base_level
    for unit in all_units:
        if unit.cls == "BN":
            unit.level = previous
        previous = unit.level
    # L1: trailing white space (and white space before tabs) goes back to the base level.
    trailing = True
    for unit in reversed(all_units):
        if unit.cls in ("S", "B"):
            unit.level = base_level
            trailing = True
        elif trailing and unit.cls in ("WS", "BN") and not unit.protected:
            unit.level = base_level
        else:
            trailing = False


def _resolve_run(units: list[_Unit], base_level: int) -> None:
    n = len(units)
    sos: Direction = "R" if base_level % 2 else "L"
    types = [u.cls for u in units]
    # W1: a nonspacing mark (only an orphan one: clusters absorb the rest) takes the type of
    # what precedes it; after an isolate, ON.
    for i in range(n):
        if types[i] == "NSM":
            types[i] = sos if i == 0 else ("ON" if units[i - 1].protected else types[i - 1])
    # W2: EN after AL is AN.  W3: AL is R.
    last_strong = sos
    for i in range(n):
        t = types[i]
        if t in ("L", "R", "AL"):
            last_strong = t
        elif t == "EN" and last_strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4: a single separator between two numbers of the same kind joins them.
    for i in range(1, n - 1):
        t, before, after = types[i], types[i - 1], types[i + 1]
        if t == "ES" and before == after == "EN":
            types[i] = "EN"
        elif t == "CS" and before == after and before in ("EN", "AN"):
            types[i] = before
    # W5: terminators next to European numbers are numbers.
    for i in range(n):
        if types[i] != "EN":
            continue
        j = i - 1
        while j >= 0 and types[j] == "ET":
            types[j] = "EN"
            j -= 1
        j = i + 1
        while j < n and types[j] == "ET":
            types[j] = "EN"
            j += 1
    # W6: remaining separators and terminators are neutral.
    types = ["ON" if t in ("ES", "ET", "CS") else t for t in types]
    # W7: EN after L (or an L start) is L.
    last_strong = sos
    for i in range(n):
        t = types[i]
        if t in ("L", "R"):
            last_strong = t
        elif t == "EN" and last_strong == "L":
            types[i] = "L"
    # N0: paired brackets take the direction of what they enclose, or of their context.
    embedding: Direction = sos

    def strong(t: str) -> Direction | None:
        return "L" if t == "L" else "R" if t in ("R", "EN", "AN") else None

    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, unit in enumerate(units):
        if types[i] != "ON" or unit.protected or not unit.text:
            continue
        head = unit.text[0]
        if head in _OPEN_TO_CLOSE:
            if len(stack) == 63:
                break
            stack.append((_OPEN_TO_CLOSE[head], i))
        elif head in _CLOSERS:
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == head:
                    pairs.append((stack[k][1], i))
                    del stack[k:]
                    break
    for opening, closing in sorted(pairs):
        inside = {strong(t) for t in types[opening + 1 : closing]} - {None}
        if not inside:
            continue
        if embedding in inside:
            direction = embedding
        else:
            before: Direction = sos
            for j in range(opening - 1, -1, -1):
                found = strong(types[j])
                if found:
                    before = found
                    break
            direction = before  # the opposite direction only if the context is opposite too
        types[opening] = types[closing] = direction
    # N1, N2: runs of neutrals between two strong types of one direction take it; the rest
    # take the embedding direction. Numbers count as R here.
    i = 0
    while i < n:
        if types[i] not in _NEUTRALS:
            i += 1
            continue
        j = i
        while j < n and types[j] in _NEUTRALS:
            j += 1
        before = strong(types[i - 1]) if i > 0 else sos
        after = strong(types[j]) if j < n else sos
        fill = before if before == after else embedding
        for k in range(i, j):
            types[k] = fill
        i = j
    # I1, I2.
    for unit, t in zip(units, types, strict=True):
        if base_level % 2 == 0:
            unit.level = base_level + (1 if t == "R" else 2 if t in ("AN", "EN") else 0)
        else:
            unit.level = base_level + (1 if t in ("L", "AN", "EN") else 0)


def _reorder(
    line: str,
    base: Direction,
    protected: Iterable[tuple[int, int, Direction | None]],
    *,
    mirror: bool,
) -> str:
    spans = sorted(protected)
    if not line or (base == "L" and not spans and not _has_rtl_or_arabic_digits(line)):
        return strip_bidi_controls(line)
    units = _units(line, spans, mirror)
    base_level = 1 if base == "R" else 0
    _resolve(units, base_level)
    # L2: from the highest level down to the lowest odd one, reverse every run at or above it.
    levels = [u.level for u in units]
    if levels:
        highest = max(levels)
        lowest_odd = min((lv for lv in levels if lv % 2), default=highest + 1)
        for level in range(highest, lowest_odd - 1, -1):
            i = 0
            while i < len(units):
                if units[i].level >= level:
                    j = i
                    while j < len(units) and units[j].level >= level:
                        j += 1
                    units[i:j] = units[i:j][::-1]
                    i = j
                else:
                    i += 1
    # L3 holds by construction (clusters keep marks after their base). L4: mirror glyphs.
    table = _mirror_table() if mirror else {}
    out: list[str] = []
    for unit in units:
        text = unit.text
        if table and unit.level % 2 and not unit.protected and text and text[0] in table:
            text = table[text[0]] + text[1:]
        out.append(text)
    return strip_bidi_controls("".join(out))


def _isolate_ranges(line: str) -> list[tuple[int, int, Direction | None]]:
    """Input LRI/RLI/FSI ... PDI runs (to the end of the line when unclosed)."""
    ranges: list[tuple[int, int, Direction | None]] = []
    i = 0
    while i < len(line):
        char = line[i]
        if char in _ISOLATE_OPENERS:
            depth = 1
            j = i + 1
            while j < len(line) and depth:
                if line[j] in _ISOLATE_OPENERS:
                    depth += 1
                elif line[j] == _PDI:
                    depth -= 1
                j += 1
            inner_end = j - 1 if depth == 0 else j
            direction = _ISOLATE_OPENERS[char]
            if direction is None:
                direction = _first_strong(line[i + 1 : inner_end]) or "L"
            ranges.append((i + 1, inner_end, direction))
            i = j
        else:
            i += 1
    return ranges


def to_visual(
    line: str,
    base: Direction | None = "R",
    *,
    code: Sequence[tuple[int, int]] | None = None,
    code_spans: bool = True,
    mirror: bool = True,
) -> str:
    """One line in visual (left-to-right cell) order, by the Unicode Bidi Algorithm.

    ``base`` is the paragraph direction (``None``: from the first strong character, P2-P3).
    Inline code stays left-to-right as one block: the ranges in ``code`` (as
    :func:`tutorial.text.wrap.wrap_lines` reports them), or, when ``code`` is None and
    ``code_spans`` is true, every backtick span found in the line. Isolates in the input
    (LRI/RLI/FSI...PDI) are honoured the same way. Grapheme clusters are never split or
    reordered inside; brackets in right-to-left runs are mirrored; no bidi control character
    is left in the result, so its cell width is the width of the logical line.
    """
    if base is None:
        base = _first_strong(line) or "L"
    spans: list[tuple[int, int, Direction | None]] = []
    if code is not None:
        spans.extend((start, end, "L") for start, end in code if end > start)
    elif code_spans and "`" in line:
        spans.extend((m.start(), m.end(), "L") for m in _CODE_RE.finditer(line))
    isolates = _isolate_ranges(line) if any(c in _ISOLATE_OPENERS for c in line) else []
    if isolates:
        # Isolates outside code become protected runs; the isolate characters vanish (X9).
        spans.extend(iso for iso in isolates if not any(s <= iso[0] < e for s, e, _ in spans))
    return _reorder(line, base, spans, mirror=mirror)


# --------------------------------------------------------------------------------------------
# Lines for display
# --------------------------------------------------------------------------------------------


def _align(line: str, width: int, justify: str) -> str:
    gap = width - cell_width(line)
    if gap <= 0 or justify == "left":
        return line
    if justify == "right":
        return " " * gap + line
    left = gap // 2
    return " " * left + line + " " * (gap - left)


def visual_lines(
    text: str,
    width: int,
    lang: str | None,
    mode: BidiMode | Literal["auto"] = "auto",
    *,
    justify: Justify = "auto",
    tolerant: bool = True,
) -> list[str]:
    """``text`` wrapped to ``width`` cells, ready to write cell by cell from the left.

    - Right-to-left language, ``app`` mode: wrap the logical text, reorder each line
      (:func:`to_visual`, base direction RTL, inline code kept left-to-right), right-align it
      to exactly ``width`` cells. No bidi control character is emitted.
    - ``terminal`` mode: wrap only, logical order, no padding. Reordering terminals differ in
      the direction they give a row: VTE uses left-to-right rows unless direction
      autodetection is switched on, others detect it from the first strong character and lay
      an RTL row out from the right edge. Leading padding would show on the right (text
      pushed left) in the second case; unpadded text is readable in both, right-aligned in
      the second. Pass ``justify="right"`` when the terminal is known to use LTR rows.
    - ``off``, and every left-to-right language: wrap only, left-aligned, not padded.

    ``justify`` overrides the alignment (``left``/``right``/``center`` pad to ``width``);
    ``auto`` is the behaviour above. Newlines in ``text`` are hard breaks.
    """
    if mode == "auto":
        mode = resolve_bidi_mode("auto")
    width = max(1, width)
    lines = wrap_lines(text, width, lang, tolerant=tolerant)
    if is_rtl_language(lang) and mode == "app":
        shown = [to_visual(line.text, "R", code=line.code) for line in lines]
        return [_align(line, width, "right" if justify == "auto" else justify) for line in shown]
    if justify in ("auto", "left"):
        return [line.text for line in lines]
    return [_align(line.text, width, justify) for line in lines]


def cell_text(
    value: object,
    lang: str | None,
    mode: BidiMode | Literal["auto"] = "auto",
    width: int | None = None,
) -> str:
    """A table cell's text: one line, cut to ``width`` cells, in display order.

    Data can be right-to-left whatever the UI language (a Persian name in an English lesson),
    so the direction comes from the value itself: its first strong character (rule P2), and
    the UI language only when it has none. The cut is made on the logical text (so the *end*
    of an RTL value is dropped), then the value is reordered in ``app`` mode. Not padded:
    the table aligns the cell. Backticks in data are not treated as code.
    """
    text = " ".join(str(value).splitlines())
    if width is not None:
        text = truncate(text, width)
    if mode == "auto":
        mode = resolve_bidi_mode("auto")
    if mode != "app" or not has_rtl(text):
        return text
    base: Direction = _first_strong(text) or ("R" if is_rtl_language(lang) else "L")
    return to_visual(text, base, code_spans=False)


# --------------------------------------------------------------------------------------------
# Calibration
# --------------------------------------------------------------------------------------------

# "This sentence should read correctly: alembic version 1.13" -- digits and a Latin word
# inside, starting with an RTL word so a reordering terminal sees an RTL row.
_CALIBRATION = {
    "fa": "این جمله باید درست خوانده شود: alembic نسخهٔ 1.13",
    "ur": "یہ جملہ درست پڑھا جانا چاہیے: alembic ورژن 1.13",
    "ar": "يجب أن تُقرأ هذه الجملة بشكل صحيح: alembic الإصدار 1.13",
    "he": "המשפט הזה צריך להיקרא נכון: alembic גרסה 1.13",
}


def calibration_line(lang: str | None) -> str:
    """The sample (logical order) for the "does this line read correctly?" prompt."""
    code = _lang_code(lang)
    if code not in _CALIBRATION:
        raise ValueError(f"no calibration sample for {lang!r}: only right-to-left languages")
    return _CALIBRATION[code]


def calibration_variants(lang: str | None, width: int | None = None) -> dict[str, str]:
    """The sample as each candidate mode would draw it: ``{"app": ..., "terminal": ...}``.

    Show both; the one that reads correctly on this screen is the mode to keep. With
    ``width`` the sample is cut (logically) to fit and the ``app`` variant is right-aligned.
    """
    sample = calibration_line(lang)
    if width is not None:
        sample = truncate(sample, max(1, width))
    app = to_visual(sample, "R")
    if width is not None:
        app = _align(app, width, "right")
    return {"app": app, "terminal": sample}
