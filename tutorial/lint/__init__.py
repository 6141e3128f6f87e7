"""Migration safety analysis: unsafe Alembic operations, found without a database.

``lint_paths([Path("versions")], dialect="postgresql")`` reads each migration's ``upgrade()``
and ``downgrade()`` from its syntax tree (the file is never run), applies the rules in
:mod:`tutorial.lint.rules`, and returns :class:`Finding` objects whose ``message`` and
``fix`` are in the current language (:func:`tutorial.i18n.use_language`).

Silence a rule on one line with ``# alembic-tutorial: ignore[rule-id]`` (see
:mod:`tutorial.lint.suppress`). The command line is :mod:`tutorial.lint.cli`.
"""

from __future__ import annotations

from tutorial.lint.engine import LintInputError, lint_file, lint_paths, lint_source
from tutorial.lint.model import Finding
from tutorial.lint.rules import RULES, Rule

__all__ = ["RULES", "Finding", "LintInputError", "Rule", "lint_file", "lint_paths", "lint_source"]
