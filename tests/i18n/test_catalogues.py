"""Translations that fail the build when they are not right: complete catalogues, the same
placeholders, compiled files up to date with their sources and with the code, prose for every
lesson and locale with identical code, no mojibake, Thai prose wrapped only between words."""

from __future__ import annotations

import gettext
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from rich.cells import cell_len

from tests.text.test_wrap import line_starts, pythainlp_tokens
from tutorial.i18n import LANGUAGES
from tutorial.lessons.loader import load_course
from tutorial.lessons.validate import check_texts
from tutorial.paths import lessons_dir, locales_dir

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
# Byte sequences that UTF-8 text shows after being decoded as Latin-1 or cp1252.
_CONT = "[\u0080-\u00bf\u20ac\u201a-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]"
MOJIBAKE = re.compile(f"\ufffd|[ÃÂØÙÐÑ]{_CONT}|à[¤¥¸¹]")
COURSE = load_course(lessons_dir())


def _catalog(lang: str):
    with open(locales_dir() / lang / "LC_MESSAGES" / "messages.po", "rb") as fh:
        return read_po(fh, locale=lang)


@pytest.fixture(scope="module")
def template_ids(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The messages the code has now (a fresh extraction, as the README documents it)."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "N_", "-k", "ngettext:1,2", "-k", "_plural:1,2", "-k", "pgettext:1c,2",
         "--no-location",
         "-o", str(pot), "tutorial"],
        capture_output=True, text=True, check=True, cwd=ROOT)
    with open(pot, "rb") as fh:
        ids = {(m.context, m.id if isinstance(m.id, str) else m.id[0])
               for m in read_po(fh) if m.id}
    assert len(ids) > 300, "the extraction found too few messages"
    return ids


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_of_the_code_is_translated(lang, template_ids):
    catalog = _catalog(lang)
    translated = {
        (m.context, m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog if m.id and not m.fuzzy and (
            all(m.string) if isinstance(m.string, (tuple, list)) else m.string)
    }
    missing = sorted(template_ids - translated, key=lambda k: (k[0] or "", k[1]))
    assert not missing, f"{len(missing)} untranslated in {lang}, e.g. {missing[:5]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_placeholders_are_the_same(lang):
    bad = []
    for m in _catalog(lang):
        if not m.id:
            continue
        if isinstance(m.id, (tuple, list)):
            both = set(PLACEHOLDER.findall(m.id[0])) | set(PLACEHOLDER.findall(m.id[1]))
            common = set(PLACEHOLDER.findall(m.id[0])) & set(PLACEHOLDER.findall(m.id[1]))
            for form in m.string:
                found = set(PLACEHOLDER.findall(form or ""))
                if form and not (common <= found <= both):
                    bad.append((m.id[0], form))
        elif m.string and set(PLACEHOLDER.findall(m.id)) != set(PLACEHOLDER.findall(m.string)):
            bad.append((m.id, m.string))
    assert not bad, f"placeholders differ in {lang}: {bad[:3]}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_compiled_catalogue_matches_its_source(lang):
    def key(value):
        return tuple(value) if isinstance(value, (list, tuple)) else value

    po = {(m.context, key(m.id)): key(m.string) for m in _catalog(lang)
          if m.id and not m.fuzzy}
    po = {k: v for k, v in po.items() if (all(v) if isinstance(v, tuple) else v)}
    with open(locales_dir() / lang / "LC_MESSAGES" / "messages.mo", "rb") as fh:
        # Babel's read_mo gives a message context as bytes, read_po as text.
        mo = {(m.context.decode() if isinstance(m.context, bytes) else m.context, key(m.id)):
              key(m.string) for m in read_mo(fh) if m.id}
    assert mo == po, (
        f"locales/{lang}/LC_MESSAGES/messages.mo is out of date: run pybabel compile -d locales")


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_runtime_loads_the_catalogue(lang):
    with open(locales_dir() / lang / "LC_MESSAGES" / "messages.mo", "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)
    assert catalogue.gettext("Goal met") != "Goal met"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_no_mojibake_in_catalogues(lang):
    text = (locales_dir() / lang / "LC_MESSAGES" / "messages.po").read_text(encoding="utf-8")
    found = MOJIBAKE.search(text)
    assert not found, f"mojibake in {lang}: {text[found.start() - 20:found.end() + 20]!r}"


@pytest.mark.parametrize("lesson", COURSE.ordered(), ids=lambda lesson: lesson.id)
def test_every_lesson_has_consistent_prose_in_every_locale(lesson):
    problems = check_texts(lesson)
    assert not problems, "\n".join(str(p) for p in problems)
    for lang in LANGUAGES:
        text = (lesson.folder / f"{lang}.md").read_text(encoding="utf-8")
        found = MOJIBAKE.search(text)
        assert not found, f"mojibake in {lesson.id}/{lang}.md: {found.group()!r}"


def _prose_paragraphs(markdown: str) -> list[str]:
    without_code = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    paragraphs = []
    for block in re.split(r"\n\s*\n", without_code):
        text = " ".join(line.strip("#>*-| ").strip() for line in block.splitlines())
        if re.search("[\u0e00-\u0e7f]", text):
            paragraphs.append(re.sub(r"\s+", " ", text).strip())
    return paragraphs


@pytest.mark.parametrize("width", [30, 40, 60, 80])
def test_thai_lesson_prose_wraps_only_between_words(width):
    paragraphs = [p for lesson in COURSE.ordered()
                  for p in _prose_paragraphs(lesson.text("th").body)]
    paragraphs += [hint for lesson in COURSE.ordered() for hint in lesson.text("th").hints]
    assert paragraphs, "no Thai prose found"
    for paragraph in paragraphs:
        _assert_breaks_between_words(paragraph, width)


def _assert_breaks_between_words(paragraph: str, width: int) -> None:
    """No line wider than ``width``; a break inside a Thai word only where the word (or the
    inline code span it is part of) is wider than a whole line."""
    from tutorial.text import wrap

    lines = wrap(paragraph, width, "th")
    assert all(cell_len(line) <= width for line in lines), (width, lines)
    wide_code = [(m.start(), m.end()) for m in re.finditer(r"`[^`]+`", paragraph)
                 if cell_len(m.group()) > width]
    for start, _end in line_starts(paragraph, lines)[1:]:
        if any(a < start < b for a, b in wide_code):
            continue
        for t_start, t_end, word in pythainlp_tokens(paragraph):
            if t_start < start < t_end:
                assert cell_len(word) > width, (
                    f"width {width}: break inside {word!r}: "
                    f"{paragraph[max(0, start - 15):start]!r} | {paragraph[start:start + 15]!r}")
