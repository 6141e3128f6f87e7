"""add email to users

Revision ID: 71bc5ff4fcd5
Revises: 00fa26f962bc
Create Date: 2026-01-21 16:48:05.027731

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "71bc5ff4fcd5"
down_revision: Union[str, Sequence[str], None] = "00fa26f962bc"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("email", sa.String(100), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "email")
