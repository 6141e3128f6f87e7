"""add phone to users

Revision ID: a17f9940ad17
Revises: 4e0ec451d4df
Create Date: 2026-03-03 09:12:37.145908

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = "a17f9940ad17"
down_revision: Union[str, Sequence[str], None] = "4e0ec451d4df"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.add_column("users", sa.Column("phone", sa.String(20), nullable=True))


def downgrade() -> None:
    op.drop_column("users", "phone")
