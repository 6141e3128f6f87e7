"""``python -m tutorial.lint PATH... [--dialect sqlite|postgresql] [--json]``."""

from tutorial.lint.cli import run

raise SystemExit(run())
