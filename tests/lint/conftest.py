"""Helpers for the lint tests: lint a dedented source, list the rules that fired."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

import pytest

from tutorial.i18n import use_language
from tutorial.lint import Finding, lint_source

LintFn = Callable[..., list[Finding]]

HEADER = "from alembic import op\nimport sqlalchemy as sa\n\n"


def lint_text(source: str, dialect: str = "postgresql", *, header: bool = True) -> list[Finding]:
    """Lint ``source`` (dedented; the usual imports are prepended unless ``header=False``)."""
    body = textwrap.dedent(source).lstrip("\n")
    with use_language("en"):
        return lint_source((HEADER + body) if header else body, "m.py", dialect)


def rule_ids(findings: list[Finding]) -> set[str]:
    return {f.rule for f in findings}


@pytest.fixture
def lint() -> LintFn:
    return lint_text
