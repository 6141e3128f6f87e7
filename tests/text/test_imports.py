"""Import cost: nothing heavy until it is needed (checked in a fresh interpreter)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def run(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_package_import_pulls_nothing_heavy() -> None:
    out = run(
        "import sys, tutorial.text\n"
        "print(sorted(m for m in ('rich', 'pythainlp', 'textual', 'bidi') if m in sys.modules))"
    )
    assert out == "[]"


def test_pythainlp_only_for_thai_and_textual_never() -> None:
    out = run(
        "import sys\n"
        "from tutorial.text import visual_lines, wrap\n"
        "wrap('Run alembic upgrade head now, then check it.', 12, 'en')\n"
        "visual_lines('دستور alembic upgrade head را اجرا کنید', 12, 'fa', 'app')\n"
        "wrap('स्ट्रिंग कॉलम का प्रकार', 8, 'hi')\n"
        "print('pythainlp' in sys.modules, end=' ')\n"
        "wrap('เมื่อคุณแก้ไขโมเดลแล้ว', 8, 'th')\n"
        "print('pythainlp' in sys.modules, 'textual' in sys.modules)"
    )
    assert out == "False True False"
