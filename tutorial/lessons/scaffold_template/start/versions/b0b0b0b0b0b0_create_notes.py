"""create notes

Revision ID: b0b0b0b0b0b0
Revises:
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa

revision = "b0b0b0b0b0b0"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("body", sa.String(500), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("notes")
