"""add phone to posts

Revision ID: 4d5e6f708192
Revises: 3c4d5e6f7081
Create Date: 2026-02-01 12:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "4d5e6f708192"
down_revision: Union[str, Sequence[str], None] = "3c4d5e6f7081"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("posts", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("posts", "phone")
