"""add email to users

Revision ID: 4e0ec451d4df
Revises: 764cd2d790b9
Create Date: 2026-01-20 15:03:19.872640

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "4e0ec451d4df"
down_revision: Union[str, Sequence[str], None] = "764cd2d790b9"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.String(100), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "email")
