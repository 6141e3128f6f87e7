"""``alembic-tutorial new-lesson SLUG``: a lesson folder that validates, to start from.

The scaffold is a small but complete lesson (add ``notes.created_by`` to a table with rows):
start state, goal, a reference solution, a wrong attempt, and the text in every locale
(English everywhere at first: translate each file, keeping the code blocks as they are).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tutorial.i18n import LANGUAGES
from tutorial.settings import UsageError

TEMPLATE = Path(__file__).resolve().parent / "scaffold_template"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def scaffold(root: Path, slug: str) -> Path:
    if not SLUG.match(slug):
        raise UsageError(f"bad lesson id {slug!r}: use lowercase words joined by '-'")
    folder = root / slug
    if folder.exists():
        raise UsageError(f"{folder} already exists")
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(TEMPLATE, folder, ignore=shutil.ignore_patterns("__pycache__", "text.md"))
    toml = (folder / "lesson.toml").read_text(encoding="utf-8").replace("__SLUG__", slug)
    (folder / "lesson.toml").write_text(toml, encoding="utf-8")
    text = (TEMPLATE / "text.md").read_text(encoding="utf-8")
    for lang in LANGUAGES:
        (folder / f"{lang}.md").write_text(text, encoding="utf-8")
    return folder
