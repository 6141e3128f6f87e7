"""Right-to-left display: visual order in app mode, logical order in terminal mode, detection."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest
from bidi import get_display
from rich.cells import cell_len
from text_samples import PERSIAN_TEXT, URDU_TEXT

from tutorial.text.bidi import (
    BIDI_CONTROLS,
    BIDI_ENV_VAR,
    calibration_line,
    calibration_variants,
    cell_text,
    detect_bidi_mode,
    explain_bidi_detection,
    has_rtl,
    is_rtl_language,
    resolve_bidi_mode,
    strip_bidi_controls,
    to_visual,
    visual_lines,
)
from tutorial.text.segment import _CODE_RE, graphemes
from tutorial.text.wrap import wrap, wrap_lines

LRI, PDI = "\u2066", "\u2069"


def reversed_clusters(word: str) -> str:
    """``word`` as it must look in visual order: clusters reversed, each kept intact (ZWNJ,
    which acts between two letters, stays between them)."""
    units: list[str] = []
    for cluster in graphemes(word):
        if len(cluster) > 1 and cluster.endswith("\u200c"):
            units.extend([cluster[:-1], "\u200c"])
        else:
            units.append(cluster)
    return "".join(reversed(units))


def without_marks(text: str) -> str:
    """Text python-bidi can be compared on: it reorders code points, so combining marks (and
    ZWJ in emoji sequences) would land on the wrong side of their base."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Me") and c != "\u200d")


def python_bidi(line: str, base: str) -> str:
    """python-bidi's display order, code spans isolated with LRI...PDI, controls removed."""
    isolated = _CODE_RE.sub(lambda m: LRI + m.group() + PDI, line)
    return strip_bidi_controls(get_display(isolated, base_dir=base))


# --- agreement with python-bidi where it is right -------------------------------------------


def test_matches_python_bidi_on_the_persian_seed(persian_seed_lines: list[str]) -> None:
    for line in persian_seed_lines:
        line = without_marks(line)
        assert to_visual(line, "R", mirror=False) == python_bidi(line, "R"), line


@pytest.mark.parametrize("width", [20, 33, 47, 80])
def test_matches_python_bidi_on_wrapped_lines(width: int) -> None:
    for text in (PERSIAN_TEXT, URDU_TEXT):
        for line in wrap_lines(without_marks(text), width, "fa"):
            assert to_visual(line.text, "R", mirror=False) == python_bidi(line.text, "R")


def test_matches_python_bidi_on_random_mixed_text() -> None:
    # Every bidi class the rules W1-W7, N0-N2 and I1-I2 treat differently.
    alphabet = list("سلامبهabcXY0123٠١٢۱۲+-$%#,.:/!\"'*()[]{}") + ["\u05d0", " ", " "]
    rng = random.Random(20240611)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        for base in ("R", "L"):
            expected = strip_bidi_controls(get_display(text, base_dir=base))
            assert to_visual(text, base, mirror=False, code_spans=False) == expected, text


# --- what python-bidi does not do, and we must ----------------------------------------------


def test_combining_marks_stay_after_their_base() -> None:
    # UAX #9 L3: python-bidi's get_display puts the hamza before the heh.
    assert to_visual("نسخهٔ", "R") == "هٔخسن"
    assert to_visual("بَ", "R") == "بَ"


def test_zwnj_stays_between_the_same_letters() -> None:
    assert to_visual("می\u200cخواهم", "R") == "مهاوخ\u200cیم"


def test_emoji_sequences_are_not_reversed() -> None:
    family = "👨\u200d👩\u200d👧"
    assert to_visual(f"خانواده {family} سلام", "R") == f"مالس {family} هداوناخ"


def test_brackets_are_mirrored_in_rtl_runs() -> None:
    assert to_visual("سپس (اجرا) کنید", "R") == "دینک (ارجا) سپس"
    assert to_visual("ستون «phone» اضافه شد", "R") == "دش هفاضا «phone» نوتس"


def test_code_spans_stay_left_to_right_with_their_punctuation() -> None:
    line = 'اجرا کنید `alembic revision -m "add phone"` را'
    assert to_visual(line, "R") == 'ار `alembic revision -m "add phone"` دینک ارجا'
    # Without the protection the UBA moves the closing quote: that is why code is isolated.
    assert '`alembic revision -m "add phone"`' not in to_visual(line, "R", code_spans=False)


def test_input_isolates_are_honoured_and_removed() -> None:
    line = f"فایل {LRI}versions/001_add.py!{PDI} ساخته شد"
    shown = to_visual(line, "R")
    assert "versions/001_add.py!" in shown
    assert not set(shown) & BIDI_CONTROLS
    assert to_visual("\u200fسلام\u200e", "R") == "مالس"


# --- visual lines ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", range(24, 81, 4))
@pytest.mark.parametrize(("lang", "text"), [("fa", PERSIAN_TEXT), ("ur", URDU_TEXT)])
def test_app_mode_lines(lang: str, text: str, width: int) -> None:
    logical = wrap_lines(text, width, lang)
    shown = visual_lines(text, width, lang, "app")
    assert len(shown) == len(logical)
    assert any("`alembic upgrade head`" in line for line in shown)
    for source, line in zip(logical, shown, strict=True):
        assert not set(line) & BIDI_CONTROLS, line
        assert cell_len(line) == width, line  # right-aligned to exactly the width
        assert line == " " * (width - cell_len(line.lstrip(" "))) + line.lstrip(" ")
        assert not line.endswith(" ")
        # the same characters, none added or lost (mirrored brackets counted as one)
        same = str.maketrans("()«»", "((««")
        assert sorted(line.strip(" ").translate(same)) == sorted(source.text.translate(same))
        # The RTL words come out reversed (by cluster) and in reverse order: scanning the
        # visual words from the right finds the logical words one after another.
        words = [w for w in source.text.split() if re.fullmatch(r"[\u0600-\u06ff\u200c]+", w)]
        shown_words = line.split()
        right = len(shown_words)
        for word in words:
            target = reversed_clusters(word)
            found = [k for k in range(right) if shown_words[k] == target]
            assert found, (word, source.text, line)
            right = found[-1]
        if words and source.text.startswith(words[0]):
            assert line.endswith(reversed_clusters(words[0]))


def test_the_command_line_reads_left_to_right_at_every_width() -> None:
    text = "برای اعمال مهاجرت‌ها دستور `alembic upgrade head` را اجرا کنید."
    for width in range(22, 70):
        lines = visual_lines(text, width, "fa", "app")
        hits = [line for line in lines if "`alembic upgrade head`" in line]
        assert len(hits) == 1, (width, lines)


@pytest.mark.parametrize("mode", ["terminal", "off"])
def test_terminal_and_off_modes_keep_logical_order(mode: str) -> None:
    for text, lang in ((PERSIAN_TEXT, "fa"), (URDU_TEXT, "ur")):
        assert visual_lines(text, 40, lang, mode) == wrap(text, 40, lang)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ["app", "terminal", "off"])
def test_left_to_right_languages_are_only_wrapped(mode: str) -> None:
    text = "Run `alembic upgrade head`, then check the schema with `alembic current`."
    for lang in ("en", "ru", "th", "hi"):
        assert visual_lines(text, 30, lang, mode) == wrap(text, 30, lang)  # type: ignore[arg-type]


def test_explicit_justify() -> None:
    assert visual_lines("سلام دنیا", 12, "fa", "app", justify="left") == ["ایند مالس"]
    assert visual_lines("hello", 9, "en", "off", justify="center") == ["  hello  "]
    assert visual_lines("hello", 9, "en", "off", justify="right") == ["    hello"]


def test_empty_lines_are_kept() -> None:
    assert visual_lines("سلام\n\nدنیا", 6, "fa", "app") == ["  مالس", "      ", "  ایند"]


# --- detection -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"VTE_VERSION": "7600", "TERM": "xterm-256color"}, "terminal"),  # GNOME Terminal
        ({"VTE_VERSION": "6800", "TILIX_ID": "x"}, "terminal"),  # Tilix
        ({"VTE_VERSION": "5202"}, "app"),  # VTE 0.52: before VTE's bidi support
        ({"VTE_VERSION": "5703"}, "terminal"),
        ({"TERM_PROGRAM": "mintty"}, "terminal"),
        ({"TERM_PROGRAM": "Apple_Terminal"}, "terminal"),
        ({"TERM_PROGRAM": "iTerm.app"}, "app"),
        ({"KONSOLE_VERSION": "230804"}, "terminal"),
        ({"KONSOLE_DBUS_SESSION": "/Sessions/1"}, "terminal"),
        ({"MLTERM": "3.9.3"}, "terminal"),
        ({"TERM": "mlterm-256color"}, "terminal"),
        ({"TERM_PROGRAM": "vscode"}, "app"),
        ({"WT_SESSION": "b3c5..."}, "app"),
        ({"KITTY_WINDOW_ID": "1", "TERM": "xterm-kitty"}, "app"),
        ({"TERM_PROGRAM": "WezTerm"}, "app"),
        ({"ALACRITTY_WINDOW_ID": "1"}, "app"),
        ({"ALEMBIC_TUTORIAL_SERVE": "1"}, "app"),
        ({"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}, "app"),
        # inherited variables: VS Code or textual-serve started from GNOME Terminal
        ({"TERM_PROGRAM": "vscode", "VTE_VERSION": "7600"}, "app"),
        ({"TERM_PROGRAM": "textual", "VTE_VERSION": "7600"}, "app"),
        ({"ALEMBIC_TUTORIAL_SERVE": "1", "KONSOLE_VERSION": "230804"}, "app"),
        # nothing known: xterm, ssh, a bare environment
        ({"TERM": "xterm-256color"}, "app"),
        ({}, "app"),
    ],
)
def test_detect_bidi_mode(environ: dict[str, str], expected: str) -> None:
    assert detect_bidi_mode(environ) == expected
    mode, reason = explain_bidi_detection(environ)
    assert mode == expected and reason


def test_resolve_bidi_mode() -> None:
    assert resolve_bidi_mode("auto", {"VTE_VERSION": "7600"}) == "terminal"
    assert resolve_bidi_mode("auto", {"VTE_VERSION": "7600", BIDI_ENV_VAR: "app"}) == "app"
    assert resolve_bidi_mode("auto", {BIDI_ENV_VAR: "off"}) == "off"
    assert resolve_bidi_mode("auto", {BIDI_ENV_VAR: "nonsense"}) == "app"
    assert resolve_bidi_mode("Terminal", {}) == "terminal"
    assert resolve_bidi_mode(None, {}) == "app"
    with pytest.raises(ValueError):
        resolve_bidi_mode("sideways", {})


def test_language_helpers() -> None:
    assert is_rtl_language("fa") and is_rtl_language("ur_PK.UTF-8") and is_rtl_language("fa-IR")
    assert not any(is_rtl_language(x) for x in ("en", "th", "hi", "ru", None, ""))
    assert has_rtl("abc سلام") and not has_rtl("abc ١٢٣") and not has_rtl("")


# --- calibration -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fa", "ur", "fa_IR"])
def test_calibration(lang: str) -> None:
    sample = calibration_line(lang)
    assert has_rtl(sample) and re.search(r"[A-Za-z]+", sample) and re.search(r"\d", sample)
    assert has_rtl(sample[0])  # an RTL row for a terminal that detects direction
    variants = calibration_variants(lang)
    assert variants["terminal"] == sample
    assert variants["app"] == to_visual(sample, "R")
    assert variants["app"] != variants["terminal"]
    for shown in variants.values():
        assert "alembic" in shown and "1.13" in shown
        assert not set(shown) & BIDI_CONTROLS
    narrow = calibration_variants(lang, 30)
    assert cell_len(narrow["app"]) == 30 and cell_len(narrow["terminal"]) <= 30


@pytest.mark.parametrize("lang", ["en", "th", "hi", "ru", None])
def test_no_calibration_for_ltr_languages(lang: str | None) -> None:
    with pytest.raises(ValueError):
        calibration_line(lang)


# --- table cells -----------------------------------------------------------------------------


def test_cell_text_reorders_rtl_data_even_in_an_ltr_ui() -> None:
    assert cell_text("علی رضایی", "en", "app") == "ییاضر یلع"
    assert cell_text("علی رضایی", "en", "terminal") == "علی رضایی"
    assert cell_text("علی رضایی", "fa", "off") == "علی رضایی"
    assert cell_text("admin@ex.com", "fa", "app") == "admin@ex.com"
    assert cell_text(42, "fa", "app") == "42"
    # first strong character decides: an LTR value with a Persian word stays LTR-based
    assert cell_text("Smith علی", "fa", "app") == "Smith یلع"
    assert cell_text("علی Smith", "en", "app") == "Smith یلع"


def test_cell_text_cuts_the_logical_end() -> None:
    shown = cell_text("داده‌های قبلی محفوظ می‌ماند", "fa", "app", width=12)
    assert cell_len(shown) <= 12
    assert shown.startswith("…")  # the logical end is on the left once reordered
    assert shown.endswith(reversed_clusters("داده‌های"))
    assert cell_text("one\ntwo", "en", "app") == "one two"
