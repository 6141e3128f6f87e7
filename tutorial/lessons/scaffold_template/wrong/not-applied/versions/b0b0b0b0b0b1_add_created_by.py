"""add created_by

Revision ID: b0b0b0b0b0b1
Revises: b0b0b0b0b0b0
Create Date: 2026-01-02 00:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "b0b0b0b0b0b1"
down_revision = "b0b0b0b0b0b0"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("notes", sa.Column("created_by", sa.String(50), nullable=True))


def downgrade() -> None:
    op.drop_column("notes", "created_by")
