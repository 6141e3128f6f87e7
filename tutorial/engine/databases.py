"""Where a sandbox's database lives, described as plain data the worker can receive.

SQLite: a file in the sandbox folder. PostgreSQL: a database on a server (the tool's private
one, or a shared one from ``--db-url``) and marked with a comment, so the tool can prove a
database is its own before it changes or drops it. Names (all under PostgreSQL's 63 bytes):

- ``atut_<workspace id>_<profile>_<lesson>_<hash>``: one learner's sandbox;
- the same plus ``_<slot>``: its undo copies (``_u12``) and scratch copy (``_x``);
- ``atut_tpl_<lesson>_<hash>_<role>``: a lesson's start state, the template every sandbox of
  that lesson is cloned from (the hash covers everything that builds it; one per role).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit, urlunsplit

PG_PREFIX = "atut_"
#: ``COMMENT ON DATABASE`` text that marks a database as made by this tool.
PG_MARKER = "alembic-tutorial sandbox"
SQLITE_FILE = "tutorial.db"
#: Prefix of the lessons' template databases (never a sandbox: workspace ids are hex).
PG_TEMPLATE_PREFIX = PG_PREFIX + "tpl_"
#: PostgreSQL truncates identifiers longer than this many bytes.
PG_MAX_NAME = 63
#: Room a sandbox name leaves for the ``_<slot>`` of its copies (``_u1234567``).
PG_SLOT_ROOM = 10


@dataclass(frozen=True)
class DatabaseTarget:
    kind: str  # "sqlite" | "postgresql"
    url: str  # SQLAlchemy URL of the sandbox database
    path: str | None = None  # SQLite: the database file
    admin_url: str | None = None  # PostgreSQL: where CREATE/DROP DATABASE are issued
    name: str | None = None  # PostgreSQL: the sandbox database's name

    def to_json(self) -> dict[str, str | None]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> DatabaseTarget:
        return cls(**data)  # type: ignore[arg-type]

    @property
    def dialect(self) -> str:
        return self.kind


def sqlite_target(path: str) -> DatabaseTarget:
    return DatabaseTarget(kind="sqlite", url=f"sqlite:///{path}", path=path)


def normalize_pg_url(url: str) -> str:
    """``postgres://`` and ``postgresql://`` -> ``postgresql+psycopg://`` (psycopg 3)."""
    scheme, rest = url.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        scheme = "postgresql+psycopg"
    return f"{scheme}://{rest}"


def with_database(url: str, database: str) -> str:
    """The same server URL pointing at another database."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment))


def _slug(text: str, limit: int) -> str:
    """Lower-case ASCII letters and digits of ``text`` (accents dropped), at most ``limit``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:limit].strip("_")


def pg_database_name(workspace_id: str, profile: str, lesson: str) -> str:
    """A recognisable, unique, short name for one sandbox's database.

    The workspace id (see ``layout.workspace_id``) keeps workspaces sharing one server apart;
    the profile and the lesson are there for a human reading ``\\l`` (cut, and non-Latin
    profile names reduced to what ASCII keeps); the hash of all three keeps the name unique
    whatever the cutting lost. At most ``PG_MAX_NAME - PG_SLOT_ROOM`` bytes, so copies fit.
    """
    digest = hashlib.sha256(f"{workspace_id}\0{profile}\0{lesson}".encode()).hexdigest()[:8]
    parts = [PG_PREFIX + _slug(workspace_id, 8), _slug(profile, 12) or "p",
             _slug(lesson, 14) or "lesson", digest]
    name = "_".join(parts)
    assert len(name.encode()) <= PG_MAX_NAME - PG_SLOT_ROOM, name
    return name


def pg_template_name(lesson: str, key: str) -> str:
    """The template database of a lesson's start state; ``key`` hashes what builds it."""
    return f"{PG_TEMPLATE_PREFIX}{_slug(lesson, 24) or 'lesson'}_{key[:12]}"


def pg_target(admin_url: str, name: str) -> DatabaseTarget:
    admin = normalize_pg_url(admin_url)
    return DatabaseTarget(
        kind="postgresql", url=with_database(admin, name), admin_url=admin, name=name
    )
