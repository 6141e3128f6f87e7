"""The course proves itself: every lesson's reference solution meets its goal and every known
wrong attempt is rejected, on SQLite and PostgreSQL (one test per lesson and backend)."""

from __future__ import annotations

import pytest

from tutorial.lessons.loader import load_course
from tutorial.lessons.validate import prove
from tutorial.paths import lessons_dir
from tutorial.settings import resolve

COURSE = load_course(lessons_dir())
LESSONS = [lesson for lesson in COURSE.ordered() if not lesson.free_play]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_lesson_proves_itself(lesson, backend, tmp_path, request):
    if backend not in lesson.backends:
        pytest.skip(f"{lesson.id} runs on {', '.join(lesson.backends)} only (declared)")
    settings = resolve(workspace=tmp_path, lang="en", environ={})
    if backend == "postgres":
        settings = settings.with_(db_url=request.getfixturevalue("pg_admin_url"))
    runs = prove(lesson, backend, settings)
    bad = [f"{r['attempt']}: {r['detail']}" for r in runs if not r["ok"]]
    assert not bad, "\n".join(bad)
    assert {r["attempt"] for r in runs} == {
        "solution", *(w.id for w in lesson.wrong if not w.backends or backend in w.backends)}


def test_every_lesson_is_in_the_course_and_has_wrong_attempts():
    folders = {p.name for p in lessons_dir().iterdir() if (p / "lesson.toml").exists()}
    assert folders == set(COURSE.lessons)
    for lesson in LESSONS:
        assert lesson.wrong, f"{lesson.id} has no known wrong attempt"
        assert len(lesson.text("en").hints) >= 2, f"{lesson.id} needs at least two hints"
