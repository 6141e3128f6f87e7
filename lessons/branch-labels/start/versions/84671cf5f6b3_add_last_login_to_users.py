"""add last_login to users

Revision ID: 84671cf5f6b3
Revises: 9e03d2f34d0c
Create Date: 2026-02-16 15:20:48.902613

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "84671cf5f6b3"
down_revision: Union[str, Sequence[str], None] = "9e03d2f34d0c"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("last_login", sa.DateTime(), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "last_login")
