"""Grapheme clusters and break opportunities."""

from __future__ import annotations

import unicodedata

import pytest

from tutorial.text.segment import (
    break_opportunities,
    grapheme_boundaries,
    graphemes,
    thai_words,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Devanagari: conjuncts (GB9c) and spacing vowel signs (GB9a) stay with their base.
        ("क्षत्रिय", ["क्ष", "त्रि", "य"]),
        ("स्ट्रिंग", ["स्ट्रिं", "ग"]),
        ("कि", ["कि"]),
        ("ज्ञान", ["ज्ञा", "न"]),
        ("हिंदी", ["हिं", "दी"]),
        # virama + ZWNJ asks for no conjunct: the consonants are separate clusters
        ("क्\u200cष", ["क्\u200c", "ष"]),
        # Thai: above/below marks and SARA AM belong to the consonant.
        ("น้ำที่", ["น้ำ", "ที่"]),
        ("เก็บ", ["เ", "ก็", "บ"]),
        # Persian: hamza above, ZWNJ, harakat.
        ("نسخهٔ", ["ن", "س", "خ", "هٔ"]),
        ("می\u200cخواهم", ["م", "ی\u200c", "خ", "و", "ا", "ه", "م"]),
        ("بَ", ["بَ"]),
        # Emoji: ZWJ family, skin tone, flags in pairs, keycap.
        ("👨\u200d👩\u200d👧x", ["👨\u200d👩\u200d👧", "x"]),
        ("👍🏽", ["👍🏽"]),
        ("🇮🇷🇹🇭🇮", ["🇮🇷", "🇹🇭", "🇮"]),
        ("1\ufe0f\u20e3", ["1\ufe0f\u20e3"]),
        # Hangul syllable blocks, CR LF.
        ("\u1100\u1161\u11a8가", ["\u1100\u1161\u11a8", "가"]),
        ("a\r\nb", ["a", "\r\n", "b"]),
        ("", []),
    ],
)
def test_graphemes(text: str, expected: list[str]) -> None:
    assert graphemes(text) == expected
    assert "".join(graphemes(text)) == text


def test_boundaries_cover_the_text() -> None:
    text = "क्षमा करें 👨\u200d👩\u200d👧 น้ำ"
    bounds = grapheme_boundaries(text)
    assert bounds[0] == 0 and bounds[-1] == len(text)
    assert bounds == sorted(set(bounds))


def test_no_cluster_starts_with_a_mark(hindi_texts: list[str], thai_texts: list[str]) -> None:
    for text in [*hindi_texts, *thai_texts]:
        for cluster in graphemes(text):
            assert unicodedata.category(cluster[0]) not in ("Mn", "Mc", "Me"), cluster
            assert not cluster.endswith("\u094d") or cluster == "\u094d", cluster


def test_thai_words_rejoin_and_are_cached() -> None:
    text = "ห้ามแก้ไขmigration filesที่ apply แล้ว"
    words = thai_words(text)
    assert "".join(words) == text
    assert "แก้ไข" in words
    assert thai_words(text) is words  # cached


def test_thai_breaks_are_word_boundaries() -> None:
    text = "เมื่อคุณแก้ไขโมเดลแล้วให้สร้างไฟล์ใหม่"
    words = thai_words(text)
    offsets = set()
    pos = 0
    for word in words:
        pos += len(word)
        offsets.add(pos)
    breaks = break_opportunities(text, "th")
    assert breaks, "Thai without spaces must still have break opportunities"
    assert set(breaks) <= offsets


def test_no_break_before_closing_or_repetition_mark() -> None:
    text = "ทดสอบ,ครับ (ระวัง!จะลบ) ดีๆ"
    breaks = break_opportunities(text, "th")
    for offset in breaks:
        assert text[offset] not in ",)!ๆ", (offset, text[offset:])
        assert text[offset - 1] != "(", (offset, text[offset:])


def test_non_thai_pieces_between_thai_stay_whole() -> None:
    # newmm splits "models.py" into "models" ".py"; a line must not break there.
    text = "แก้ไขไฟล์models.pyแล้วรัน"
    for offset in break_opportunities(text, "th"):
        assert not (text.index("models") < offset < text.index("แล้ว"))


def test_code_spans_are_single_tokens() -> None:
    text = "Run `alembic upgrade head`, then `alembic current`."
    tokens = tokenize(text, "en")
    codes = [t.text for t in tokens if t.kind == "code"]
    assert codes == ["`alembic upgrade head`", "`alembic current`"]
    assert "".join(t.text for t in tokens) == text
    breaks = break_opportunities(text, "en")
    start = text.index("`alembic upgrade")
    assert not any(start < b < start + len("`alembic upgrade head`") for b in breaks)
    # the comma stays glued to the code span
    assert text.index(",") not in breaks


def test_hyphens_and_slashes_are_not_break_opportunities() -> None:
    # they are only the wrapper's fallback for a word wider than a line
    text = "up-down-up app/models downgrade -1"
    assert break_opportunities(text, "en") == [
        text.index("app"),
        text.index("downgrade"),
        text.index("-1"),
    ]


def test_no_break_at_no_break_space() -> None:
    text = "ขนาด\u00a0255\u00a0ตัวอักษร"
    for offset in break_opportunities(text, "th"):
        assert text[offset] != "\u00a0" and text[offset - 1] != "\u00a0"
