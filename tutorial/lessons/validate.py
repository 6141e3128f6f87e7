"""``alembic-tutorial validate``: a lesson proves itself.

For each lesson folder: the format (with file and line), every locale present with the same
number of hints, prose that renders, code blocks identical across locales; then, on each
backend, the reference solution from a fresh sandbox must meet the goal and every known wrong
attempt must not.
"""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from tutorial.i18n import LANGUAGES
from tutorial.lessons.loader import LessonFormatError, Problem, load_course, load_lesson
from tutorial.lessons.model import Chapter, Course, Lesson
from tutorial.settings import Settings

_CODE_BLOCK = re.compile(r"```[^\n]*\n(.*?)```", re.DOTALL)


@dataclass
class Report:
    lesson: str
    folder: Path
    problems: list[Problem] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and all(r["ok"] for r in self.runs)


def code_blocks(markdown: str) -> list[str]:
    return [block.strip() for block in _CODE_BLOCK.findall(markdown)]


def check_texts(lesson: Lesson) -> list[Problem]:
    """Locales complete and consistent, prose renderable."""
    from tutorial.lessons.render import render

    problems = []
    english = lesson.texts["en"]
    sample = {"revisions": ["a1b2c3d4e5f6"], "head": "a1b2c3d4e5f6", "heads": ["a1b2c3d4e5f6"],
              "tables": [], "rows": _AnyCount(), "backend": "sqlite", "lang": "en"}
    for lang in LANGUAGES:
        path = lesson.folder / f"{lang}.md"
        text = lesson.texts.get(lang)
        if text is None:
            problems.append(Problem(path, None, f"the {lang} text is missing"))
            continue
        if len(text.hints) != len(english.hints):
            problems.append(Problem(path, None, f"{len(text.hints)} hints; en.md has "
                                    f"{len(english.hints)}"))
        try:
            render(lesson, lang, {**sample, "lang": lang})
        except Exception as exc:  # noqa: BLE001 - any template error is the author's to fix
            problems.append(Problem(path, getattr(exc, "lineno", None),
                                    f"the text does not render: {exc}"))
        if lang != "en" and code_blocks(text.body) != code_blocks(english.body):
            problems.append(Problem(path, None, "code blocks differ from en.md (commands and "
                                    "code stay the same in every language)"))
    return problems


class _AnyCount(dict):  # type: ignore[type-arg]
    """``rows.users`` renders as a number for any table while validating templates."""

    def __getitem__(self, key: str) -> int:
        return 3

    def __getattr__(self, key: str) -> int:
        return 3


def prove(lesson: Lesson, backend: str, base: Settings) -> list[dict[str, Any]]:
    """Run the solution and each wrong attempt in a fresh workspace; ok means as expected."""
    from tutorial.engine.core import Engine

    course = Course(root=lesson.folder.parent,
                    chapters=(Chapter("validate", {"en": "validate"}, (lesson.id,)),),
                    lessons={lesson.id: lesson})
    runs = []
    with tempfile.TemporaryDirectory(prefix="atut-validate-") as tmp:
        settings = base.with_(workspace=Path(tmp), db=backend, profile="validate",
                              db_url=base.db_url if backend == "postgres" else None)
        with Engine(settings, course=course) as engine:
            engine.start(lesson.id)
            steps = engine.apply_steps(lesson.id, lesson.solution)
            check = engine.check(lesson.id)
            failed = [c["message"] for c in check["checks"] if not c["passed"]]
            bad_steps = [s for s in steps if not s["ok"]]
            runs.append({"backend": backend, "attempt": "solution", "ok": check["passed"],
                         "detail": "; ".join(failed + [
                             f"{s['command']}: {(s.get('error') or {}).get('message')}"
                             for s in bad_steps])})
            for attempt in lesson.wrong:
                if attempt.backends and backend not in attempt.backends:
                    continue
                engine.reset(lesson.id)
                engine.apply_steps(lesson.id, attempt.steps)
                check = engine.check(lesson.id)
                failed = {c["id"] for c in check["checks"] if not c["passed"]}
                ran = {c["id"] for c in check["checks"]}  # checks for other backends do not run
                missing = [cid for cid in attempt.expect_failed
                           if cid not in failed and cid in ran]
                if check["passed"]:
                    detail = f"accepted, but it should be rejected: {attempt.why}"
                elif missing:
                    detail = ("rejected, but not for the expected reason: "
                              + ", ".join(missing) + " passed")
                else:
                    detail = ""
                runs.append({"backend": backend, "attempt": attempt.id, "ok": not detail,
                             "detail": detail})
    return runs


def validate_folder(folder: Path, base: Settings, backends: list[str],
                    format_only: bool) -> Report:
    report = Report(lesson=folder.name, folder=folder)
    try:
        lesson = load_lesson(folder)
    except LessonFormatError as exc:
        report.problems.extend(exc.problems)
        return report
    report.problems.extend(check_texts(lesson))
    if format_only or lesson.free_play:
        return report
    for backend in backends:
        if backend not in lesson.backends:
            continue
        try:
            report.runs.extend(prove(lesson, backend, base))
        except Exception as exc:  # noqa: BLE001 - reported per lesson, the others go on
            report.runs.append({"backend": backend, "attempt": "setup", "ok": False,
                                "detail": f"{type(exc).__name__}: {exc}"})
    return report


def main(settings: Settings, dirs: list[str], *, format_only: bool = False,
         as_json: bool = False, out: TextIO, backends: list[str] | None = None) -> int:
    from tutorial.paths import lessons_dir

    folders: list[Path]
    if dirs:
        folders = [Path(d).resolve() for d in dirs]
        missing = [f for f in folders if not f.is_dir()]
        if missing:
            from tutorial.settings import UsageError

            raise UsageError(f"not a folder: {missing[0]}")
    else:
        root = settings.course or lessons_dir()
        try:
            course = load_course(root)
        except LessonFormatError as exc:
            for problem in exc.problems:
                out.write(f"{problem}\n")
            return 1
        folders = [lesson.folder for lesson in course.ordered()]
    chosen = backends or ["sqlite", "postgres"]
    reports = [validate_folder(f, settings, chosen, format_only) for f in folders]
    if as_json:
        out.write(json.dumps([{
            "lesson": r.lesson, "ok": r.ok,
            "problems": [{"file": str(p.file), "line": p.line, "message": p.message}
                         for p in r.problems],
            "runs": r.runs} for r in reports], ensure_ascii=False, indent=2) + "\n")
    else:
        for r in reports:
            out.write(f"{'ok  ' if r.ok else 'FAIL'} {r.lesson}\n")
            for p in r.problems:
                out.write(f"     {p}\n")
            for run in r.runs:
                mark = "ok" if run["ok"] else "FAIL"
                detail = f": {run['detail']}" if run["detail"] and not run["ok"] else ""
                out.write(f"     [{run['backend']}] {run['attempt']} {mark}{detail}\n")
    return 0 if all(r.ok for r in reports) else 1
