"""add phone to users

Revision ID: c9d2f4b6e8a1
Revises: b7e4d2a9c1f3
Create Date: 2026-02-10 16:05:33.170244

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "c9d2f4b6e8a1"
down_revision: Union[str, Sequence[str], None] = "b7e4d2a9c1f3"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
