"""Goal checks and wrong attempts limited to some backends (``backends = ["postgres"]``): on
the other backends they are neither run nor shown, the loader rejects a bad list, and
``validate`` proves each backend with only what applies to it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from tutorial.lessons.checks import CheckContext, evaluate
from tutorial.lessons.loader import LessonFormatError, load_lesson
from tutorial.lessons.validate import prove
from tutorial.paths import lessons_dir
from tutorial.settings import resolve

OTHER = {"sqlite": "postgres", "postgres": "sqlite"}


def _url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "postgres":
        return request.getfixturevalue("pg_admin_url")
    return f"sqlite:///{tmp_path / 'db.sqlite3'}"


def _context(engine: object) -> CheckContext:
    return CheckContext(snapshot={"tables": {}}, sandbox=Path("."), start={}, commands=[],
                        graph={}, extra={"engine": engine})


def test_a_check_for_another_backend_is_neither_run_nor_shown(backend, tmp_path, request):
    engine = create_engine(_url(backend, tmp_path, request))
    try:
        ctx = _context(engine)
        assert ctx.backend == backend
        goal = [
            {"id": "here", "check": "query", "sql": "SELECT 1", "expect": [[1]],
             "backends": [backend]},
            # Would fail (there is no such table) if it ran on this backend.
            {"id": "elsewhere", "check": "table", "table": "nowhere", "backends": [OTHER[backend]]},
            {"id": "everywhere", "check": "query", "sql": "SELECT 2", "expect": [[2]]},
        ]
        result = evaluate(goal, ctx)
    finally:
        engine.dispose()
    assert [c["id"] for c in result["checks"]] == ["here", "everywhere"]
    assert result["passed"]


def test_a_check_for_this_backend_runs_and_can_fail(backend, tmp_path, request):
    engine = create_engine(_url(backend, tmp_path, request))
    try:
        result = evaluate([{"id": "mine", "check": "table", "table": "nowhere",
                            "backends": ["sqlite", "postgres"]}], _context(engine))
    finally:
        engine.dispose()
    assert [(c["id"], c["passed"]) for c in result["checks"]] == [("mine", False)]
    assert not result["passed"]


def _copy(tmp_path: Path, lesson: str = "add-column") -> Path:
    dest = tmp_path / lesson
    shutil.copytree(lessons_dir() / lesson, dest)
    return dest


def _append(folder: Path, toml: str) -> Path:
    path = folder / "lesson.toml"
    path.write_text(path.read_text(encoding="utf-8") + toml, encoding="utf-8")
    return path


def _problems(folder: Path) -> list[str]:
    with pytest.raises(LessonFormatError) as caught:
        load_lesson(folder)
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize("value", ['["oracle"]', "[]", '"postgres"'])
def test_a_bad_backends_list_is_reported_with_its_line(tmp_path, value):
    folder = _copy(tmp_path)
    path = _append(folder, f'\n[[goal]]\nid = "pg-only"\ncheck = "at_head"\nbackends = {value}\n')
    line = path.read_text().splitlines().index('id = "pg-only"') + 1
    problems = _problems(folder)
    assert problems == [f"{path}:{line}: goal.pg-only: backends must be a non-empty list of the "
                        "lesson's backends (sqlite, postgres)"]


def test_backends_must_be_among_the_lessons_own(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "lesson.toml"
    path.write_text(path.read_text().replace('backends = ["sqlite", "postgres"]',
                                             'backends = ["sqlite"]'))
    _append(folder, '\n[[wrong]]\nid = "pg-mistake"\nwhy = "x"\nbackends = ["postgres"]\n'
                    'steps = [{run = "alembic upgrade head"}]\n')
    problems = _problems(folder)
    assert len(problems) == 1 and "wrong.pg-mistake: backends must be a non-empty list of the "\
        "lesson's backends (sqlite)" in problems[0]


def test_every_backend_of_the_lesson_needs_a_goal_check(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "lesson.toml"
    text = path.read_text()
    # Limit every goal check to PostgreSQL: nothing would judge the lesson on SQLite.
    text = text.replace('[[goal]]\n', '[[goal]]\nbackends = ["postgres"]\n')
    path.write_text(text)
    assert _problems(folder) == [f"{path}: no goal check runs on sqlite"]


def test_the_loader_keeps_the_backends_of_checks_and_attempts(tmp_path):
    folder = _copy(tmp_path)
    _append(folder, '\n[[goal]]\nid = "pg-only"\ncheck = "at_head"\nbackends = ["postgres"]\n'
                    '\n[[wrong]]\nid = "pg-mistake"\nwhy = "x"\nbackends = ["postgres"]\n'
                    'steps = [{run = "alembic upgrade head"}]\n')
    lesson = load_lesson(folder)
    assert next(g for g in lesson.goal if g["id"] == "pg-only")["backends"] == ["postgres"]
    assert {w.id: w.backends for w in lesson.wrong}["pg-mistake"] == ("postgres",)
    assert {w.id: w.backends for w in lesson.wrong}["not-null"] == ()


def test_validate_proves_each_backend_with_what_applies_to_it(backend, tmp_path, request):
    """A goal check that only the other backend can meet, and a 'wrong' attempt that is the
    reference solution itself but declared a mistake on the other backend: on this backend
    the solution still passes and the attempt is not run."""
    folder = _copy(tmp_path / "course")
    other = OTHER[backend]
    _append(folder, f'\n[[goal]]\nid = "impossible-here"\ncheck = "table"\ntable = "nowhere"\n'
                    f'backends = ["{other}"]\n'
                    f'\n[[wrong]]\nid = "mistake-there"\nwhy = "only a mistake on {other}"\n'
                    f'backends = ["{other}"]\nexpect_failed = ["impossible-here"]\n'
                    'steps = [\n'
                    '    {write = "versions/4d5e6f708192_add_phone_to_users.py"},\n'
                    '    {write = "models.py"},\n'
                    '    {run = "alembic upgrade head"},\n]\n'
                    '\n[[wrong]]\nid = "not-applied-anywhere"\nwhy = "never applied"\n'
                    'expect_failed = ["applied", "impossible-here"]\n'
                    'steps = [{write = "versions/4d5e6f708192_add_phone_to_users.py"}]\n')
    lesson = load_lesson(folder)
    settings = resolve(workspace=tmp_path / "ws", lang="en", environ={})
    if backend == "postgres":
        settings = settings.with_(db_url=request.getfixturevalue("pg_admin_url"))
    runs = {r["attempt"]: r for r in prove(lesson, backend, settings)}
    assert "mistake-there" not in runs
    assert runs["solution"]["ok"], runs["solution"]["detail"]
    # expect_failed names a check that does not run here: the other reason is enough.
    assert runs["not-applied-anywhere"]["ok"], runs["not-applied-anywhere"]["detail"]
    assert all(r["ok"] for r in runs.values())
