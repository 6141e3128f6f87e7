"""create users

Revision ID: 9e03d2f34d0c
Revises:
Create Date: 2026-01-05 11:42:10.331207

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "9e03d2f34d0c"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("username", sa.String(50), nullable=False),
        sa.Column("email", sa.String(100), nullable=True),
        sa.Column("legacy_role", sa.String(20), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("users")
