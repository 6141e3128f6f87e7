"""``alembic-tutorial lint``: exit codes, --json shape, text report, bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from lint_helpers import HEADER, REPO

from tutorial.i18n import use_language
from tutorial.lint import LintInputError, lint_paths
from tutorial.lint.cli import main

BAD = (
    HEADER
    + """
def upgrade():
    op.add_column("users", sa.Column("age", sa.Integer, nullable=False))

def downgrade():
    op.drop_column("users", "age")
"""
)
WARN = (
    HEADER
    + """
def upgrade():
    op.drop_column("users", "phone")

def downgrade():
    op.add_column("users", sa.Column("phone", sa.String(20)))
"""
)
CLEAN = (
    HEADER
    + """
def upgrade():
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))

def downgrade():
    op.drop_column("users", "phone")
"""
)


@pytest.fixture
def versions(tmp_path: Path) -> Path:
    folder = tmp_path / "versions"
    (folder / "__pycache__").mkdir(parents=True)
    (folder / "001_clean.py").write_text(CLEAN, encoding="utf-8")
    (folder / "002_warn.py").write_text(WARN, encoding="utf-8")
    (folder / "__pycache__" / "junk.py").write_text("def upgrade(:\n", encoding="utf-8")
    return folder


def run(paths: list[str], dialect: str = "postgresql", as_json: bool = False):
    out, err = io.StringIO(), io.StringIO()
    with use_language("en"):
        code = main(paths, dialect, as_json, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_exit_0_with_only_warnings(versions: Path) -> None:
    code, out, err = run([str(versions)])
    assert code == 0 and err == ""
    assert "002_warn.py:6  warning  drop-column  " in out
    assert "\n    fix: " in out
    assert "1 warning" in out.splitlines()[-1]


def test_exit_0_and_no_findings(tmp_path: Path) -> None:
    path = tmp_path / "clean.py"
    path.write_text(CLEAN, encoding="utf-8")
    code, out, _ = run([str(path)])
    assert code == 0 and out.strip() == "No findings."


def test_exit_1_with_an_error(versions: Path) -> None:
    (versions / "003_bad.py").write_text(BAD, encoding="utf-8")
    code, out, _ = run([str(versions)])
    assert code == 1
    assert "003_bad.py:6  error  not-null-without-default" in out
    # grouped by file: every line of one file comes before the next file's
    files = [line.split(":")[0] for line in out.splitlines() if line.startswith("/")]
    assert files == sorted(files)


def test_json_shape(versions: Path) -> None:
    (versions / "003_bad.py").write_text(BAD, encoding="utf-8")
    code, out, _ = run([str(versions)], as_json=True)
    payload = json.loads(out)
    assert code == 1
    assert set(payload) >= {"findings"}
    assert payload["summary"] == {"error": 1, "warning": 1, "info": 0}
    for item in payload["findings"]:
        assert {"file", "line", "rule", "severity", "message", "fix", "lesson"} <= set(item)
        assert isinstance(item["line"], int)
        assert item["severity"] in ("error", "warning", "info")
    rules = [(Path(f["file"]).name, f["rule"]) for f in payload["findings"]]
    assert rules == [("002_warn.py", "drop-column"), ("003_bad.py", "not-null-without-default")]


def test_dialect_changes_the_findings(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(
        HEADER + "def upgrade():\n    op.alter_column('u', 'a', nullable=False)\n"
        "def downgrade():\n    op.alter_column('u', 'a', nullable=True)\n",
        encoding="utf-8",
    )
    assert run([str(path)], "postgresql")[0] == 0
    assert run([str(path)], "sqlite")[0] == 1


def test_missing_path_is_exit_2_with_one_line(tmp_path: Path) -> None:
    code, out, err = run([str(tmp_path / "nope.py")])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "nope.py" in err and "Traceback" not in err


def test_no_path_and_bad_dialect_are_exit_2(tmp_path: Path) -> None:
    assert run([])[0] == 2
    code, _, err = run([str(tmp_path)], dialect="oracle")
    assert code == 2 and "oracle" in err and err.count("\n") == 1


def test_unreadable_file_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.py"
    path.write_text(CLEAN, encoding="utf-8")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    code, _, err = run([str(path)])
    assert code == 2 and "Permission denied" in err and err.count("\n") == 1


def test_syntax_error_is_a_finding_not_a_crash(versions: Path) -> None:
    (versions / "004_broken.py").write_text("def upgrade(:\n    pass\n", encoding="utf-8")
    code, out, _ = run([str(versions)], as_json=True)
    payload = json.loads(out)
    assert code == 1
    broken = [f for f in payload["findings"] if f["file"].endswith("004_broken.py")]
    assert [(f["rule"], f["line"], f["severity"]) for f in broken] == [("syntax-error", 1, "error")]
    # the other files were still checked
    assert any(f["file"].endswith("002_warn.py") for f in payload["findings"])


def test_undecodable_file_is_a_syntax_error_finding(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_bytes(b"def upgrade():\n    x = '\xff\xfe'\n")
    (finding,) = lint_paths([path])
    assert finding.rule == "syntax-error"


def test_lint_paths_raises_for_missing_path(tmp_path: Path) -> None:
    with pytest.raises(LintInputError):
        lint_paths([tmp_path / "missing"])


def test_module_entry_point_runs_as_a_process(tmp_path: Path) -> None:
    path = tmp_path / "m.py"
    path.write_text(BAD, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "tutorial.lint", str(path), "--json", "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["findings"][0]["rule"] == "not-null-without-default"


def test_pathologically_nested_file_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "deep.py"
    terms = "+".join(['"a"'] * 20000)
    path.write_text(HEADER + f"def upgrade():\n    op.execute({terms})\n", encoding="utf-8")
    code, out, err = run([str(path)], as_json=True)
    assert err == "" and code == 1
    (finding,) = json.loads(out)["findings"]
    assert finding["rule"] == "syntax-error"


def test_a_file_that_is_not_python_is_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "README.md"
    path.write_text("# notes\n", encoding="utf-8")
    code, out, err = run([str(path)])
    assert code == 2 and out == "" and "README.md" in err and err.count("\n") == 1
