"""The free-play lesson: no goal in its text, no goal to check, and a sandbox that works."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tutorial.cli import main
from tutorial.lessons.loader import LessonFormatError, load_lesson
from tutorial.paths import lessons_dir


def test_the_sandbox_lesson_loads_without_goal_or_solution():
    lesson = load_lesson(lessons_dir() / "sandbox")
    assert lesson.free_play
    assert not lesson.goal and not lesson.solution
    for lang in ("en", "fa", "th", "hi", "ur", "ru"):
        text = lesson.text(lang)
        assert text.lang == lang and text.title and text.goal == ""


def test_a_normal_lesson_still_needs_a_goal_text(tmp_path: Path):
    folder = tmp_path / "add-column"
    shutil.copytree(lessons_dir() / "add-column", folder)
    en = folder / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("\ngoal = ", "\n# goal = ", 1),
                  encoding="utf-8")
    with pytest.raises(LessonFormatError) as caught:
        load_lesson(folder)
    assert any("non-empty goal" in p.message for p in caught.value.problems)


def test_check_on_free_play_is_a_clear_usage_error(tmp_path: Path, capsys):
    base = ["--workspace", str(tmp_path / "ws"), "--lang", "en"]
    assert main([*base, "check", "sandbox"]) == 2
    assert "free play" in capsys.readouterr().err
    assert main([*base, "run", "sandbox", "--", "alembic", "downgrade", "-1"]) == 0
    out = capsys.readouterr().out
    assert "posts" in out
    assert main([*base, "show", "sandbox"]) == 0
    assert "no goal" in capsys.readouterr().out


def test_numbers_a_template_prints_use_the_locales_digits():
    from tutorial.lessons.render import facts, render

    lesson = load_lesson(lessons_dir() / "sandbox")
    start = {"revision_ids": ["a", "b", "c"], "heads": ["c"],
             "row_counts": {"users": 3, "posts": 12}}
    fa = render(lesson, "fa", facts(start, "sqlite", "fa"))
    assert "۳ revision" in fa and "۱۲ پست" in fa
    en = render(lesson, "en", facts(start, "sqlite", "en"))
    assert "3\nrevisions" in en or "3 revisions" in en
