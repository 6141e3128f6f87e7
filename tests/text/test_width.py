"""Cell widths: Rich's measure, the tolerant upper bound, and fit/truncate by clusters."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tutorial.text.segment import graphemes
from tutorial.text.width import cell_width, fit, max_cell_width, truncate, width_uncertainty

SAMPLES = [
    "alembic upgrade head",
    "Миграция применена",
    "ستون جدید NULL است",
    "น้ำที่ไหลเข้าตาราง",
    "स्ट्रिंग कॉलम का प्रकार",
    "क्षत्रिय",
    "👨\u200d👩\u200d👧 🇮🇷",
    "数据库迁移",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_cell_width_is_richs(text: str) -> None:
    assert cell_width(text) == cell_len(text)
    assert max_cell_width(text) >= cell_width(text)


@pytest.mark.parametrize(
    ("text", "rich", "upper"),
    [
        ("कि", 1, 2),  # the vowel sign i is a spacing mark: 0 for Rich, 1 for others
        ("स्ट्रिंग", 4, 5),
        ("को", 1, 2),
        ("क्ष", 2, 2),
        ("น้ำ", 2, 2),  # Thai SARA AM is one cell everywhere
        ("نسخهٔ", 4, 4),
        ("abc", 3, 3),
        ("👨\u200d👩\u200d👧", 2, 6),  # terminals that do not join draw three emoji
    ],
)
def test_tolerant_upper_bound(text: str, rich: int, upper: int) -> None:
    assert cell_width(text) == rich
    assert max_cell_width(text) == upper
    assert width_uncertainty(text) == upper - rich


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("width", range(0, 26))
def test_truncate_keeps_clusters_and_fits(text: str, width: int) -> None:
    cut = truncate(text, width)
    assert max_cell_width(cut) <= width
    body = cut[:-1] if cut.endswith("…") and not text.endswith("…") else cut
    clusters = graphemes(text)
    assert graphemes(body) == clusters[: len(graphemes(body))]  # a prefix of whole clusters
    if max_cell_width(text) <= width:
        assert cut == text


@pytest.mark.parametrize("text", SAMPLES)
@pytest.mark.parametrize("width", [1, 4, 7, 12, 30])
@pytest.mark.parametrize("align", ["left", "right", "center"])
def test_fit_is_exactly_the_width(text: str, width: int, align: str) -> None:
    fitted = fit(text, width, align=align)  # type: ignore[arg-type]
    assert cell_len(fitted) == width
    if align == "left":
        assert fitted.rstrip(" ") == truncate(text, width).rstrip(" ")
    if align == "right" and max_cell_width(text) < width:
        assert fitted.startswith(" ") and fitted.endswith(text)


def test_fit_margin_keeps_blank_cells_at_the_right() -> None:
    fitted = fit("स्ट्रिंग कॉलम का प्रकार बदलें", 16, margin=3, align="right")
    assert cell_len(fitted) == 16
    assert fitted.endswith("   ")
    assert max_cell_width(fitted.strip()) <= 13
    assert fit("abc", 0) == ""
