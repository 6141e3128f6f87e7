"""Run the rules over migration sources and files, and turn hits into translated findings."""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Iterable, Iterator
from pathlib import Path

from tutorial.i18n import _
from tutorial.lint import squawk
from tutorial.lint.ast_ops import extract
from tutorial.lint.model import SEVERITIES, Finding
from tutorial.lint.rules import (
    RULES,
    SYNTAX_ERROR_FIX,
    SYNTAX_ERROR_MSG,
    TOO_DEEP_MSG,
    Context,
    Hit,
    Rule,
)
from tutorial.lint.rules import rules_for as _rules_for
from tutorial.lint.suppress import parse_suppressions

_DIALECT_ALIASES = {
    "postgresql": "postgresql",
    "postgres": "postgresql",
    "pg": "postgresql",
    "psql": "postgresql",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
}
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}


class LintInputError(Exception):
    """A path that cannot be linted: missing, unreadable, or an unknown dialect."""


def normalize_dialect(dialect: str) -> str:
    try:
        return _DIALECT_ALIASES[dialect.strip().lower()]
    except KeyError:
        raise LintInputError(
            _("unknown dialect {dialect}: use sqlite or postgresql").format(dialect=dialect)
        ) from None


def render(template: str, params: dict[str, object] | None = None) -> str:
    """Translate ``template`` and fill its ``{placeholders}``; a translation whose
    placeholders do not match falls back to the English text rather than failing."""
    params = params or {}
    translated = _(template)
    try:
        return translated.format(**params)
    except (KeyError, IndexError, ValueError):
        return template.format(**params)


def _finding(filename: str, rule: Rule, hit: Hit) -> Finding:
    params = dict(hit.params)
    return Finding(
        file=filename,
        line=hit.line,
        rule=rule.id,
        severity=hit.severity or rule.severity,
        message=render(hit.message, params),
        fix=render(hit.fix, params),
        lesson=rule.lesson,
    )


def _syntax_finding(
    filename: str, error: str, line: int, message: str = SYNTAX_ERROR_MSG
) -> Finding:
    rule = RULES["syntax-error"]
    return _finding(
        filename,
        rule,
        Hit(
            line=line,
            message=message,
            fix=SYNTAX_ERROR_FIX,
            params={"error": error, "line": line},
        ),
    )


def sort_key(finding: Finding) -> tuple[int, int, str]:
    return (finding.line, _SEVERITY_ORDER.get(finding.severity, 9), finding.rule)


def lint_source(
    source: str, filename: str = "<migration>", dialect: str = "postgresql"
) -> list[Finding]:
    """Findings for one migration's source text (never executed). A file without an
    ``upgrade()`` is not a migration and gets none; one Python cannot parse gets a single
    ``syntax-error`` finding."""
    dialect = normalize_dialect(dialect)
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as exc:
        return [_syntax_finding(filename, exc.msg, exc.lineno or 1)]
    except ValueError as exc:  # source with NUL bytes
        return [_syntax_finding(filename, str(exc), 1)]
    except (RecursionError, MemoryError):
        return [_syntax_finding(filename, "", 1, TOO_DEEP_MSG)]
    try:
        script = extract(tree, filename)
        if not script.is_migration:
            return []
        ctx = Context(script, dialect)
        hits = [(rule, hit) for rule in _rules_for(dialect) for hit in rule.check(ctx)]
    except RecursionError:  # an expression nested thousands deep: refuse, do not crash
        return [_syntax_finding(filename, "", 1, TOO_DEEP_MSG)]
    suppressions = parse_suppressions(source)
    loud_lines = {hit.line for rule, hit in hits if not rule.quiet_if_other}
    findings: dict[tuple[int, str, str], Finding] = {}
    for rule, hit in hits:
        if rule.quiet_if_other and hit.line in loud_lines:
            continue
        if suppressions and suppressions.silences(rule.id, hit.line, hit.end_line):
            continue
        finding = _finding(filename, rule, hit)
        findings.setdefault((finding.line, finding.rule, finding.message), finding)
    return sorted(findings.values(), key=sort_key)


def _decode(data: bytes) -> str:
    """Decode as Python does (PEP 263 coding cookie, UTF-8 by default)."""
    encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
    return data.decode(encoding)


def iter_migration_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files as given, and ``*.py`` under folders (sorted, ``__pycache__`` skipped).
    Raises :class:`LintInputError` for a path that does not exist, or a file named
    explicitly that is neither ``.py`` nor ``.sql``."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*.py") if "__pycache__" not in p.parts and p.is_file()
            )
        elif path.exists():
            if path.suffix not in (".py", ".sql"):
                raise LintInputError(
                    _("not a migration (.py) or SQL (.sql) file: {path}").format(path=path)
                )
            yield path
        else:
            raise LintInputError(_("no such file or folder: {path}").format(path=path))


def lint_file(path: Path, dialect: str = "postgresql") -> list[Finding]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LintInputError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    try:
        source = _decode(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as exc:
        return [_syntax_finding(str(path), str(exc), 1)]
    return lint_source(source, str(path), dialect)


def lint_paths(paths: list[Path], dialect: str = "postgresql") -> list[Finding]:
    """Findings for migration files and folders (``versions/``: every ``*.py`` inside).

    ``.sql`` files named explicitly (offline ``alembic upgrade --sql`` output) go to squawk
    when it is installed and the dialect is PostgreSQL; otherwise they are skipped.
    Raises :class:`LintInputError` for a missing or unreadable path or an unknown dialect.
    """
    dialect = normalize_dialect(dialect)
    findings: list[Finding] = []
    sql_files: list[Path] = []
    for path in iter_migration_files(Path(p) for p in paths):
        if path.suffix == ".sql":
            sql_files.append(path)
        else:
            findings.extend(lint_file(path, dialect))
    if sql_files and dialect == "postgresql":
        findings.extend(squawk.lint_sql_files(sql_files))
    return findings
