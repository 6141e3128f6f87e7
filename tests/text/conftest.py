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
if str(REPO) not in sys.path:  # a source checkout that is not installed must find ``tutorial``
    sys.path.insert(0, str(REPO))

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


# Written for these tests: Thai explanations in the voice of the lessons, long enough to wrap.
THAI_TEXT = [
    "เมื่อคุณเพิ่มคอลัมน์ใหม่ให้กับตารางที่มีข้อมูลอยู่แล้ว แถวเดิมทั้งหมดจะยังอยู่ครบ "
    "แต่คอลัมน์ใหม่ในแถวเหล่านั้นจะมีค่าเป็น NULL จนกว่าคุณจะเติมข้อมูลให้",
    "ถ้าต้องการเพิ่มคอลัมน์ที่ห้ามเป็นค่าว่าง ให้เพิ่มแบบอนุญาตค่าว่างก่อน จากนั้นเติมข้อมูลให้ทุกแถว "
    "แล้วจึงเปลี่ยนเป็นห้ามค่าว่าง มิฉะนั้นคำสั่ง `alembic upgrade head` จะล้มเหลวทันที",
    "การเปลี่ยนชื่อคอลัมน์ด้วยautogenerateจะถูกตรวจพบเป็นการลบคอลัมน์เก่าแล้วเพิ่มคอลัมน์ใหม่ "
    "ซึ่งทำให้ข้อมูลหายไปทั้งหมด ต้องเขียน alter_column(new_column_name=...) เองเสมอๆ",
    "เมื่อสมาชิกสองคนในทีมสร้างไฟล์migrationจากrevisionเดียวกัน จะเกิดheadสองอันพร้อมกัน "
    'ให้รวมด้วยคำสั่ง `alembic merge heads -m "merge"` แล้วตรวจสอบด้วย `alembic heads` อีกครั้ง',
]

# Written for these tests: Hindi with conjuncts (क्ष, स्ट्र, त्र, ज्ञ, द्ध) and spacing vowel
# signs (ि ी ो ा), the shapes terminals disagree on.
HINDI_TEXT = [
    "जब आप किसी मौजूदा तालिका में नया कॉलम जोड़ते हैं, तो पुरानी पंक्तियों का डेटा सुरक्षित रहता है "
    "और नए कॉलम में NULL भरा जाता है।",
    "स्ट्रिंग कॉलम का प्रकार बदलने से पहले सुनिश्चित करें कि कोई भी मान नई लंबाई से बड़ा न हो, "
    "अन्यथा डेटा कट सकता है या माइग्रेशन विफल हो जाएगा।",
    "क्षमा करें, लक्ष्य डेटाबेस अद्यतित नहीं है: पहले `alembic upgrade head` चलाएँ, फिर नया "
    "संशोधन बनाएँ। यह ज्ञान शुद्ध अभ्यास से आता है।",
    "राष्ट्रीय प्रशिक्षण कार्यक्रम में छात्रों ने स्वतंत्र रूप से विश्लेषण किया कि क्यों "
    "autogenerate नाम बदलने को हटाने और जोड़ने के रूप में देखता है।",
]

# Written for these tests: Persian and Urdu explanations with commands inside.
PERSIAN_TEXT = (
    "برای اعمال همهٔ مهاجرت‌ها دستور `alembic upgrade head` را اجرا کنید و سپس با "
    "`alembic current` بررسی کنید که پایگاه داده در آخرین نسخه است؛ اگر خطای "
    "«Target database is not up to date» دیدید، ابتدا ۲ مهاجرت باقی‌مانده را اعمال کنید."
)
URDU_TEXT = (
    "نیا کالم شامل کرنے کے بعد `alembic upgrade head` چلائیں، پھر `alembic history` سے "
    "دیکھیں کہ کون سی نظرثانی لاگو ہوئی ہے۔ پرانی قطاروں کا ڈیٹا محفوظ رہتا ہے (نیا کالم خالی)۔"
)


@pytest.fixture(scope="session")
def thai_texts() -> list[str]:
    return list(THAI_TEXT)


@pytest.fixture(scope="session")
def hindi_texts() -> list[str]:
    return list(HINDI_TEXT)
