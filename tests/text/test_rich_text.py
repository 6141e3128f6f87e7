"""The Rich renderable: what a Textual ``Static`` shows is ``visual_lines`` at its width."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.measure import Measurement
from text_samples import PERSIAN_TEXT, THAI_TEXT

from tutorial.text import LocalizedText, visual_lines
from tutorial.text.rich_text import cell_text


def render(renderable: LocalizedText, width: int) -> list[str]:
    console = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    with console.capture() as capture:
        console.print(renderable)
    return capture.get().split("\n")[:-1]


@pytest.mark.parametrize("width", [24, 40, 72])
@pytest.mark.parametrize(
    ("text", "lang", "mode"),
    [(PERSIAN_TEXT, "fa", "app"), (PERSIAN_TEXT, "fa", "terminal"), (THAI_TEXT[1], "th", "app")],
)
def test_renders_visual_lines(text: str, lang: str, mode: str, width: int) -> None:
    shown = render(LocalizedText(text, lang, mode), width)
    expected = visual_lines(text, width, lang, mode)  # type: ignore[arg-type]
    assert [line.rstrip(" ") for line in shown] == [line.rstrip(" ") for line in expected]


def test_code_style_marks_code_spans() -> None:
    console = Console(width=60, file=io.StringIO(), color_system=None)
    text = LocalizedText(PERSIAN_TEXT, "fa", "app", code_style="bold")
    segments = list(console.render(text, console.options.update_width(60)))
    bold = [s.text for s in segments if s.style is not None and s.style.bold]
    assert "`alembic upgrade head`" in bold


def test_measure() -> None:
    console = Console(width=100, file=io.StringIO())
    text = LocalizedText("alembic upgrade head\nshort", "en", "off")
    measurement = Measurement.get(console, console.options, text)
    assert measurement.maximum == len("alembic upgrade head")
    assert measurement.minimum == len("upgrade")


def test_cell_text_is_exported() -> None:
    assert cell_text("سلام", "en", "app") == "مالس"


def test_lines_follow_changes_of_text_and_width() -> None:
    text = LocalizedText("سلام دنیا", "fa", "app")
    assert text.lines(12) == ["   ایند مالس"]
    assert text.lines(10) == [" ایند مالس"]
    text.text = "دنیا"
    assert text.lines(10) == ["      ایند"]
    text.mode = "terminal"
    assert text.lines(10) == ["دنیا"]
