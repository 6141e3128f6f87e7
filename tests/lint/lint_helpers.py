"""Helpers for the lint tests: lint a dedented source, list the rules that fired."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:  # a source checkout that is not installed
    sys.path.insert(0, str(REPO))

from tutorial.i18n import use_language  # noqa: E402
from tutorial.lint import Finding, lint_source  # noqa: E402

HEADER = "from alembic import op\nimport sqlalchemy as sa\n\n"


def lint_text(source: str, dialect: str = "postgresql", *, header: bool = True) -> list[Finding]:
    """Lint ``source`` (dedented; the usual imports are prepended unless ``header=False``,
    so line 1 of ``source`` is line 4 of the file)."""
    body = textwrap.dedent(source).lstrip("\n")
    with use_language("en"):
        return lint_source((HEADER + body) if header else body, "m.py", dialect)


def rule_ids(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}
