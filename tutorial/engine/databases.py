"""Where a sandbox's database lives, described as plain data the worker can receive.

SQLite: a file in the sandbox folder. PostgreSQL: a database on a server (the tool's private
one, or the learner's own from ``--db-url``), named ``atut_<lesson>_<hash>`` and marked with a
comment, so the tool can prove a database is its own before it changes or drops it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit, urlunsplit

PG_PREFIX = "atut_"
#: ``COMMENT ON DATABASE`` text that marks a database as made by this tool.
PG_MARKER = "alembic-tutorial sandbox"
SQLITE_FILE = "tutorial.db"


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


def pg_database_name(sandbox_key: str, lesson: str) -> str:
    """A recognisable, unique, short (< 63 bytes) name for one sandbox's database.

    ``sandbox_key`` distinguishes workspaces and profiles sharing one server (workshops).
    """
    slug = re.sub(r"[^a-z0-9]+", "_", lesson.lower()).strip("_")[:24] or "lesson"
    digest = hashlib.sha256(f"{sandbox_key}\0{lesson}".encode()).hexdigest()[:8]
    return f"{PG_PREFIX}{slug}_{digest}"


def pg_target(admin_url: str, name: str) -> DatabaseTarget:
    admin = normalize_pg_url(admin_url)
    return DatabaseTarget(
        kind="postgresql", url=with_database(admin, name), admin_url=admin, name=name
    )
