"""add email to users

Revision ID: 4e4f389a9fa4
Revises: 06be26381a85
Create Date: 2026-01-19 15:37:02.284916

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "4e4f389a9fa4"
down_revision: Union[str, Sequence[str], None] = "06be26381a85"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.String(100), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "email")
