"""The progress data model in plain Python: no SQLAlchemy here, so it imports in microseconds.

Everything a caller can get wrong (a profile name, a lesson id, an export file) is checked here,
before the database is touched, and reported as a :class:`ProgressError` whose message is
translated: a learner may read it (``progress import`` of a broken file, ``--profile`` typo).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timezone
from typing import Any

from tutorial.i18n import N_, _, pgettext

#: File name of the progress database inside the workspace.
DATABASE_NAME = "progress.sqlite3"

#: Lesson states, in the order a lesson goes through them.
STATUSES: tuple[str, ...] = ("new", "in_progress", "done")
_STATUS_WORDS = {"new": N_("new"), "in_progress": N_("in progress")}


def status_label(status: str) -> str:
    """A lesson state for people, in the current language (the map, ``lessons``). ``done``
    has a message context: the same English word is also a command's result."""
    if status == "done":
        return pgettext("lesson status", "done")
    return _(_STATUS_WORDS.get(status, status))

#: ``format`` marker and version of :meth:`ProgressStore.export` documents.
EXPORT_FORMAT = "alembic-tutorial-progress"
EXPORT_VERSION = 1

MAX_PROFILE_LENGTH = 40
MAX_LESSON_ID_LENGTH = 200
MAX_SETTING_KEY_LENGTH = 100
#: Events kept per profile; older ones are dropped (the counters are never dropped).
MAX_EVENTS_PER_PROFILE = 1000
#: A learner may paste a whole script into the console; the history keeps its start.
MAX_COMMAND_LENGTH = 500

_COUNTERS = ("attempts", "failed_commands", "checks_run", "hints_used")
_TIMES = ("started_at", "completed_at", "last_activity_at", "last_success_at")


class ProgressError(Exception):
    """A progress operation failed; ``str(error)`` is a translated, one-line reason."""


@dataclass(frozen=True)
class LessonProgress:
    """What one profile has done in one lesson. Times are timezone-aware UTC datetimes."""

    lesson_id: str
    status: str = "new"
    started_at: datetime | None = None
    completed_at: datetime | None = None
    last_activity_at: datetime | None = None
    #: The last time a command succeeded or the goal check passed.
    last_success_at: datetime | None = None
    #: Commands run (successful or not).
    attempts: int = 0
    failed_commands: int = 0
    checks_run: int = 0
    hints_used: int = 0
    solution_shown: bool = False

    @property
    def done(self) -> bool:
        return self.status == "done"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able: times as UTC ISO 8601 strings."""
        data = asdict(self)
        for name in _TIMES:
            data[name] = format_time(data[name])
        return data


LESSON_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(LessonProgress))


# -- time -----------------------------------------------------------------------------------


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def format_time(value: datetime | None) -> str | None:
    """UTC ISO 8601 with microseconds: one fixed width, so text order is time order."""
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("naive datetime; progress times must be timezone-aware")
    return value.astimezone(timezone.utc).isoformat(timespec="microseconds")


def parse_time(value: str | None) -> datetime | None:
    """Inverse of :func:`format_time`; accepts any ISO 8601 time with an offset (or ``Z``)."""
    if value is None:
        return None
    text = value.strip()
    if text.endswith(("Z", "z")):  # Python 3.10's fromisoformat does not know "Z"
        text = text[:-1] + "+00:00"
    parsed = datetime.fromisoformat(text)
    if parsed.tzinfo is None:
        raise ValueError("no time zone")
    return parsed.astimezone(timezone.utc)


# -- names ----------------------------------------------------------------------------------


def validate_profile_name(name: object) -> str:
    """A profile name: 1-40 letters (any script), digits, ``-`` or ``_``; returned in NFC.

    Letters of every script are allowed because learners name themselves in their own
    language; NFC makes the same name typed two ways one profile.
    """
    if isinstance(name, str):
        normalized = unicodedata.normalize("NFC", name)
        if 1 <= len(normalized) <= MAX_PROFILE_LENGTH and _is_profile_name(normalized):
            return normalized
    raise ProgressError(
        _(
            "Invalid profile name “{name}”: use 1 to {max} letters, digits, “-” or “_” (no spaces)."
        ).format(name=name, max=MAX_PROFILE_LENGTH)
    )


def _is_profile_name(name: str) -> bool:
    for index, char in enumerate(name):
        category = unicodedata.category(char)
        if char in "-_" or category[0] == "L" or category == "Nd":
            continue
        # Combining marks (Devanagari and Thai vowel signs) belong to the letter before them.
        if category[0] == "M" and index > 0:
            continue
        return False
    return True


def validate_lesson_id(lesson_id: object) -> str:
    if (
        isinstance(lesson_id, str)
        and 1 <= len(lesson_id) <= MAX_LESSON_ID_LENGTH
        and lesson_id.strip() == lesson_id
        and lesson_id.isprintable()
    ):
        return lesson_id
    raise ProgressError(_("Invalid lesson id “{lesson}”.").format(lesson=lesson_id))


def validate_setting_key(key: object) -> str:
    if isinstance(key, str) and 1 <= len(key) <= MAX_SETTING_KEY_LENGTH and key.isprintable():
        return key
    raise ProgressError(_("Invalid setting name “{key}”.").format(key=key))


def dump_json(value: Any, what: str) -> str:
    """Compact JSON text; NaN and infinities are refused (they are not JSON)."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ProgressError(
            _("“{what}” cannot be stored: {error}.").format(what=what, error=exc)
        ) from exc


# -- export documents -----------------------------------------------------------------------


@dataclass(frozen=True)
class ImportEvent:
    lesson_id: str | None
    kind: str
    detail: dict[str, Any]
    at: datetime


@dataclass(frozen=True)
class ImportDocument:
    """An export document after validation: every value has its final type."""

    lessons: dict[str, LessonProgress]
    settings: dict[str, Any]
    events: list[ImportEvent]


def _bad(where: str, problem: str) -> ProgressError:
    return ProgressError(
        _("Invalid progress export: {where}: {problem}").format(where=where, problem=problem)
    )


def _expect_mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise _bad(where, _("expected an object"))
    return value


def _expect_count(value: Any, where: str) -> int:
    # bool is an int in Python, but ``true`` is not a count.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _bad(where, _("expected a whole number, 0 or more"))
    return value


def _expect_time(value: Any, where: str, *, optional: bool = True) -> datetime | None:
    if value is None and optional:
        return None
    if isinstance(value, str):
        try:
            return parse_time(value)
        except ValueError:
            pass
    raise _bad(where, _("expected a date and time with a time zone (ISO 8601)"))


def _validate_lesson(lesson_id: str, raw: Any) -> LessonProgress:
    where = f"lessons.{lesson_id}"
    data = _expect_mapping(raw, where)
    status = data.get("status", "new")
    if status not in STATUSES:
        raise _bad(
            f"{where}.status",
            _("expected one of {choices}").format(choices=", ".join(STATUSES)),
        )
    values: dict[str, Any] = {"lesson_id": lesson_id, "status": status}
    for name in _COUNTERS:
        values[name] = _expect_count(data.get(name, 0), f"{where}.{name}")
    for name in _TIMES:
        values[name] = _expect_time(data.get(name), f"{where}.{name}")
    shown = data.get("solution_shown", False)
    if not isinstance(shown, bool):
        raise _bad(f"{where}.solution_shown", _("expected true or false"))
    values["solution_shown"] = shown
    if values["failed_commands"] > values["attempts"]:
        raise _bad(f"{where}.failed_commands", _("more failed commands than attempts"))
    return LessonProgress(**values)


def validate_export(data: Any) -> ImportDocument:
    """Check a whole export document before anything is written.

    Unknown keys are ignored (a later version may add some without changing the format
    version); known keys must have the right type and range.
    """
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise ProgressError(
            _("Not an alembic-tutorial progress export (no “format”: “{format}”).").format(
                format=EXPORT_FORMAT
            )
        )
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _bad("version", _("expected a whole number, 1 or more"))
    if version > EXPORT_VERSION:
        raise ProgressError(
            _(
                "This progress export has format version {version}; this version of "
                "alembic-tutorial reads up to version {supported}. Update alembic-tutorial."
            ).format(version=version, supported=EXPORT_VERSION)
        )

    lessons: dict[str, LessonProgress] = {}
    for lesson_id, raw in _expect_mapping(data.get("lessons", {}), "lessons").items():
        try:
            validate_lesson_id(lesson_id)
        except ProgressError as exc:
            raise _bad("lessons", str(exc)) from None
        lessons[lesson_id] = _validate_lesson(lesson_id, raw)

    settings: dict[str, Any] = {}
    for key, value in _expect_mapping(data.get("settings", {}), "settings").items():
        try:
            validate_setting_key(key)
            dump_json(value, key)
        except ProgressError as exc:
            raise _bad("settings", str(exc)) from None
        settings[key] = value

    raw_events = data.get("events", [])
    if not isinstance(raw_events, list):
        raise _bad("events", _("expected a list"))
    events: list[ImportEvent] = []
    for index, raw in enumerate(raw_events):
        where = f"events[{index}]"
        event = _expect_mapping(raw, where)
        lesson_id = event.get("lesson")
        if lesson_id is not None:
            try:
                validate_lesson_id(lesson_id)
            except ProgressError as exc:
                raise _bad(f"{where}.lesson", str(exc)) from None
        kind = event.get("kind")
        if not isinstance(kind, str) or not 1 <= len(kind) <= 20:
            raise _bad(f"{where}.kind", _("expected text"))
        detail = _expect_mapping(event.get("detail", {}), f"{where}.detail")
        try:
            dump_json(detail, "detail")
        except ProgressError as exc:
            raise _bad(f"{where}.detail", str(exc)) from None
        at = _expect_time(event.get("at"), f"{where}.at", optional=False)
        assert at is not None
        events.append(ImportEvent(lesson_id, kind, detail, at))
    return ImportDocument(lessons, settings, events)


def merge_lessons(local: LessonProgress, incoming: LessonProgress) -> LessonProgress:
    """Combine two records of the same lesson (``import_`` without ``replace``).

    Idempotent (importing the same file twice changes nothing) and order-free: the furthest
    status, the largest counters, the earliest start, the latest activity.
    """

    def latest(a: datetime | None, b: datetime | None) -> datetime | None:
        return max((t for t in (a, b) if t is not None), default=None)

    def earliest(a: datetime | None, b: datetime | None) -> datetime | None:
        return min((t for t in (a, b) if t is not None), default=None)

    status = max(local.status, incoming.status, key=STATUSES.index)
    completed = None
    if status == "done":
        completed = earliest(
            local.completed_at if local.done else None,
            incoming.completed_at if incoming.done else None,
        )
    return LessonProgress(
        lesson_id=local.lesson_id,
        status=status,
        started_at=earliest(local.started_at, incoming.started_at),
        completed_at=completed,
        last_activity_at=latest(local.last_activity_at, incoming.last_activity_at),
        last_success_at=latest(local.last_success_at, incoming.last_success_at),
        attempts=max(local.attempts, incoming.attempts),
        failed_commands=max(local.failed_commands, incoming.failed_commands),
        checks_run=max(local.checks_run, incoming.checks_run),
        hints_used=max(local.hints_used, incoming.hints_used),
        solution_shown=local.solution_shown or incoming.solution_shown,
    )
