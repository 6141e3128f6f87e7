"""The command-line contract of ../shared/CLI.md: shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tutorial.cli import main

RUN_KEYS = {"ok", "command", "output", "error", "sql", "revision", "diff", "check",
            "duration_ms"}


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def ws(tmp_path: Path) -> list[str]:
    return ["--workspace", str(tmp_path / "ws"), "--lang", "en"]


def test_start_then_run_json_shows_the_diff(capsys, ws, backend, request):
    extra = ["--db-url", request.getfixturevalue("pg_admin_url")] if backend == "postgres" else []
    code, out, _ = cli(capsys, "start", "add-column", *ws, *extra)
    assert code == 0 and Path(out.strip()).joinpath("alembic.ini").exists()
    lesson = Path(__file__).resolve().parents[1] / "lessons" / "add-column"
    (Path(out.strip()) / "versions" / "4d5e6f708192_add_phone_to_users.py").write_text(
        (lesson / "solution" / "versions" / "4d5e6f708192_add_phone_to_users.py").read_text())
    code, out, err = cli(capsys, "run", "add-column", "--json", *ws, *extra, "--", "alembic",
                         "upgrade", "head")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) >= RUN_KEYS
    assert data["ok"] is True and data["command"] == "alembic upgrade head"
    assert data["diff"]["tables"]["users"]["columns_added"] == ["phone"]
    assert data["diff"]["tables"]["users"]["values_lost"] == 0
    assert data["revision"] == {"before": ["3c4d5e6f7081"], "after": ["4d5e6f708192"]}
    assert any("ADD COLUMN phone" in s for s in data["sql"])
    assert "Running upgrade 3c4d5e6f7081 -> 4d5e6f708192" in data["output"]
    assert data["check"]["passed"] is True
    code, out, _ = cli(capsys, "check", "add-column", "--json", *ws, *extra)
    assert code == 0 and json.loads(out)["lesson"] == "add-column"


def test_failed_command_exits_1_with_an_explanation(capsys, ws):
    code, out, _ = cli(capsys, "run", "add-column", "--json", *ws, "--", "alembic", "upgrade",
                       "nope")
    assert code == 1
    error = json.loads(out)["error"]
    assert error["type"] == "CommandError"
    assert "nope" in error["explanation"]


def test_check_not_met_exits_1(capsys, ws):
    code, out, _ = cli(capsys, "check", "add-column", *ws)
    assert code == 1 and "users.phone does not exist yet" in out


def test_lessons_json_and_show(capsys, ws):
    code, out, _ = cli(capsys, "lessons", "--json", *ws)
    rows = json.loads(out)
    assert code == 0 and {"id", "chapter", "title", "status"} <= set(rows[0])
    assert [r["id"] for r in rows][:2] == ["first-upgrade", "add-column"]
    code, out, _ = cli(capsys, "show", "add-column", "--json", *ws)
    shown = json.loads(out)
    assert code == 0 and shown["hints"] >= 2 and "users" in shown["text"]
    assert "{{" not in shown["text"]


def test_hint_undo_reset(capsys, ws):
    assert cli(capsys, "hint", "add-column", *ws)[1].startswith("Hint 1 of")
    assert cli(capsys, "hint", "add-column", *ws)[1].startswith("Hint 2 of")
    assert cli(capsys, "run", "add-column", *ws, "--", "alembic", "current")[0] == 0
    code, out, _ = cli(capsys, "undo", "add-column", *ws)
    assert code == 0 and "alembic current" in out
    code, _, err = cli(capsys, "undo", "add-column", *ws)
    assert code == 2 and "nothing to undo" in err
    assert cli(capsys, "reset", "add-column", *ws)[0] == 0


def test_solve_meets_the_goal(capsys, ws):
    code, out, _ = cli(capsys, "solve", "add-column", *ws)
    assert code == 0 and "Goal met" in out


@pytest.mark.parametrize("args, reason", [
    (["show", "no-such-lesson"], "unknown lesson"),
    (["run", "add-column", "--", "ls", "-la"], "only alembic commands"),
    (["run", "add-column"], "give the command after --"),
    (["check", "add-column", "--lang", "xx"], "invalid choice"),
    (["lessons", "--bogus"], "unrecognized arguments"),
    (["check", "add-column", "--", "alembic", "current"], "only `run` takes"),
    (["lint", "/no/such/path"], "/no/such/path"),
])
def test_bad_input_exits_2_with_one_line(capsys, ws, args, reason):
    code, _, err = cli(capsys, *args, *ws) if args[0] != "lint" else cli(capsys, *args)
    assert code == 2
    assert reason in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_broken_course_folder_is_reported_with_file_and_line(capsys, ws, tmp_path):
    course = tmp_path / "course"
    course.mkdir()
    (course / "course.toml").write_text('[[chapter]]\nid = "c"\nlessons = ["x"\n')
    code, _, err = cli(capsys, "lessons", *ws, "--course", str(course))
    assert code == 2
    assert "course.toml:3" in err and "Traceback" not in err


def test_python_dash_m_runs_the_same_cli(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "tutorial", "lessons", "--json", "--workspace", str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["id"] == "first-upgrade"
