"""``alembic-tutorial lint PATH... [--dialect sqlite|postgresql] [--json]``.

Exit codes: 0 no error-level finding, 1 at least one error-level finding, 2 bad input (no
path, a missing or unreadable path, an unknown dialect) with a one-line reason on stderr.
A file Python cannot parse is not bad input but a finding (``syntax-error``, an error), so
a whole ``versions/`` folder is still checked when one file is broken.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from tutorial.i18n import N_, _, format_number, ngettext, set_language
from tutorial.lint import squawk
from tutorial.lint.engine import LintInputError, lint_paths, normalize_dialect
from tutorial.lint.model import Finding

PROG = "alembic-tutorial lint"
SEVERITY_LABELS = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def _summary(findings: list[Finding]) -> str:
    if not findings:
        return _("No findings.")
    counts = Counter(f.severity for f in findings)
    n_error, n_warning, n_info = counts["error"], counts["warning"], counts["info"]
    # Literal ngettext calls, so that pybabel extracts them as plural entries.
    texts = (
        ngettext("{n} error", "{n} errors", n_error) if n_error else "",
        ngettext("{n} warning", "{n} warnings", n_warning) if n_warning else "",
        ngettext("{n} note", "{n} notes", n_info) if n_info else "",
    )
    amounts = (n_error, n_warning, n_info)
    parts = [t.format(n=format_number(n)) for t, n in zip(texts, amounts, strict=True) if t]
    return ", ".join(parts)


def format_text(findings: list[Finding]) -> str:
    """Grouped by file: ``file:line  severity  rule  message``, then the fix indented."""
    lines: list[str] = []
    current: str | None = None
    for finding in findings:
        if finding.file != current:
            if current is not None:
                lines.append("")
            current = finding.file
        severity = _(SEVERITY_LABELS.get(finding.severity, finding.severity))
        lines.append(
            f"{finding.file}:{finding.line}  {severity}  {finding.rule}  {finding.message}"
        )
        if finding.fix:
            label = _("fix:")
            lines.append(f"    {label} {finding.fix}")
    if lines:
        lines.append("")
    lines.append(_summary(findings))
    return "\n".join(lines) + "\n"


def format_json(findings: list[Finding]) -> str:
    counts = Counter(f.severity for f in findings)
    payload = {
        "findings": [f.to_dict() for f in findings],
        "summary": {s: counts[s] for s in ("error", "warning", "info")},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def main(
    paths: list[str],
    dialect: str,
    as_json: bool,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Lint ``paths`` and print the report; returns the exit code (0, 1 or 2)."""
    if not paths:
        reason = _("no path given: name migration files or a versions/ folder")
        print(f"{PROG}: {reason}", file=err)
        return 2
    try:
        dialect = normalize_dialect(dialect)
        findings = lint_paths([Path(p) for p in paths], dialect)
    except LintInputError as exc:
        print(f"{PROG}: {exc}", file=err)
        return 2
    except Exception as exc:  # never a traceback: a one-line reason, exit 2
        label = _("internal error")
        print(f"{PROG}: {label}: {type(exc).__name__}: {exc}", file=err)
        return 2
    if any(p.endswith(".sql") for p in paths) and squawk.find_squawk() is None:
        reason = _("squawk is not installed: .sql files were not checked")
        print(f"{PROG}: {reason}", file=err)
    out.write(format_json(findings) if as_json else format_text(findings))
    return 1 if any(f.severity == "error" for f in findings) else 0


def run(argv: list[str] | None = None) -> int:
    """Stand-alone entry: ``python -m tutorial.lint PATH... [--dialect D] [--json]``."""
    parser = argparse.ArgumentParser(
        prog=PROG, description=_("Safety report on Alembic migrations.")
    )
    parser.add_argument("paths", nargs="*", metavar="PATH")
    parser.add_argument("--dialect", default="postgresql", choices=("sqlite", "postgresql"))
    parser.add_argument("--json", action="store_true", dest="as_json")
    parser.add_argument("--lang", default=None)
    args = parser.parse_args(argv)
    if args.lang:
        set_language(args.lang)
    return main(args.paths, args.dialect, args.as_json)


if __name__ == "__main__":
    raise SystemExit(run())
