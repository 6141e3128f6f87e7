"""Grapheme clusters and line-break opportunities.

Grapheme clusters follow the *extended* grapheme cluster rules of UAX #29 (Unicode 15.1),
including GB9c, which keeps Indic conjuncts such as ``क्ष`` and ``स्ट्र`` together. Python's
``unicodedata`` does not expose the Grapheme_Cluster_Break property, so it is derived here
from general categories plus the short lists of exceptions the standard defines; the
approximation is exact for the scripts this tutorial ships (Latin, Cyrillic, Arabic script,
Thai, Devanagari) and for emoji ZWJ sequences, flags and skin tones.

Break opportunities are where a line may end:

- after a run of breaking white space (NBSP, U+202F and U+2007 do not break);
- between Thai words, as found by pythainlp's ``newmm`` dictionary segmenter (imported on the
  first Thai text only, results cached), but not before closing punctuation or ``ๆ``/``ฯ``
  and not after opening punctuation;
- only when a word does not fit on a line of its own: after a hyphen or slash inside it
  (``up-down-up``, ``app/models/``), then between any two clusters (that is the wrapper's
  fallback, not a break opportunity);
- never inside an inline code span (``\u0060alembic upgrade head\u0060``): the wrapper
  keeps it whole when it fits and only then falls back to its spaces, then to clusters;
- never inside a grapheme cluster.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from typing import Literal, NamedTuple

__all__ = [
    "Token",
    "TokenKind",
    "break_opportunities",
    "contains_thai",
    "grapheme_boundaries",
    "graphemes",
    "iter_graphemes",
    "thai_words",
    "tokenize",
]

# --------------------------------------------------------------------------------------------
# Grapheme_Cluster_Break property (derived)
# --------------------------------------------------------------------------------------------

_CR, _LF, _CONTROL, _EXTEND, _ZWJ, _RI, _PREPEND, _SPACING, _L, _V, _T, _LV, _LVT, _OTHER = range(
    14
)

_PREPEND_RANGES = (
    (0x0600, 0x0605),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x0D4E, 0x0D4E),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x111C2, 0x111C3),
    (0x1193F, 0x1193F),
    (0x11941, 0x11941),
    (0x11A3A, 0x11A3A),
    (0x11A84, 0x11A89),
    (0x11D46, 0x11D46),
    (0x11F02, 0x11F02),
)

# Spacing combining marks (Mc) that UAX #29 does *not* treat as SpacingMark (mostly Myanmar).
_MC_NOT_SPACING = frozenset(
    [0x102B, 0x102C, 0x1038, 0x1062, 0x1063, 0x1064, 0x1083, 0x108F, 0x1A61, 0x1A63, 0x1A64]
    + list(range(0x1067, 0x106E))
    + list(range(0x1087, 0x108D))
    + [0x109A, 0x109B, 0x109C, 0xAA7B, 0xAA7D, 0x11720, 0x11721]
)

# Extended_Pictographic, approximated by the blocks that hold it (emoji, dingbats, symbols).
_PICTOGRAPHIC_RANGES = (
    (0x00A9, 0x00A9),
    (0x00AE, 0x00AE),
    (0x203C, 0x203C),
    (0x2049, 0x2049),
    (0x2122, 0x2122),
    (0x2139, 0x2139),
    (0x2194, 0x2199),
    (0x21A9, 0x21AA),
    (0x231A, 0x231B),
    (0x2328, 0x2328),
    (0x2388, 0x2388),
    (0x23CF, 0x23CF),
    (0x23E9, 0x23F3),
    (0x23F8, 0x23FA),
    (0x24C2, 0x24C2),
    (0x25AA, 0x25AB),
    (0x25B6, 0x25B6),
    (0x25C0, 0x25C0),
    (0x25FB, 0x25FE),
    (0x2600, 0x27BF),
    (0x2934, 0x2935),
    (0x2B05, 0x2B07),
    (0x2B1B, 0x2B1C),
    (0x2B50, 0x2B50),
    (0x2B55, 0x2B55),
    (0x3030, 0x3030),
    (0x303D, 0x303D),
    (0x3297, 0x3297),
    (0x3299, 0x3299),
    (0x1F000, 0x1F1E5),
    (0x1F200, 0x1F3FA),
    (0x1F400, 0x1FAFF),
    (0x1FC00, 0x1FFFD),
)

# Indic_Conjunct_Break (Unicode 15.1): viramas that link consonants into one cluster...
_INCB_LINKERS = frozenset([0x094D, 0x09CD, 0x0ACD, 0x0B4D, 0x0C4D, 0x0D4D])
# ...and the consonants of those scripts.
_INCB_CONSONANT_RANGES = (
    (0x0915, 0x0939),
    (0x0958, 0x095F),
    (0x0978, 0x097F),
    (0x0995, 0x09A8),
    (0x09AA, 0x09B0),
    (0x09B2, 0x09B2),
    (0x09B6, 0x09B9),
    (0x09DC, 0x09DD),
    (0x09DF, 0x09DF),
    (0x09F0, 0x09F1),
    (0x0A95, 0x0AA8),
    (0x0AAA, 0x0AB0),
    (0x0AB2, 0x0AB3),
    (0x0AB5, 0x0AB9),
    (0x0AF9, 0x0AF9),
    (0x0B15, 0x0B28),
    (0x0B2A, 0x0B30),
    (0x0B32, 0x0B33),
    (0x0B35, 0x0B39),
    (0x0B5C, 0x0B5D),
    (0x0B5F, 0x0B5F),
    (0x0B71, 0x0B71),
    (0x0C15, 0x0C28),
    (0x0C2A, 0x0C39),
    (0x0C58, 0x0C5A),
    (0x0D15, 0x0D3A),
)


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


@lru_cache(maxsize=8192)
def _gcb(char: str) -> int:
    """Grapheme_Cluster_Break value of one code point."""
    cp = ord(char)
    if cp == 0x0D:
        return _CR
    if cp == 0x0A:
        return _LF
    if cp == 0x200D:
        return _ZWJ
    if cp == 0x200C or 0x1F3FB <= cp <= 0x1F3FF or 0xE0020 <= cp <= 0xE007F:
        return _EXTEND  # ZWNJ, emoji skin-tone modifiers, emoji tag characters
    if 0x1F1E6 <= cp <= 0x1F1FF:
        return _RI
    if _in_ranges(cp, _PREPEND_RANGES):
        return _PREPEND
    if cp in (0x0E33, 0x0EB3):  # Thai SARA AM, Lao AM: letters that behave as spacing marks
        return _SPACING
    if 0x1100 <= cp <= 0x115F or 0xA960 <= cp <= 0xA97C:
        return _L
    if 0x1160 <= cp <= 0x11A7 or 0xD7B0 <= cp <= 0xD7C6:
        return _V
    if 0x11A8 <= cp <= 0x11FF or 0xD7CB <= cp <= 0xD7FB:
        return _T
    if 0xAC00 <= cp <= 0xD7A3:
        return _LV if (cp - 0xAC00) % 28 == 0 else _LVT
    if 0xFF9E <= cp <= 0xFF9F:
        return _EXTEND  # halfwidth katakana sound marks
    cat = unicodedata.category(char)
    if cat in ("Mn", "Me"):
        return _EXTEND
    if cat == "Mc":
        return _OTHER if cp in _MC_NOT_SPACING else _SPACING
    if cat in ("Cc", "Zl", "Zp", "Cs") or (cat == "Cf" and cp != 0x200C):
        return _CONTROL
    return _OTHER


@lru_cache(maxsize=4096)
def _is_pictographic(char: str) -> bool:
    cp = ord(char)
    return _in_ranges(cp, _PICTOGRAPHIC_RANGES) and not (
        0x1F1E6 <= cp <= 0x1F1FF or 0x1F3FB <= cp <= 0x1F3FF
    )


def _is_incb_consonant(cp: int) -> bool:
    return 0x0915 <= cp <= 0x0D3A and _in_ranges(cp, _INCB_CONSONANT_RANGES)


_HANGUL_PAIRS = frozenset(
    [(_L, x) for x in (_L, _V, _LV, _LVT)]
    + [(x, y) for x in (_LV, _V) for y in (_V, _T)]
    + [(x, _T) for x in (_LVT, _T)]
)


def grapheme_boundaries(text: str) -> list[int]:
    """Offsets where grapheme clusters start, plus ``len(text)`` (and 0 for empty text)."""
    bounds = [0]
    if not text:
        return bounds
    prev = _gcb(text[0])
    ri_run = 1 if prev == _RI else 0
    # GB11 state: inside "ExtPict Extend*" (emoji) and just after its ZWJ (emoji_zwj).
    emoji = _is_pictographic(text[0])
    emoji_zwj = False
    # GB9c state: 0 = none, 1 = consonant seen, 2 = consonant + linker seen.
    first_cp = ord(text[0])
    incb = 1 if _is_incb_consonant(first_cp) else 0
    for i in range(1, len(text)):
        ch = text[i]
        cp = ord(ch)
        cur = _gcb(ch)
        if prev == _CR and cur == _LF:
            brk = False  # GB3
        elif prev in (_CR, _LF, _CONTROL) or cur in (_CR, _LF, _CONTROL):
            brk = True  # GB4, GB5
        elif (prev, cur) in _HANGUL_PAIRS:
            brk = False  # GB6-GB8
        elif cur in (_EXTEND, _ZWJ, _SPACING) or prev == _PREPEND:
            brk = False  # GB9, GB9a, GB9b
        elif incb == 2 and _is_incb_consonant(cp):
            brk = False  # GB9c: conjunct (consonant virama consonant)
        elif emoji_zwj and _is_pictographic(ch):
            brk = False  # GB11: emoji ZWJ sequence
        elif prev == _RI and cur == _RI:
            brk = ri_run % 2 == 0  # GB12, GB13: flags pair up
        else:
            brk = True  # GB999
        if brk:
            bounds.append(i)
        # update state
        ri_run = ri_run + 1 if cur == _RI else 0
        if _is_pictographic(ch):
            emoji, emoji_zwj = True, False
        elif emoji and cur == _EXTEND:
            emoji_zwj = False
        elif emoji and cur == _ZWJ:
            emoji_zwj = True
        else:
            emoji = emoji_zwj = False
        if _is_incb_consonant(cp):
            incb = 1
        elif incb and cp in _INCB_LINKERS:
            incb = 2
        elif incb and (cur == _ZWJ or (cur == _EXTEND and cp != 0x200C)):
            pass  # InCB=Extend keeps the state
        else:
            incb = 0
        prev = cur
    bounds.append(len(text))
    return bounds


def iter_graphemes(text: str) -> Iterator[str]:
    """Yield the grapheme clusters of ``text`` in logical order."""
    bounds = grapheme_boundaries(text)
    for start, end in zip(bounds, bounds[1:], strict=False):
        yield text[start:end]


def graphemes(text: str) -> list[str]:
    """The grapheme clusters of ``text`` (``"".join(graphemes(t)) == t``)."""
    return list(iter_graphemes(text))


# --------------------------------------------------------------------------------------------
# Thai words
# --------------------------------------------------------------------------------------------

_THAI_RE = re.compile("[\u0e00-\u0e7f]")


def contains_thai(text: str) -> bool:
    """True if ``text`` has any character from the Thai block."""
    return _THAI_RE.search(text) is not None


@lru_cache(maxsize=2048)
def thai_words(text: str) -> tuple[str, ...]:
    """Words of ``text`` by pythainlp's ``newmm`` dictionary segmenter.

    pythainlp (about 0.4 s to import and load its dictionary) is imported on the first call
    only, so nothing pays for it unless Thai text is laid out. ``"".join(result) == text``.
    """
    from pythainlp.tokenize import word_tokenize

    words = tuple(word_tokenize(text, engine="newmm", keep_whitespace=True))
    if "".join(words) != text:  # never lose characters, whatever the segmenter did
        return (text,)
    return words


# --------------------------------------------------------------------------------------------
# Tokens and break opportunities
# --------------------------------------------------------------------------------------------

TokenKind = Literal["text", "code", "space"]


class Token(NamedTuple):
    """One unbreakable piece of a paragraph.

    ``break_before`` says whether a line may end between the previous token and this one when
    no white space separates them (a Thai word boundary). White space tokens are
    always break opportunities and are dropped at the end of a line. ``soft`` holds offsets
    inside the token where the wrapper may break it when it is wider than a whole line
    (hyphens and slashes; in Thai text, pythainlp's boundaries inside Latin runs).
    """

    text: str
    kind: TokenKind
    start: int
    break_before: bool = False
    soft: tuple[int, ...] = ()

    @property
    def end(self) -> int:
        return self.start + len(self.text)


# Breaking white space: ordinary spaces and tabs; NBSP (U+00A0), U+2007 and U+202F do not break.
_SPACE_RE = re.compile("[ \t\u1680\u2000-\u2006\u2008-\u200a\u205f\u3000]+")
# Inline code as CommonMark delimits it: a run of backticks closed by a run of the same length.
_CODE_RE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
# Punctuation that must not start a line / end a line when glued to a neighbour.
_NO_START = frozenset(
    ")]}»”’,.:;!?%‰…、。，．：；！？）］｝」』〕】\u0e46\u0e2f\u060c\u061b\u061f\u06d4"
)
_NO_END = frozenset("([{«“‘¿¡（［｛「『〔【")
# No-break spaces and the word joiner glue on both sides.
_GLUE_CHARS = frozenset("\u00a0\u2007\u202f\u2060\ufeff")


def _glue(left: str, right: str) -> bool:
    """True if no line break may fall between ``left`` and ``right``."""
    return (
        right[:1] in _NO_START
        or left[-1:] in _NO_END
        or right[:1] in _GLUE_CHARS
        or left[-1:] in _GLUE_CHARS
    )


# Fallback breaks inside a word too wide for a line (not break opportunities): after a hyphen
# or slash between letters (``up-down-up``, ``dev/staging``; not ``-1`` or ``--sql``).
_WORD_SPLIT_RE = re.compile(r"(?<=[^\W\d_][-/])(?=[^\W\d_])")


def _fallback_cuts(word: str, thai_paragraph: bool) -> tuple[int, ...]:
    if thai_paragraph:
        # In Thai text pythainlp's segmentation is the reference, for Latin runs too.
        cuts: list[int] = []
        pos = 0
        for piece in thai_words(word)[:-1]:
            pos += len(piece)
            cuts.append(pos)
        return tuple(cuts)
    return tuple(m.start() for m in _WORD_SPLIT_RE.finditer(word))


def _split_word(word: str, start: int, thai_paragraph: bool) -> list[Token]:
    """Split one white-space-free run into tokens with their inner break opportunities."""
    if not contains_thai(word):
        return [Token(word, "text", start, soft=_fallback_cuts(word, thai_paragraph))]
    tokens: list[Token] = []
    offset = start
    prev = ""
    for piece in thai_words(word):
        # Break only at boundaries that touch Thai: "models" ".py" stay one token, with the
        # boundary between them kept as a fallback for when the token is wider than a line.
        thai_side = contains_thai(piece) or contains_thai(prev)
        if tokens and (not thai_side or _glue(prev, piece)):
            last = tokens[-1]
            soft = last.soft if thai_side else (*last.soft, len(last.text))
            tokens[-1] = last._replace(text=last.text + piece, soft=soft)
        else:
            tokens.append(Token(piece, "text", offset, bool(tokens)))
        offset += len(piece)
        prev = piece
    return tokens


def _tokenize_plain(text: str, base: int, out: list[Token], thai_paragraph: bool) -> None:
    pos = 0
    for match in _SPACE_RE.finditer(text):
        if match.start() > pos:
            out.extend(_split_word(text[pos : match.start()], base + pos, thai_paragraph))
        out.append(Token(match.group(), "space", base + match.start(), True))
        pos = match.end()
    if pos < len(text):
        out.extend(_split_word(text[pos:], base + pos, thai_paragraph))


def tokenize(text: str, lang: str | None = None, *, code_spans: bool = True) -> list[Token]:
    """Split one paragraph (no newlines) into tokens; ``"".join(t.text) == text``.

    ``lang`` is a hint only: Thai segmentation is chosen by script, so Thai words inside a
    Persian or English paragraph are handled too. With ``code_spans`` (the default) inline code
    spans become single ``code`` tokens.
    """
    del lang  # the script decides; kept so callers need not change when a language needs it
    thai = contains_thai(text)
    tokens: list[Token] = []
    pos = 0
    if code_spans and "`" in text:
        for match in _CODE_RE.finditer(text):
            if match.start() > pos:
                _tokenize_plain(text[pos : match.start()], pos, tokens, thai)
            tokens.append(Token(match.group(), "code", match.start()))
            pos = match.end()
    if pos < len(text):
        _tokenize_plain(text[pos:], pos, tokens, thai)
    # A code span glued to a Thai word may break there; glued to anything else it may not
    # (``\u0060head\u0060.`` keeps its full stop, ``(\u0060x\u0060)`` its brackets).
    fixed: list[Token] = []
    for tok in tokens:
        if fixed and tok.kind != "space" and fixed[-1].kind != "space":
            prev = fixed[-1]
            if tok.kind == "code" or prev.kind == "code":
                may = (contains_thai(prev.text[-1:]) or contains_thai(tok.text[:1])) and not _glue(
                    prev.text, tok.text
                )
                tok = tok._replace(break_before=may)
        fixed.append(tok)
    return fixed


def break_opportunities(text: str, lang: str | None = None) -> list[int]:
    """Offsets ``i`` (``0 < i < len(text)``) where a line may start; one paragraph of text.

    After white space the opportunity is at the start of the next word (UAX #14 style); the
    wrapper drops the white space before the break.
    """
    result: list[int] = []
    prev_kind: str | None = None
    for tok in tokenize(text, lang):
        if tok.kind != "space" and tok.start > 0 and (prev_kind == "space" or tok.break_before):
            result.append(tok.start)
        prev_kind = tok.kind
    return result
