"""Database facts, squawk (optional), the rule table in docs/lint.md, the benchmark script."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from lint_helpers import REPO

from tutorial.lint import RULES, lint_paths
from tutorial.lint import squawk as squawk_mod
from tutorial.lint.model import SqlExpr, TypeRef
from tutorial.lint.rules.facts import default_kind, is_widening, narrowing, needs_using


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        (None, "none"),
        ("0", "constant"),
        (0, "constant"),
        (SqlExpr("text", "'{}'::jsonb"), "constant"),
        (SqlExpr("text", "false"), "constant"),
        (SqlExpr("func", "now()", "now"), "time"),
        (SqlExpr("text", "CURRENT_TIMESTAMP", "current_timestamp"), "time"),
        (SqlExpr("text", "(datetime('now'))", "datetime"), "time"),
        (SqlExpr("text", "gen_random_uuid()", "gen_random_uuid"), "volatile"),
        (SqlExpr("text", "nextval('s')", "nextval"), "volatile"),
        (SqlExpr("text", "lower('A')", "lower"), "expression"),
    ],
)
def test_default_kinds(value: object, kind: str) -> None:
    assert default_kind(value) == kind


def test_type_facts() -> None:
    s = TypeRef
    assert is_widening(s("String", (100,)), s("String", (255,)))
    assert is_widening(s("VARCHAR", (100,)), s("Text"))
    assert not is_widening(s("String", (255,)), s("String", (100,)))
    assert not is_widening(s("CHAR", (1,)), s("CHAR", (2,)))
    assert narrowing(s("Text"), s("String", (255,)))
    assert narrowing(s("BigInteger"), s("Integer"))
    assert narrowing(s("Numeric", (10, 4)), s("Numeric", (10, 2)))
    assert not narrowing(s("Numeric", (10, 2)), s("Numeric", (12, 2)))
    assert not narrowing(s("Integer"), s("BigInteger"))
    assert needs_using(s("String", (10,)), s("Integer")) == "integer"
    assert needs_using(s("Integer"), s("Boolean")) == "boolean"
    assert needs_using(s("Integer"), s("String", (10,))) is None
    assert needs_using(s("MyType"), s("Integer")) is None


SQUAWK_JSON = json.dumps(
    [
        {
            "file": "a.sql",
            "line": 1,
            "column": 0,
            "level": "Warning",
            "message": "During normal index creation, table updates are blocked.",
            "help": "Use `concurrently` to avoid blocking writes.",
            "rule_name": "require-concurrent-index-creation",
        },
        {"file": "a.sql", "line": 4, "level": "Error", "message": "x", "rule_name": "other"},
    ]
)


def test_squawk_report_is_parsed() -> None:
    first, second = squawk_mod.parse_report(SQUAWK_JSON)
    assert (first.line, first.rule, first.severity) == (
        2,
        "squawk:require-concurrent-index-creation",
        "warning",
    )
    assert first.lesson == "indexes-and-foreign-keys"
    assert (second.severity, second.fix, second.lesson) == ("error", "", None)


def test_sql_files_are_skipped_cleanly_without_squawk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(squawk_mod, "find_squawk", lambda: None)
    sql = tmp_path / "upgrade.sql"
    sql.write_text("CREATE INDEX ix ON users (email);\n", encoding="utf-8")
    assert lint_paths([sql]) == []
    assert squawk_mod.lint_sql_files([sql], executable=str(tmp_path / "no-such-squawk")) == []


def _squawk() -> str | None:
    return shutil.which("squawk") or next(
        (p for p in ("/tmp/squawk-cli/bin/squawk",) if Path(p).exists()), None
    )


@pytest.mark.skipif(_squawk() is None, reason="squawk (pip install squawk-cli) not installed")
def test_real_squawk_findings_are_merged(tmp_path: Path) -> None:
    sql = tmp_path / "upgrade.sql"
    sql.write_text("BEGIN;\nCREATE INDEX ix ON users (email);\nCOMMIT;\n", encoding="utf-8")
    findings = squawk_mod.lint_sql_files([sql], executable=_squawk())
    assert any(f.rule == "squawk:require-concurrent-index-creation" for f in findings)


def test_docs_list_every_rule() -> None:
    doc = (REPO / "docs" / "lint.md").read_text(encoding="utf-8")
    for rule_id in RULES:
        assert f"`{rule_id}`" in doc, rule_id
    assert "alembic-tutorial: ignore[" in doc


def test_benchmark_generator_makes_lintable_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "bench_lint", REPO / "benchmarks" / "bench_lint.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    files = bench.generate(tmp_path, 24)
    assert len(files) == 24
    findings = lint_paths([tmp_path])
    rules = {f.rule for f in findings}
    assert "syntax-error" not in rules
    assert {"not-null-without-default", "index-not-concurrent", "drop-column"} <= rules
