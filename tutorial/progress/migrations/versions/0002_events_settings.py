"""Event history, per-profile settings, and the time of the last success.

Revision ID: 0002_events_settings
Revises: 0001_initial
Create Date: 2026-05-09 00:00:01

``last_success_at`` is new: for lessons already done, the best we know is that the goal check
passed when the lesson was completed, so it is backfilled from ``completed_at`` (a data
migration, as the tutorial teaches: add the column nullable, then fill it).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_events_settings"
down_revision: str | Sequence[str] | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.String(length=200), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), server_default=sa.text("'{}'"), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name="fk_events_profile_id_profiles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_events"),
    )
    op.create_index("ix_events_profile_id_at", "events", ["profile_id", "at"])
    op.create_table(
        "settings",
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name="fk_settings_profile_id_profiles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("profile_id", "key", name="pk_settings"),
    )
    with op.batch_alter_table("lesson_progress") as batch:
        batch.add_column(sa.Column("last_success_at", sa.String(length=32), nullable=True))
    op.execute(
        "UPDATE lesson_progress SET last_success_at = completed_at WHERE completed_at IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("lesson_progress") as batch:
        batch.drop_column("last_success_at")
    op.drop_table("settings")
    op.drop_index("ix_events_profile_id_at", table_name="events")
    op.drop_table("events")
