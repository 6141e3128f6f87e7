"""Fixtures for the text layout tests: real technical prose in the tutorial's languages.

The seed guides (real teams' Alembic guides) are read from ``ALEMBIC_TUTORIAL_SEEDS`` or
``/work/shared/seeds`` when present; tests that need them skip otherwise. Every property is
also checked on text written for these tests, which always runs.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
# A source checkout that is not installed must find ``tutorial``; ``text_samples`` is here.
for _path in (REPO, HERE):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from text_samples import HINDI_TEXT, THAI_TEXT  # noqa: E402

SEEDS_DIR = Path(os.environ.get("ALEMBIC_TUTORIAL_SEEDS", "/work/shared/seeds"))

_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_LIST = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
_EMPHASIS = re.compile(r"\*\*")


def markdown_paragraphs(markdown: str) -> list[str]:
    """Prose paragraphs of a Markdown document: code blocks, tables and rules dropped,
    headings and list items kept as paragraphs of their own, ``**`` markers removed, inline
    code kept (the wrapper must handle it)."""
    paragraphs: list[str] = []
    current: list[str] = []
    in_code = False

    def close() -> None:
        if current:
            paragraphs.append(" ".join(current))
            current.clear()

    for raw in markdown.splitlines():
        if _FENCE.match(raw):
            in_code = not in_code
            close()
            continue
        if in_code:
            continue
        line = raw.strip()
        if not line or line.startswith("|") or set(line) <= set("-=_*"):
            close()
            continue
        if line.startswith(">"):
            line = line.lstrip("> ")
        single = bool(_HEADING.match(line) or _LIST.match(line))
        line = _LIST.sub("", _HEADING.sub("", line))
        line = _EMPHASIS.sub("", line).strip()
        if not line:
            continue
        if single:
            close()
            paragraphs.append(line)
        else:
            current.append(line)
    close()
    return paragraphs


def _seed(pattern: str) -> str:
    matches = sorted(SEEDS_DIR.glob(pattern)) if SEEDS_DIR.is_dir() else []
    if not matches:
        pytest.skip(f"seed guide {pattern} not available (set ALEMBIC_TUTORIAL_SEEDS)")
    return matches[0].read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def thai_seed_paragraphs() -> list[str]:
    """Every paragraph of the Thai seed guide that contains Thai."""
    paragraphs = [
        p for p in markdown_paragraphs(_seed("001_*.md")) if re.search("[\u0e00-\u0e7f]", p)
    ]
    assert len(paragraphs) > 20
    return paragraphs


@pytest.fixture(scope="session")
def persian_seed_lines() -> list[str]:
    """Every line of the Persian seed guide with Arabic-script text (code comments too)."""
    lines = [
        line.strip()
        for line in _seed("000_*.md").splitlines()
        if re.search("[\u0600-\u06ff]", line)
    ]
    assert len(lines) > 20
    return lines


@pytest.fixture(scope="session")
def thai_texts() -> list[str]:
    return list(THAI_TEXT)


@pytest.fixture(scope="session")
def hindi_texts() -> list[str]:
    return list(HINDI_TEXT)
