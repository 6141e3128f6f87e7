"""Read the course and lesson folders, reporting format errors with file and line.

Folder layout (documented for authors in lessons/README.md)::

    course.toml            chapters, their titles and lesson order
    <lesson-id>/
      lesson.toml          metadata, start state, goal checks, solution, wrong attempts
      en.md fa.md ...      per locale: +++ TOML front matter (title, goal, hints) +++ Markdown
      start/               files copied into the sandbox (models.py, versions/...)
      solution/            files the reference solution writes
      wrong/<attempt-id>/  files a wrong attempt writes
      checks.py            optional Python checks
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutorial.i18n import LANGUAGES
from tutorial.lessons.checks import COMMON_PARAMS, PARAMS, applies
from tutorial.lessons.model import Chapter, Course, Lesson, LocaleText, Step, WrongAttempt
from tutorial.toml import TOMLDecodeError, loads

LESSON_FILE = "lesson.toml"
COURSE_FILE = "course.toml"
BACKENDS = ("sqlite", "postgres")
LESSON_KEYS = {"id", "minutes", "prerequisites", "backends", "start", "goal", "solution",
               "wrong", "free_play"}
START_KEYS = {"upgrade", "data", "locale_data", "sql", "delete"}
REQUIRED_PARAMS: dict[str, set[str]] = {
    "table": {"table"}, "column": {"table", "column"}, "index": {"table", "columns"},
    "foreign_key": {"table", "columns", "ref_table"}, "unique": {"table", "columns"},
    "primary_key": {"table", "columns"}, "row_count": {"table"},
    "values_kept": {"table", "columns"}, "column_values": {"table", "column", "all"},
    "query": {"sql", "expect"}, "files_unchanged": {"paths"}, "file_contains": {"pattern"},
    "command_used": {"pattern"}, "python": {"function"}, "upgrade_sql": {"pattern"},
    "expand_phase": {"table", "old", "new"},
    "branch": {"label"},
}
_FRONT = re.compile(r"\A\+\+\+[ \t]*\n(?P<meta>.*?)\n\+\+\+[ \t]*\n?(?P<body>.*)\Z", re.DOTALL)
_TOML_LINE = re.compile(r"line (\d+)")


@dataclass(frozen=True)
class Problem:
    file: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else str(self.file)
        return f"{where}: {self.message}"


class LessonFormatError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def _line_of(text: str, needle: str, nth: int = 0) -> int | None:
    """The 1-based line of the ``nth`` line matching ``needle`` (a regex), if any."""
    hits = [i + 1 for i, line in enumerate(text.splitlines()) if re.search(needle, line)]
    return hits[nth] if nth < len(hits) else (hits[-1] if hits else None)


def _parse_toml(path: Path, problems: list[Problem]) -> tuple[dict[str, Any], str]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path, None, f"cannot read: {exc}"))
        return {}, ""
    try:
        return loads(text), text
    except TOMLDecodeError as exc:
        found = _TOML_LINE.search(str(exc))
        line = int(found.group(1)) if found else (len(text.splitlines()) or 1)
        problems.append(Problem(path, line, f"not valid TOML: {exc}"))
        return {}, text


def _steps(raw: Any, path: Path, text: str, files_dirs: tuple[Path, ...], label: str,
           problems: list[Problem]) -> tuple[Step, ...]:
    """The steps of a solution or wrong attempt. A ``write`` takes its file from the first of
    ``files_dirs`` that has it: a wrong attempt's own folder, then ``solution/`` (attempts
    often repeat part of the solution, e.g. its models.py)."""
    steps: list[Step] = []
    if not isinstance(raw, list):
        problems.append(Problem(path, _line_of(text, label), f"{label} must be a list of steps"))
        return ()
    for item in raw:
        kinds = [k for k in ("write", "delete", "run") if isinstance(item, dict) and k in item]
        if len(kinds) != 1 or len(item) != 1:
            problems.append(Problem(path, _line_of(text, re.escape(str(next(iter(item.values()),
                                                   "")) if isinstance(item, dict) and item
                                                   else label)),
                                    f"each {label} step needs exactly one of write, delete, run"))
            continue
        kind = kinds[0]
        value = item[kind]
        line = _line_of(text, re.escape(str(value)))
        if not isinstance(value, str) or not value:
            problems.append(Problem(path, line, f"{label}: {kind} needs a text value"))
            continue
        if kind == "run" and not value.startswith("alembic "):
            problems.append(Problem(path, line, f"{label}: run must be an alembic command"))
        source = None
        if kind == "write":
            source = next((d / value for d in files_dirs if (d / value).is_file()), None)
            if source is None:
                where = " or ".join(f"{d.relative_to(path.parent)}/{value}" for d in files_dirs)
                problems.append(Problem(path, line, f"{label}: {where} is missing"))
        steps.append(Step(kind, value, source))
    return tuple(steps)


def _start_list(start: dict[str, Any], key: str, path: Path, text: str,
                problems: list[Problem]) -> tuple[str, ...]:
    """``[start] sql`` or ``[start] delete``: a list of non-empty texts."""
    raw = start.get(key, [])
    if not isinstance(raw, list) or not all(isinstance(v, str) and v.strip() for v in raw):
        problems.append(Problem(path, _line_of(text, rf"^\s*{key}\s*="),
                                f"start.{key} must be a list of non-empty texts"))
        return ()
    return tuple(raw)


def _start_delete(start: dict[str, Any], folder: Path, path: Path, text: str,
                  problems: list[Problem]) -> tuple[str, ...]:
    """Files removed from the sandbox after the start upgrade: each must be a file of
    ``start/`` (a relative path that stays inside it), and never ``models.py``."""
    out = []
    for value in _start_list(start, "delete", path, text, problems):
        line = _line_of(text, re.escape(value))
        rel = Path(value)
        if rel.is_absolute() or ".." in rel.parts:
            problems.append(Problem(path, line, f"start.delete: {value} must be a path inside "
                                                "the sandbox"))
        elif rel.as_posix() == "models.py":
            problems.append(Problem(path, line, "start.delete: models.py is required"))
        elif not (folder / "start" / rel).is_file():
            problems.append(Problem(path, line, f"start.delete: start/{value} is missing"))
        else:
            out.append(rel.as_posix())
    return tuple(out)


def _goal(raw: Any, path: Path, text: str, problems: list[Problem]) -> tuple[dict[str, Any], ...]:
    if not isinstance(raw, list):
        problems.append(Problem(path, _line_of(text, r"goal"), "goal must be [[goal]] tables"))
        return ()
    out = []
    ids: set[str] = set()
    for n, spec in enumerate(raw):
        line = _line_of(text, r"^\s*\[\[goal\]\]", n)
        kind = spec.get("check")
        if kind not in PARAMS:
            problems.append(Problem(path, line, f"unknown check {kind!r}; known: "
                                    + ", ".join(sorted(PARAMS))))
            continue
        unknown = set(spec) - PARAMS[kind] - COMMON_PARAMS
        if unknown:
            problems.append(Problem(path, line, f"check {kind!r} does not take "
                                    + ", ".join(sorted(unknown))))
        missing = REQUIRED_PARAMS.get(kind, set()) - set(spec)
        if missing:
            problems.append(Problem(path, line, f"check {kind!r} needs "
                                    + ", ".join(sorted(missing))))
        cid = spec.get("id") or kind
        if cid in ids:
            problems.append(Problem(path, line, f"two checks have the id {cid!r}"))
        ids.add(cid)
        out.append(dict(spec, id=cid))
    return tuple(out)


def _backends_of(item: dict[str, Any], label: str, lesson_backends: tuple[str, ...],
                 path: Path, text: str, problems: list[Problem]) -> tuple[str, ...]:
    """The optional ``backends`` of a goal check or a wrong attempt: a non-empty list of the
    lesson's own backends (an empty tuple means all of them)."""
    raw = item.get("backends")
    if raw is None:
        return ()
    if (not isinstance(raw, list) or not raw
            or not all(isinstance(b, str) and b in lesson_backends for b in raw)):
        line = _line_of(text, rf"^\s*id\s*=\s*[\"']{re.escape(str(item.get('id', '')))}[\"']")
        problems.append(Problem(path, line, f"{label}: backends must be a non-empty list of the "
                                f"lesson's backends ({', '.join(lesson_backends)})"))
        return ()
    return tuple(raw)


def parse_locale_file(path: Path, problems: list[Problem],
                      goal_required: bool = True) -> LocaleText | None:
    """One ``<locale>.md``; a free-play lesson (``goal_required=False``) may leave out the goal."""
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(path, None, f"cannot read: {exc}"))
        return None
    found = _FRONT.match(raw)
    if not found:
        problems.append(Problem(path, 1, "must start with +++ front matter (title, goal, hints)"))
        return None
    try:
        meta = loads(found.group("meta"))
    except TOMLDecodeError as exc:
        line = _TOML_LINE.search(str(exc))
        problems.append(Problem(path, int(line.group(1)) + 1 if line else 1,
                                f"front matter is not valid TOML: {exc}"))
        return None
    bad = False
    for key in ("title", "goal") if goal_required else ("title",):
        if not isinstance(meta.get(key), str) or not meta[key].strip():
            problems.append(Problem(path, _line_of(raw, rf"^{key}\s*=") or 2,
                                    f"front matter needs a non-empty {key}"))
            bad = True
    hints = meta.get("hints", [])
    if not isinstance(hints, list) or not all(isinstance(h, str) and h.strip() for h in hints):
        problems.append(Problem(path, _line_of(raw, r"^hints") or 2,
                                "hints must be a list of non-empty texts"))
        bad = True
    extra = set(meta) - {"title", "goal", "hints"}
    if extra:
        problems.append(Problem(path, 2, "unknown front matter keys: " + ", ".join(sorted(extra))))
    if bad:
        return None
    goal = meta.get("goal", "")
    if not isinstance(goal, str):
        problems.append(Problem(path, _line_of(raw, r"^goal\s*=") or 2, "goal must be a text"))
        return None
    return LocaleText(lang=path.stem, title=meta["title"].strip(), goal=goal.strip(),
                      hints=tuple(h.strip() for h in hints), body=found.group("body"))


def load_lesson(folder: Path) -> Lesson:
    """One lesson folder; ``LessonFormatError`` lists every problem found, with lines."""
    problems: list[Problem] = []
    path = folder / LESSON_FILE
    if not path.is_file():
        raise LessonFormatError([Problem(path, None, "missing lesson.toml")])
    data, text = _parse_toml(path, problems)
    if problems:
        raise LessonFormatError(problems)
    expected_types = {"start": dict, "goal": list, "solution": list, "wrong": list,
                      "prerequisites": list, "backends": list}
    for key, kind in expected_types.items():
        if key in data and not isinstance(data[key], kind):
            what = "a table" if kind is dict else "a list"
            problems.append(Problem(path, _line_of(text, rf"^\s*\[*{key}\b"),
                                    f"{key} must be {what}"))
    if problems:
        raise LessonFormatError(problems)
    for n, item in enumerate(data.get("goal", []) + data.get("wrong", [])):
        if not isinstance(item, dict):
            problems.append(Problem(path, None, "[[goal]] and [[wrong]] entries must be tables"))
            raise LessonFormatError(problems)
    for key in sorted(set(data) - LESSON_KEYS):
        problems.append(Problem(path, _line_of(text, rf"^\s*\[*{re.escape(key)}\b"),
                                f"unknown key {key!r}"))
    lesson_id = data.get("id")
    if lesson_id != folder.name:
        problems.append(Problem(path, _line_of(text, r"^id\s*="),
                                f"id must be the folder's name {folder.name!r}"))
    minutes = data.get("minutes", 10)
    if not isinstance(minutes, int) or minutes <= 0:
        problems.append(Problem(path, _line_of(text, r"^minutes"), "minutes must be a number"))
    backends = tuple(data.get("backends", BACKENDS))
    if not backends or set(backends) - set(BACKENDS):
        problems.append(Problem(path, _line_of(text, r"^backends"),
                                "backends must be a list of: sqlite, postgres"))
    free_play = bool(data.get("free_play", False))
    start = data.get("start", {})
    for key in sorted(set(start) - START_KEYS):
        problems.append(Problem(path, _line_of(text, re.escape(key)), f"unknown start key {key!r}"))
    if not (folder / "start" / "models.py").is_file():
        problems.append(Problem(folder / "start", None, "start/models.py is missing"))
    start_sql = _start_list(start, "sql", path, text, problems)
    start_delete = _start_delete(start, folder, path, text, problems)
    goal = _goal(data.get("goal", []), path, text, problems)
    if not goal and not free_play:
        problems.append(Problem(path, None, "a lesson needs at least one [[goal]] check"))
    solution = _steps(data.get("solution", []), path, text, (folder / "solution",), "solution",
                      problems)
    if not solution and not free_play:
        problems.append(Problem(path, None, "a lesson needs a reference solution ([[solution]])"))
    wrong = []
    for n, attempt in enumerate(data.get("wrong", [])):
        aid = attempt.get("id")
        line = _line_of(text, r"^\s*\[\[wrong\]\]", n)
        if not isinstance(aid, str) or not aid:
            problems.append(Problem(path, line, "each [[wrong]] attempt needs an id"))
            continue
        expect = attempt.get("expect_failed", [])
        goal_ids = {g["id"] for g in goal}
        for cid in expect:
            if cid not in goal_ids:
                problems.append(Problem(path, _line_of(text, re.escape(cid)),
                                        f"wrong.{aid}: expect_failed names no goal check {cid!r}"))
        wrong.append(WrongAttempt(aid, str(attempt.get("why", "")),
                                  _steps(attempt.get("steps", []), path, text,
                                         (folder / "wrong" / aid, folder / "solution"),
                                         f"wrong.{aid}", problems),
                                  tuple(expect),
                                  _backends_of(attempt, f"wrong.{aid}", backends, path, text,
                                               problems)))
    for spec in goal:
        _backends_of(spec, f"goal.{spec['id']}", backends, path, text, problems)
    for backend in backends if goal else ():
        if not any(applies(spec, backend) for spec in goal):
            problems.append(Problem(path, None, f"no goal check runs on {backend}"))
    texts: dict[str, LocaleText] = {}
    for lang in LANGUAGES:
        md = folder / f"{lang}.md"
        if md.is_file():
            parsed = parse_locale_file(md, problems, goal_required=not free_play)
            if parsed:
                texts[lang] = parsed
    if "en" not in texts and not any(p.file.name == "en.md" for p in problems):
        problems.append(Problem(folder / "en.md", None, "the English text en.md is missing"))
    if problems:
        raise LessonFormatError(problems)
    return Lesson(
        id=lesson_id, folder=folder, minutes=minutes,
        prerequisites=tuple(data.get("prerequisites", [])), backends=backends,
        start_upgrade=start.get("upgrade"), start_data=start.get("data", {}),
        locale_data=start.get("locale_data", {}), goal=goal, solution=solution,
        wrong=tuple(wrong), texts=texts, free_play=free_play,
        start_sql=start_sql, start_delete=start_delete,
    )


def load_course(root: Path) -> Course:
    """The course at ``root``; every problem in every lesson is reported at once."""
    problems: list[Problem] = []
    path = root / COURSE_FILE
    if not path.is_file():
        raise LessonFormatError([Problem(path, None, "missing course.toml")])
    data, text = _parse_toml(path, problems)
    if problems:
        raise LessonFormatError(problems)
    chapters = []
    lessons: dict[str, Lesson] = {}
    for n, raw in enumerate(data.get("chapter", [])):
        line = _line_of(text, r"^\s*\[\[chapter\]\]", n)
        cid, titles, ids = raw.get("id"), raw.get("title", {}), raw.get("lessons", [])
        if not cid or not isinstance(titles, dict) or "en" not in titles:
            problems.append(Problem(path, line, "each chapter needs an id and title.en"))
            continue
        chapters.append(Chapter(cid, dict(titles), tuple(ids)))
        for lesson_id in ids:
            folder = root / lesson_id
            if lesson_id in lessons:
                problems.append(Problem(path, _line_of(text, re.escape(lesson_id)),
                                        f"lesson {lesson_id!r} is listed twice"))
                continue
            if not folder.is_dir():
                problems.append(Problem(path, _line_of(text, re.escape(lesson_id)),
                                        f"no folder for lesson {lesson_id!r}"))
                continue
            try:
                lesson = load_lesson(folder)
            except LessonFormatError as exc:
                problems.extend(exc.problems)
                continue
            lessons[lesson_id] = Lesson(**{**lesson.__dict__, "chapter": cid})
    if not chapters and not problems:
        problems.append(Problem(path, None, "the course has no [[chapter]]"))
    if problems:
        raise LessonFormatError(problems)
    for lesson in lessons.values():
        for pre in lesson.prerequisites:
            if pre not in lessons:
                problems.append(Problem(lesson.folder / LESSON_FILE, None,
                                        f"prerequisite {pre!r} is not in the course"))
    if problems:
        raise LessonFormatError(problems)
    return Course(root=root, chapters=tuple(chapters), lessons=lessons)
