"""The global options every face shares: from flags, then the environment, then defaults.

See ../shared/CLI.md: ``--lang``, ``--db``, ``--db-url``, ``--workspace``, ``--bidi`` and their
``ALEMBIC_TUTORIAL_*`` variables; plus ``--profile`` and ``--course`` (lessons-as-data issue).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from tutorial.i18n import LANGUAGES, language_from_environment

BACKENDS = ("sqlite", "postgres")
BIDI_MODES = ("auto", "app", "terminal", "off")
ENV_PREFIX = "ALEMBIC_TUTORIAL_"
PROFILE_RE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class UsageError(Exception):
    """Bad usage or bad input: exit code 2 with a one-line reason."""


def default_workspace() -> Path:
    from platformdirs import user_data_path

    return user_data_path("alembic-tutorial", appauthor=False)


@dataclass(frozen=True)
class Settings:
    lang: str = "en"
    db: str = "sqlite"
    db_url: str | None = None
    workspace: Path = field(default_factory=default_workspace)
    bidi: str = "auto"
    profile: str = "default"
    course: Path | None = None

    @property
    def backend(self) -> str:
        """``sqlite`` or ``postgres``; a ``--db-url`` implies PostgreSQL."""
        return "postgres" if self.db_url else self.db

    def with_(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def resolve(
    *,
    lang: str | None = None,
    db: str | None = None,
    db_url: str | None = None,
    workspace: str | os.PathLike[str] | None = None,
    bidi: str | None = None,
    profile: str | None = None,
    course: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
) -> Settings:
    """Settings from explicit values (flags), then ``ALEMBIC_TUTORIAL_*``, then defaults."""
    env = os.environ if environ is None else environ

    def pick(value: object, name: str) -> str | None:
        if value is not None and value != "":
            return str(value)
        return env.get(ENV_PREFIX + name) or None

    chosen_lang = pick(lang, "LANG") or language_from_environment(env)
    if chosen_lang not in LANGUAGES:
        raise UsageError(f"unknown language {chosen_lang!r}; choose one of {', '.join(LANGUAGES)}")
    chosen_db = pick(db, "DB") or "sqlite"
    if chosen_db in ("postgresql", "pg"):
        chosen_db = "postgres"
    if chosen_db not in BACKENDS:
        raise UsageError(f"unknown database {chosen_db!r}; choose sqlite or postgres")
    chosen_url = pick(db_url, "DB_URL")
    if chosen_url and not chosen_url.startswith(("postgresql", "postgres://")):
        raise UsageError("--db-url must be a PostgreSQL URL (postgresql://user:pass@host/dbname)")
    chosen_bidi = pick(bidi, "BIDI") or "auto"
    if chosen_bidi not in BIDI_MODES:
        raise UsageError(f"unknown bidi mode {chosen_bidi!r}; choose one of {', '.join(BIDI_MODES)}")
    chosen_profile = pick(profile, "PROFILE") or "default"
    if not PROFILE_RE.match(chosen_profile):
        raise UsageError(
            f"bad profile name {chosen_profile!r}: use 1-40 letters, digits, '-' or '_'"
        )
    ws = pick(workspace, "WORKSPACE")
    chosen_course = pick(course, "COURSE")
    return Settings(
        lang=chosen_lang,
        db="postgres" if chosen_url else chosen_db,
        db_url=chosen_url,
        workspace=Path(ws).expanduser().resolve() if ws else default_workspace(),
        bidi=chosen_bidi,
        profile=chosen_profile,
        course=Path(chosen_course).expanduser().resolve() if chosen_course else None,
    )
