"""The TUI measures text the way terminals draw it: Rich's width of every Hindi (and other)
catalogue message agrees with glibc's wcswidth (what tmux uses) once the app is imported."""

from __future__ import annotations

import ctypes
import ctypes.util
import locale

import pytest
from babel.messages.pofile import read_po

from tests.tui.tui_helpers import ROOT


def _wcswidth():
    name = ctypes.util.find_library("c")
    if name is None:
        pytest.fail("the C library was not found: cannot compare with wcswidth")
    libc = ctypes.CDLL(name)
    libc.wcswidth.argtypes = [ctypes.c_wchar_p, ctypes.c_size_t]
    libc.wcswidth.restype = ctypes.c_int
    for candidate in ("C.UTF-8", "C.utf8", "en_US.UTF-8"):
        try:
            locale.setlocale(locale.LC_CTYPE, candidate)
            break
        except locale.Error:
            continue
    else:
        pytest.fail("no UTF-8 locale to ask wcswidth in")
    return lambda text: libc.wcswidth(text, len(text))


def _messages(lang: str) -> list[str]:
    with open(ROOT / "locales" / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    texts = []
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        texts.extend(s for s in strings if s and "\n" not in s)
    return texts


@pytest.mark.parametrize("lang", ["hi", "th", "ru"])
def test_rich_measures_like_the_terminal(lang: str) -> None:
    from rich.cells import cell_len

    import tutorial.tui.app  # noqa: F401 - importing the app aligns the widths

    wcswidth = _wcswidth()
    before = locale.setlocale(locale.LC_CTYPE)
    try:
        texts = _messages(lang)
        assert texts
        differ = [(t, cell_len(t), wcswidth(t)) for t in texts
                  if wcswidth(t) >= 0 and cell_len(t) != wcswidth(t)]
    finally:
        locale.setlocale(locale.LC_CTYPE, before)
    assert not differ, differ[:5]


def test_the_vowel_sign_is_a_cell_and_the_virama_is_not() -> None:
    from rich.cells import cell_len

    import tutorial.tui.app  # noqa: F401

    assert cell_len("मिनट") == 4          # म ि न ट: the vowel sign ि takes a cell
    assert cell_len("स्ट") == 2           # स ् ट: the virama joins, no cell of its own
    assert cell_len("abc") == 3 and cell_len("سلام") == 4
