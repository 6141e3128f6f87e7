"""The safety rules. Importing this package registers every rule in :data:`RULES`.

One function per rule, grouped by topic: :mod:`.columns` (adding columns, NOT NULL),
:mod:`.types` (type changes), :mod:`.indexes` (indexes and constraints), :mod:`.destructive`
(renames and drops), :mod:`.sqlite` (batch mode), :mod:`.downgrade`, :mod:`.structure`
(unrelated changes, raw SQL, backfills).
"""

from __future__ import annotations

from collections.abc import Iterator

from tutorial.i18n import N_
from tutorial.lint.rules import (  # noqa: F401 - imported to register their rules
    columns,
    destructive,
    downgrade,
    indexes,
    sqlite,
    structure,
    types,
)
from tutorial.lint.rules.base import LESSONS, RULES, Context, Hit, Rule, rule, rules_for

SYNTAX_ERROR_MSG = N_("Python cannot parse this file: {error} (line {line}).")
TOO_DEEP_MSG = N_(
    "The linter cannot analyse this file: an expression is nested too deeply. Check it by hand."
)
SYNTAX_ERROR_FIX = N_("Fix the syntax error; the linter only reads files that Python can parse.")


@rule(
    "syntax-error",
    severity="error",
    summary=N_("The file is not valid Python, so it cannot be checked (or run)."),
)
def syntax_error(ctx: Context) -> Iterator[Hit]:
    """Reported by the engine itself when parsing fails; registered for the rule table."""
    return iter(())


__all__ = ["LESSONS", "RULES", "Context", "Hit", "Rule", "rules_for"]
