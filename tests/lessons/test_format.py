"""Lesson folders: format errors come with file and line; a scaffold validates; a team's
own course runs with --course."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tutorial.cli import main
from tutorial.lessons.loader import LessonFormatError, load_course, load_lesson
from tutorial.lessons.scaffold import scaffold
from tutorial.paths import lessons_dir


def _copy(tmp_path: Path, lesson: str = "add-column") -> Path:
    dest = tmp_path / lesson
    shutil.copytree(lessons_dir() / lesson, dest)
    return dest


def _problems(folder: Path) -> list[str]:
    with pytest.raises(LessonFormatError) as caught:
        load_lesson(folder)
    return [str(p) for p in caught.value.problems]


def test_invalid_toml_names_the_line(tmp_path):
    folder = _copy(tmp_path)
    toml = folder / "lesson.toml"
    lines = toml.read_text().splitlines()
    assert lines[1].startswith("minutes")
    lines[1] = "minutes = ten"
    toml.write_text("\n".join(lines) + "\n")
    problems = _problems(folder)
    assert len(problems) == 1 and f"{toml}:2: not valid TOML" in problems[0]


def test_unknown_check_and_parameters_name_the_goal_line(tmp_path):
    folder = _copy(tmp_path)
    toml = folder / "lesson.toml"
    text = toml.read_text().replace('check = "column_values"', 'check = "colum_values"')
    text = text.replace("length = 20", "lenght = 20")
    toml.write_text(text)
    problems = _problems(folder)
    goal_lines = [i + 1 for i, line in enumerate(text.splitlines()) if line == "[[goal]]"]
    assert any(f"lesson.toml:{goal_lines[1]}: unknown check 'colum_values'" in p
               for p in problems)
    assert any(f"lesson.toml:{goal_lines[0]}: check 'column' does not take lenght" in p
               for p in problems)


def test_missing_solution_file_and_bad_front_matter(tmp_path):
    folder = _copy(tmp_path)
    (folder / "solution" / "models.py").unlink()
    (folder / "en.md").write_text("+++\ntitle = \"x\"\nhints = 3\n+++\nbody\n")
    problems = _problems(folder)
    assert any("solution/models.py is missing" in p for p in problems)
    assert any("en.md:2: front matter needs a non-empty goal" in p for p in problems)
    assert any("hints must be a list" in p for p in problems)


def test_a_broken_lesson_via_validate_exits_1_without_traceback(tmp_path, capsys):
    folder = _copy(tmp_path)
    (folder / "lesson.toml").write_text("id = 'add-column'\nstart = 3\n")
    code = main(["validate", str(folder), "--backend", "sqlite"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert "lesson.toml" in out


def test_a_scaffolded_lesson_validates_on_both_backends(tmp_path, capsys, pg_admin_url):
    folder = scaffold(tmp_path / "course", "my-first-lesson")
    code = main(["validate", str(folder), "--json", "--db-url", pg_admin_url])
    out, _ = capsys.readouterr()
    report = json.loads(out)[0]
    assert code == 0, report
    assert {(r["backend"], r["attempt"]) for r in report["runs"]} == {
        ("sqlite", "solution"), ("sqlite", "not-applied"),
        ("postgres", "solution"), ("postgres", "not-applied")}


def test_a_wrong_attempt_that_passes_is_reported(tmp_path, capsys):
    folder = scaffold(tmp_path / "course", "leaky")
    toml = folder / "lesson.toml"
    toml.write_text(toml.read_text().replace(
        'steps = [{write = "versions/b0b0b0b0b0b1_add_created_by.py"}]',
        'steps = [{write = "versions/b0b0b0b0b0b1_add_created_by.py"}, '
        '{run = "alembic upgrade head"}]'))
    code = main(["validate", str(folder), "--backend", "sqlite"])
    out, _ = capsys.readouterr()
    assert code == 1
    assert "accepted, but it should be rejected" in out


def test_a_teams_own_course_runs_with_course(tmp_path, capsys):
    root = tmp_path / "course"
    scaffold(root, "team-lesson")
    (root / "course.toml").write_text(
        '[[chapter]]\nid = "ours"\nlessons = ["team-lesson"]\n[chapter.title]\nen = "Ours"\n')
    ws = ["--workspace", str(tmp_path / "ws"), "--course", str(root)]
    assert main(["lessons", "--json", *ws]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["id"], r["chapter"]) for r in rows] == [("team-lesson", "ours")]
    assert main(["solve", "team-lesson", *ws]) == 0
    assert load_course(root).get("team-lesson") is not None


def test_new_lesson_refuses_bad_slugs_and_existing_folders(tmp_path, capsys):
    assert main(["new-lesson", "Bad Slug", "--into", str(tmp_path)]) == 2
    assert main(["new-lesson", "ok-slug", "--into", str(tmp_path)]) == 0
    assert main(["new-lesson", "ok-slug", "--into", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "bad lesson id" in err and "already exists" in err
