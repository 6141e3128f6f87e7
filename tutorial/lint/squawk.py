"""Optional: PostgreSQL SQL files (``alembic upgrade --sql`` output) checked by squawk.

Used only when the ``squawk`` executable (pip package ``squawk-cli``) is on PATH; without it,
``.sql`` files are skipped. Squawk's findings keep its rule names (prefixed ``squawk:``) and
its English text: they are not ours to translate.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from tutorial.lint.model import Finding

TIMEOUT_S = 60
_LESSONS = {
    "adding-required-field": "not-null-backfill",
    "adding-not-nullable-field": "not-null-backfill",
    "require-concurrent-index-creation": "indexes-and-foreign-keys",
    "require-concurrent-index-deletion": "indexes-and-foreign-keys",
    "adding-foreign-key-constraint": "indexes-and-foreign-keys",
    "constraint-missing-not-valid": "indexes-and-foreign-keys",
    "disallowed-unique-constraint": "indexes-and-foreign-keys",
    "changing-column-type": "change-type",
    "renaming-column": "rename-column",
    "renaming-table": "expand-contract",
    "ban-drop-column": "drop-column",
    "ban-drop-table": "drop-column",
    "adding-field-with-default": "add-column",
}


def find_squawk() -> str | None:
    return shutil.which("squawk")


def _severity(level: object) -> str:
    level = str(level).lower()
    return level if level in ("error", "warning") else "info"


def parse_report(text: str) -> list[Finding]:
    """Squawk's ``--reporter json`` output (its lines count from 0)."""
    findings: list[Finding] = []
    for item in json.loads(text or "[]"):
        rule = str(item.get("rule_name", "unknown"))
        findings.append(
            Finding(
                file=str(item.get("file", "")),
                line=int(item.get("line", 0)) + 1,
                rule=f"squawk:{rule}",
                severity=_severity(item.get("level")),
                message=str(item.get("message", "")),
                fix=str(item.get("help") or ""),
                lesson=_LESSONS.get(rule),
            )
        )
    return findings


def lint_sql_files(paths: Sequence[Path], executable: str | None = None) -> list[Finding]:
    """Squawk's findings for ``paths``; an empty list when squawk is not installed or fails
    (a linter that is only an extra must never break the run)."""
    exe = executable or find_squawk()
    if exe is None or not paths:
        return []
    try:
        done = subprocess.run(
            [exe, "--reporter", "json", *map(str, paths)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        return parse_report(done.stdout)
    except (OSError, subprocess.SubprocessError, ValueError, TypeError, AttributeError):
        return []
