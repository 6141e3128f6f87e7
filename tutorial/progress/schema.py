"""The progress database's tables, as the code uses them (SQLAlchemy Core).

This is the *target* of the migrations in ``migrations/versions``: the migrations are frozen
history and never import this module's tables, while this module is what the store queries.
``tests/progress/test_migrations.py`` compares the two (autogenerate finds no difference), so
a column added here without a migration fails the tests.

Times are stored as UTC ISO 8601 text of one fixed width (see ``model.format_time``): readable
in any SQLite browser, sorted correctly as text, and the same in exports.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from tutorial.progress.model import (
    MAX_LESSON_ID_LENGTH,
    MAX_PROFILE_LENGTH,
    MAX_SETTING_KEY_LENGTH,
    STATUSES,
    format_time,
    parse_time,
)

#: Alembic batch mode recreates SQLite tables; named constraints survive that.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as UTC ISO 8601 text."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        return format_time(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> datetime | None:
        return parse_time(value)


class JSONText(TypeDecorator[Any]):
    """A JSON value stored as text, non-ASCII kept readable."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))

    def process_result_value(self, value: str | None, dialect: Dialect) -> Any:
        return None if value is None else json.loads(value)


profiles = Table(
    "profiles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(MAX_PROFILE_LENGTH), nullable=False, unique=True),
    Column("created_at", UTCDateTime, nullable=False),
)

_status_list = ", ".join(f"'{s}'" for s in STATUSES)

lesson_progress = Table(
    "lesson_progress",
    metadata,
    Column(
        "profile_id",
        Integer,
        ForeignKey("profiles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("lesson_id", String(MAX_LESSON_ID_LENGTH), primary_key=True),
    Column("status", String(16), nullable=False, server_default=text("'new'")),
    Column("started_at", UTCDateTime),
    Column("completed_at", UTCDateTime),
    Column("last_activity_at", UTCDateTime),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("failed_commands", Integer, nullable=False, server_default=text("0")),
    Column("checks_run", Integer, nullable=False, server_default=text("0")),
    Column("hints_used", Integer, nullable=False, server_default=text("0")),
    Column("solution_shown", Boolean, nullable=False, server_default=text("0")),
    # Added by revision 0002 (backfilled from completed_at).
    Column("last_success_at", UTCDateTime),
    CheckConstraint(f"status IN ({_status_list})", name="status"),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "profile_id",
        Integer,
        ForeignKey("profiles.id", ondelete="CASCADE"),
        nullable=False,
    ),
    # NULL for events that are not about one lesson (an import, for instance).
    Column("lesson_id", String(MAX_LESSON_ID_LENGTH)),
    Column("kind", String(20), nullable=False),
    Column("detail", JSONText, nullable=False, server_default=text("'{}'")),
    Column("at", UTCDateTime, nullable=False),
    Index(None, "profile_id", "at"),
)

settings = Table(
    "settings",
    metadata,
    Column(
        "profile_id",
        Integer,
        ForeignKey("profiles.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("key", String(MAX_SETTING_KEY_LENGTH), primary_key=True),
    Column("value", JSONText, nullable=False),
)
