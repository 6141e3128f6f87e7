"""Lessons and the course as plain data classes (what ``loader`` builds from the folders)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Step:
    """One step of a reference solution or a wrong attempt: write a file, delete one, or run
    an alembic command (``run = "alembic upgrade head"``)."""

    kind: str  # "write" | "delete" | "run"
    value: str
    #: For ``write``: the lesson file whose content is written (resolved by the loader).
    source: Path | None = None

    def describe(self) -> str:
        return self.value if self.kind == "run" else f"{self.kind} {self.value}"


@dataclass(frozen=True)
class WrongAttempt:
    id: str
    why: str  # for authors and validation reports (English)
    steps: tuple[Step, ...]
    #: Goal check ids that must fail after the attempt (pins the reason it is rejected).
    expect_failed: tuple[str, ...] = ()
    #: The backends the attempt is a mistake on (empty: all the lesson's backends).
    backends: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocaleText:
    """Everything a learner reads of one lesson in one language."""

    lang: str
    title: str
    goal: str
    hints: tuple[str, ...]
    body: str  # Markdown, a Jinja2 template over the sandbox's facts


@dataclass(frozen=True)
class Lesson:
    id: str
    folder: Path
    minutes: int
    prerequisites: tuple[str, ...]
    backends: tuple[str, ...]
    start_upgrade: str | None
    start_data: dict[str, list[dict[str, Any]]]
    locale_data: dict[str, dict[str, list[dict[str, Any]]]]
    goal: tuple[dict[str, Any], ...]
    solution: tuple[Step, ...]
    wrong: tuple[WrongAttempt, ...]
    texts: dict[str, LocaleText]
    free_play: bool = False
    chapter: str = ""
    #: SQL statements run after the start upgrade and rows (``[start] sql``), e.g.
    #: ``DROP TABLE alembic_version`` for a database made without Alembic.
    start_sql: tuple[str, ...] = ()
    #: Sandbox files removed after the start upgrade (``[start] delete``), e.g. a revision
    #: file the database names but the project lost.
    start_delete: tuple[str, ...] = ()

    def text(self, lang: str) -> LocaleText:
        """The lesson in ``lang``, English where that locale is missing."""
        return self.texts.get(lang) or self.texts["en"]

    def title(self, lang: str) -> str:
        return self.text(lang).title

    def data_for(self, lang: str) -> dict[str, list[dict[str, Any]]]:
        """Starting rows, with the locale's sample rows where the lesson provides them."""
        return {**self.start_data, **self.locale_data.get(lang, {})}

    @property
    def start_dir(self) -> Path:
        return self.folder / "start"


@dataclass(frozen=True)
class Chapter:
    id: str
    titles: dict[str, str]
    lessons: tuple[str, ...]

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get("en") or self.id


@dataclass
class Course:
    root: Path
    chapters: tuple[Chapter, ...]
    lessons: dict[str, Lesson] = field(default_factory=dict)

    def ordered(self) -> list[Lesson]:
        return [self.lessons[i] for ch in self.chapters for i in ch.lessons if i in self.lessons]

    def get(self, lesson_id: str) -> Lesson | None:
        return self.lessons.get(lesson_id)

    def next_after(self, lesson_id: str) -> Lesson | None:
        order = self.ordered()
        ids = [lesson.id for lesson in order]
        if lesson_id in ids and ids.index(lesson_id) + 1 < len(ids):
            return order[ids.index(lesson_id) + 1]
        return None
