"""Wrapping: Thai at word boundaries, Devanagari never inside a cluster, code spans whole."""

from __future__ import annotations

import unicodedata
from functools import cache

import pytest
from rich.cells import cell_len

from tutorial.text.segment import graphemes
from tutorial.text.width import max_cell_width
from tutorial.text.wrap import wrap, wrap_lines

WIDTHS = (30, 40, 60, 80)
NARROW = (8, 12, 16, 20, 25)


def line_starts(paragraph: str, lines: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` of each line inside ``paragraph``; asserts the lines are the paragraph
    in order, with only white space dropped between them."""
    spans = []
    pos = 0
    for line in lines:
        index = paragraph.find(line, pos)
        assert index >= 0, (line, paragraph[pos:])
        assert paragraph[pos:index].strip() == "", f"text lost: {paragraph[pos:index]!r}"
        spans.append((index, index + len(line)))
        pos = index + len(line)
    assert paragraph[pos:].strip() == "", f"text lost at the end: {paragraph[pos:]!r}"
    return spans


@cache
def pythainlp_tokens(paragraph: str) -> tuple[tuple[int, int, str], ...]:
    from pythainlp.tokenize import word_tokenize

    tokens = []
    pos = 0
    for word in word_tokenize(paragraph, engine="newmm", keep_whitespace=True):
        tokens.append((pos, pos + len(word), word))
        pos += len(word)
    assert pos == len(paragraph)
    return tuple(tokens)


def assert_thai_wrap(paragraph: str, width: int) -> None:
    lines = wrap(paragraph, width, "th")
    for line in lines:
        assert cell_len(line) <= width or len(graphemes(line)) == 1, (width, line)
    tokens = pythainlp_tokens(paragraph)
    for start, end in line_starts(paragraph, lines)[1:]:
        del end
        for t_start, t_end, word in tokens:
            if t_start < start < t_end:
                # a break inside a word is allowed only when the word alone is too wide
                assert cell_len(word) > width, (
                    f"width {width}: line break inside the word {word!r} "
                    f"({paragraph[max(0, start - 15) : start]!r} | {paragraph[start : start + 15]!r})"
                )


@pytest.mark.parametrize("width", WIDTHS + NARROW)
def test_thai_seed_paragraphs_break_between_words(
    thai_seed_paragraphs: list[str], width: int
) -> None:
    for paragraph in thai_seed_paragraphs:
        assert_thai_wrap(paragraph, width)


@pytest.mark.parametrize("width", WIDTHS + NARROW)
def test_thai_seed_guide_as_one_paragraph(thai_seed_paragraphs: list[str], width: int) -> None:
    # The seed's paragraphs are short; joined, they wrap many times at every width.
    paragraph = " ".join(thai_seed_paragraphs)
    assert len(wrap(paragraph, width, "th")) > 10
    assert_thai_wrap(paragraph, width)


@pytest.mark.parametrize("width", WIDTHS + NARROW)
def test_thai_text_breaks_between_words(thai_texts: list[str], width: int) -> None:
    for paragraph in thai_texts:
        assert_thai_wrap(paragraph, width)


def test_thai_really_breaks_without_spaces() -> None:
    # 60 cells of Thai with no space at all: a cell-width wrapper would cut words in half.
    paragraph = "การเปลี่ยนชื่อคอลัมน์ด้วยการสร้างอัตโนมัติจะถูกตรวจพบเป็นการลบคอลัมน์เก่าแล้วเพิ่มคอลัมน์ใหม่"
    lines = wrap(paragraph, 20, "th")
    assert len(lines) >= 3
    assert_thai_wrap(paragraph, 20)
    words = {w for _, _, w in pythainlp_tokens(paragraph)}
    assert all(line.startswith(tuple(words)) for line in lines)


def test_thai_overlong_word_is_split_by_clusters_not_inside_one() -> None:
    word = "ประชาธิปไตย" * 3  # one dictionary-less run, wider than the line
    lines = wrap(word, 7, "th")
    assert "".join(lines) == word
    for line in lines:
        assert cell_len(line) <= 7
        assert unicodedata.category(line[0]) not in ("Mn", "Mc")
        assert line[-1] not in "เแโใไ"  # a preposed vowel stays with its consonant


def test_thai_repetition_mark_never_starts_a_line() -> None:
    paragraph = "ตรวจสอบให้ดีๆ ก่อนรันจริงๆ ทุกครั้งนะครับ" * 4
    for width in range(6, 40):
        for line in wrap(paragraph, width, "th"):
            assert not line.startswith("ๆ"), (width, line)


@pytest.mark.parametrize("width", [*range(1, 41), 60, 80])
def test_devanagari_never_splits_a_cluster(hindi_texts: list[str], width: int) -> None:
    for paragraph in hindi_texts:
        lines = wrap(paragraph, width, "hi")
        line_starts(paragraph, lines)
        for line in lines:
            # a line that starts with a mark or follows a dangling virama split a cluster
            assert unicodedata.category(line[0]) not in ("Mn", "Mc", "Me"), (width, line)
            assert not line.endswith("\u094d"), (width, line)
            # tolerant: fits even where spacing marks take a cell (glibc, xterm.js)
            assert max_cell_width(line) <= width or len(graphemes(line)) == 1, (width, line)
        joined = "".join(lines)
        for conjunct in ("क्ष", "स्ट्र", "त्र", "ज्ञ", "द्ध", "ष्ट्र", "क्षि"):
            assert joined.count(conjunct) == paragraph.replace(" ", "").count(conjunct)


def test_devanagari_tolerant_and_exact_measures_differ() -> None:
    text = "स्ट्रिंग कॉलम का प्रकार बदलने से पहले सुनिश्चित करें"
    tolerant = wrap(text, 20, "hi")
    exact = wrap(text, 20, "hi", tolerant=False)
    assert all(max_cell_width(line) <= 20 for line in tolerant)
    assert any(max_cell_width(line) > 20 for line in exact) or len(exact) < len(tolerant)


@pytest.mark.parametrize("width", range(22, 90, 3))
def test_code_span_kept_whole_when_it_fits(width: int) -> None:
    paragraph = (
        "After editing models.py, run `alembic upgrade head` and then check the result with "
        "`alembic current`; to undo it, `alembic downgrade -1` is one key away."
    )
    lines = wrap(paragraph, width, "en")
    text = "\n".join(lines)
    for span in ("`alembic upgrade head`", "`alembic current`", "`alembic downgrade -1`"):
        assert span in text, (width, lines)
    assert all(cell_len(line) <= width for line in lines)


def test_long_code_span_breaks_at_its_spaces_and_reports_its_ranges() -> None:
    paragraph = 'Type `alembic revision --autogenerate -m "add phone"` now.'
    lines = wrap_lines(paragraph, 20, "en")
    assert [line.text for line in lines] == [
        "Type `alembic",
        "revision",
        "--autogenerate -m",
        '"add phone"` now.',
    ]
    assert lines[0].code == ((5, 13),)
    assert lines[2].code == ((0, 17),)
    assert lines[3].code == ((0, 12),)


def test_path_in_code_breaks_after_slashes_first() -> None:
    lines = wrap("`alembic/versions/xxxx_add_address_to_users.py`", 20, "en")
    assert lines[0] == "`alembic/versions/"
    assert all(cell_len(line) <= 20 for line in lines)


def test_hyphen_breaks_only_a_word_too_wide_for_a_line() -> None:
    assert wrap("the up-down-up round trip", 12, "en") == ["the", "up-down-up", "round trip"]
    assert wrap("the up-down-up round trip", 6, "en") == [
        "the",
        "up-",
        "down-",
        "up",
        "round",
        "trip",
    ]
    assert wrap("downgrade -1 now", 10, "en") == ["downgrade", "-1 now"]


@pytest.mark.parametrize(
    ("text", "width", "expected"),
    [
        ("", 10, [""]),
        ("one two\n\nthree", 20, ["one two", "", "three"]),
        ("  indented text here", 12, ["  indented", "text here"]),
        ("word    spaced", 6, ["word", "spaced"]),
        ("supercalifragilistic", 8, ["supercal", "ifragili", "stic"]),
        ("keep NBSP\u00a0together", 14, ["keep", "NBSP\u00a0together"]),
        ("hard\r\nbreak", 20, ["hard", "break"]),
    ],
)
def test_plain_cases(text: str, width: int, expected: list[str]) -> None:
    assert wrap(text, width, "en") == expected


@pytest.mark.parametrize("width", [10, 17, 30, 45])
def test_persian_and_russian_wrap_at_spaces(width: int) -> None:
    texts = {
        "fa": "داده‌های قبلی محفوظ می‌ماند و ستون جدید با مقدار NULL پر می‌شود تا زمانی که آن را پر کنید.",
        "ru": "Autogenerate видит переименование столбца как удаление и добавление, и данные теряются.",
    }
    for lang, text in texts.items():
        lines = wrap(text, width, lang)
        spans = line_starts(text, lines)
        for (start, _), line in zip(spans, lines, strict=True):
            assert cell_len(line) <= width
            word = text[text.rfind(" ", 0, start) + 1 :].split(" ")[0]
            if start and cell_len(word) <= width:
                assert text[start - 1] == " ", (lang, width, line)  # broke at a space
